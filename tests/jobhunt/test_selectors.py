import datetime

import pytest
from django.utils import timezone

from jobhunt import selectors, services
from jobhunt.models import Application, Interview
from tests.factories import ApplicationFactory, CompanyFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def days(n):
    return BASE + datetime.timedelta(days=n)


def pursue(user, role, steps):
    """An application whose timeline is `steps`: [(status, day after BASE), ...]."""
    (first, day), *rest = steps
    application = ApplicationFactory(user=user, role_title=role, status=first, when=days(day))
    for status, day in rest:
        services.application_move(application=application, to_status=status, when=days(day))
    return application


@pytest.fixture
def history(user):
    """Seven applications with a known story each (see the expected figures in the tests)."""
    pursue(user, "A", [("applied", 0), ("screening", 2), ("interviewing", 6), ("offer", 16), ("accepted", 18)])
    pursue(user, "B", [("applied", 0), ("rejected", 3)])
    pursue(user, "C", [("applied", 0), ("screening", 4), ("rejected", 10)])
    pursue(user, "D", [("applied", 0), ("ghosted", 21)])
    pursue(user, "E", [("saved", 0), ("applied", 1)])
    pursue(user, "F", [("saved", 0)])
    pursue(user, "G", [("saved", 0), ("withdrawn", 5)])


def test_response_rate_counts_any_answer_including_a_rejection(user, history):
    figures = selectors.figures(user)

    # Sent: A, B, C, D, E. Heard back: A (screening), B and C (rejected). Never sent: F, G.
    assert figures.sent == 5
    assert figures.heard_back == 3
    assert figures.response_rate == pytest.approx(0.6)
    assert figures.waiting == 1


def test_the_funnel_narrows_from_applied_to_offer(user, history):
    funnel = {step.key: (step.count, step.rate) for step in selectors.figures(user).funnel}

    assert funnel == {
        "sent": (5, None),
        "heard_back": (3, pytest.approx(3 / 5)),
        "interviewed": (1, pytest.approx(1 / 3)),
        "offered": (1, pytest.approx(1.0)),
    }


def test_median_days_per_stage_count_only_finished_stays(user, history):
    times = {time.status: (time.median_days, time.stays) for time in selectors.stage_times(user)}

    assert times == {
        # E (1 day) and G (5 days); F is still saved.
        "saved": (pytest.approx(3.0), 2),
        # A 2, B 3, C 4, D 21: the mean of the middle two. E is still waiting.
        "applied": (pytest.approx(3.5), 4),
        "screening": (pytest.approx(5.0), 2),
        "interviewing": (pytest.approx(10.0), 1),
        "offer": (pytest.approx(2.0), 1),
    }


def test_median_of_an_odd_number_of_stays_is_the_middle_one(user):
    for n, length in enumerate([1, 9, 4]):
        pursue(user, f"R{n}", [("applied", 0), ("rejected", length)])

    [applied] = selectors.stage_times(user)
    assert (applied.status, applied.median_days, applied.stays) == ("applied", pytest.approx(4.0), 3)


def test_stats_of_an_empty_search_divide_by_nothing(user):
    figures = selectors.figures(user)
    assert (figures.sent, figures.response_rate, selectors.stage_times(user)) == (0, None, [])
    assert [step.rate for step in figures.funnel] == [None, None, None, None]


def test_stats_ignore_other_peoples_applications(user, history):
    stranger = UserFactory()
    pursue(stranger, "X", [("applied", 0), ("screening", 30)])

    assert selectors.figures(user).sent == 5
    assert {time.status: time.median_days for time in selectors.stage_times(user)}["screening"] == pytest.approx(5.0)


# Today ---------------------------------------------------------------------------------------


def applied_days_ago(user, n, role, status="applied"):
    when = datetime.datetime.combine(
        user.local_today() - datetime.timedelta(days=n), datetime.time(12), tzinfo=user.tzinfo
    )
    return ApplicationFactory(user=user, role_title=role, status=status, when=when)


@pytest.fixture
def waiting(user):
    user.ghosting_days = 21
    user.time_zone = "America/New_York"
    user.save()
    return {
        "fresh": applied_days_ago(user, 3, "fresh"),
        "week": applied_days_ago(user, 7, "week"),
        "ten": applied_days_ago(user, 10, "ten"),
        "twenty": applied_days_ago(user, 20, "twenty"),
        "threshold": applied_days_ago(user, 21, "threshold"),
        "long": applied_days_ago(user, 40, "long"),
        "answered": applied_days_ago(user, 30, "answered", status="screening"),
    }


def test_follow_ups_are_applications_a_week_old_without_answer_not_yet_silent(user, waiting):
    dash = selectors.today(user)

    assert [a.role_title for a in dash.follow_ups] == ["twenty", "ten", "week"]
    assert dash.follow_up_count == 3


def test_gone_silent_matches_the_persons_ghosting_threshold(user, waiting):
    dash = selectors.today(user)

    assert [a.role_title for a in dash.gone_silent] == ["long", "threshold"]
    assert dash.gone_silent_count == 2
    with timezone.override(user.tzinfo):
        stale = {a.role_title for a in waiting.values() if a.is_stale(user.local_today())}
    assert stale == {"long", "threshold"}


