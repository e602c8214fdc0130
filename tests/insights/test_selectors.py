"""Exact figures from small hand-made data, for every insights selector."""

import datetime

import pytest

from insights import selectors
from insights.selectors import BounceBack, Setback
from jobhunt import selectors as jobhunt_selectors
from jobhunt import services as jobhunt_services
from jobhunt.models import Source, Status
from recovery import services as recovery
from recovery.models import DecidingFactor, Journey, MoodCheckIn, WeeklyPlan
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory
from tests.insights.conftest import TODAY, applied, at, days_ago, mood

pytestmark = pytest.mark.django_db

S = Status
D = datetime.date


@pytest.fixture
def pipeline(user):
    """Five applications sent from two sources, one only saved."""
    return {
        "offer": applied(
            user,
            "Acme",
            on=days_ago(30),
            source=Source.REFERRAL,
            moves=[(S.SCREENING, days_ago(25)), (S.INTERVIEWING, days_ago(20)), (S.OFFER, days_ago(10))],
        ),
        "turned_down": applied(
            user, "Birch", on=days_ago(30), source=Source.REFERRAL, moves=[(S.REJECTED, days_ago(20))]
        ),
        "waiting": applied(user, "Cobalt", on=days_ago(28)),
        "screened_out": applied(
            user, "Dune", on=days_ago(27), moves=[(S.SCREENING, days_ago(22)), (S.REJECTED, days_ago(15))]
        ),
        "silent": applied(user, "Ember", on=days_ago(26), moves=[(S.GHOSTED, days_ago(5))]),
        "saved": applied(user, "Fjord", on=days_ago(3), source=Source.RECRUITER, status=S.SAVED),
    }


# Funnel, sources, stage times -------------------------------------------------------------------


def test_the_funnel_counts_each_step_and_its_conversion_from_the_step_before(user, pipeline):
    stats = selectors.search_page(user, TODAY).figures

    assert [(step.label, step.count) for step in stats.funnel] == [
        ("Applied", 5),
        ("Heard back", 3),
        ("Interviewed", 1),
        ("Got an offer", 1),
    ]
    assert [step.rate for step in stats.funnel] == [None, 3 / 5, 1 / 3, 1.0]


def test_response_rate_by_source_leaves_out_sources_with_nothing_sent(user, pipeline):
    rows = selectors.by_source(user)

    assert [(row.source, row.sent, row.heard_back, row.interviewed) for row in rows] == [
        (Source.REFERRAL, 2, 2, 1),
        (Source.JOB_BOARD, 3, 1, 0),
    ]
    assert rows[0].response_rate == 1.0
    assert rows[1].response_rate == pytest.approx(1 / 3)
    assert rows[1].interview_rate == 0


def test_median_days_per_stage_come_from_the_timeline(user, pipeline):
    times = selectors.search_page(user, TODAY).stage_times
    stages = {stage.status: (stage.median_days, stage.stays) for stage in times}

    # Applied stays: 5 (Acme), 10 (Birch), 5 (Dune), 21 (Ember): median of 5, 5, 10, 21 is 7.5.
    assert stages[S.APPLIED] == (pytest.approx(7.5), 4)
    assert stages[S.SCREENING] == (pytest.approx(6.0), 2)
    assert stages[S.INTERVIEWING] == (pytest.approx(10.0), 1)


def test_another_persons_applications_count_nowhere(user, other_user, pipeline):
    applied(other_user, "Theirs", on=days_ago(2), source=Source.REFERRAL, moves=[(S.SCREENING, days_ago(1))])

    assert selectors.search_page(user, TODAY).figures.sent == 5
    assert [row.sent for row in selectors.by_source(user)] == [2, 3]


# Weeks against the target -----------------------------------------------------------------------


def test_applications_per_week_follow_the_plan_day_and_read_against_that_weeks_target(user):
    user.weekly_plan_day = 2  # Wednesday: TODAY (Thursday 12 June) is in the week of Wednesday 11 June.
    user.save()
    for day in (D(2025, 6, 4), D(2025, 6, 8), D(2025, 6, 10), D(2025, 6, 11), D(2025, 6, 12), D(2025, 3, 25)):
        applied(user, f"Company {day}", on=day)
    applied(user, "Saved only", on=D(2025, 6, 12), status=S.SAVED)
    WeeklyPlan.objects.create(user=user, week_start=D(2025, 6, 11), applications_target=4)
    WeeklyPlan.objects.create(user=user, week_start=D(2025, 6, 4), applications_target=3)
    # Planned back when the plan day was Monday: it still belongs to the week it falls in.
    WeeklyPlan.objects.create(user=user, week_start=D(2025, 5, 26), applications_target=5)

    weeks = selectors.weekly_applications(user, TODAY)

    assert len(weeks) == 12
    assert weeks[0].start == D(2025, 3, 26) and weeks[-1].start == D(2025, 6, 11)
    assert all(week.start.weekday() == 2 for week in weeks)
    by_start = {week.start: (week.applications, week.target, week.met) for week in weeks}
    assert by_start[D(2025, 6, 11)] == (2, 4, False)
    assert by_start[D(2025, 6, 4)] == (3, 3, True)
    assert by_start[D(2025, 5, 21)] == (0, 5, False)
    assert by_start[D(2025, 5, 28)] == (0, None, None)
    # 25 March falls in the week before the first one shown.
    assert sum(week.applications for week in weeks) == 5


