"""What insights adds to the dashboard (see jobhunt.extensions): the key figures, from the
person's figures (recovery's week panel declares this week's) and one query of its own."""

from insights import selectors
from jobhunt.extensions import Panel, person_figures
from recovery.panels import week_figures


def key_figures_figures(user) -> dict:
    today = user.local_today()
    return {
        **selectors.key_figure_counts(user, today, "applications__"),
        "last_rejected_at": selectors.last_rejection_figure(user, today),
    }


def key_figures_context(user, figures: dict | None = None) -> dict:
    if figures is None:
        figures = person_figures(user, key_figures_figures, week_figures)
    today = user.local_today()
    last = selectors.last_bounce_back(user, today, figures["last_rejected_at"])
    return {
        "figures": selectors.key_figures_from(user, today, figures),
        "last": last,
        "days_since_rejection": (today - last.setback.day).days if last else None,
    }


KEY_FIGURES = Panel(
    name="insights",
    template="insights/panels/key_figures.html",
    context=key_figures_context,
    order=10,
    figures=key_figures_figures,
)
