import datetime

import pytest
from django.utils import timezone

from core.charts import mood_y
from jobhunt import selectors as jobhunt_selectors
from jobhunt import services as jobhunt
from jobhunt.models import Status
from recovery import selectors, services
from recovery.models import HabitCheckIn, MoodCheckIn
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _habits(user, today, days_ago, **kept):
    HabitCheckIn.objects.create(user=user, day=today - days_ago * DAY, **kept)


def test_a_streak_counts_days_in_a_row_that_kept_a_habit(user):
    today = user.local_today()
    for days_ago in (0, 1, 2):
        _habits(user, today, days_ago, active=True)
    _habits(user, today, 4, active=True)  # the gap on day 3 ends the run
    assert selectors.habit_streak(user, today) == 3


def test_a_rest_day_keeps_the_streak_going(user):
    today = user.local_today()
    _habits(user, today, 0, slept_well=True)
    _habits(user, today, 1, rest_day=True)
    _habits(user, today, 2, ate_well=True)
    assert selectors.habit_streak(user, today) == 3


def test_today_without_a_check_in_yet_does_not_break_the_streak(user):
    today = user.local_today()
    _habits(user, today, 1, active=True)
    _habits(user, today, 2, active=True)
    assert selectors.habit_streak(user, today) == 2


def test_a_check_in_that_kept_nothing_breaks_the_streak(user):
    today = user.local_today()
    _habits(user, today, 0, active=True)
    _habits(user, today, 1)
    _habits(user, today, 2, active=True)
    assert selectors.habit_streak(user, today) == 1


def _moods(user, *moods):
    now = timezone.now()
    for hours_ago, mood in enumerate(reversed(moods)):
        MoodCheckIn.objects.create(user=user, mood=mood, created_at=now - datetime.timedelta(hours=hours_ago))


def test_extra_support_shows_after_three_low_check_ins_in_a_row(user):
    _moods(user, 4, 2, 1, 2)
    assert selectors.needs_extra_support(user)


def test_one_better_check_in_among_the_last_three_is_not_a_low_run(user):
    _moods(user, 1, 1, 3, 2)
    assert not selectors.needs_extra_support(user)


def test_two_low_check_ins_are_not_yet_a_run(user):
    _moods(user, 1, 1)
    assert not selectors.needs_extra_support(user)


def test_the_mood_trend_averages_each_day_and_places_points_from_numbers_only(user):
    today = user.local_today()
    noon = datetime.time(12)
    for days_ago, mood in ((0, 4), (0, 2), (2, 5), (40, 1)):
        at = datetime.datetime.combine(today - days_ago * DAY, noon, tzinfo=user.tzinfo)
        MoodCheckIn.objects.create(user=user, mood=mood, note="<b>private</b>", created_at=at)
    trend = selectors.mood_trend(user, today)
    assert [(row["day"], row["mood"], row["count"]) for row in trend["rows"]] == [
        (today - 2 * DAY, 5, 1),
        (today, 3.0, 2),
    ]
    assert trend["check_ins"] == 3
    assert trend["average"] == round(11 / 3, 1)
    assert trend["latest"] == 3.0
    chart = trend["chart"]
    (_x5, five), (_x3, three) = (point.split(",") for point in chart["line"].split())
    assert float(five) == mood_y(5) and mood_y(5) < float(three) < mood_y(1)  # a 5 sits on the top line
    assert chart["line"].replace(",", " ").replace(".", "").replace(" ", "").isdigit()


def test_the_perspective_compares_this_application_with_the_rest_of_the_pipeline(user):
    near = ApplicationFactory(user=user)
    for status in (Status.SCREENING, Status.INTERVIEWING):
        jobhunt.application_move(application=near, to_status=status)
    InterviewFactory(application=near, scheduled_at=timezone.now() - 3 * DAY)
    other = ApplicationFactory(user=user)
    jobhunt.application_move(application=other, to_status=Status.INTERVIEWING)
    ApplicationFactory(user=user)  # applied, still live
    ApplicationFactory(user=user, status=Status.SAVED)  # not sent: not counted
    near.refresh_from_db()
    journey = reject(near)

    view = selectors.perspective(journey)

    assert view["got_to_interviews"] and not view["ended_early"]
    assert view["others_interviewed"] == 1
    # The search's one set of figures: the same ones insights and the coach page show.
    assert view["figures"] == jobhunt_selectors.figures(user)
    figures = view["figures"]
    # In play: the one still interviewing, the one applied, the one saved (not sent, still a prospect).
    assert (figures.sent, figures.heard_back, figures.interviewed, figures.live) == (3, 2, 2, 3)


def test_the_week_counts_applications_from_the_pipeline_and_people_reached(user, contact):
    today = user.local_today()
    services.plan_save(user=user, applications_target=2, conversations_target=1, practice_target=0, contacts=[contact])
    ApplicationFactory(user=user)
    jobhunt.contact_touch(contact=contact, day=today)
    week = selectors.week_overview(user, today)
    assert [(t["label"], t["done"], t["target"], t["percent"]) for t in week["targets"]] == [
        ("Applications", 1, 2, 50),
        ("Networking conversations", 0, 1, 0),
        ("Volunteering or skills practice", 0, 0, 100),
    ]
    assert week["contacts"] == [selectors.PersonToReach(contact.pk, contact.name, contact.company.name, reached=True)]
    assert week["plan"].contact_ids == (contact.pk,)
    assert len(week["days"]) == 7
    assert week["start"] <= today <= week["end"]


def test_the_week_starts_on_the_persons_plan_day(user):
    user.weekly_plan_day = 2  # Wednesday
    week = selectors.week_overview(user, datetime.date(2026, 3, 2))  # a Monday
    assert week["start"] == datetime.date(2026, 2, 25)
    assert week["end"] == datetime.date(2026, 3, 3)


def test_the_weeks_streak_runs_on_past_the_start_of_the_plan_week(user):
    today = datetime.date(2026, 3, 4)  # a Wednesday, two days into a Monday plan week
    for days_ago in range(10):
        _habits(user, today, days_ago, active=True)
    assert selectors.week_overview(user, today)["streak"] == 10


def test_a_feedback_request_goes_to_whoever_was_at_the_latest_interview(user):
    company = CompanyFactory(user=user)
    first, recruiter, lead = (ContactFactory(user=user, company=company, name=name) for name in ("Ana", "Bo", "Cy"))
    application = ApplicationFactory(user=user, company=company, contacts=[first, recruiter])
    now = timezone.now()
    InterviewFactory(application=application, scheduled_at=now - 9 * DAY, contacts=[recruiter])
    InterviewFactory(application=application, scheduled_at=now - 2 * DAY, contacts=[lead])

    people = selectors.people_met(application)

    assert [person.name for person in people] == ["Ana", "Bo", "Cy"]  # by name, for the select
    assert selectors.person_to_ask(people) == lead


def test_with_no_interview_the_request_goes_to_the_contact_added_first_or_nobody(user):
    company = CompanyFactory(user=user)
    later = ContactFactory(user=user, company=company, name="Zed")
    earlier = ContactFactory(user=user, company=company, name="Abe")
    application = ApplicationFactory(user=user, company=company, contacts=[earlier, later])

    assert selectors.person_to_ask(selectors.people_met(application)) == later
    assert selectors.person_to_ask(selectors.people_met(ApplicationFactory(user=user))) is None