def test_the_key_figures_read_this_plan_week_against_its_target(user, pipeline):
    applied(user, "Grove", on=TODAY)
    applied(user, "Heath", on=days_ago(3))  # Monday 9 June: the same Monday-to-Sunday plan week
    WeeklyPlan.objects.create(user=user, week_start=D(2025, 6, 9), applications_target=2)

    insights = selectors.search_page(user, TODAY)

    assert (insights.figures.sent, insights.figures.heard_back) == (7, 3)
    assert insights.figures.response_rate == pytest.approx(3 / 7)
    week = insights.this_week
    assert (week.start, week.applications, week.target, week.met) == (D(2025, 6, 9), 2, 2, True)
    # One set of figures: the page's are the person's, as every other page reads them.
    assert insights.figures == jobhunt_selectors.figures(user)


def test_the_key_figures_for_a_new_person_have_no_rate_and_no_target(user):
    insights = selectors.search_page(user, TODAY)

    assert (insights.figures.sent, insights.figures.response_rate) == (0, None)
    assert (insights.this_week.applications, insights.this_week.target) == (0, None)
    assert not insights.pace.triggered


# Pace guard -------------------------------------------------------------------------------------


def _burst(user, count):
    for n in range(count):
        applied(user, f"Burst {n}", on=days_ago(n % 7))


def test_ten_applications_in_a_week_with_no_reply_for_two_weeks_trigger_the_pace_guard(user):
    _burst(user, 10)
    applied(user, "Old reply", on=days_ago(40), moves=[(S.SCREENING, days_ago(14))])  # just outside the window

    pace = selectors.pace_guard(user, TODAY)

    assert (pace.sent_recently, pace.replies_recently) == (10, 0)
    assert pace.burst and pace.triggered
    assert not pace.rejection_run


def test_nine_applications_or_a_recent_reply_keep_the_pace_guard_quiet(user):
    _burst(user, 9)
    assert not selectors.pace_guard(user, TODAY).triggered

    applied(user, "One more", on=TODAY, moves=[(S.SCREENING, days_ago(13))])
    pace = selectors.pace_guard(user, TODAY)
    assert (pace.sent_recently, pace.replies_recently) == (10, 1)
    assert not pace.burst


def test_three_rejections_inside_ten_days_trigger_the_pace_guard(user):
    for n, day in enumerate((9, 4, 1)):
        applied(user, f"No {n}", on=days_ago(30), moves=[(S.REJECTED, days_ago(day))])

    pace = selectors.pace_guard(user, TODAY)

    assert pace.rejections_recently == 3
    assert pace.rejection_run and pace.triggered
    assert pace.paused_until is None


def test_three_rejections_spread_over_three_weeks_do_not(user):
    for n, day in enumerate((20, 9, 1)):
        applied(user, f"No {n}", on=days_ago(30), moves=[(S.REJECTED, days_ago(day))])

    pace = selectors.pace_guard(user, TODAY)

    assert pace.rejections_recently == 2
    assert not pace.triggered


def test_the_pace_guard_knows_when_quiet_mode_is_already_on(user):
    user.reminders_paused_until = TODAY + datetime.timedelta(days=3)
    user.save()
    assert selectors.pace_guard(user, TODAY).paused_until == TODAY + datetime.timedelta(days=3)

    user.reminders_paused_until = TODAY - datetime.timedelta(days=1)
    user.save()
    assert selectors.pace_guard(user, TODAY).paused_until is None


# Mood, events and bouncing back -----------------------------------------------------------------


def _steady(user, start, end, value=4):
    day = start
    while day <= end:
        mood(user, day, value)
        day += datetime.timedelta(days=1)


