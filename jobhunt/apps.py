from django.apps import AppConfig


class JobhuntConfig(AppConfig):
    name = "jobhunt"
    verbose_name = "Job search"

    def ready(self):
        import jobhunt.receivers  # noqa: F401  (a deleted document's file goes too, however it was deleted)
        from accounts import export
        from jobhunt import reminder_kinds  # noqa: F401  (declares this app's reminder kinds)
        from jobhunt.exports import register_sections

        register_sections(export.register)
