from django.apps import AppConfig


class JobhuntConfig(AppConfig):
    name = "jobhunt"
    verbose_name = "Job search"

    def ready(self):
        from accounts import export
        from config import navigation
        from jobhunt import reminder_kinds  # noqa: F401  (declares this app's reminder kinds)
        from jobhunt.exports import register_sections

        navigation.add("Dashboard", "jobhunt:dashboard", order=10)
        navigation.add("Board", "jobhunt:board", order=20, section="/board/")
        navigation.add("Applications", "jobhunt:application_list", order=30, section="/applications/")
        navigation.add("Contacts", "jobhunt:contact_list", order=40, section="/contacts/")
        navigation.add("Companies", "jobhunt:company_list", order=50, section="/companies/")
        navigation.add("Stats", "jobhunt:stats", order=60, section="/stats/")

        register_sections(export.register)
