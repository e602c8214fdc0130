"""Step 4's if-then plans: when, where and what for each weekly target. Made, changed and checked
on the game-plan step and the week page; whether each happened comes from the pipeline and the
outreach log where they can say, else from the person's own tick; the weekly digest lists them
(day, time, target and place) and no other email is ever sent for them."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import export
from accounts import services as accounts
from jobhunt import services as jobhunt
from recovery import reminder_kinds, selectors, services
from recovery.models import IfThenPlan, PlanTarget, WeeklyPlan, week_day
from recovery.steps import Step
from reminders import emails, registry
from reminders.models import Reminder
from tests.factories import ApplicationFactory, ContactFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def midweek(user):
    """10:00 on the third day of one of the person's plan weeks, within the week ahead (so a
    signed-in session is still good), the clock held still. Monday is their plan day: Wednesday."""
    day = user.local_today() + DAY
    while (day.weekday() - user.weekly_plan_day) % 7 != 2:
        day += DAY
    with time_machine.travel(
        datetime.datetime.combine(day, datetime.time(10), tzinfo=user.tzinfo), tick=False
    ) as clock:
        yield clock


@pytest.fixture
def plan(user, midweek):
    return services.plan_save(user=user, applications_target=3, conversations_target=2, practice_target=1)


def _days(plan):
    """yesterday, today, tomorrow and the week's last day, as dates of the plan's week."""
    today = plan.user.local_today()
    return today - DAY, today, today + DAY, plan.week_start + 6 * DAY


def _plan(user, target=PlanTarget.APPLICATIONS, day=None, **fields):
    day = day or user.local_today()
    values = {"place": "The library", "action": "Send two applications", "at": datetime.time(10)} | fields
    return services.if_then_save(user=user, target=target, weekday=day.weekday(), **values)


def _form(target="applications", day=None, **fields):
    day = day or datetime.date.today()
    values = {"target": target, "weekday": day.weekday(), "at": "10:00", "place": "The library", "action": "Send two"}
    return {f"ifthen-{name}": value for name, value in (values | fields).items()}


def _week(client, **query):
    response = client.get(reverse("recovery:week"), query)
    assert response.status_code == 200
    return response.content.decode()


# Services ----------------------------------------------------------------------------------------


def test_a_plan_says_when_where_and_what_on_a_day_of_this_week(user, plan):
    _yesterday, today, tomorrow, _last = _days(plan)

    made = _plan(user, PlanTarget.PRACTICE, tomorrow, place="  Home  ", action=" Two SQL exercises ", at=None)

    assert (made.plan, made.target, made.day, made.at) == (plan, "practice", tomorrow, None)
    assert (made.place, made.action) == ("Home", "Two SQL exercises")
    assert made.day.weekday() == tomorrow.weekday() and plan.week_start <= made.day <= plan.week_end


def test_the_weekday_is_found_in_the_plans_own_week():
    monday = datetime.date(2031, 3, 3)

    assert week_day(monday, 0) == monday
    assert week_day(monday, 6) == datetime.date(2031, 3, 9)
    thursday = datetime.date(2031, 3, 6)  # a week that starts on a Thursday
    assert week_day(thursday, 3) == thursday
    assert week_day(thursday, 0) == datetime.date(2031, 3, 10)  # its Monday is the following one


def test_without_a_weekly_plan_there_is_nothing_to_attach_it_to(user, midweek):
    with pytest.raises(ValidationError, match="Set this week's targets first"):
        _plan(user)

    assert not IfThenPlan.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"place": "  "}, "place"),
        ({"action": ""}, "action"),
        ({"target": "sleeping"}, "target"),
        ({"weekday": 7}, "weekday"),
    ],
)
def test_each_part_is_checked(user, plan, fields, field):
    values = {"target": "applications", "weekday": user.local_today().weekday(), "place": "Desk", "action": "Apply"}

    with pytest.raises(ValidationError) as refused:
        services.if_then_save(user=user, **(values | fields))

    assert field in refused.value.message_dict
    assert not IfThenPlan.objects.exists()


def test_a_day_already_gone_cannot_be_picked_but_a_plan_on_it_can_stay(user, plan, midweek):
    yesterday, today, _tomorrow, _last = _days(plan)

    with pytest.raises(ValidationError, match="That day has gone"):
        _plan(user, day=yesterday)

    made = _plan(user, day=today)
    midweek.shift(DAY)  # today is yesterday now: its plan can still have its place corrected
    changed = services.if_then_save(
        user=user, target="applications", weekday=today.weekday(), place="The café", action="Apply", if_then=made
    )
    assert changed.place == "The café" and changed.day == today


def test_one_plan_a_target_and_day_and_a_few_a_target_a_week(user, plan):
    _yesterday, today, tomorrow, last = _days(plan)
    _plan(user, day=today)

    with pytest.raises(ValidationError, match="already a plan for this on"):
        _plan(user, day=today)
    _plan(user, PlanTarget.PRACTICE, today)  # another target, the same day: fine
    _plan(user, day=tomorrow)
    _plan(user, day=tomorrow + DAY)
    with pytest.raises(ValidationError, match="3 plans for one target is plenty"):
        _plan(user, day=last)

    assert IfThenPlan.objects.filter(target="applications").count() == 3


def test_changing_a_plan_keeps_it_one_row_and_moving_it_clears_its_tick(user, plan):
    _yesterday, today, tomorrow, _last = _days(plan)
    made = services.if_then_happened(if_then=_plan(user, PlanTarget.PRACTICE, today), happened=True)
    assert made.ticked_at is not None

    same_day = services.if_then_save(
        user=user, target="practice", weekday=today.weekday(), place="Desk", action="Kata", if_then=made
    )
    assert same_day.ticked_at is not None and same_day.place == "Desk"
    moved = services.if_then_save(
        user=user, target="practice", weekday=tomorrow.weekday(), place="Desk", action="Kata", if_then=made
    )
    assert moved.pk == made.pk and moved.day == tomorrow and moved.ticked_at is None
    assert IfThenPlan.objects.count() == 1


def test_another_persons_plan_cannot_be_changed_through_the_service(user, other_user, plan, midweek):
    services.plan_save(user=other_user, applications_target=1, conversations_target=1, practice_target=1)
    theirs = _plan(other_user)

    with pytest.raises(ValidationError):
        services.if_then_save(user=user, target="applications", weekday=0, place="Mine", action="Mine", if_then=theirs)
    assert IfThenPlan.objects.get().place == "The library"


# Whether it happened -----------------------------------------------------------------------------


def _happened(user):
    """This week's if-then plans as the week page reads them, by target."""
    return {row.target: row for row in selectors.week_overview(user, user.local_today())["if_then"]}


