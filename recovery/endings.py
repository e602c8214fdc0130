"""How an application ended, worked out from its timeline and interviews: the one place it is decided.

The walkthrough adapts to the ending (see recovery.steps). The person can always correct it.
"""

from django.db import models

from jobhunt.models import PROGRESS, Interview, Status


class Ending(models.TextChoices):
    AUTOMATED = "automated", "Automated rejection"
    AFTER_SCREENING = "after_screening", "Rejected after screening"
    AFTER_INTERVIEWS = "after_interviews", "Rejected after interviews"
    NEAR_MISS = "near_miss", "Near miss"
    GHOSTED = "ghosted", "Ghosted"


DREAM_JOB_INTEREST = 5


def derive_ending(application) -> Ending:
    """The ending the timeline tells, checked from the strongest signal down.

    - ghosted: the application ended in silence;
    - near miss: a final or onsite interview, an offer stage, or a role rated 5/5;
    - after interviews: any interview beyond a phone screen, or the interviewing stage;
    - after screening: a phone screen, the screening stage, or anyone known at the company;
    - automated: nobody was ever in touch (no interviews, no contacts, straight from applied).
    """
    if application.status == Status.GHOSTED:
        return Ending.GHOSTED
    reached = max(
        (PROGRESS.get(status, 0) for status in application.events.values_list("to_status", flat=True)), default=0
    )
    kinds = set(application.interviews.exclude(outcome=Interview.Outcome.CANCELLED).values_list("kind", flat=True))
    if kinds & Interview.LATE_STAGE or reached >= PROGRESS[Status.OFFER] or application.interest >= DREAM_JOB_INTEREST:
        return Ending.NEAR_MISS
    if kinds - {Interview.Kind.PHONE_SCREEN} or reached >= PROGRESS[Status.INTERVIEWING]:
        return Ending.AFTER_INTERVIEWS
    if kinds or reached >= PROGRESS[Status.SCREENING] or application.contacts.exists():
        return Ending.AFTER_SCREENING
    return Ending.AUTOMATED
