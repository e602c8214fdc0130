"""`seed_demo` gives every insights chart and figure something to show at first sight."""

from types import SimpleNamespace

import pytest

from insights import demo as insights_demo
from insights import selectors
from jobhunt import demo
from jobhunt.signals import demo_seeded
from recovery.models import WeeklyPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return demo.seed()


@pytest.fixture
def overview(seeded):
    """The three insights pages of the demo person, read together."""
    today = seeded.local_today()
    search, mood = selectors.search_page(seeded, today), selectors.mood_page(seeded, today)
    return SimpleNamespace(
        **{name: getattr(search, name) for name in ("figures", "sources", "stage_times", "this_week")},
        weeks_total=search.weeks_total,
        weeks_planned=search.weeks_planned,
        weeks_met=search.weeks_met,
        check_ins=mood.check_ins,
        shown_events=mood.shown_events,
        recovery=mood.recovery,
        charted_bounce_backs=mood.charted_bounce_backs,
        ledger=selectors.feedback_ledger(seeded),
    )


def test_the_demo_funnel_sources_and_stage_times_are_filled_in(overview):
    funnel = [step.count for step in overview.figures.funnel]
    assert funnel[0] >= 20 and all(count > 0 for count in funnel)
    assert len(overview.sources) >= 4
    assert {row.source for row in overview.sources} >= {"referral", "job_board", "recruiter"}
    assert len(overview.stage_times) >= 4


def test_the_demo_weeks_read_against_a_target_most_weeks(overview):
    assert overview.weeks_total >= 20
    assert overview.weeks_planned >= 8
    assert 0 < overview.weeks_met < overview.weeks_planned
    assert overview.this_week.target is not None


def test_the_demo_mood_chart_has_check_ins_rejections_interviews_and_an_offer(overview):
    assert overview.check_ins >= 20
    events = overview.shown_events
    assert events["rejections"] >= 2 and events["interviews"] >= 3 and events["offers"] >= 1


def test_the_demo_compares_the_latest_bounce_back_with_an_earlier_one(overview):
    recovery = overview.recovery
    assert recovery.latest is not None and recovery.latest.measured
    assert recovery.previous is not None and recovery.previous.days > 0
    assert len(overview.charted_bounce_backs) >= 2


def test_the_demo_ledger_has_answered_feedback_and_a_factor_that_recurs(overview):
    ledger = overview.ledger
    assert ledger.asked >= 2 and ledger.answered >= 1
    assert any(factor.recurs and factor.actions for factor in ledger.factors)


def test_the_insights_part_of_the_demo_adds_nothing_the_second_time(seeded):
    before = WeeklyPlan.objects.filter(user=seeded).count()
    demo_seeded.send(sender=None, user=seeded, today=seeded.local_today())
    assert WeeklyPlan.objects.filter(user=seeded).count() == before


def test_earlier_plans_start_no_sooner_than_the_search(user):
    insights_demo.seed(user=user, today=user.local_today())
    assert not WeeklyPlan.objects.filter(user=user).exists()
