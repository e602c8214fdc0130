"""What insights adds to the dashboard (see jobhunt.extensions): the key figures, in four queries."""

from insights import selectors
from jobhunt.extensions import Panel


def key_figures_context(user) -> dict:
    today = user.local_today()
    bounce_backs = selectors.recovery(user, today).bounce_backs
    last = bounce_backs[-1] if bounce_backs else None
    return {
        "figures": selectors.key_figures(user, today),
        "last": last,
        "days_since_rejection": (today - last.setback.day).days if last else None,
    }


KEY_FIGURES = Panel(name="insights", template="insights/panels/key_figures.html", context=key_figures_context, order=10)
