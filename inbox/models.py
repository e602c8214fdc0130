"""A person's connected mailbox, where the watcher is in it, and what it found there.

Only what a suggestion needs is kept of a message (who sent it, when, its subject, what it looks
like and the words that said so, a short excerpt): never the message itself, never the mailbox.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from inbox import imap, secrets
from inbox.imap import Kind, Security
from jobhunt.models import Application

# A server that can't be reached is tried again after 5 minutes, then twice as long each time,
# at most every 6 hours.
FIRST_RETRY_SECONDS = 5 * 60
LONGEST_RETRY_SECONDS = 6 * 60 * 60
# Asked for once: the messages of these last days, besides those arriving after connecting.
LOOK_BACK_DAYS = 30


class Mailbox(models.Model):
    class State(models.TextChoices):
        WATCHING = "watching", "Watching"
        # Stopped for something only the person can fix (password, folder, certificate): nothing
        # is tried again until they save the settings anew.
        STOPPED = "stopped", "Stopped"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mailbox")
    host = models.CharField("server", max_length=255)
    port = models.PositiveIntegerField(default=993, validators=[MinValueValidator(1), MaxValueValidator(65535)])
    security = models.CharField(
        max_length=8,
        choices=[
            (Security.TLS.value, "TLS (usually port 993)"),
            (Security.STARTTLS.value, "STARTTLS (usually port 143)"),
        ],
        default=Security.TLS.value,
    )
    username = models.CharField(max_length=255)
    # Fernet token (inbox.secrets); the password itself is never stored, shown or exported.
    password_encrypted = models.TextField(editable=False)
    folder = models.CharField(max_length=255, default="INBOX")
    connected_at = models.DateTimeField(default=timezone.now)

    # Where the watcher is: the folder's UIDVALIDITY and the last UID read (a new UIDVALIDITY means
    # the numbers start over, and so does the reading, from when the mailbox was connected).
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    # Set when the person asks for the last LOOK_BACK_DAYS days once; cleared once they are read.
    look_back_asked_at = models.DateTimeField(null=True, blank=True)

    state = models.CharField(max_length=10, choices=State.choices, default=State.WATCHING)
    problem = models.CharField(
        max_length=12, blank=True, choices=[(kind.value, kind.value) for kind in Kind]
    )  # the last failure's kind (inbox.imap.Kind), "" when the last look went well
    failures = models.PositiveIntegerField(default=0)  # in a row, for the backoff
    next_check_at = models.DateTimeField(default=timezone.now)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    # The watcher's claim: whoever holds an unexpired lease reads this mailbox, nobody else.
    leased_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [
            # The watcher's question: which mailboxes being watched are due a look?
            models.Index(fields=["next_check_at"], condition=models.Q(state="watching"), name="mailbox_due_watching"),
        ]

    def __str__(self):
        return f"{self.username} on {self.host}"

    @property
    def watching(self) -> bool:
        return self.state == self.State.WATCHING

    def imap_settings(self) -> imap.Settings:
        """How to log in, the password decrypted for this one use (inbox.secrets)."""
        return imap.Settings(
            host=self.host,
            port=self.port,
            security=self.security,
            username=self.username,
            password=secrets.decrypt(self.password_encrypted),
            folder=self.folder,
            cafile=settings.MAILBOX_CA_FILE or None,
        )


class SuggestionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def waiting(self):
        return self.filter(state=Suggestion.State.OPEN)


class Suggestion(models.Model):
    """A job-search message found in the mailbox, and what it seems to mean: nothing changes until
    the person confirms it."""

    class Meaning(models.TextChoices):
        REJECTION = "rejected", "a rejection"
        INVITATION = "interviewing", "an interview invitation"
        OFFER = "offer", "an offer"
        RECEIVED = "acknowledged", "a confirmation that they have your application"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for you"
        CONFIRMED = "confirmed", "Confirmed"
        NOT_THIS_ONE = "not_this_one", "Not this one"
        NOT_JOB_MAIL = "not_job_mail", "Not job mail"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions")
    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="suggestions")
    # SHA-256 of the Message-ID (or of the message when it has none): one suggestion per message.
    message_key = models.CharField(max_length=64)
    received_at = models.DateTimeField()
    sender = models.EmailField(max_length=320, blank=True)
    sender_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    meaning = models.CharField(max_length=12, choices=Meaning.choices)
    phrases = models.JSONField(default=list)  # the words that decided it, as the message has them
    excerpt = models.CharField(max_length=300, blank=True)
    # The application it seems to be about, when one stood out.
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestions"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "message_key"], name="suggestion_once_per_message"),
        ]
        indexes = [models.Index(fields=["user", "state", "-received_at"], name="suggestion_user_waiting")]

    def __str__(self):
        return f"{self.get_meaning_display()} from {self.sender_name or self.sender}"


class QuietSender(models.Model):
    """An address whose mail the person said is not job mail: it is never suggested again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiet_senders")
    address = models.EmailField(max_length=320)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "address"], name="quiet_sender_once")]

    def __str__(self):
        return self.address
