from django.db import migrations

# Applications sent in a window of days (insights' weeks, this plan week) read a person's rows by
# date_applied: an index range scan instead of a scan of every one of their applications.
# Plain SQL, with no model state: jobhunt/models.py does not declare it (yet), and an AddIndex
# the model does not carry would make `makemigrations --check` ask to remove it.
CREATE = "CREATE INDEX IF NOT EXISTS application_user_applied ON jobhunt_application (user_id, date_applied)"
DROP = "DROP INDEX IF EXISTS application_user_applied"


class Migration(migrations.Migration):
    dependencies = [("jobhunt", "0005_updated_at")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
