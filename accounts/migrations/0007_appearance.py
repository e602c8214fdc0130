from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_reminder_hour_daytime_and_daily_email")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="theme",
            field=models.CharField(
                choices=[("auto", "Follow my device"), ("light", "Light"), ("dark", "Dark")],
                default="auto",
                max_length=5,
                verbose_name="appearance",
            ),
        ),
    ]
