"""Planned reminders follow the person when their local time changes."""

from django.dispatch import receiver

from accounts.signals import local_time_changed
from reminders import services


@receiver(local_time_changed, dispatch_uid="reminders_follow_local_time")
def follow_local_time(sender, *, user, old_time_zone, old_reminder_hour, **kwargs):
    services.follow_local_time(user=user, old_time_zone=old_time_zone, old_reminder_hour=old_reminder_hour)
