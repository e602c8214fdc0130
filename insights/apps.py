from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Figures and charts over the whole search: the pipeline and the recovery side together,
    which is why this sits above both jobhunt and recovery."""

    name = "insights"
    verbose_name = "Insights"

    def ready(self):
        from config import navigation
        from insights import panels, receivers  # noqa: F401  (receivers connect on import)
        from jobhunt import extensions

        navigation.add("Insights", "insights:overview", order=55, section="/insights/")
        extensions.dashboard_panel(panels.KEY_FIGURES)