def test_a_longer_ghosting_threshold_keeps_applications_out_of_the_silent_list(user, waiting):
    user.ghosting_days = 30
    user.save()

    dash = selectors.today(user)

    assert [a.role_title for a in dash.gone_silent] == ["long"]
    assert [a.role_title for a in dash.follow_ups] == ["threshold", "twenty", "ten", "week"]


def test_today_counts_every_application_and_those_in_play(user, waiting):
    ApplicationFactory(user=user, status="rejected")

    dash = selectors.today(user)

    assert (dash.total, dash.live) == (8, 7)


def test_the_week_ahead_leaves_out_past_cancelled_later_and_ended_ones(user):
    application = ApplicationFactory(user=user)
    now = timezone.now()
    soon = InterviewFactory(application=application, scheduled_at=now + datetime.timedelta(days=1))
    later = InterviewFactory(application=application, scheduled_at=now + datetime.timedelta(days=4))
    InterviewFactory(application=application, scheduled_at=now - datetime.timedelta(days=1))
    InterviewFactory(application=application, scheduled_at=now + datetime.timedelta(days=8))
    InterviewFactory(
        application=application,
        scheduled_at=now + datetime.timedelta(days=2),
        outcome=Interview.Outcome.CANCELLED,
    )
    # An interview left pending on an application that ended by some other path than a move.
    ended = ApplicationFactory(user=user)
    InterviewFactory(application=ended, scheduled_at=now + datetime.timedelta(days=2))
    Application.objects.filter(pk=ended.pk).update(status="withdrawn")
    InterviewFactory(application=ApplicationFactory(), scheduled_at=now + datetime.timedelta(days=1))

    assert [row.pk for row in selectors.today(user).interviews] == [soon.pk, later.pk]


# Board and list ----------------------------------------------------------------------------------


def test_the_board_has_a_column_per_active_stage_and_counts_the_endings(user):
    today = user.local_today()
    application = ApplicationFactory(user=user, status="offer", next_step="Call back", next_step_date=today)
    InterviewFactory(application=application, scheduled_at=timezone.now() + datetime.timedelta(days=2))
    ApplicationFactory(user=user, status="rejected")
    ApplicationFactory()

    board = selectors.board(user)

    assert [column.status for column in board.columns] == ["saved", "applied", "screening", "interviewing", "offer"]
    assert {column.status: [card.pk for card in column.cards] for column in board.columns if column.cards} == {
        "offer": [application.pk]
    }
    [card] = board.columns[-1].cards
    assert (card.next_step, card.next_step_date, card.days_in_stage) == ("Call back", today, 0)
    assert card.next_interview is not None
    assert {column.status: column.total for column in board.ended} == {
        "accepted": 0,
        "rejected": 1,
        "withdrawn": 0,
        "ghosted": 0,
    }


@pytest.fixture
def listed(user):
    leeds = CompanyFactory(user=user, name="Brightwater Analytics")
    rows = {
        "data": ApplicationFactory(user=user, company=leeds, role_title="Data Engineer", location="Leeds", interest=2),
        "sre": ApplicationFactory(user=user, role_title="SRE", notes="Met them at a Leeds meetup", interest=5),
        "api": ApplicationFactory(user=user, role_title="API Engineer", status="rejected", interest=3),
    }
    ApplicationFactory(role_title="Data Engineer", location="Leeds")  # someone else's
    return rows


def test_the_list_searches_role_company_location_and_notes(user, listed):
    def found(q):
        return {a.role_title for a in selectors.application_list(user, q=q)}

    assert found("leeds") == {"Data Engineer", "SRE"}
    assert found("brightwater") == {"Data Engineer"}
    assert found("engineer") == {"Data Engineer", "API Engineer"}
    assert found("data leeds") == {"Data Engineer"}


def test_the_list_filters_by_status_and_company(user, listed):
    assert list(selectors.application_list(user, status="rejected")) == [listed["api"]]
    assert list(selectors.application_list(user, company=listed["data"].company)) == [listed["data"]]


def test_the_list_sorts_by_interest_and_role(user, listed):
    by_interest = selectors.application_list(user, sort="interest")
    assert [a.role_title for a in by_interest] == ["SRE", "API Engineer", "Data Engineer"]
    by_role = selectors.application_list(user, sort="role")
    assert [a.role_title for a in by_role] == ["API Engineer", "Data Engineer", "SRE"]


def test_stage_times_read_the_latest_stays_of_each_stage_only(user):
    # Two stays that ended a month ago lasted 10 days; the latest three, ended this month, 2 days.
    for n, (ago, stayed) in enumerate([(40, 10), (40, 10), (20, 2), (20, 2), (20, 2)]):
        start = timezone.now() - datetime.timedelta(days=ago, hours=n)
        application = ApplicationFactory(user=user, when=start)
        services.application_move(
            application=application, to_status="screening", when=start + datetime.timedelta(days=stayed)
        )

    [applied] = selectors.stage_times(user, read=3)

    assert (applied.status, applied.median_days, applied.stays) == ("applied", pytest.approx(2.0), 3)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "yesterday"),
        (6, "6 days ago"),
        (7, "1 week ago"),
        (20, "2 weeks ago"),
        (45, "1 month ago"),
        (400, "1 year ago"),
        (800, "2 years ago"),
    ],
)
def test_the_list_says_when_an_application_last_moved_in_words(days, words):
    row = selectors.Listed(1, "Analyst", "", "Acme", "applied", None, 3, days_since_move=days)
    assert row.moved == words
