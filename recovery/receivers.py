"""How recovery reacts to the rest of the app (connected from RecoveryConfig.ready)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from jobhunt.models import SETBACKS
from jobhunt.signals import application_moved, demo_seeded
from recovery import demo, services
from recovery.models import Journey, StayConnected
from reminders import services as reminders


@receiver(application_moved, dispatch_uid="recovery_start_journey_on_setback")
def start_journey_on_setback(sender, application, to_status, **kwargs):
    """A rejection or a silence starts the walkthrough (or resumes the one already there)."""
    if to_status in SETBACKS:
        services.journey_start(application=application)


@receiver(demo_seeded, dispatch_uid="recovery_seed_demo")
def seed_demo(sender, user, today, **kwargs):
    demo.seed(user=user, today=today)


@receiver(post_delete, sender=Journey, dispatch_uid="recovery_cancel_journey_reminders")
@receiver(post_delete, sender=StayConnected, dispatch_uid="recovery_cancel_reconnect_reminders")
def cancel_reminders_of_deleted(sender, instance, **kwargs):
    """A deleted journey (say its application was deleted) takes its planned emails with it."""
    reminders.cancel(about=instance)