def test_an_application_plan_happened_when_the_pipeline_has_one_sent_that_day(user, plan):
    _yesterday, today, tomorrow, _last = _days(plan)
    _plan(user, day=today)
    assert not _happened(user)["applications"].happened

    ApplicationFactory(user=user, date_applied=tomorrow)  # another day: not this plan
    assert not _happened(user)["applications"].happened
    ApplicationFactory(user=user, date_applied=today)

    row = _happened(user)["applications"]
    assert row.happened and row.evidence == "An application went out that day."
    assert not row.tickable  # the pipeline says it; nothing to tick


def test_applications_tick_themselves_so_the_person_cannot(user, plan):
    made = _plan(user)

    with pytest.raises(ValidationError, match="Applications tick themselves"):
        services.if_then_happened(if_then=made)


def test_a_conversation_plan_happened_when_someone_was_reached_that_day(user, plan):
    _plan(user, PlanTarget.CONVERSATIONS)
    assert _happened(user)["conversations"].tickable

    jobhunt.contact_touch(contact=ContactFactory(user=user), day=user.local_today())

    row = _happened(user)["conversations"]
    assert row.happened and row.evidence == "You reached out to someone that day." and not row.tickable


def test_practice_happens_when_the_person_says_so_and_can_be_unticked(user, plan):
    made = _plan(user, PlanTarget.PRACTICE)
    assert _happened(user)["practice"].state == "today"

    services.if_then_happened(if_then=made)
    assert _happened(user)["practice"].state == "happened"
    services.if_then_happened(if_then=made, happened=False)
    assert _happened(user)["practice"].state == "today"


