"""Small display helpers for the pipeline's templates."""

import html
from functools import cache
from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.pages import address_of
from jobhunt import postings
from jobhunt.models import Status

register = template.Library()


@register.simple_tag
def status_badge(status):
    """<span class="stage-badge stage-interviewing">Interviewing</span> for a status value: each
    stage in its own colour (static/css/rebound.css), the same everywhere."""
    return _badge(status)


@cache
def _badge(status) -> str:
    # Nine stages, nine badges: each is written once (lists show one per row).
    try:
        status = Status(status)
    except ValueError:
        return format_html('<span class="stage-badge">{}</span>', status)
    return format_html('<span class="stage-badge stage-{}">{}</span>', status.value, status.label)


@register.filter
def stars(value):
    """Interest 1–5 as ★★★☆☆ (pair it with a text alternative for screen readers)."""
    try:
        value = max(0, min(5, int(value)))
    except (TypeError, ValueError):
        return ""
    return "★" * value + "☆" * (5 - value)


@register.filter
def percent(value):
    """0.4286 -> "43%"; None (nothing to divide by) -> "—"."""
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.filter
def bar_width(value, total):
    """Width of a chart bar, in percent of the largest value (SVG attribute, no inline style)."""
    try:
        width = 100 * float(value) / float(total) if total else 0
    except (TypeError, ValueError):
        width = 0
    # Formatted here so the attribute never picks up a locale's decimal comma.
    return f"{max(0.0, min(width, 100.0)):.1f}"


@register.filter
def application_url(pk) -> str:
    """The application page of `pk`, without a reverse() per row (long lists and the board)."""
    return address_of("jobhunt:application_detail", pk)


@register.filter
def move_url(pk) -> str:
    """Where an application of `pk` is moved (its move page, or the POST the board script sends)."""
    return address_of("jobhunt:application_move", pk)


def _day(value) -> str:
    return f"{value:%a} {value.day} {value:%b}"


@register.simple_tag(takes_context=True)
def board_cards(context, column):
    """A board column's cards. Written in Python in one go: through the template engine a board's
    hundred cards took longer than everything else on the page (measured in bench/dashboard.py).

    Each card links to its application and to its Move page (which board.js turns into a menu);
    every text the person typed is escaped here (html.escape, as django.utils.html.escape does)."""
    back = "?next=" + quote(context["request"].path, safe="/")
    tz = timezone.get_current_timezone()
    cards = []
    for card in column.cards:
        pk, role = card.pk, html.escape(card.role_title)
        days = card.days_in_stage
        here = f"{days} day{'s' if days != 1 else ''} here" if days else "moved today"
        lines = [f'<div class="small text-body-secondary">{html.escape(card.company)} · {here}</div>']
        if card.next_interview:
            lines.append(f'<div class="small">Interview {_day(timezone.localtime(card.next_interview, tz))}</div>')
        if card.next_step:
            when = f" · {_day(card.next_step_date)}" if card.next_step_date else ""
            lines.append(f'<div class="small">Next: {html.escape(card.next_step)}{when}</div>')
        cards.append(
            f'<li class="card board-card mb-2" draggable="true" data-card data-move="{move_url(pk)}" id="card-{pk}">'
            f'<div class="card-body p-2"><a class="board-title" href="{application_url(pk)}">{role}</a>{"".join(lines)}'
            f'<a class="small board-move" href="{move_url(pk)}{back}" data-move-link>Move'
            f'<span class="visually-hidden"> {role}</span></a></div></li>\n'
        )
    return SafeString("".join(cards))


@register.filter
def posting_html(description: str) -> SafeString:
    """A kept job description, cleaned again as it is shown: saving cleans it, but a row written
    around save() (a bulk update, the shell) must not reach the page as markup."""
    return SafeString(postings.clean_description(description))
