"""The messages the walkthrough drafts for the person to edit and send themselves."""

from urllib.parse import quote

from recovery.endings import Ending


def _greeting(contact) -> str:
    return f"Hi {contact.name.split()[0]}," if contact and contact.name.strip() else "Hello,"


def feedback_request(journey, contact) -> dict:
    """A short, gracious request for feedback, addressed to the person met (if known)."""
    application = journey.application
    company = application.company.name
    user = journey.user
    if journey.ending == Ending.GHOSTED:
        subject = f"Checking in: {application.role_title}"
        day = application.date_applied
        applied = f" on {day.day} {day:%B}" if day else ""
        body = (
            f"{_greeting(contact)}\n\n"
            f"I applied for the {application.role_title} role at {company}{applied} and wanted to check in. "
            "Is the position still open, and is there any update you can share?\n\n"
            "I'm still interested. If the role has been filled, a quick note would help me plan ahead.\n\n"
            f"Thank you for your time,\n{user.name}"
        )
    else:
        subject = f"Feedback on my application: {application.role_title}"
        met = (
            " and for the time you and the team gave me"
            if journey.ending in (Ending.AFTER_INTERVIEWS, Ending.NEAR_MISS)
            else ""
        )
        ask = (
            "I understand it was a close decision, so I'd especially value hearing what tipped it, "
            "and what would have made me the stronger candidate."
            if journey.ending == Ending.NEAR_MISS
            else "If you have a few minutes, I'd be grateful for any feedback: what weighed most in the "
            "decision, and what I could do better next time."
        )
        body = (
            f"{_greeting(contact)}\n\n"
            f"Thank you for letting me know about the {application.role_title} role{met}. "
            "I'm disappointed, but I appreciated the chance.\n\n"
            f"{ask} Even a line or two would help.\n\n"
            f"I'd be glad to stay in touch for future openings at {company}.\n\n"
            f"Best regards,\n{user.name}"
        )
    return {"subject": subject, "body": body, "mailto": mailto(contact.email if contact else "", subject, body)}


def mailto(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"