def test_a_day_still_ahead_cannot_have_happened_yet(user, plan):
    _yesterday, _today, tomorrow, _last = _days(plan)
    made = _plan(user, PlanTarget.PRACTICE, tomorrow)

    with pytest.raises(ValidationError, match="hasn't come yet"):
        services.if_then_happened(if_then=made)
    assert _happened(user)["practice"].state == "ahead" and not _happened(user)["practice"].tickable


def test_a_plan_whose_day_passed_without_it_says_so_gently(signed_in, user, plan, midweek):
    _plan(user, PlanTarget.PRACTICE)
    midweek.shift(DAY)

    assert _happened(user)["practice"].state == "missed"
    assert _happened(user)["practice"].tickable  # it may have happened after all: still theirs to tick
    assert "Plans slip; the next one still counts." in _week(signed_in)


# No extra emails ---------------------------------------------------------------------------------


def test_plans_never_plan_an_email_of_their_own(user, plan):
    before = list(Reminder.objects.values_list("kind", "key", "due_at", "state"))
    _yesterday, today, tomorrow, _last = _days(plan)

    made = _plan(user, PlanTarget.PRACTICE, today)
    services.if_then_save(
        user=user, target="practice", weekday=tomorrow.weekday(), place="Desk", action="Kata", if_then=made
    )
    services.if_then_happened(if_then=_plan(user, PlanTarget.CONVERSATIONS, today))
    services.if_then_remove(if_then=made)

    assert list(Reminder.objects.values_list("kind", "key", "due_at", "state")) == before
    # Nothing in the registry is about them either: the weekly digest is their only email.
    assert not [kind.name for kind in registry.all_kinds() if "then" in kind.name]
    assert {kind.name for kind in registry.all_kinds() if kind.name.startswith("weekly")} == {
        reminder_kinds.WEEKLY_PLAN_DIGEST
    }


# The weekly digest -------------------------------------------------------------------------------


def _digest(user):
    kind = registry.get(reminder_kinds.WEEKLY_PLAN_DIGEST)
    reminder = Reminder(pk=1, user=user, kind=kind.name)
    alone = emails.build(reminder, kind, user)
    bundled = emails.section(user, emails.Item(reminder=reminder, kind=kind, about=user))  # its part of a daily email
    return [alone.body, alone.alternatives[0][0], bundled["text"], str(bundled["html"])]


def test_the_digest_lists_the_weeks_plans_by_day_time_target_and_place_but_not_the_words(user, plan):
    _yesterday, today, tomorrow, _last = _days(plan)
    _plan(user, PlanTarget.APPLICATIONS, tomorrow, place="The library", action="PRIVATE-ACTION-WORDS")
    _plan(user, PlanTarget.PRACTICE, today, place="Home", action="PRIVATE-ACTION-WORDS", at=None)

    text, html, daily_text, daily_html = _digest(user)

    assert "When and where:" in text
    assert f"- {today:%A}: volunteering or skills practice, at Home" in text
    assert f"- {tomorrow:%A} 10:00: applications, at The library" in text
    assert f"{tomorrow:%A} 10:00: applications, at The library</li>" in html
    assert f"{tomorrow:%A} 10:00, applications at The library" in daily_text
    assert f"{tomorrow:%A} 10:00, applications at The library" in daily_html
    for part in (text, html, daily_text, daily_html):
        assert "PRIVATE-ACTION-WORDS" not in part


def test_a_new_week_without_plans_yet_shows_last_weeks_to_repeat(user, plan, midweek):
    _plan(user, PlanTarget.PRACTICE, place="Home")
    midweek.shift(7 * DAY)  # the next week: no plan for it yet

    text, html, daily_text, _daily_html = _digest(user)

    assert "Last week's when-and-where plans" in text and "plan them again for this week" in text
    assert f"{user.local_today():%A} 10:00: volunteering or skills practice, at Home" in text
    assert "Last week you planned" in daily_text


def test_the_digest_without_any_plans_says_nothing_about_them(user, plan):
    text, html, *_ = _digest(user)

    assert "When and where" not in text and "Last week" not in text


# Pages -------------------------------------------------------------------------------------------


