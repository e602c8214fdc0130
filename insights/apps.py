from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Figures and charts over the whole search: the pipeline and the recovery side together,
    which is why this sits above both jobhunt and recovery."""

    name = "insights"
    verbose_name = "Insights"

    def ready(self):
        from insights import receivers  # noqa: F401  (receivers connect on import)
