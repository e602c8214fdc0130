"""How the inbox reacts to the rest of the app (connected from InboxConfig.ready)."""

from django.dispatch import receiver

from inbox import services
from jobhunt.signals import application_moved


@receiver(application_moved, dispatch_uid="inbox_settle_suggestions_on_move")
def settle_suggestions(sender, application, to_status, **kwargs):
    """A move made anywhere else (the board, a pasted email, the admin) that does what a waiting
    suggestion asks leaves nothing to confirm."""
    services.suggestions_settled(application=application, to_status=to_status)
