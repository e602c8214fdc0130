"""Query counts of the journey pages and the dashboard panels stay the same as the data grows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Contact
from recovery import services
from recovery.models import (
    HabitCheckIn,
    IfThenPlan,
    ImprovementAction,
    Journey,
    JourneyStep,
    MoodCheckIn,
    PlanTarget,
    StayConnected,
    WhatIf,
    Win,
    WritingSession,
)
from recovery.steps import Step
from recovery.views.journeys import STEP_FORMS
from tests.jobhunt.conftest import bulk_pipeline

pytestmark = pytest.mark.django_db

SIZES = (5, 50)


def _grow(user, journey, n):
    """n more of everything the pages show: journeys, check-ins, wins, rows of the journey."""
    now = timezone.now()
    today = user.local_today()
    journeys = Journey.objects.bulk_create(
        Journey(user=user, application=application, ending="after_interviews", finished_at=now if i % 2 else None)
        for i, application in enumerate(bulk_pipeline(user, n))
    )
    JourneyStep.objects.bulk_create(JourneyStep(journey=j, step=step) for j in journeys for step in Step)
    offset = MoodCheckIn.objects.filter(user=user).count()
    MoodCheckIn.objects.bulk_create(
        MoodCheckIn(
            user=user, mood=1 + i % 5, note=f"n{i}", created_at=now - datetime.timedelta(hours=(offset + i) * 7)
        )
        for i in range(n)
    )
    taken = set(HabitCheckIn.objects.filter(user=user).values_list("day", flat=True))
    HabitCheckIn.objects.bulk_create(
        HabitCheckIn(user=user, day=day, active=True)
        for day in (today - datetime.timedelta(days=i) for i in range(n + len(taken)))
        if day not in taken
    )
    Win.objects.bulk_create(Win(user=user, text=f"Win {i}", journey=journey) for i in range(n))
    WhatIf.objects.bulk_create(WhatIf(journey=journey, text=f"What if {i}") for i in range(n))
    ImprovementAction.objects.bulk_create(ImprovementAction(journey=journey, title=f"Action {i}") for i in range(n))
    contacts = Contact.objects.bulk_create(
        Contact(user=user, name=f"Keep {offset + i}", company=journey.application.company) for i in range(n)
    )
    StayConnected.objects.bulk_create(
        StayConnected(journey=journey, contact=contact, reconnect_on=today) for contact in contacts
    )
    plan = services.plan_save(
        user=user,
        applications_target=3,
        conversations_target=2,
        practice_target=1,
        contacts=Contact.objects.filter(user=user),
    )
    # Step 2's writing, a day each, and this week's if-then plans (a few at most: they are capped).
    written = WritingSession.objects.filter(journey=journey).count()
    WritingSession.objects.bulk_create(
        WritingSession(journey=journey, written_on=today - datetime.timedelta(days=written + i), text=f"Words {i}")
        for i in range(n)
    )
    IfThenPlan.objects.bulk_create(
        (IfThenPlan(plan=plan, target=target, day=today, place="Desk", action="Do it") for target in PlanTarget),
        ignore_conflicts=True,
    )


def _at_each_size(user, journey):
    """Grow the data to each size in turn, yielding in between."""
    grown = 0
    for size in SIZES:
        _grow(user, journey, size - grown)
        grown = size
        yield size


def _count(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def _get(client, url):
    def call():
        response = client.get(url)
        assert response.status_code == 200, url

    return call


def _pages(journey):
    yield reverse("recovery:journey_list")
    yield reverse("recovery:journey_summary", args=[journey.pk])
    yield reverse("recovery:week")
    yield reverse("recovery:week") + "?open=plan"
    for step in Step:
        page = reverse("recovery:journey_step", args=[journey.pk, step])
        yield page
        for name in STEP_FORMS[step]:  # each form brought in on its own
            yield f"{page}?open={name}"


# Fixed budgets, generous enough for the page's own needs, small enough to catch a loop.
PAGE_BUDGET = 30


def test_journey_pages_run_the_same_queries_at_any_size(signed_in, user, journey, django_assert_max_num_queries):
    counts = {}
    for _size in _at_each_size(user, journey):
        for url in _pages(journey):
            with django_assert_max_num_queries(PAGE_BUDGET):
                counts.setdefault(url, []).append(_count(_get(signed_in, url)))
    assert Journey.objects.filter(user=user).count() >= SIZES[1]
    assert MoodCheckIn.objects.filter(user=user).count() >= SIZES[1]
    for url, (small, big) in counts.items():
        assert big == small, f"{url}: {small} queries with little data, {big} with more"


def test_the_whole_dashboard_stays_flat_as_journeys_and_check_ins_grow(signed_in, user, journey):
    counts = []
    for _size in _at_each_size(user, journey):
        counts.append(_count(_get(signed_in, reverse("home:dashboard"))))
    assert counts[0] == counts[1]


def test_the_plan_form_shows_the_planned_people_ticked_and_a_few_more_never_every_contact(signed_in, user, journey):
    contacts = Contact.objects.bulk_create(Contact(user=user, name=f"<b>Person {n}</b>") for n in range(30))
    services.plan_save(
        user=user, applications_target=3, conversations_target=2, practice_target=1, contacts=contacts[:2]
    )

    page = reverse("recovery:journey_step", args=[journey.pk, Step.GAME_PLAN])
    assert 'name="plan-contacts"' not in signed_in.get(page).content.decode()  # a plan: adjusting it is asked for
    html = signed_in.get(page, {"open": "plan"}).content.decode()

    boxes = html.count('name="plan-contacts"')
    assert 2 < boxes <= 2 + 8  # the two planned, then a few suggestions
    for contact in contacts[:2]:
        box = f'name="plan-contacts" value="{contact.pk}"'
        assert box in html and html.split(box, 1)[1].split(">", 1)[0].strip().endswith("checked")
    assert "&lt;b&gt;Person 0&lt;/b&gt;" in html and "<b>Person" not in html
    assert html.count('name="csrfmiddlewaretoken"') == html.count("<form")  # one token per form
