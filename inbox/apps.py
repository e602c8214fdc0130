from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = "Inbox"

    def ready(self):
        from accounts import export
        from inbox import receivers, reminder_kinds  # noqa: F401  (the mailbox_stopped email; reacting to moves)
        from inbox.exports import register_sections

        register_sections(export.register)
