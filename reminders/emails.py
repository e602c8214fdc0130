"""Writing reminder emails: one reminder on its own, or the daily email with a section for each.

Every email has a subject from its kinds, plain-text and HTML parts, absolute links, a stable
Message-ID and RFC 8058 one-click unsubscribe headers.

What the one-click header unsubscribes from: an email about one reminder stops that kind; the
daily email with several sections is one list, so its header stops every reminder email (mail
providers act on headers, which are not forwarded with an email). The links in the body only
ever stop one kind each: a forwarded email must not let someone else switch everything off.
"""

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reminders import tokens

NUMBERS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine"}


@cache
def _text_engine() -> Engine:
    """Templates for the plain-text part, with autoescaping off: "&" stays "&" in a text email.

    Same folders as the site's templates, so `{% extends "emails/base.txt" %}` works as usual.
    """
    return Engine(dirs=[str(d) for d in settings.TEMPLATES[0]["DIRS"]], app_dirs=True, autoescape=False)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "rebound.localhost"


def message_id(reminder) -> str:
    """The same for every attempt, so a resend after a crash is recognisable as the same email."""
    return f"<reminder-{reminder.pk}@{_host()}>"


def daily_message_id(delivery_id: int) -> str:
    """One per daily email (a Delivery row), whatever it holds by the time it goes out."""
    return f"<daily-{delivery_id}@{_host()}>"


def unsubscribe_url(user, kind_name: str) -> str:
    return absolute(reverse("reminders:unsubscribe", args=[tokens.make(user, kind_name)]))


def _tidy(text: str) -> str:
    """Template tags leave blank lines behind; keep at most one between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _one_line(text) -> str:
    return " ".join(str(text).split())[:250]  # a subject is one line, whatever the data held


def _context(user, kind, about, reminder) -> dict:
    action_path = kind.action_url(about) if kind.action_url else None
    return {
        "user": user,
        "reminder": reminder,
        "about": about,
        "kind_label": kind.label,
        "action_url": absolute(action_path) if action_path else None,
        "unsubscribe_url": unsubscribe_url(user, kind.name),
        "preferences_url": absolute(reverse("reminders:preferences")),
        "site_url": settings.SITE_URL,
        **kind.context(about),
    }


def _render(template: str, context: dict) -> tuple[str, str]:
    text = _text_engine().get_template(f"{template}.txt").render(Context(context, autoescape=False))
    return text, render_to_string(f"{template}.html", context)


def _message(*, user, subject, text, html, message_id, unsubscribe, kinds, connection=None):
    message = EmailMultiAlternatives(
        subject=subject,
        body=_tidy(text),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Rebound-Reminder": ", ".join(kinds),
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def build(reminder, kind, about, *, message_id_header=None, connection=None) -> EmailMultiAlternatives:
    """The email of one reminder, in its kind's own words."""
    user = reminder.user
    context = _context(user, kind, about, reminder)
    context["subject"] = subject = _one_line(kind.subject(about))
    with timezone.override(user.tzinfo):  # dates and times in the email read in the person's time zone
        text, html = _render(kind.template, context)
    return _message(
        user=user,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id_header or message_id(reminder),
        unsubscribe=context["unsubscribe_url"],
        kinds=[kind.name],
        connection=connection,
    )


@dataclass(frozen=True)
class Item:
    """One reminder of a daily email: the row, its kind and what it is about."""

    reminder: object
    kind: object
    about: object


def in_order(items: list[Item]) -> list[Item]:
    """Most important first (ReminderKind.importance), then the earliest planned."""
    return sorted(items, key=lambda item: (item.kind.importance, item.reminder.due_at, item.reminder.pk))


def daily_subject(items: list[Item]) -> str:
    """The most important reminder's own subject when it is alone, else its headline and a count."""
    first, *others = in_order(items)
    if not others:
        return _one_line(first.kind.subject(first.about))
    return _one_line(f"{first.kind.headline_for(first.about)} — and {len(others)} more")


def section(user, item: Item) -> dict:
    """One reminder's part of the daily email: its headline, a few lines and its action link."""
    context = _context(user, item.kind, item.about, item.reminder)
    context["headline"] = _one_line(item.kind.headline_for(item.about))
    with timezone.override(user.tzinfo):
        text, html = _render(item.kind.section, context)
    return {
        "headline": context["headline"],
        "kind_label": item.kind.label,
        "unsubscribe_url": context["unsubscribe_url"],
        "text": _tidy(text).strip(),
        "html": html,  # a SafeString from the autoescaping engine: placed in the email as it is
    }


def build_daily(delivery_id: int, user, items: list[Item], *, sections=None, connection=None) -> EmailMultiAlternatives:
    """The daily email: a short section per reminder, the most important first.

    With one reminder left it is that reminder's own email, under the daily Message-ID.
    `sections`, if given, are the items' sections already written, in the order of `in_order`.
    """
    items = in_order(items)
    if len(items) == 1:
        (item,) = items
        return build(item.reminder, item.kind, item.about, message_id_header=daily_message_id(delivery_id))
    if sections is None:
        sections = [section(user, item) for item in items]
    subject = daily_subject(items)
    context = {
        "user": user,
        "subject": subject,
        "intro": f"{NUMBERS.get(len(items), len(items))} things for today, the most pressing first.",
        "sections": sections,
        "preferences_url": absolute(reverse("reminders:preferences")),
        "site_url": settings.SITE_URL,
    }
    text, html = _render("emails/daily", context)
    return _message(
        user=user,
        subject=subject,
        text=text,
        html=html,
        message_id=daily_message_id(delivery_id),
        unsubscribe=unsubscribe_url(user, tokens.ALL),
        kinds=[item.kind.name for item in items],
        connection=connection,
    )
