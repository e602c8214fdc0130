"""What "Export my data" downloads: one JSON file, written as it is read.

Each app registers the sections it owns from AppConfig.ready(), so accounts never imports the
apps built on it:

    export.register("applications", lambda user: (row_dict for row in ...))

A section is a function from the user to an iterable of JSON-ready dicts, consumed lazily so the
download streams. A section reads its rows in a few statements whatever their number: plain
values through `.iterator()`, and the rows that belong to each of them (an application's
timeline, a journey's lessons) in one more ordered statement each, matched up with `Following`.
"""

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

_SECTIONS: dict[str, Callable[[Any], Iterable[dict]]] = {}
# Top-level keys the export itself writes.
RESERVED = frozenset({"exported_at", "account"})
# What "account" holds: the profile, never the password hash or permissions.
ACCOUNT_FIELDS = (
    "email",
    "display_name",
    "time_zone",
    "ghosting_days",
    "reminder_hour",
    "weekly_plan_day",
    "reminders_enabled",
    "reminders_bundled",
    "muted_reminder_kinds",
    "reminders_paused_until",
    "theme",
    "date_joined",
    "last_login",
)
# The text is handed to the server in pieces of about this many characters: few enough pieces
# to cost nothing, small enough that a long history never sits in memory.
CHUNK_CHARACTERS = 64 * 1024


def register(name: str, rows: Callable[[Any], Iterable[dict]]) -> None:
    if name in RESERVED:
        raise ValueError(f"{name!r} is part of every export already; pick another section name.")
    _SECTIONS[name] = rows


def sections() -> dict[str, Callable[[Any], Iterable[dict]]]:
    return dict(_SECTIONS)


def account_row(user) -> dict:
    return {name: getattr(user, name) for name in ACCOUNT_FIELDS}


def json_chunks(*, user, now: datetime | None = None) -> Iterator[str]:
    """The export as JSON text, CHUNK_CHARACTERS at a time, whatever the data size:

    {"exported_at": …, "account": {…}, "<section>": [rows…], …}
    """
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    now = now or timezone.now()
    pending = [f'{{\n"exported_at": {encode(now)},\n"account": {encode(account_row(user))}']
    size = 0
    for name, rows in sections().items():
        pending.append(f",\n{encode(name)}: [")
        separator = "\n"
        for row in rows(user):
            text = encode(row)
            pending += (separator, text)
            separator = ",\n"
            size += len(text)
            if size >= CHUNK_CHARACTERS:
                yield "".join(pending)
                pending, size = [], 0
        pending.append("\n]")
    pending.append("\n}\n")
    yield "".join(pending)


def file_name(*, user, now: datetime | None = None) -> str:
    day = timezone.localtime(now or timezone.now(), user.tzinfo).date()
    return f"rebound-export-{day.isoformat()}.json"


class Following:
    """Rows read in one statement beside a section's main rows and in the same order, handed out
    to each main row in turn: a merge of two ordered reads instead of one query per row.

    Each row starts with the key of the main row it belongs to (the first `keys` values); keys
    only rise from row to row, as the main rows' do. Rows of a key the main rows never reach (a
    row added between the two reads) are passed over.
    """

    def __init__(self, rows: Iterable[tuple], *, keys: int = 1):
        self._keys = keys
        self._groups = itertools.groupby(rows, key=operator.itemgetter(*range(keys)))
        self._ahead = next(self._groups, None)

    def take(self, key) -> list[tuple]:
        """The rows of `key`, without their key; the rows of keys before it are passed over."""
        while self._ahead is not None and self._ahead[0] < key:
            self._ahead = next(self._groups, None)
        if self._ahead is None or self._ahead[0] != key:
            return []
        rows = [row[self._keys :] for row in self._ahead[1]]
        self._ahead = next(self._groups, None)
        return rows
