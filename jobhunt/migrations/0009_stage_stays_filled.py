from django.db import migrations
from django.db.models import OuterRef, Subquery

DAY_SECONDS = 86400


def fill_in_owners_and_stays(apps, schema_editor):
    """Each step gets its application's person, and each stay that has ended its end and length:
    the next step of the same application (by time, then id) is where it ended."""
    StageEvent = apps.get_model("jobhunt", "StageEvent")
    Application = apps.get_model("jobhunt", "Application")
    StageEvent.objects.update(
        user_id=Subquery(Application.objects.filter(pk=OuterRef("application_id")).values("user_id")[:1])
    )
    ended, before = [], None
    for event in (
        StageEvent.objects.order_by("application_id", "happened_at", "id")
        .only("id", "application_id", "happened_at")
        .iterator(chunk_size=5000)
    ):
        if before is not None and before.application_id == event.application_id:
            before.left_at = event.happened_at
            before.stay_days = max((event.happened_at - before.happened_at).total_seconds(), 0) / DAY_SECONDS
            ended.append(before)
            if len(ended) >= 5000:
                StageEvent.objects.bulk_update(ended, ["left_at", "stay_days"])
                ended = []
        before = event
    StageEvent.objects.bulk_update(ended, ["left_at", "stay_days"])


class Migration(migrations.Migration):
    """On its own, between adding the columns and requiring them: on PostgreSQL, rows written in a
    migration leave deferred foreign-key checks that must settle (at its commit) before an index
    or a NOT NULL can be added to the table."""

    dependencies = [("jobhunt", "0008_stage_stays")]

    operations = [migrations.RunPython(fill_in_owners_and_stays, migrations.RunPython.noop)]
