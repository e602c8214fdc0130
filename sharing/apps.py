from django.apps import AppConfig


class SharingConfig(AppConfig):
    """What a person shares outside Rebound: a private calendar feed and a read-only link for a
    coach. It reads both the pipeline and the walkthrough (reconnect dates), so it sits above both."""

    name = "sharing"
    verbose_name = "Calendar and sharing"

    def ready(self):
        from jobhunt import extensions
        from sharing import export, panels, receivers  # noqa: F401  (receivers connect on import)

        extensions.application_panel(panels.APPLICATION)
        export.register()
