from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top of the house: the dashboard and the menu, composed from every app's selectors by
    plain calls. Nothing below imports it."""

    name = "home"
    verbose_name = "Home"
