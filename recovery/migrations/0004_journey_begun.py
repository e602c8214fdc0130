from datetime import timedelta

from django.db import migrations, models
from django.db.models import F, Q


def mark_the_journeys_already_worked_on(apps, schema_editor):
    """A step done, or anything written after the start (every write touches the journey)."""
    Journey = apps.get_model("recovery", "Journey")
    worked_on = Q(steps__state="done") | Q(touched_at__gt=F("started_at") + timedelta(seconds=1))
    Journey.objects.filter(pk__in=Journey.objects.filter(worked_on).values("pk")).update(begun=True)


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0003_updated_at"),
    ]

    operations = [
        migrations.AddField(model_name="journey", name="begun", field=models.BooleanField(default=False)),
        migrations.RunPython(mark_the_journeys_already_worked_on, migrations.RunPython.noop),
    ]
