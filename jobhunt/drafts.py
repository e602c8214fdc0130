"""Messages Rebound drafts for the person to edit and send from their own mailbox."""

from urllib.parse import quote


def greeting(contact) -> str:
    return f"Hi {contact.name.split()[0]}," if contact and contact.name.strip() else "Hello,"


def mailto(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"


def follow_up(application, contact=None) -> dict:
    """One polite check-in about an application that has had no answer."""
    day = application.date_applied
    applied = f" on {day.day} {day:%B}" if day else ""
    subject = f"Checking in: {application.role_title}"
    body = (
        f"{greeting(contact)}\n\n"
        f"I applied for the {application.role_title} role at {application.company.name}{applied} and wanted to "
        "check in. Is the position still open, and is there any update you can share?\n\n"
        "I'm still interested. If the role has been filled, a quick note would help me plan ahead.\n\n"
        f"Thank you for your time,\n{application.user.name}"
    )
    address = contact.email if contact else ""
    return {"subject": subject, "body": body, "mailto": mailto(address, subject, body), "to": contact}


def withdrawal(application, contact=None) -> dict:
    """A short, warm note to step back from an application, leaving the door open."""
    subject = f"Withdrawing my application: {application.role_title}"
    body = (
        f"{greeting(contact)}\n\n"
        f"Thank you for considering me for the {application.role_title} role at {application.company.name}. "
        "I've accepted another offer, so I'd like to withdraw my application.\n\n"
        "I appreciated the time you gave me, and I'd be glad to stay in touch.\n\n"
        f"All the best,\n{application.user.name}"
    )
    address = contact.email if contact else ""
    return {"subject": subject, "body": body, "mailto": mailto(address, subject, body), "to": contact}
