"""Every write to an account: sign up, profile changes, protection from rejections, deletion."""

from datetime import date, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.signals import local_time_changed

PROFILE_FIELDS = ("display_name", "time_zone", "ghosting_days", "reminder_hour", "weekly_plan_day", "theme")


@transaction.atomic
def user_sign_up(*, email: str, password: str, display_name: str = "", time_zone: str = "UTC") -> User:
    """A new account. Raises ValidationError on the email if someone took it a moment ago."""
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email, password=password, display_name=display_name.strip(), time_zone=time_zone
            )
    except IntegrityError as error:
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError({"email": "There's already an account with this email."}) from error
        raise


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    display_name: str,
    time_zone: str,
    ghosting_days: int,
    reminder_hour: int,
    weekly_plan_day: int,
    theme: str = "",
) -> User:
    old_time_zone, old_reminder_hour = user.time_zone, user.reminder_hour
    user.display_name = display_name.strip()
    user.time_zone = time_zone
    user.ghosting_days = ghosting_days
    user.reminder_hour = reminder_hour
    user.weekly_plan_day = weekly_plan_day
    user.theme = theme or user.theme
    user.full_clean(exclude=[field.name for field in User._meta.fields if field.name not in PROFILE_FIELDS])
    user.save(update_fields=PROFILE_FIELDS)
    if (old_time_zone, old_reminder_hour) != (user.time_zone, user.reminder_hour):
        local_time_changed.send(
            sender=User, user=user, old_time_zone=old_time_zone, old_reminder_hour=old_reminder_hour
        )
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Remove the person and everything they own.

    Every table that points at the user does so with a cascading foreign key, so one delete
    takes applications, journeys, reminders and the rest. django-axes keeps its login records
    by address, not by key: those go too, since they name the person.
    """
    email = user.email
    user.delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


# How long a person may ask Today to keep rejections quiet, in days.
PROTECTION_DAYS = (3, 7, 14, 30)


def protection_start(*, user: User, days: int) -> date:
    """Keep rejection counts and rejection emails' words off Today until `days` from now (their
    own calendar, today included). Returns the last protected day."""
    if days not in PROTECTION_DAYS:
        raise ValueError(f"Protection lasts one of {PROTECTION_DAYS} days.")
    user.protected_until = user.local_today() + timedelta(days=days - 1)
    user.save(update_fields=["protected_until"])
    return user.protected_until


def protection_end(*, user: User) -> None:
    user.protected_until = None
    user.save(update_fields=["protected_until"])
