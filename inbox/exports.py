"""inbox's sections of "Export my data": the mailbox's settings (never its password, encrypted or
not) and the suggestions found, with what the person said of each."""

from collections.abc import Iterator

from inbox.models import Mailbox, Suggestion


def _iso(value):
    return value.isoformat() if value is not None else None


def mailbox(user) -> Iterator[dict]:
    fields = ("host", "port", "security", "username", "folder", "connected_at", "state")
    for row in Mailbox.objects.filter(user=user).values(*fields):
        yield {**row, "connected_at": _iso(row["connected_at"])}


SUGGESTION_FIELDS = ("received_at", "sender", "sender_name", "subject", "meaning", "phrases", "excerpt")


def suggestions(user) -> Iterator[dict]:
    rows = Suggestion.objects.for_user(user).order_by("received_at", "pk")
    for row in rows.values(*SUGGESTION_FIELDS, "application_id", "state", "handled_at").iterator(chunk_size=2000):
        yield {**row, "received_at": _iso(row["received_at"]), "handled_at": _iso(row["handled_at"])}


def register_sections(register) -> None:
    register("mailbox", mailbox)
    register("inbox_suggestions", suggestions)