@pytest.fixture
def two_rejections(user):
    """Northwind said no on 10 March (back to usual after 9 days), Globex on 20 May (4 days)."""
    _steady(user, D(2025, 2, 20), D(2025, 3, 9))
    applied(user, "Northwind", on=D(2025, 2, 1), moves=[(S.REJECTED, D(2025, 3, 10))])
    for day, value in [(D(2025, 3, 10), 2), (D(2025, 3, 11), 1)]:
        mood(user, day, value)
    _steady(user, D(2025, 3, 12), D(2025, 3, 18), 3)
    mood(user, D(2025, 3, 19), 4)

    _steady(user, D(2025, 5, 1), D(2025, 5, 19))
    applied(user, "Globex", on=D(2025, 4, 20), moves=[(S.REJECTED, D(2025, 5, 20))])
    # Two check-ins on the 21st average to 2; none on the 23rd.
    for day, value in [(D(2025, 5, 20), 3), (D(2025, 5, 21), 1), (D(2025, 5, 21), 3), (D(2025, 5, 22), 3)]:
        mood(user, day, value)
    mood(user, D(2025, 5, 24), 4)


def test_the_recovery_curve_measures_each_rejection_against_the_month_before(user, two_rejections):
    curve = selectors.recovery(user, TODAY)
    selectors.name_the_companies(curve.bounce_backs)

    assert [
        (item.setback.company, item.setback.day, item.state, item.usual, item.lowest, item.days)
        for item in curve.bounce_backs
    ] == [
        ("Northwind", D(2025, 3, 10), "back", 4, 1, 9),
        ("Globex", D(2025, 5, 20), "back", 4, 2, 4),
    ]
    assert curve.latest.setback.company == "Globex"
    assert curve.previous.setback.company == "Northwind"
    assert curve.longest is None  # the longest earlier one is the previous one: said once
    assert curve.last_rejection.day == D(2025, 5, 20)


def test_mood_days_carry_the_daily_average_and_the_days_events(user, two_rejections):
    application = applied(
        user, "Initech", on=D(2025, 5, 1), moves=[(S.INTERVIEWING, D(2025, 5, 21)), (S.OFFER, D(2025, 6, 2))]
    )
    InterviewFactory(application=application, scheduled_at=at(user, D(2025, 5, 21), 10))
    InterviewFactory(application=application, scheduled_at=at(user, D(2025, 5, 28), 10), outcome="cancelled")
    InterviewFactory(application=application, scheduled_at=at(user, D(2025, 6, 13), 10))  # tomorrow: not yet

    overview = selectors.mood_page(user, TODAY)
    days = {day.day: day for day in overview.mood_days}

    assert overview.mood_days[-1].day == TODAY
    # The first check-in (20 February) is more than twelve weeks back: the chart shows twelve.
    assert len(overview.mood_days) == 84
    may_21 = days[D(2025, 5, 21)]
    assert (may_21.mood, may_21.check_ins, may_21.interviews, may_21.rejections) == (2.0, 2, 1, 0)
    assert (days[D(2025, 5, 20)].rejections, days[D(2025, 6, 2)].offers) == (1, 1)
    assert days[D(2025, 5, 28)].interviews == 0
    assert overview.shown_events == {"rejections": 1, "interviews": 1, "offers": 1}


def test_a_check_in_late_in_the_evening_counts_on_the_persons_own_day(user):
    user.time_zone = "Asia/Tokyo"
    user.save()
    # 23:30 UTC on 10 June is 08:30 on 11 June in Tokyo.
    MoodCheckIn.objects.create(
        user=user, mood=5, created_at=datetime.datetime(2025, 6, 10, 23, 30, tzinfo=datetime.UTC)
    )

    assert selectors.daily_moods(user, D(2025, 6, 1)) == {D(2025, 6, 11): (5.0, 1)}


def test_the_mood_chart_shows_four_weeks_for_someone_who_just_started(user):
    mood(user, days_ago(2), 3)

    overview = selectors.mood_page(user, TODAY)

    assert len(overview.mood_days) == 28
    assert overview.check_ins == 1
    assert overview.usual_mood == 3


def _setbacks(*days):
    return [Setback(day, 1, f"Company {n}") for n, day in enumerate(days)]


def _moods(start, values):
    """{day: mood} from `start`, one value a day; None skips a day."""
    return {start + datetime.timedelta(days=n): value for n, value in enumerate(values) if value is not None}


def test_a_mood_that_never_dips_below_usual_held_steady():
    moods = _moods(D(2025, 5, 1), [4] * 10 + [4, 5, 4])
    [item] = selectors.bounce_backs(_setbacks(D(2025, 5, 11)), moods, TODAY)

    assert (item.state, item.days, item.usual, item.lowest) == ("steady", 0, 4, 4)


