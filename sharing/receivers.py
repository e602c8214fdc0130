"""How sharing reacts to the rest of the app (connected from SharingConfig.ready)."""

from datetime import datetime, time, timedelta

from django.dispatch import receiver

from jobhunt.signals import demo_seeded
from sharing import services


@receiver(demo_seeded, dispatch_uid="sharing_seed_demo")
def seed_demo(sender, user, today, **kwargs):
    """The demo account's calendar feed is on, and a coach has been looking at its link."""
    services.calendar_feed_reset(user=user)
    made = datetime.combine(today - timedelta(days=12), time(18), tzinfo=user.tzinfo)
    link, _token = services.share_link_create(user=user, label="For my career coach", days=30, now=made)
    for days_ago in (10, 3, 1):
        services.share_link_opened(link=link, now=made + timedelta(days=12 - days_ago))
