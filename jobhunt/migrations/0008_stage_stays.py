from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobhunt", "0007_interview_cancelled_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="stageevent",
            name="user",
            field=models.ForeignKey(
                null=True, on_delete=models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(model_name="stageevent", name="left_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="stageevent", name="stay_days", field=models.FloatField(blank=True, null=True)),
    ]