def test_a_dip_with_no_day_back_at_usual_yet_is_still_recovering():
    moods = _moods(D(2025, 6, 1), [4, 4, 4, 4, 2, 2, 3])
    [item] = selectors.bounce_backs(_setbacks(D(2025, 6, 5)), moods, D(2025, 6, 9))

    assert (item.state, item.days, item.lowest) == ("recovering", 4, 2)
    assert not item.measured


def test_no_check_ins_in_the_week_after_a_rejection_tells_nothing():
    moods = _moods(D(2025, 5, 1), [4] * 10)
    moods[D(2025, 5, 25)] = 2
    [item] = selectors.bounce_backs(_setbacks(D(2025, 5, 15)), moods, TODAY)

    assert (item.state, item.days) == ("unknown", None)


def test_with_under_four_days_of_check_ins_before_usual_is_the_median_of_every_day():
    # Three days before (all 5s) are too few: the median of every day (5, 5, 5, 3, 3, 3, 3) is 3.
    moods = _moods(D(2025, 5, 1), [5, 5, 5, 3, 3, 3, 3])
    [item] = selectors.bounce_backs(_setbacks(D(2025, 5, 4)), moods, TODAY)

    assert (item.usual, item.state) == (3, "steady")


def test_a_dip_that_starts_after_the_next_rejection_belongs_to_the_next_one():
    moods = _moods(D(2025, 5, 1), [4] * 10 + [4, 4, 2, 2, 4])
    first, second = selectors.bounce_backs(_setbacks(D(2025, 5, 11), D(2025, 5, 13)), moods, TODAY)

    assert (first.state, first.days) == ("steady", 0)
    assert (second.state, second.days) == ("back", 2)


def test_earlier_bounce_backs_are_compared_most_recent_first_and_the_longest_is_named():
    items = [
        BounceBack(Setback(D(2025, 1, 5), 1, company="A"), "back", 4, 1, 12),
        BounceBack(Setback(D(2025, 3, 5), 1, company="B"), "back", 4, 2, 3),
        BounceBack(Setback(D(2025, 4, 5), 1, company="C"), "steady", 4, 4, 0),
        BounceBack(Setback(D(2025, 6, 5), 1, company="D"), "unknown", 4),
    ]
    curve = selectors.Recovery(items)

    assert curve.latest.setback.company == "C"
    assert [item.setback.company for item in curve.earlier] == ["B", "A"]
    assert curve.previous.setback.company == "B"
    assert curve.longest.setback.company == "A"
    assert curve.last_rejection.company == "D"


def test_several_rejections_on_one_day_are_one_setback(user):
    for name in ("Zed", "Alpha"):
        applied(user, name, on=days_ago(40), moves=[(S.REJECTED, days_ago(6))])

    curve = selectors.recovery(user, TODAY)
    selectors.name_the_companies(curve.bounce_backs)
    [setback] = [item.setback for item in curve.bounce_backs]

    # Named by the first of that day's applications.
    assert (setback.day, setback.rejections, setback.company) == (days_ago(6), 2, "Zed")


# Feedback ledger --------------------------------------------------------------------------------


def _rejected_journey(user, name, status=S.REJECTED):
    application = applied(user, name, on=days_ago(30), moves=[(status, days_ago(10))])
    return Journey.objects.get(application=application)


@pytest.fixture
def ledger_data(user):
    answered = _rejected_journey(user, "Answered")
    recovery.feedback_request_sent(journey=answered, message="Could you share…", sent_on=days_ago(9))
    recovery.feedback_record(
        journey=answered,
        feedback="More depth in system design.",
        received_on=days_ago(7),
        deciding_factors=[DecidingFactor.EXPERIENCE_LEVEL, DecidingFactor.SKILLS_GAP],
    )
    actions = [recovery.improvement_action_add(journey=answered, title=f"Action {n}") for n in range(1, 5)]
    recovery.improvement_action_done(action=actions[3])

    waiting = _rejected_journey(user, "Waiting")
    recovery.feedback_request_sent(journey=waiting, message="Could you share…", sent_on=days_ago(8))
    # What the recruiter said on the phone, before any written answer.
    recovery.feedback_record(journey=waiting, deciding_factors=[DecidingFactor.EXPERIENCE_LEVEL])

    _rejected_journey(user, "Never asked")
    silent = _rejected_journey(user, "Silent", status=S.GHOSTED)
    recovery.feedback_request_sent(journey=silent, message="Just checking in…", sent_on=days_ago(5))