def test_the_week_offers_plans_once_there_are_targets_and_a_get_writes_nothing(signed_in, user, midweek):
    assert "Plan when and where" not in _week(signed_in)  # no targets yet

    services.plan_save(user=user, applications_target=3, conversations_target=2, practice_target=1)
    html = _week(signed_in)
    opened = _week(signed_in, open="ifthen")

    assert "Plan when and where" in html and 'id="ifthen-form"' not in html
    assert 'id="ifthen-form"' in opened and "autofocus" in opened
    assert f'action="{reverse("recovery:if_then_add")}"' in opened
    assert not IfThenPlan.objects.exists()


def test_a_plan_sent_before_any_targets_says_to_set_them_first(signed_in, user, journey, midweek):
    for url, back in (
        (reverse("recovery:if_then_add"), reverse("recovery:week")),
        (
            reverse("recovery:journey_if_then_add", args=[journey.pk]),
            reverse("recovery:journey_step", args=[journey.pk, Step.GAME_PLAN]),
        ),
    ):
        response = signed_in.post(url, _form(day=user.local_today()), follow=True)

        assert response.redirect_chain[-1][0] == back + "#plan"
        assert "Set this week&#x27;s targets first" in response.content.decode()
    assert not IfThenPlan.objects.exists()


def test_the_form_offers_today_and_the_days_ahead_only(signed_in, user, plan):
    yesterday, today, tomorrow, last = _days(plan)
    html = _week(signed_in, open="ifthen")

    assert f'<option value="{today.weekday()}">Today ({today:%A})</option>' in html
    assert f">{tomorrow:%A} {tomorrow.day} {tomorrow:%B}</option>" in html
    assert f">{last:%A} {last.day} {last:%B}</option>" in html
    assert f">{yesterday:%A} {yesterday.day}" not in html


def test_a_plan_added_on_the_week_page_shows_there(signed_in, user, plan):
    today = user.local_today()

    response = signed_in.post(reverse("recovery:if_then_add"), _form(day=today, place="The <b>library</b>"))

    assert response.status_code == 302 and response["Location"].endswith("/recovery/week/#if-then")
    html = _week(signed_in)
    assert f"<strong>{today:%A} 10:00</strong> · Applications · at The &lt;b&gt;library&lt;/b&gt;" in html
    assert "I'll Send two" in html


def test_a_plan_added_on_the_game_plan_step_shows_there_and_on_the_week(signed_in, user, journey, plan):
    step = reverse("recovery:journey_step", args=[journey.pk, Step.GAME_PLAN])
    opened = signed_in.get(step, {"open": "ifthen"}).content.decode()
    assert f'action="{reverse("recovery:journey_if_then_add", args=[journey.pk])}"' in opened

    response = signed_in.post(
        reverse("recovery:journey_if_then_add", args=[journey.pk]),
        _form("practice", user.local_today(), action="Practise two SQL exercises"),
    )

    assert response.status_code == 302 and response["Location"].endswith(f"{step}#if-then")
    assert "Practise two SQL exercises" in signed_in.get(step).content.decode()
    assert "Practise two SQL exercises" in _week(signed_in)


def test_invalid_input_shows_field_errors_and_keeps_what_was_typed(signed_in, user, journey, plan):
    sent = _form(day=user.local_today(), place="", action="Apply to the data team at Northwind", at="25:99")

    for url in (reverse("recovery:if_then_add"), reverse("recovery:journey_if_then_add", args=[journey.pk])):
        response = signed_in.post(url, sent)

        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("is-invalid") >= 2  # the place and the time
        assert 'value="Apply to the data team at Northwind"' in html
    assert not IfThenPlan.objects.exists()


def test_a_refusal_from_the_service_shows_on_its_field(signed_in, user, plan):
    _plan(user)

    response = signed_in.post(reverse("recovery:if_then_add"), _form(day=user.local_today()))

    assert response.status_code == 200
    assert "already a plan for this on" in response.content.decode()
    assert IfThenPlan.objects.count() == 1


def test_a_past_day_sent_anyway_is_a_kind_field_error(signed_in, user, plan):
    yesterday, *_ = _days(plan)

    response = signed_in.post(reverse("recovery:if_then_add"), _form(day=yesterday))

    assert "Pick today or a day still ahead this week." in response.content.decode()
    assert not IfThenPlan.objects.exists()


