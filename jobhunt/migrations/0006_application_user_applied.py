from django.db import migrations, models

# Applications sent in a window of days (insights' weeks, this plan week) read a person's rows by
# date_applied: an index range scan instead of a scan of every one of their applications.
# IF NOT EXISTS: databases that ran this migration's first, SQL-only form already have it.
CREATE = "CREATE INDEX IF NOT EXISTS application_user_applied ON jobhunt_application (user_id, date_applied)"
DROP = "DROP INDEX IF EXISTS application_user_applied"


class Migration(migrations.Migration):
    dependencies = [("jobhunt", "0005_updated_at")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(CREATE, reverse_sql=DROP)],
            state_operations=[
                migrations.AddIndex(
                    model_name="application",
                    index=models.Index(fields=["user", "date_applied"], name="application_user_applied"),
                )
            ],
        )
    ]
