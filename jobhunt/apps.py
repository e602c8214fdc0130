from django.apps import AppConfig


class JobhuntConfig(AppConfig):
    name = "jobhunt"
    verbose_name = "Job search"

    def ready(self):
        from accounts import export
        from jobhunt import reminder_kinds  # noqa: F401  (declares this app's reminder kinds)
        from jobhunt.exports import register_sections

        register_sections(export.register)
