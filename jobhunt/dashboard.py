"""Dashboard panels that other apps contribute (recovery adds journeys, mood and the plan).

jobhunt cannot import the apps built on it, so they register a panel from AppConfig.ready():

    dashboard.register(Panel(name="journeys", template="recovery/_dashboard_journeys.html",
                             context=lambda user: {...}, order=20))

Each panel's `context(user)` must run a fixed number of queries, whatever the data size:
the dashboard's query count is asserted in the tests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[Any], dict]
    order: int = 50


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    _PANELS[panel.name] = panel
    return panel


def panels_for(user) -> list[dict]:
    """Rendered-ready panels: [{"template": …, "context": {…}}] in display order."""
    return [
        {"name": panel.name, "template": panel.template, "context": panel.context(user)}
        for panel in sorted(_PANELS.values(), key=lambda panel: panel.order)
    ]
