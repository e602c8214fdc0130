import functools
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA zones this machine knows. Read at run time, never frozen into a migration,
    because the list changes with each tzdata release."""
    # "localtime" is whatever the server runs in and "Factory" is a placeholder: neither is a place.
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """All zones for a select, grouped by region ("Europe", "America", …)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(time_zone_names()):
        region, _, _place = name.partition("/")
        groups.setdefault(region if _place else "Other", []).append((name, name.replace("_", " ")))
    return sorted(groups.items(), key=lambda group: (group[0] == "Other", group[0]))


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError("Pick a time zone from the list, e.g. Europe/Paris.", code="invalid_time_zone")


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # Lower() on both sides rather than iexact: SQLite's LIKE fails on very long input
        # ("pattern too complex", a 500 at login), and PostgreSQL can use the any-case unique index.
        return self.alias(email_lower=Lower("email")).get(email_lower=username.lower())


class Theme(models.TextChoices):
    AUTO = "auto", "Follow my device"
    LIGHT = "light", "Light"
    DARK = "dark", "Dark"


class User(AbstractBaseUser, PermissionsMixin):
    """A job seeker. The email address is the login; the profile lives here too."""

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    ghosting_days = models.PositiveSmallIntegerField(
        "counts as ghosted after (days of silence)",
        default=21,
        validators=[MinValueValidator(3), MaxValueValidator(180)],
        help_text="After this many days without an answer, Rebound treats an application as gone silent.",
    )
    # Reminder preferences, read by the reminders app.
    reminder_hour = models.PositiveSmallIntegerField(
        "send reminders at (hour)",
        default=9,
        validators=[MinValueValidator(8), MaxValueValidator(20)],
        help_text="Local hour, in your time zone, at which reminder emails arrive (8–20): never at night.",
    )
    weekly_plan_day = models.PositiveSmallIntegerField(
        "weekly plan email on", choices=Weekday.choices, default=Weekday.MONDAY
    )
    reminders_enabled = models.BooleanField("send me reminder emails", default=True)
    # One email a day at the reminder hour with everything due that day; off: each reminder on its own.
    reminders_bundled = models.BooleanField("everything due on a day in one email", default=True)
    muted_reminder_kinds = models.JSONField(default=list, blank=True)
    reminders_paused_until = models.DateField(null=True, blank=True)
    theme = models.CharField("appearance", max_length=5, choices=Theme.choices, default=Theme.AUTO)
    # "Protect me from rejections for a while": until this day (included), Today leaves out
    # rejection counts and the words of rejection emails; walkthroughs still start, quietly.
    protected_until = models.DateField(null=True, blank=True)

    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            # The manager stores addresses in lower case; this keeps "Ana@x.org" and "ana@x.org" one account
            # whatever path wrote the row.
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_any_case",
                violation_error_message="This email is already in use.",
            ),
            models.CheckConstraint(
                condition=models.Q(ghosting_days__gte=3, ghosting_days__lte=180), name="user_ghosting_days_range"
            ),
            models.CheckConstraint(
                condition=models.Q(reminder_hour__gte=8, reminder_hour__lte=20), name="user_reminder_hour_range"
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_plan_day__in=Weekday.values), name="user_weekly_plan_day_valid"
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def name(self):
        """What we call the person on screen and in emails."""
        return self.display_name or self.email.split("@")[0]

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_today(self):
        return timezone.localtime(timezone.now(), self.tzinfo).date()

    def protected_on(self, day) -> bool:
        """Whether Today keeps rejections quiet on `day` (their own date)."""
        return self.protected_until is not None and day <= self.protected_until
