"""Panels that apps built on jobhunt add to its pages (recovery adds journeys, mood, the plan).

jobhunt cannot import those apps, so they register panels from their AppConfig.ready():

    extensions.dashboard_panel(Panel(name="journeys", template="recovery/_dashboard_journeys.html",
                                     context=lambda user: {...}, order=20))
    extensions.application_panel(Panel(name="recovery", template="recovery/_application_panel.html",
                                       context=lambda application: {...}))

A panel's template receives `panel` (the dict its context function returned) and the page's
own context. Each context function must run a fixed number of queries whatever the data size:
the pages' query counts are asserted in the tests.

A dashboard panel that shows a few figures about the person (counts, a yes/no) can declare them
instead of reading them itself: `figures(user)` returns {name: expression} on the person's row
(accounts.User) joined to their applications, so aggregate over `applications__…` and put
anything else in a subquery filtered on `user` (not on OuterRef: a correlated subquery is
grouped by, hence run once per application). The dashboard reads every panel's figures in one
statement and calls such a panel as `context(user, figures)`, with all of them (a panel may use
another's, from an app below it). Names are unique across panels.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[..., dict]
    order: int = 50
    figures: Callable[[Any], dict] | None = None


_DASHBOARD: dict[str, Panel] = {}
_APPLICATION: dict[str, Panel] = {}


def dashboard_panel(panel: Panel) -> Panel:
    _DASHBOARD[panel.name] = panel
    return panel


def application_panel(panel: Panel) -> Panel:
    _APPLICATION[panel.name] = panel
    return panel


def _in_order(panels: dict[str, Panel]) -> list[Panel]:
    return sorted(panels.values(), key=lambda panel: panel.order)


def person_figures(user, *declared: Callable[[Any], dict]) -> dict:
    """The figures that each of `declared` (a panel's `figures`) gives for `user`, in one statement."""
    expressions = {}
    for figures in declared:
        for name, expression in figures(user).items():
            if name in expressions:
                raise ImproperlyConfigured(f"Two dashboard panels declare the figure {name!r}.")
            expressions[name] = expression
    if not expressions:
        return {}
    return get_user_model().objects.filter(pk=user.pk).annotate(**expressions).values(*expressions).get()


def dashboard_panels(user) -> list[dict]:
    """[{"name", "template", "context"}] for the dashboard, in display order."""
    panels = _in_order(_DASHBOARD)
    figures = person_figures(user, *(panel.figures for panel in panels if panel.figures))
    return [
        {
            "name": panel.name,
            "template": panel.template,
            "context": panel.context(user, figures) if panel.figures else panel.context(user),
        }
        for panel in panels
    ]


def application_panels(application) -> list[dict]:
    """[{"name", "template", "context"}] for an application's detail page, in display order."""
    return [
        {"name": panel.name, "template": panel.template, "context": panel.context(application)}
        for panel in _in_order(_APPLICATION)
    ]
