"""What "Export my data" downloads. Each app registers the sections it owns from
AppConfig.ready(), so accounts never imports the apps built on it:

    export.register("applications", lambda user: (row_dict for row in ...))

A section is a function from the user to an iterable of JSON-ready dicts; it is consumed
lazily so the download can stream.
"""

from collections.abc import Callable, Iterable
from typing import Any

_SECTIONS: dict[str, Callable[[Any], Iterable[dict]]] = {}


def register(name: str, rows: Callable[[Any], Iterable[dict]]) -> None:
    _SECTIONS[name] = rows


def sections() -> dict[str, Callable[[Any], Iterable[dict]]]:
    return dict(_SECTIONS)
