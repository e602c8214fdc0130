from reminders.models import Reminder


def export_rows(user):
    """The person's reminders for "Export my data": what was planned, sent or called off, and when."""
    rows = Reminder.objects.filter(user=user).order_by("due_at", "pk")
    for kind, due_at, state, sent_at, attempts, last_error in rows.values_list(
        "kind", "due_at", "state", "sent_at", "attempts", "last_error"
    ).iterator(chunk_size=500):
        yield {
            "kind": kind,
            "due_at": due_at.isoformat(),
            "state": state,
            "sent_at": sent_at.isoformat() if sent_at else None,
            "attempts": attempts,
            "last_error": last_error,
        }
