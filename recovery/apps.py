from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "Recovery walkthrough"

    def ready(self):
        from config import navigation
        from jobhunt import extensions
        from recovery import export, panels, receivers, reminder_kinds  # noqa: F401  (kinds and receivers register on import)

        navigation.add("Journeys", "recovery:journey_list", order=25, section="/recovery/")
        extensions.application_panel(panels.APPLICATION)
        for panel in panels.DASHBOARD:
            extensions.dashboard_panel(panel)
        export.register()
