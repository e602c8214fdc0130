"""The walkthrough's four steps: their order, what each one shows for each ending, and the skip rules.

Everything that says "which step comes next" or "this ending skips that" lives here, so the
services, the views and the templates all follow the same rules.
"""

from django.db import models

from recovery.endings import Ending


class Step(models.TextChoices):
    # Declared in walking order; the values are the URL slugs.
    FEEDBACK = "feedback", "Get feedback"
    CLEAR_HEAD = "clear-your-head", "Clear your head"
    STAY_POSITIVE = "stay-positive", "Stay positive"
    GAME_PLAN = "game-plan", "Stick to the game plan"


ORDER: tuple[Step, ...] = tuple(Step)


class StepState(models.TextChoices):
    PENDING = "pending", "To do"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class SkipReason(models.TextChoices):
    AUTOMATED = "automated", "It was an automated rejection"
    NOBODY_TO_ASK = "nobody_to_ask", "There's nobody to ask"
    NOT_NOW = "not_now", "I'd rather not ask this time"


# Only asking for feedback can be skipped; the other steps are yours even when they are short.
SKIPPABLE = frozenset({Step.FEEDBACK})

# Skips that follow from the ending alone. They are undone if the person corrects the ending.
AUTO_SKIPS: dict[str, dict[Step, SkipReason]] = {
    Ending.AUTOMATED: {Step.FEEDBACK: SkipReason.AUTOMATED},
}

# What each step shows. Templates check membership ("lessons" in sections).
_SECTIONS: dict[Step, tuple[str, ...]] = {
    Step.FEEDBACK: ("request", "feedback", "actions"),
    Step.CLEAR_HEAD: ("writing", "lessons", "what_ifs", "reset", "stay_connected", "close"),
    Step.STAY_POSITIVE: ("mood", "perspective", "wins"),
    Step.GAME_PLAN: ("plan", "habits", "contacts", "actions", "finish"),
}
_SECTIONS_BY_ENDING: dict[str, dict[Step, tuple[str, ...]]] = {
    # Nobody to ask: step 1 only says so and moves on.
    Ending.AUTOMATED: {Step.FEEDBACK: ()},
    # Silence: one polite follow-up instead of a feedback request (and a place for their reply
    # if one comes), then a lighter clear-your-head without lessons to draw from nothing.
    Ending.GHOSTED: {
        Step.FEEDBACK: ("follow_up", "feedback"),
        Step.CLEAR_HEAD: ("writing", "what_ifs", "reset", "stay_connected", "close"),
    },
}
_TITLES_BY_ENDING: dict[str, dict[Step, str]] = {
    Ending.GHOSTED: {Step.FEEDBACK: "Follow up once"},
}


def auto_skips(ending: str) -> dict[Step, SkipReason]:
    return AUTO_SKIPS.get(ending, {})


def sections(step: Step, ending: str) -> tuple[str, ...]:
    return _SECTIONS_BY_ENDING.get(ending, {}).get(step, _SECTIONS[step])


def title(step: Step, ending: str) -> str:
    return _TITLES_BY_ENDING.get(ending, {}).get(step, Step(step).label)


def number(step: Step) -> int:
    return ORDER.index(step) + 1


def following(step: Step) -> Step | None:
    index = ORDER.index(step)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def previous(step: Step) -> Step | None:
    index = ORDER.index(step)
    return ORDER[index - 1] if index > 0 else None


def reconciled(step: Step, ending: str, state: str, skip_reason: str) -> tuple[str, str]:
    """The (state, skip reason) a step should have under `ending`.

    An ending's automatic skip applies to a step still to do; a skip that only an ending made
    (say "automated") is lifted when the ending no longer calls for it. The person's own
    choices (done, or skipped for their own reason) are left alone.
    """
    wanted = auto_skips(ending).get(step)
    if wanted and state == StepState.PENDING:
        return StepState.SKIPPED, wanted
    automatic = {reason for skips in AUTO_SKIPS.values() for reason in skips.values()}
    if not wanted and state == StepState.SKIPPED and skip_reason in automatic:
        return StepState.PENDING, ""
    return state, skip_reason
