"""What "Export my data" downloads. Each app registers the sections it owns from
AppConfig.ready(), so accounts never imports the apps built on it:

    export.register("applications", lambda user: (row_dict for row in ...))

A section is a function from the user to an iterable of JSON-ready dicts; it is consumed
lazily so the download can stream.
"""

from collections.abc import Callable, Iterable
from typing import Any

_SECTIONS: dict[str, Callable[[Any], Iterable[dict]]] = {}
# Top-level keys the export itself writes.
RESERVED = frozenset({"exported_at", "account"})


def register(name: str, rows: Callable[[Any], Iterable[dict]]) -> None:
    if name in RESERVED:
        raise ValueError(f"{name!r} is part of every export already; pick another section name.")
    _SECTIONS[name] = rows


def sections() -> dict[str, Callable[[Any], Iterable[dict]]]:
    return dict(_SECTIONS)
