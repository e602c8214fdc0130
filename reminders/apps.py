from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from accounts import export
        from reminders import receivers  # noqa: F401  (receivers connect on import)
        from reminders.selectors import export_rows

        export.register("reminders", export_rows)
