"""Panels that apps built on jobhunt add to its pages (recovery adds journeys, mood, the plan).

jobhunt cannot import those apps, so they register panels from their AppConfig.ready():

    extensions.dashboard_panel(Panel(name="journeys", template="recovery/_dashboard_journeys.html",
                                     context=lambda user: {...}, order=20))
    extensions.application_panel(Panel(name="recovery", template="recovery/_application_panel.html",
                                       context=lambda application: {...}))

A panel's template receives `panel` (the dict its context function returned) and the page's
own context. Each context function must run a fixed number of queries whatever the data size:
the pages' query counts are asserted in the tests.
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


_DASHBOARD: dict[str, Panel] = {}
_APPLICATION: dict[str, Panel] = {}


def dashboard_panel(panel: Panel) -> Panel:
    _DASHBOARD[panel.name] = panel
    return panel


def application_panel(panel: Panel) -> Panel:
    _APPLICATION[panel.name] = panel
    return panel


def _render_ready(panels: dict[str, Panel], subject) -> list[dict]:
    return [
        {"name": panel.name, "template": panel.template, "context": panel.context(subject)}
        for panel in sorted(panels.values(), key=lambda panel: panel.order)
    ]


def dashboard_panels(user) -> list[dict]:
    """[{"name", "template", "context"}] for the dashboard, in display order."""
    return _render_ready(_DASHBOARD, user)


def application_panels(application) -> list[dict]:
    """[{"name", "template", "context"}] for an application's detail page, in display order."""
    return _render_ready(_APPLICATION, application)
