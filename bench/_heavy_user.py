"""Bench data: a person with a long job search, written in bulk straight into the tables.

Shared by bench/dashboard.py and bench/load.py. Needs Django set up (DJANGO_SETTINGS_MODULE)
on a PostgreSQL database; `ensure_database()` creates that database first when it is missing.

`heavy_user(applications=N)` gives a signed-in-ready user with, for N applications:

- N applications over two years, in every stage (most of them ended, as a long search goes),
  5 stage events each (5N), N/5 companies, N/10 contacts, one contact per application,
  an interview for every fifth application (a few still ahead);
- N/20 journeys after rejections and silences, four steps each, most finished, each with a
  lesson, a what-if, an improvement action and a person to stay connected with;
- two years of daily mood and habit check-ins, a weekly plan for each week, a few wins.

The bulk writes skip the services on purpose: no reminders are scheduled and no signals are sent.
A user is reused when it exists with the same data version and is less than a week old (the
dates are relative to the day it was built); otherwise it is rebuilt.
"""

import itertools
import random
import sys
from datetime import datetime, time, timedelta

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rebound_bench"
# Bump when the shape of the data changes, so older builds are not reused.
VERSION = 3
MAX_AGE = timedelta(days=7)
BATCH = 5000
PASSWORD = "bench-password-not-secret"  # noqa: S105


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` when it does not exist yet."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
    if not config["ENGINE"].endswith("postgresql"):
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created database {config['NAME']}")
    server.close()


def email_for(applications: int, label: str = "heavy") -> str:
    return f"bench-v{VERSION}-{label}-{applications}@bench.rebound.test"


def heavy_user(applications: int, *, label: str = "heavy", rebuild: bool = False, quiet: bool = False):
    """The bench user with `applications` applications: reused when already built, else built now."""
    from django.utils import timezone

    from accounts.models import User

    email = email_for(applications, label)
    user = User.objects.filter(email=email).first()
    if user is not None and not rebuild and timezone.now() - user.date_joined < MAX_AGE:
        return user
    if user is not None:
        if not quiet:
            print(f"  removing the old {email}", flush=True)
        user.delete()
    started = timezone.now()
    user = _build(email, applications)
    if not quiet:
        elapsed = (timezone.now() - started).total_seconds()
        print(f"  built {email} in {elapsed:.1f} s", flush=True)
    return user


def analyze() -> None:
    """Fresh planner statistics and visibility maps after a bulk load, as autovacuum would give
    them a little later (index-only scans need the latter)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# Final stages and how often they come up in a long search (weights add up to 100).
STATUS_WEIGHTS = {
    "saved": 4,
    "applied": 26,
    "screening": 4,
    "interviewing": 4,
    "offer": 1,
    "accepted": 1,
    "rejected": 35,
    "withdrawn": 5,
    "ghosted": 20,
}
# The road to each final stage, five steps long (the first step has no "from").
PATHS = {
    "saved": ["saved", "applied", "screening", "applied", "saved"],
    "applied": ["saved", "applied", "screening", "saved", "applied"],
    "screening": ["saved", "applied", "screening", "interviewing", "screening"],
    "interviewing": ["saved", "applied", "screening", "offer", "interviewing"],
    "offer": ["saved", "applied", "screening", "interviewing", "offer"],
    "accepted": ["applied", "screening", "interviewing", "offer", "accepted"],
    "rejected": ["saved", "applied", "screening", "interviewing", "rejected"],
    "withdrawn": ["saved", "applied", "screening", "interviewing", "withdrawn"],
    "ghosted": ["saved", "applied", "screening", "applied", "ghosted"],
}
ROLES = ["Backend Engineer", "Data Analyst", "Product Designer", "Platform Engineer", "QA Lead", "Support Engineer"]
CITIES = ["Leeds", "Remote", "Manchester", "Bristol", "Glasgow", ""]
DAYS = 730


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _build(email: str, count: int):
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from jobhunt.models import LIVE, Application, Company, Contact, Interview, StageEvent
    from recovery.models import (
        HabitCheckIn,
        ImprovementAction,
        Journey,
        JourneyStep,
        Lesson,
        MoodCheckIn,
        StayConnected,
        WeeklyPlan,
        WhatIf,
        Win,
        plan_week_start,
    )
    from recovery.steps import Step, StepState

    rng = random.Random(count)  # the same data for the same size, run after run
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.create_user(email, PASSWORD, display_name="Sam", time_zone="Europe/London", date_joined=now)
        today = user.local_today()
        tz = user.tzinfo

        companies = _bulk(
            Company,
            (Company(user=user, name=f"Company {n}", website="https://example.com") for n in range(max(1, count // 5))),
        )
        contacts = _bulk(
            Contact,
            (
                Contact(
                    user=user,
                    company=companies[n % len(companies)],
                    name=f"Person {n}",
                    email=f"person{n}@example.com",
                    role=rng.choice(Contact.Role.values),
                    relationship_strength=1 + n % 5,
                    last_contacted=today - timedelta(days=n % 90),
                )
                for n in range(max(1, count // 10))
            ),
        )

        # Applications spread evenly over two years, oldest first; each one's five events are a
        # day or more apart and its last event is its current stage.
        statuses = list(itertools.chain.from_iterable([status] * weight for status, weight in STATUS_WEIGHTS.items()))
        rows, timelines = [], []
        for n in range(count):
            status = statuses[rng.randrange(len(statuses))]
            start = now - timedelta(days=DAYS) + timedelta(seconds=(DAYS - 20) * 86400 * n / count)
            moments = [start + timedelta(days=step * rng.randint(1, 4), hours=rng.randint(0, 9)) for step in range(5)]
            if status == "applied" and n >= count - count // 20:
                moments = [now - timedelta(days=4 - step, hours=1) for step in range(5)]  # a few fresh ones
            timelines.append((PATHS[status], moments))
            rows.append(
                Application(
                    user=user,
                    company=companies[n % len(companies)],
                    role_title=f"{ROLES[n % len(ROLES)]} {n}",
                    location=CITIES[n % len(CITIES)],
                    job_url=f"https://jobs.example.com/{n}",
                    salary_min=50000 if n % 3 else None,
                    salary_max=60000 if n % 3 else None,
                    salary_currency="EUR" if n % 3 else "",
                    salary_period="year" if n % 3 else "",
                    interest=1 + rng.randrange(5),
                    status=status,
                    date_applied=timezone.localtime(moments[1], tz).date(),
                    notes="Talked to the team lead; they use Django and PostgreSQL. " * (1 + n % 3),
                    created_at=moments[0],
                    status_changed_at=moments[-1],
                )
            )
        applications = _bulk(Application, rows)
        _bulk(
            StageEvent,
            (
                StageEvent(
                    application=application,
                    user=user,
                    from_status=path[step - 1] if step else "",
                    to_status=path[step],
                    happened_at=moments[step],
                    note="Moved after a call" if step == 4 else "",
                    # Every stay but the last ends at the next step (jobhunt.services writes the same).
                    left_at=moments[step + 1] if step < 4 else None,
                    stay_days=(moments[step + 1] - moments[step]).total_seconds() / 86400 if step < 4 else None,
                )
                for application, (path, moments) in zip(applications, timelines, strict=True)
                for step in range(5)
            ),
        )
        _bulk(
            Application.contacts.through,
            (
                Application.contacts.through(application_id=application.pk, contact_id=contacts[n % len(contacts)].pk)
                for n, application in enumerate(applications)
            ),
        )
        interviews = _bulk(
            Interview,
            (
                Interview(
                    application=application,
                    user=user,
                    # Those of the last quarter are still ahead, a few days apart; as the app does
                    # when an application ends, one still ahead of an ended application is cancelled.
                    scheduled_at=(
                        now + timedelta(days=1 + (n % 60), hours=2)
                        if n >= count - count // 4
                        else moments[3] + timedelta(hours=3)
                    ),
                    kind=Interview.Kind.values[n % len(Interview.Kind.values)],
                    outcome=(Interview.Outcome.PENDING if application.status in LIVE else Interview.Outcome.CANCELLED)
                    if n >= count - count // 4
                    else rng.choice(Interview.Outcome.values),
                    notes="Bring the portfolio.",
                )
                for n, (application, (_path, moments)) in enumerate(zip(applications, timelines, strict=True))
                if n % 5 == 0
            ),
        )
        _bulk(
            Interview.contacts.through,
            (
                Interview.contacts.through(interview_id=interview.pk, contact_id=contacts[n % len(contacts)].pk)
                for n, interview in enumerate(interviews)
            ),
        )

        # Journeys after the latest setbacks: the newest few still in progress.
        setbacks = [application for application in applications if application.status in ("rejected", "ghosted")]
        setbacks = setbacks[-max(1, count // 20) :]
        journeys = _bulk(
            Journey,
            (
                Journey(
                    user=user,
                    application=application,
                    ending="ghosted" if application.status == "ghosted" else "after_interviews",
                    started_at=application.status_changed_at,
                    touched_at=application.status_changed_at + timedelta(days=2),
                    finished_at=None if n >= len(setbacks) - 5 else application.status_changed_at + timedelta(days=9),
                    request_message="Thank you for your time. Could you tell me what weighed most?",
                    feedback="They went with someone with more on-call experience." if n % 2 else "",
                    deciding_factors=["experience_level"] if n % 2 else [],
                    summary="Keep practising system design." if n < len(setbacks) - 5 else "",
                )
                for n, application in enumerate(setbacks)
            ),
        )
        _bulk(
            JourneyStep,
            (
                JourneyStep(
                    journey=journey,
                    step=step,
                    state=StepState.DONE if journey.finished_at or index < 2 else StepState.PENDING,
                    done_at=journey.touched_at if journey.finished_at or index < 2 else None,
                )
                for journey in journeys
                for index, step in enumerate(Step)
            ),
        )
        _bulk(Lesson, (Lesson(journey=journey, text="Prepare one story per value") for journey in journeys))
        _bulk(WhatIf, (WhatIf(journey=journey, text="What if I had asked about the team?") for journey in journeys))
        _bulk(
            ImprovementAction,
            (
                ImprovementAction(
                    journey=journey,
                    title="Practise a system design question",
                    done_on=None if n % 3 == 0 else today,
                )
                for n, journey in enumerate(journeys)
            ),
        )
        _bulk(
            StayConnected,
            (
                StayConnected(
                    journey=journey,
                    contact=contacts[n % len(contacts)],
                    reconnect_on=today + timedelta(days=n % 90),
                )
                for n, journey in enumerate(journeys)
            ),
        )

        # Two years of daily check-ins, one a day at 8 in the evening; a weekly plan for each week.
        days = [today - timedelta(days=offset) for offset in range(DAYS)]
        _bulk(
            MoodCheckIn,
            (
                MoodCheckIn(
                    user=user,
                    mood=1 + rng.randrange(5),
                    note="Long day." if n % 4 == 0 else "",
                    created_at=datetime.combine(day, time(20), tzinfo=tz),
                )
                for n, day in enumerate(days)
            ),
        )
        _bulk(
            HabitCheckIn,
            (
                HabitCheckIn(
                    user=user,
                    day=day,
                    active=rng.random() < 0.6,
                    ate_well=rng.random() < 0.7,
                    slept_well=rng.random() < 0.5,
                    rest_day=day.weekday() == 6,
                )
                for day in days
            ),
        )
        _bulk(Win, (Win(user=user, text=f"Good call with recruiter {n}", happened_on=days[n * 7]) for n in range(100)))
        weeks = sorted({plan_week_start(user, day) for day in days})
        plans = _bulk(WeeklyPlan, (WeeklyPlan(user=user, week_start=week, conversations_done=1) for week in weeks))
        _bulk(
            WeeklyPlan.contacts.through,
            (
                WeeklyPlan.contacts.through(weeklyplan_id=plan.pk, contact_id=contacts[(n + k) % len(contacts)].pk)
                for n, plan in enumerate(plans)
                for k in range(min(3, len(contacts)))
            ),
        )
    return user
