from django.core.management.base import BaseCommand, CommandError

from inbox import secrets
from inbox.models import Mailbox


class Command(BaseCommand):
    help = (
        "Encrypt every mailbox password again with the first key of MAILBOX_KEYS, so older keys can "
        "then be dropped. Passwords no key opens are listed by mailbox id (their owners must save "
        "their settings again)."
    )

    def handle(self, *args, **options):
        if not secrets.available():
            raise CommandError("MAILBOX_KEYS is not set: there is no key to encrypt with.")
        rotated, unreadable = 0, []
        for pk, token in Mailbox.objects.order_by("pk").values_list("pk", "password_encrypted").iterator():
            try:
                fresh = secrets.rotated(token)
            except secrets.Unreadable:
                unreadable.append(pk)
                continue
            # Only if nobody saved new settings meanwhile: a fresh password is already on the new key.
            rotated += Mailbox.objects.filter(pk=pk, password_encrypted=token).update(password_encrypted=fresh)
        self.stdout.write(f"{rotated} mailbox password{'s' if rotated != 1 else ''} encrypted with the first key.")
        if unreadable:
            self.stderr.write(f"No key opens the password of mailbox {', '.join(map(str, unreadable))}.")
