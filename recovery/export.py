"""The walkthrough's sections of "Export my data" (registered from RecoveryConfig.ready): plain
values in a few ordered statements each, whatever the number of journeys and check-ins."""

from accounts import export
from accounts.export import Following
from recovery import steps
from recovery.models import (
    HabitCheckIn,
    IfThenPlan,
    ImprovementAction,
    Journey,
    JourneyStep,
    Lesson,
    MoodCheckIn,
    NoteToFutureSelf,
    ResetActivity,
    StayConnected,
    Story,
    WeeklyPlan,
    WhatIf,
    Win,
    WritingSession,
)

CHUNK = 2000
RESET_LABELS = dict(ResetActivity.choices)


def _iso(value):
    return value.isoformat() if value else None


def _rows(queryset, *fields):
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)


def _reset_label(activity: str, own: str) -> str:
    """As Journey.reset_activity_label says it: the person's own words for their own activity."""
    if activity == ResetActivity.OWN:
        return own
    return RESET_LABELS.get(activity, activity) if activity else ""


JOURNEY_FIELDS = (
    "started_at",
    "pk",
    "application__role_title",
    "application__company__name",
    "ending",
    "finished_at",
    "summary",
    "ask_contact__name",
    "request_message",
    "request_sent_on",
    "feedback",
    "feedback_received_on",
    "their_perspective",
    "deciding_factors",
    "reset_activity",
    "reset_activity_other",
    "reset_done_on",
    "chapter_closed_on",
)


def journeys(user):
    mine = Journey.objects.for_user(user)

    def parts(model, *fields):
        """The journeys' rows of one kind, keyed and ordered like the journeys themselves."""
        rows = model.objects.filter(journey__in=mine)
        order = ("journey__started_at", "journey_id", *model._meta.ordering)
        return Following(_rows(rows.order_by(*order), "journey__started_at", "journey_id", *fields), keys=2)

    step_rows = parts(JourneyStep, "step", "state", "skip_reason", "done_at")
    actions = parts(ImprovementAction, "title", "due_on", "done_on")
    lessons = parts(Lesson, "text")
    what_ifs = parts(WhatIf, "text", "released_at")
    people = parts(StayConnected, "contact__name", "reconnect_on")
    writing = parts(WritingSession, "written_on", "text")
    for row in _rows(mine.order_by("started_at", "pk"), *JOURNEY_FIELDS):
        journey = dict(zip(JOURNEY_FIELDS, row, strict=True))
        key = (journey["started_at"], journey["pk"])
        states = {step: (state, skip_reason, done_at) for step, state, skip_reason, done_at in step_rows.take(key)}
        yield {
            "application": f"{journey['application__role_title']} at {journey['application__company__name']}",
            "ending": journey["ending"],
            "started_at": journey["started_at"].isoformat(),
            "finished_at": _iso(journey["finished_at"]),
            "summary": journey["summary"],
            "steps": [
                {"step": step, "state": state, "skip_reason": skip_reason, "done_at": _iso(done_at)}
                for step in steps.ORDER
                if step in states
                for state, skip_reason, done_at in [states[step]]
            ],
            "feedback": {
                "asked": journey["ask_contact__name"] or "",
                "message": journey["request_message"],
                "sent_on": _iso(journey["request_sent_on"]),
                "feedback": journey["feedback"],
                "received_on": _iso(journey["feedback_received_on"]),
                "their_perspective": journey["their_perspective"],
                "deciding_factors": journey["deciding_factors"],
            },
            "improvement_actions": [
                {"title": title, "due_on": _iso(due_on), "done_on": _iso(done_on)}
                for title, due_on, done_on in actions.take(key)
            ],
            "lessons": [text for (text,) in lessons.take(key)],
            "what_ifs": [{"text": text, "released_at": _iso(released_at)} for text, released_at in what_ifs.take(key)],
            "reset_activity": _reset_label(journey["reset_activity"], journey["reset_activity_other"]),
            "reset_done_on": _iso(journey["reset_done_on"]),
            "stay_connected": [
                {"contact": name, "reconnect_on": _iso(reconnect_on)} for name, reconnect_on in people.take(key)
            ],
            "chapter_closed_on": _iso(journey["chapter_closed_on"]),
            # Step 2's private writing, a day at a time (in this export, and nowhere else).
            "writing_sessions": [{"on": _iso(on), "text": text} for on, text in writing.take(key)],
        }


