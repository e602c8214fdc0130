"""Small display helpers for the pipeline's templates."""

import html
from functools import cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.pages import url_for_each_pk
from jobhunt.models import Status

register = template.Library()

# Bootstrap's text-bg-* classes pick a readable text colour for each background.
STATUS_STYLE = {
    Status.SAVED: "text-bg-light border",
    Status.APPLIED: "text-bg-primary",
    Status.SCREENING: "text-bg-info",
    Status.INTERVIEWING: "text-bg-warning",
    Status.OFFER: "text-bg-success",
    Status.ACCEPTED: "text-bg-success",
    Status.REJECTED: "text-bg-danger",
    Status.WITHDRAWN: "text-bg-secondary",
    Status.GHOSTED: "text-bg-dark",
}


@register.inclusion_tag("jobhunt/_status_badge.html")
def status_badge(status):
    """<span class="badge …">Interviewing</span> for a status value."""
    try:
        status = Status(status)
    except ValueError:
        return {"label": status, "style": "text-bg-light border"}
    return {"label": status.label, "style": STATUS_STYLE[status]}


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


@cache
def _status_options(selected: str) -> str:
    # The same nine options on every card, only the selected one changes: built once per stage.
    return "".join(
        f'<option value="{value}"{" selected" if value == selected else ""}>{html.escape(label)}</option>'
        for value, label in Status.choices
    )


@register.simple_tag(takes_context=True)
def board_cards(context, column):
    """A board column's cards, each with its "move to" form: a plain POST that works without
    JavaScript (board.js sends the same form on drop). Written in Python in one go because a board
    has up to 180 cards: through the template engine the cards took most of the page's time.

    Each form carries its own CSRF token and `next` (a form's fields can't be shared without
    sending every card's stage along); the select's accessible name says which card it moves."""
    # Reversed once for the whole board rather than twice per card.
    detail, move = url_for_each_pk("jobhunt:application_detail"), url_for_each_pk("jobhunt:application_move")
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{html.escape(str(context.get("csrf_token", "")))}">'
        f'<input type="hidden" name="next" value="{html.escape(context["request"].get_full_path())}">'
    )
    cards = []
    for application in column.applications:
        pk, role = application.pk, html.escape(application.role_title)
        where = html.escape(application.company.name)
        if application.location:
            where += " · " + html.escape(application.location)
        cards.append(
            f'<li class="card board-card mb-2" draggable="true" data-card id="card-{pk}"><div class="card-body p-2">'
            f'<a class="board-title" href="{detail(pk)}">{role}</a>'
            f'<div class="small text-body-secondary">{where}</div>'
            f'<div class="small text-warning-emphasis mb-2">'
            f'<span aria-hidden="true">{stars(application.interest)}</span>'
            f'<span class="visually-hidden">Interest {application.interest} of 5</span></div>'
            f'<form method="post" action="{move(pk)}" class="d-flex gap-1" data-move-form>{hidden}'
            f'<select id="move-{pk}" name="to_status" class="form-select form-select-sm" aria-label="Move “{role}” to">'
            f"{_status_options(application.status)}</select>"
            '<button type="submit" class="btn btn-sm btn-outline-secondary">Move</button></form></div></li>\n'
        )
    # Every text a person typed was escaped above (html.escape, as django.utils.html.escape does).
    return SafeString("".join(cards))


@register.simple_tag
def checkbox_list(field):
    """A multiple-choice field's checkboxes as crispy-forms' Bootstrap 5 pack writes them, in
    Python: a list of a thousand contacts otherwise takes seconds to render through its templates.
    Used by templates/jobhunt/_checkbox_list_field.html."""
    chosen = {str(value) for value in field.field.widget.format_value(field.value())}
    invalid = ' is-invalid" aria-invalid="true' if field.errors else ""
    name = html.escape(field.html_name)
    boxes = []
    for index, (value, label) in enumerate(field.field.choices):
        value, box_id = str(value), html.escape(f"{field.auto_id}_{index}")
        boxes.append(
            f'<div class="form-check"> <input type="checkbox" class="form-check-input{invalid}" name="{name}" '
            f'value="{html.escape(value)}" id="{box_id}"{" checked" if value in chosen else ""}> '
            f'<label for="{box_id}" class="form-check-label">{html.escape(str(label))}</label>'
        )
    if boxes and field.errors:  # under the last box, as crispy puts them
        boxes[-1] += format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
            ),
        )
    # Every value, label and id was escaped above (html.escape, as django.utils.html.escape).
    return SafeString("".join(f"{box} </div> " for box in boxes))
