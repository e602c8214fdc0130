"""How insights reacts to the rest of the app (connected from InsightsConfig.ready)."""

from django.dispatch import receiver

from insights import demo
from jobhunt.signals import demo_seeded


@receiver(demo_seeded, dispatch_uid="insights_seed_demo")
def seed_demo(sender, user, today, **kwargs):
    demo.seed(user=user, today=today)