def mood_check_ins(user):
    rows = MoodCheckIn.objects.for_user(user).order_by("created_at", "pk")
    for at, mood, note in _rows(rows, "created_at", "mood", "note"):
        yield {"at": at.isoformat(), "mood": mood, "note": note}


def wins(user):
    for on, text in _rows(Win.objects.for_user(user).order_by("happened_on", "id"), "happened_on", "text"):
        yield {"on": _iso(on), "win": text}


PLAN_FIELDS = (
    "week_start",
    "pk",
    "applications_target",
    "conversations_target",
    "conversations_done",
    "practice_target",
    "practice_done",
)


def weekly_plans(user):
    mine = WeeklyPlan.objects.for_user(user)
    people = Following(
        _rows(
            WeeklyPlan.contacts.through.objects.filter(weeklyplan__in=mine).order_by(
                "weeklyplan__week_start", "weeklyplan_id", "contact__name", "contact_id"
            ),
            "weeklyplan__week_start",
            "weeklyplan_id",
            "contact__name",
        ),
        keys=2,
    )
    if_then = Following(
        _rows(
            IfThenPlan.objects.filter(plan__in=mine).order_by("plan__week_start", "plan_id", "day", "at", "id"),
            "plan__week_start",
            "plan_id",
            "target",
            "day",
            "at",
            "place",
            "action",
            "ticked_at",
        ),
        keys=2,
    )
    for row in _rows(mine.order_by("week_start", "pk"), *PLAN_FIELDS):
        plan = dict(zip(PLAN_FIELDS, row, strict=True))
        yield {
            "week_start": _iso(plan["week_start"]),
            "applications_target": plan["applications_target"],
            "conversations_target": plan["conversations_target"],
            "conversations_done": plan["conversations_done"],
            "practice_target": plan["practice_target"],
            "practice_done": plan["practice_done"],
            "people_to_reach": [name for (name,) in people.take((plan["week_start"], plan["pk"]))],
            "if_then_plans": [
                {
                    "target": target,
                    "day": _iso(day),
                    "at": at.strftime("%H:%M") if at else None,
                    "place": place,
                    "action": action,
                    "ticked_at": _iso(ticked_at),
                }
                for target, day, at, place, action, ticked_at in if_then.take((plan["week_start"], plan["pk"]))
            ],
        }


def habit_check_ins(user):
    fields = ("day", "active", "ate_well", "slept_well", "rest_day")
    for row in _rows(HabitCheckIn.objects.for_user(user).order_by("day"), *fields):
        habits = dict(zip(fields, row, strict=True))
        yield habits | {"day": _iso(habits["day"])}


STORY_FIELDS = (
    "journey__started_at",
    "journey__application__role_title",
    "journey__application__company__name",
    "explanation",
    "all_about_me",
    "always",
    "everything",
    "fairer_version",
    "updated_at",
)


def stories(user):
    """Step 3's stories, one a journey, in the journeys' order (each says which application it
    was about). Private writing: in this export, and nowhere outside the person's own pages."""
    rows = Story.objects.for_user(user).order_by("journey__started_at", "journey_id")
    for row in _rows(rows, *STORY_FIELDS):
        story = dict(zip(STORY_FIELDS, row, strict=True))
        role, company = story["journey__application__role_title"], story["journey__application__company__name"]
        yield {
            "application": f"{role} at {company}",
            "journey_started_at": story["journey__started_at"].isoformat(),
            "the_story_i_told_myself": story["explanation"],
            "is_it_all_about_me": story["all_about_me"],
            "will_it_always_be_so": story["always"],
            "does_it_spoil_everything": story["everything"],
            "a_fairer_version": story["fairer_version"],
            "updated_at": story["updated_at"].isoformat(),
        }


def note_to_future_self(user):
    """The sentence written for the day a "no" comes (one row, or none), or when it was passed over."""
    fields = ("text", "written_at", "skipped_at")
    for text, written_at, skipped_at in _rows(NoteToFutureSelf.objects.for_user(user), *fields):
        if text or skipped_at:
            yield {"text": text, "written_at": _iso(written_at), "skipped_at": _iso(skipped_at)}


def register() -> None:
    export.register("journeys", journeys)
    export.register("mood_check_ins", mood_check_ins)
    export.register("wins", wins)
    export.register("weekly_plans", weekly_plans)
    export.register("habit_check_ins", habit_check_ins)
    export.register("stories", stories)
    export.register("note_to_future_self", note_to_future_self)
