from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "Recovery walkthrough"

    def ready(self):
        from jobhunt import extensions
        from recovery import export, panels, receivers, reminder_kinds  # noqa: F401  (kinds and receivers register on import)

        extensions.application_panel(panels.APPLICATION)
        export.register()