def test_the_ledger_counts_feedback_asked_answered_and_waiting_after_rejections(user, ledger_data):
    ledger = selectors.feedback_ledger(user)

    # The silence's follow-up is not a feedback request.
    assert (ledger.rejections, ledger.asked, ledger.answered, ledger.waiting) == (3, 2, 1, 1)
    assert ledger.answer_rate == 0.5


def test_the_ledger_lists_recurring_deciding_factors_with_the_actions_they_led_to(user, ledger_data):
    experience, skills = selectors.feedback_ledger(user).factors

    assert (experience.value, experience.label, experience.journeys, experience.recurs) == (
        "experience_level",
        "Experience level",
        2,
        True,
    )
    assert [(action.title, action.done) for action in experience.actions] == [
        ("Action 4", True),
        ("Action 3", False),
        ("Action 2", False),
    ]
    assert (experience.actions_total, experience.actions_done, experience.more_actions) == (4, 1, 1)
    assert (skills.value, skills.journeys, skills.recurs, len(skills.actions)) == ("skills_gap", 1, False, 3)


def test_a_factor_without_actions_is_listed_with_none(user):
    journey = _rejected_journey(user, "Quiet")
    recovery.feedback_record(journey=journey, deciding_factors=[DecidingFactor.TEAM_FIT])

    [factor] = selectors.feedback_ledger(user).factors

    assert (factor.value, factor.journeys, factor.actions, factor.actions_total) == ("team_fit", 1, [], 0)


def test_the_ledger_ignores_other_peoples_journeys(user, other_user, ledger_data):
    theirs = _rejected_journey(other_user, "Theirs")
    recovery.feedback_request_sent(journey=theirs, message="Hi", sent_on=days_ago(2))
    recovery.feedback_record(journey=theirs, feedback="No.", deciding_factors=[DecidingFactor.COMPENSATION])

    ledger = selectors.feedback_ledger(user)

    assert ledger.asked == 2
    assert "compensation" not in [factor.value for factor in ledger.factors]


def test_an_empty_ledger_has_no_rate(user):
    ledger = selectors.feedback_ledger(user)

    assert (ledger.rejections, ledger.asked, ledger.answer_rate, ledger.factors) == (0, 0, None, [])


# After a good run -------------------------------------------------------------------------------


def _good_run(user, active_days_ago=(3, 4, 6)):
    for n, ago in enumerate(active_days_ago):
        applied(user, f"Good day {n}", on=days_ago(ago))


def test_three_active_days_then_two_quiet_ones_suggest_one_small_step(user):
    _good_run(user)

    pace = selectors.pace_guard(user, TODAY, good_run=True)

    assert pace.good_run_days == 3 and pace.quiet_since_good_run
    assert pace.after_a_good_run
    assert not pace.triggered  # a note, not a warning


def test_a_conversation_held_counts_as_an_active_day(user):
    _good_run(user, active_days_ago=(3, 4))
    contact = ContactFactory(user=user)
    jobhunt_services.contact_touch(contact=contact, day=days_ago(5))

    assert selectors.pace_guard(user, TODAY, good_run=True).good_run_days == 3


def test_anything_sent_in_the_quiet_days_or_today_means_there_is_nothing_to_say(user):
    _good_run(user)
    applied(user, "Today", on=TODAY)

    assert not selectors.pace_guard(user, TODAY, good_run=True).after_a_good_run


def test_two_active_days_are_not_yet_a_run_and_saved_jobs_do_not_count(user):
    _good_run(user, active_days_ago=(3, 4))
    ApplicationFactory(user=user, company__name="Only saved", status=S.SAVED, date_applied=days_ago(5))

    pace = selectors.pace_guard(user, TODAY, good_run=True)

    assert pace.good_run_days == 2 and not pace.after_a_good_run


def test_the_run_is_noticed_from_the_second_quiet_day_and_fades_a_week_later(user):
    _good_run(user, active_days_ago=(1, 2, 4))  # the last active day was yesterday

    assert not selectors.pace_guard(user, TODAY, good_run=True).after_a_good_run
    day_after_tomorrow = TODAY + datetime.timedelta(days=2)
    assert selectors.pace_guard(user, day_after_tomorrow, good_run=True).after_a_good_run
    # A week later the run has left the window: nothing is said about old days.
    assert not selectors.pace_guard(user, TODAY + datetime.timedelta(days=9), good_run=True).after_a_good_run


def test_only_today_asks_for_the_good_run(user, django_assert_num_queries):
    _good_run(user)

    with django_assert_num_queries(2):
        pace = selectors.pace_guard(user, TODAY)

    assert not pace.after_a_good_run
