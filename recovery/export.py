"""The walkthrough's sections of "Export my data" (registered from RecoveryConfig.ready)."""

from django.db.models import Prefetch

from accounts import export
from recovery.models import HabitCheckIn, Journey, MoodCheckIn, StayConnected, WeeklyPlan, Win


def _iso(value):
    return value.isoformat() if value else None


def journeys(user):
    rows = (
        Journey.objects.for_user(user)
        .select_related("application__company", "ask_contact")
        .prefetch_related(
            "steps",
            "lessons",
            "what_ifs",
            "actions",
            Prefetch("stay_connected", StayConnected.objects.select_related("contact")),
        )
        .order_by("started_at", "id")
    )
    for journey in rows.iterator(chunk_size=200):
        yield {
            "application": str(journey.application),
            "ending": journey.ending,
            "started_at": journey.started_at.isoformat(),
            "finished_at": _iso(journey.finished_at),
            "summary": journey.summary,
            "steps": [
                {"step": step, "state": row.state, "skip_reason": row.skip_reason, "done_at": _iso(row.done_at)}
                for step, row in journey.step_states.items()
            ],
            "feedback": {
                "asked": journey.ask_contact.name if journey.ask_contact else "",
                "message": journey.request_message,
                "sent_on": _iso(journey.request_sent_on),
                "feedback": journey.feedback,
                "received_on": _iso(journey.feedback_received_on),
                "their_perspective": journey.their_perspective,
                "deciding_factors": journey.deciding_factors,
            },
            "improvement_actions": [
                {"title": action.title, "due_on": _iso(action.due_on), "done_on": _iso(action.done_on)}
                for action in journey.actions.all()
            ],
            "lessons": [lesson.text for lesson in journey.lessons.all()],
            "what_ifs": [{"text": item.text, "released_at": _iso(item.released_at)} for item in journey.what_ifs.all()],
            "reset_activity": journey.reset_activity_label,
            "reset_done_on": _iso(journey.reset_done_on),
            "stay_connected": [
                {"contact": row.contact.name, "reconnect_on": _iso(row.reconnect_on)}
                for row in journey.stay_connected.all()
            ],
            "chapter_closed_on": _iso(journey.chapter_closed_on),
        }


def mood_check_ins(user):
    for row in MoodCheckIn.objects.for_user(user).order_by("created_at").iterator():
        yield {"at": row.created_at.isoformat(), "mood": row.mood, "note": row.note}


def wins(user):
    for row in Win.objects.for_user(user).order_by("happened_on", "id").iterator():
        yield {"on": _iso(row.happened_on), "win": row.text}


def weekly_plans(user):
    rows = WeeklyPlan.objects.for_user(user).prefetch_related("contacts").order_by("week_start")
    for plan in rows.iterator(chunk_size=200):
        yield {
            "week_start": _iso(plan.week_start),
            "applications_target": plan.applications_target,
            "conversations_target": plan.conversations_target,
            "conversations_done": plan.conversations_done,
            "practice_target": plan.practice_target,
            "practice_done": plan.practice_done,
            "people_to_reach": [contact.name for contact in plan.contacts.all()],
        }


def habit_check_ins(user):
    for row in HabitCheckIn.objects.for_user(user).order_by("day").iterator():
        yield {
            "day": _iso(row.day),
            "active": row.active,
            "ate_well": row.ate_well,
            "slept_well": row.slept_well,
            "rest_day": row.rest_day,
        }


def register() -> None:
    export.register("journeys", journeys)
    export.register("mood_check_ins", mood_check_ins)
    export.register("wins", wins)
    export.register("weekly_plans", weekly_plans)
    export.register("habit_check_ins", habit_check_ins)
