"""Panels that apps built on jobhunt add to an application's page (recovery adds the walkthrough,
sharing the calendar).

jobhunt cannot import those apps, so they register panels from their AppConfig.ready():

    extensions.application_panel(Panel(name="recovery", template="recovery/panels/application.html",
                                       context=lambda application: {...}))

A panel's template receives `panel` (the dict its context function returned) and the page's
own context. Each context function must run a fixed number of queries whatever the data size:
the page's query count is asserted in the tests. The dashboard composes its parts by plain calls
instead (home.views), as the top of the house may import every app.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[..., dict]
    order: int = 50


_APPLICATION: dict[str, Panel] = {}


def application_panel(panel: Panel) -> Panel:
    _APPLICATION[panel.name] = panel
    return panel


def application_panels(application) -> list[dict]:
    """[{"name", "template", "context"}] for an application's detail page, in display order."""
    return [
        {"name": panel.name, "template": panel.template, "context": panel.context(application)}
        for panel in sorted(_APPLICATION.values(), key=lambda panel: panel.order)
    ]
