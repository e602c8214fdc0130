import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from jobhunt.models import Application, Company, Contact, Interview, StageEvent, Status
from jobhunt.signals import demo_seeded

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    demo_seeded.connect(receiver)
    output = seed()
    demo_seeded.disconnect(receiver)
    return {"output": output, "signals": received, "user": User.objects.get(email="demo@rebound.local")}


def test_seed_demo_prints_the_login_that_works(seeded):
    assert "Demo login: demo@rebound.local / rebound-demo" in seeded["output"]
    assert seeded["user"].check_password("rebound-demo")


def test_the_demo_pipeline_is_ten_weeks_of_every_stage(seeded):
    user = seeded["user"]
    applications = Application.objects.for_user(user)

    assert applications.count() >= 25
    assert set(applications.values_list("status", flat=True)) == set(Status.values)
    first = StageEvent.objects.filter(application__user=user).order_by("happened_at").first().happened_at
    assert timezone.now() - first >= datetime.timedelta(weeks=9)
    assert not StageEvent.objects.filter(application__user=user, happened_at__gt=timezone.now()).exists()


def test_the_demo_has_a_near_miss_an_automated_rejection_a_ghosting_and_a_long_silence(seeded):
    user = seeded["user"]
    applications = Application.objects.for_user(user)

    near_miss = applications.filter(status=Status.REJECTED, interest=5, interviews__kind=Interview.Kind.FINAL)
    assert near_miss.exists()

    automated = [
        a
        for a in applications.filter(status=Status.REJECTED)
        if not a.contacts.exists()
        and not a.interviews.exists()
        and [e.to_status for e in a.events.order_by("happened_at")] == ["applied", "rejected"]
        and a.status_changed_at - a.events.order_by("happened_at").first().happened_at < datetime.timedelta(days=4)
    ]
    assert automated

    assert applications.filter(status=Status.GHOSTED).exists()

    with timezone.override(user.tzinfo):
        silent = [a for a in applications.filter(status=Status.APPLIED) if a.days_silent() >= 25]
    assert silent
    assert all(a.is_stale() for a in silent)


def test_the_demo_has_people_linked_to_applications_and_interviews(seeded):
    user = seeded["user"]
    now = timezone.now()

    assert Company.objects.for_user(user).count() >= 20
    assert Contact.objects.for_user(user).filter(applications__isnull=False).exists()
    assert Contact.objects.for_user(user).filter(interviews__isnull=False).exists()
    interviews = Interview.objects.for_user(user)
    assert interviews.filter(scheduled_at__lt=now).exists()
    assert interviews.filter(scheduled_at__gt=now).exists()
    # Every application's timeline starts at its creation and ends in its current stage.
    for application in Application.objects.for_user(user).prefetch_related("events"):
        events = sorted(application.events.all(), key=lambda e: e.happened_at)
        assert events[0].from_status == ""
        assert events[-1].to_status == application.status
        assert events[-1].happened_at == application.status_changed_at


def test_other_apps_are_told_the_demo_is_seeded(seeded):
    [call] = seeded["signals"]
    assert call["user"] == seeded["user"]
    assert call["today"] == seeded["user"].local_today()


def test_running_it_twice_leaves_one_clean_demo_account(seeded):
    first = seeded["user"]
    counts = (
        Application.objects.for_user(first).count(),
        Company.objects.for_user(first).count(),
        Contact.objects.for_user(first).count(),
        Interview.objects.for_user(first).count(),
    )

    seed()

    assert User.objects.filter(email="demo@rebound.local").count() == 1
    user = User.objects.get(email="demo@rebound.local")
    assert user.pk != first.pk
    assert not Application.objects.filter(user_id=first.pk).exists()
    assert counts == (
        Application.objects.for_user(user).count(),
        Company.objects.for_user(user).count(),
        Contact.objects.for_user(user).count(),
        Interview.objects.for_user(user).count(),
    )
    assert Application.objects.count() == counts[0]


def test_seed_demo_takes_another_email_and_password():
    output = seed("--email", "Trial@Example.com", "--password", "another-pass-42")

    assert "Demo login: trial@example.com / another-pass-42" in output
    assert User.objects.get(email="trial@example.com").check_password("another-pass-42")


def test_seed_demo_leaves_other_people_alone(user):
    other = Application.objects.create(
        user=user, company=Company.objects.create(user=user, name="Mine"), role_title="x"
    )
    seed()
    seed()
    assert Application.objects.filter(pk=other.pk).exists()


def test_the_demos_reminders_wait_for_the_next_reminder_hour_with_several_kinds(seeded):
    from reminders.local_time import next_reminder_hour
    from reminders.models import Reminder

    user = seeded["user"]
    planned = Reminder.objects.filter(user=user, state="scheduled")
    first = next_reminder_hour(user, timezone.now())
    assert not planned.filter(due_at__lt=first).exists()  # nothing now, which may be the night
    assert planned.filter(due_at=first).values("kind").distinct().count() >= 3  # a first email worth a look


START = datetime.datetime(2030, 3, 4, 22, 30, tzinfo=ZoneInfo("Europe/London"))  # a Monday, at night


@pytest.fixture
def two_weeks(mailoutbox):
    """seed_demo late one evening, then two weeks of the clock moving 15 minutes at a time, with the
    dispatcher run at every step and the weekly digest planner once a day (as beat does): every
    email the demo person got, with the local time it went out."""
    from recovery.services import weekly_digests_schedule
    from reminders import dispatch

    got = []
    with time_machine.travel(START, tick=False) as clock:
        seed()
        user = User.objects.get(email="demo@rebound.local")
        for step in range(14 * 24 * 4):
            if step % (24 * 4) == 0:
                weekly_digests_schedule()
            dispatch.run_pass()
            while len(got) < len(mailoutbox):
                got.append((timezone.localtime(timezone.now(), user.tzinfo), mailoutbox[len(got)]))
            clock.shift(datetime.timedelta(minutes=15))
    return user, got


def test_over_two_weeks_the_demo_person_gets_at_most_one_email_a_day_and_none_at_night(two_weeks):
    user, got = two_weeks

    days = [when.date() for when, _ in got]
    assert len(days) >= 7  # something to look at most days
    assert len(days) == len(set(days))  # at most one email on any local day
    assert all(8 <= when.hour < 21 for when, _ in got)  # never at night
    assert all(message.to == [user.email] for _, message in got)
    first_when, first = got[0]
    assert (first_when.date(), first_when.hour) == (START.date() + datetime.timedelta(days=1), user.reminder_hour)
    assert " more" in first.subject  # the first daily email gathers several reminders


def test_over_two_weeks_nothing_speaks_of_an_interview_before_or_after_its_time(two_weeks):
    from reminders.models import Reminder

    user, got = two_weeks
    interviews = {interview.pk: interview for interview in Interview.objects.for_user(user)}
    notes = Reminder.objects.filter(user=user, state="sent", kind__in=["interview_prep", "thank_you_note"])
    assert notes.filter(kind="interview_prep").exists() and notes.filter(kind="thank_you_note").exists()
    for note in notes:
        interview = interviews[note.object_id]
        if note.kind == "interview_prep":
            assert note.sent_at < interview.scheduled_at, "prep after the interview"
        else:
            assert note.sent_at > interview.scheduled_at, "a thank-you before the interview"
    # Never prep and a thank-you for one interview in one email.
    for delivery_id in notes.values_list("delivery", flat=True).distinct():
        about = list(notes.filter(delivery=delivery_id).values_list("object_id", flat=True))
        assert len(about) == len(set(about))
    assert len({message.extra_headers["Message-ID"] for _, message in got}) == len(got)  # each email once
