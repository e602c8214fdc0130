from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobhunt", "0009_stage_stays_filled"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="stageevent",
            name="user",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name="stageevent",
            index=models.Index(
                fields=["user", "to_status", "-left_at"], include=["stay_days"], name="stageevent_stays"
            ),
        ),
        migrations.AddIndex(
            model_name="stageevent",
            index=models.Index(fields=["user", "to_status", "happened_at"], name="stageevent_user_moves"),
        ),
    ]
