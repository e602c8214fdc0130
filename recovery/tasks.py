from celery import shared_task

from recovery import services


@shared_task(name="recovery.tasks.schedule_weekly_digests")
def schedule_weekly_digests() -> int:
    """Daily: plan each person's next weekly plan digest (idempotent, keyed per day)."""
    return services.weekly_digests_schedule()
