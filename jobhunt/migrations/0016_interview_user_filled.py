from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_in_owners(apps, schema_editor):
    """Each interview gets its application's person."""
    Interview = apps.get_model("jobhunt", "Interview")
    Application = apps.get_model("jobhunt", "Application")
    Interview.objects.update(
        user_id=Subquery(Application.objects.filter(pk=OuterRef("application_id")).values("user_id")[:1])
    )


class Migration(migrations.Migration):
    """On its own, between adding the column and requiring it (as 0009: PostgreSQL settles the
    rows' deferred foreign-key checks at this migration's commit, before the NOT NULL and index)."""

    dependencies = [("jobhunt", "0015_interview_user")]

    operations = [migrations.RunPython(fill_in_owners, migrations.RunPython.noop)]
