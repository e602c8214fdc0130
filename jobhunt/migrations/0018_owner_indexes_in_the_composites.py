from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The owner columns of interviews and timeline steps lose their single-column indexes: every
    index of theirs that reads by person starts with the owner, and a narrower one only tempted the
    planner into reading a person's whole history and filtering it."""

    dependencies = [
        ("jobhunt", "0017_interview_user_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name=model,
            name="user",
            field=models.ForeignKey(
                db_index=False, on_delete=models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        )
        for model in ("interview", "stageevent")
    ]