def test_changing_a_plan_opens_it_on_the_week_page_and_saves_the_change(signed_in, user, plan):
    made = _plan(user, place="The library")
    url = reverse("recovery:if_then_edit", args=[made.pk])

    html = signed_in.get(url).content.decode()
    assert 'value="The library"' in html and f'action="{url}"' in html and "autofocus" in html
    response = signed_in.post(url, _form(day=user.local_today(), place="The café"))

    assert response.status_code == 302
    assert IfThenPlan.objects.get().place == "The café"


def test_it_happened_and_remove_are_posts_that_go_back_where_they_came_from(signed_in, user, journey, plan):
    made = _plan(user, PlanTarget.PRACTICE)
    step = reverse("recovery:journey_step", args=[journey.pk, Step.GAME_PLAN])
    assert "It happened<span" in _week(signed_in)

    response = signed_in.post(reverse("recovery:if_then_happened", args=[made.pk]), {"next": step + "#if-then"})
    assert response["Location"] == step + "#if-then"
    assert '<span class="badge text-bg-success">It happened</span>' in _week(signed_in)

    assert signed_in.get(reverse("recovery:if_then_remove", args=[made.pk])).status_code == 405
    signed_in.post(reverse("recovery:if_then_remove", args=[made.pk]))
    assert not IfThenPlan.objects.exists()


def test_ticking_an_application_plan_is_refused_kindly(signed_in, user, plan):
    made = _plan(user)

    response = signed_in.post(reverse("recovery:if_then_happened", args=[made.pk]), follow=True)

    assert "Applications tick themselves" in response.content.decode()
    assert IfThenPlan.objects.get().ticked_at is None


def test_another_persons_plan_is_a_404_everywhere_and_stays_as_it_was(signed_in, other_user, user, plan):
    services.plan_save(user=other_user, applications_target=1, conversations_target=1, practice_target=1)
    theirs = _plan(other_user, PlanTarget.PRACTICE)

    assert signed_in.get(reverse("recovery:if_then_edit", args=[theirs.pk])).status_code == 404
    for name in ("if_then_edit", "if_then_happened", "if_then_remove"):
        assert signed_in.post(reverse(f"recovery:{name}", args=[theirs.pk]), _form("practice")).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.place, theirs.ticked_at) == ("The library", None)
    assert "The library" not in _week(signed_in)


def test_another_persons_journey_cannot_take_a_plan(signed_in, other_user, plan):
    from tests.recovery.conftest import reject

    theirs = reject(ApplicationFactory(user=other_user))

    response = signed_in.post(reverse("recovery:journey_if_then_add", args=[theirs.pk]), _form())

    assert response.status_code == 404
    assert not IfThenPlan.objects.exists()


def test_the_week_page_reads_its_plans_in_one_query_whatever_their_number(signed_in, user, plan):
    def count():
        with CaptureQueriesContext(connection) as captured:
            _week(signed_in)
        return len(captured)

    without = count()
    _yesterday, today, tomorrow, last = _days(plan)
    for target in PlanTarget:
        for day in (today, tomorrow, last):
            _plan(user, target, day)
    ApplicationFactory(user=user, date_applied=today)

    assert count() == without  # read already, with what says they happened, in the same statement


# Lifecycle and export ----------------------------------------------------------------------------


def test_deleting_the_week_deletes_its_plans(user, plan):
    _plan(user)

    WeeklyPlan.objects.filter(pk=plan.pk).delete()

    assert not IfThenPlan.objects.exists()


def test_deleting_the_account_deletes_the_plans(user, other_user, plan):
    services.plan_save(user=other_user, applications_target=1, conversations_target=1, practice_target=1)
    _plan(user)
    _plan(other_user, place="Theirs")

    accounts.user_delete(user=user)

    assert list(IfThenPlan.objects.values_list("place", flat=True)) == ["Theirs"]


def test_the_plans_are_in_the_persons_export_with_their_weeks(user, plan):
    _yesterday, today, *_ = _days(plan)
    services.if_then_happened(if_then=_plan(user, PlanTarget.PRACTICE, today, place="Desk", action="Kata", at=None))

    [week] = list(export.sections()["weekly_plans"](user))

    [row] = week["if_then_plans"]
    assert row["target"] == "practice" and row["day"] == today.isoformat() and row["at"] is None
    assert (row["place"], row["action"]) == ("Desk", "Kata") and row["ticked_at"]
