from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobhunt", "0016_interview_user_filled"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="interview",
            name="user",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RemoveIndex(model_name="interview", name="interview_time"),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(fields=["user", "scheduled_at"], name="interview_user_time"),
        ),
    ]
