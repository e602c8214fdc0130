"""The main menu, in one list: the top of the house knows every app's pages."""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    # The entry is the current page under this path prefix too ("" for its own address only).
    section: str = ""


MENU = (
    Entry("Today", "home:dashboard"),
    Entry("Board", "jobhunt:board", "/board/"),
    Entry("Applications", "jobhunt:application_list", "/applications/"),
    Entry("Journeys", "recovery:journey_list", "/recovery/"),
    Entry("Insights", "insights:overview", "/insights/"),
    Entry("Contacts", "jobhunt:contact_list", "/contacts/"),
    Entry("Companies", "jobhunt:company_list", "/companies/"),
)


@cache
def _addresses() -> tuple[str, ...]:
    return tuple(reverse(entry.url_name) for entry in MENU)


def main_menu(request):
    """Context processor: `main_nav` for signed-in pages."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    path = request.path

    def current(entry: Entry, url: str) -> bool:
        return path == url or bool(entry.section and path.startswith(entry.section))

    return {
        "main_nav": [
            {"label": entry.label, "url": url, "active": current(entry, url)}
            for entry, url in zip(MENU, _addresses(), strict=True)
        ]
    }
