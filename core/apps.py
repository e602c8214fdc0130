from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Small helpers every app may use (paging, addresses). It imports no app of the project."""

    name = "core"
    verbose_name = "Core helpers"
