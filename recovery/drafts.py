"""The messages the walkthrough drafts for the person to edit and send themselves."""

from jobhunt import drafts
from recovery.endings import Ending


def feedback_request(journey, contact) -> dict:
    """A short, gracious request for feedback, addressed to the person met (if known).

    After a silence there is nothing to ask feedback on yet: the draft is the one polite
    check-in jobhunt offers for any application waiting for an answer.
    """
    application = journey.application
    if journey.ending == Ending.GHOSTED:
        return drafts.follow_up(application, contact)
    subject = f"Feedback on my application: {application.role_title}"
    time_given = (
        "the time you and the team gave me in the interviews"
        if journey.ending in (Ending.AFTER_INTERVIEWS, Ending.NEAR_MISS)
        else "the time you gave my application"
    )
    ask = (
        "I understand it was a close decision, so I'd especially value hearing what tipped it, "
        "and what would have made me the stronger candidate."
        if journey.ending == Ending.NEAR_MISS
        else "If you have a few minutes, I'd be grateful for any feedback: what weighed most in the "
        "decision, and what I could do better next time."
    )
    body = (
        f"{drafts.greeting(contact)}\n\n"
        f"Thank you for letting me know your decision on the {application.role_title} role, and for "
        f"{time_given}. I'm disappointed, but I appreciated the chance.\n\n"
        f"{ask} Even a line or two would help.\n\n"
        f"I'd be glad to stay in touch for future openings at {application.company.name}.\n\n"
        f"Best regards,\n{journey.user.name}"
    )
    address = contact.email if contact else ""
    return {"subject": subject, "body": body, "mailto": drafts.mailto(address, subject, body), "to": contact}
