"""Writing a reminder's email: subject from its kind, plain-text and HTML parts, absolute links,
a stable Message-ID and RFC 8058 one-click unsubscribe headers."""

import re
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reminders import tokens


@cache
def _text_engine() -> Engine:
    """Templates for the plain-text part, with autoescaping off: "&" stays "&" in a text email.

    Same folders as the site's templates, so `{% extends "emails/base.txt" %}` works as usual.
    """
    return Engine(dirs=[str(d) for d in settings.TEMPLATES[0]["DIRS"]], app_dirs=True, autoescape=False)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def message_id(reminder) -> str:
    """The same for every attempt, so a resend after a crash is recognisable as the same email."""
    return f"<reminder-{reminder.pk}@{urlsplit(settings.SITE_URL).hostname or 'rebound.localhost'}>"


def unsubscribe_url(user, kind_name: str) -> str:
    return absolute(reverse("reminders:unsubscribe", args=[tokens.make(user, kind_name)]))


def _tidy(text: str) -> str:
    """Template tags leave blank lines behind; keep at most one between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def build(reminder, kind, about, *, connection=None) -> EmailMultiAlternatives:
    user = reminder.user
    subject = " ".join(str(kind.subject(about)).split())[:250]  # one line, whatever the data held
    action_path = kind.action_url(about) if kind.action_url else None
    unsubscribe = unsubscribe_url(user, kind.name)
    context = {
        "user": user,
        "reminder": reminder,
        "about": about,
        "subject": subject,
        "kind_label": kind.label,
        "action_url": absolute(action_path) if action_path else None,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("reminders:preferences")),
        "site_url": settings.SITE_URL,
        **kind.context(about),
    }
    with timezone.override(user.tzinfo):  # dates and times in the email read in the person's time zone
        text = _text_engine().get_template(f"{kind.template}.txt").render(Context(context, autoescape=False))
        html = render_to_string(f"{kind.template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=_tidy(text),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
        headers={
            "Message-ID": message_id(reminder),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Rebound-Reminder": kind.name,
        },
    )
    message.attach_alternative(html, "text/html")
    return message
