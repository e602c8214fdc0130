"""The main menu. Each app adds its own entries from AppConfig.ready(), so base.html needs
to know no app's URLs and the menu keeps the dependency direction of the apps."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    # URL prefixes under which this entry is shown as the current page.
    section: str = ""


_ITEMS: list[NavItem] = []


def add(label: str, url_name: str, *, order: int, section: str = "") -> None:
    if all(item.url_name != url_name for item in _ITEMS):
        _ITEMS.append(NavItem(label, url_name, order, section))
        _ITEMS.sort(key=lambda item: item.order)


def main_nav(request):
    """Context processor: `main_nav` for signed-in pages."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    path = request.path
    items = []
    for item in _ITEMS:
        url = reverse(item.url_name)
        active = path == url or bool(item.section and path.startswith(item.section))
        items.append({"label": item.label, "url": url, "active": active})
    return {"main_nav": items}
