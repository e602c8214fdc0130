"""Reminders never go out at night (21:00 to 08:00): the reminder hour becomes 8 to 20, and the
daily email (everything due on a day together) is on for everyone."""

import django.core.validators
from django.db import migrations, models


def into_the_day(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(reminder_hour__lt=8).update(reminder_hour=8)
    User.objects.filter(reminder_hour__gt=20).update(reminder_hour=20)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_remove_user_data_version"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="user", name="user_reminder_hour_range"),
        # 7 becomes 8 and 21 becomes 20; going back keeps them (both are valid under the old rule).
        migrations.RunPython(into_the_day, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="reminder_hour",
            field=models.PositiveSmallIntegerField(
                default=9,
                help_text="Local hour, in your time zone, at which reminder emails arrive (8–20): never at night.",
                validators=[
                    django.core.validators.MinValueValidator(8),
                    django.core.validators.MaxValueValidator(20),
                ],
                verbose_name="send reminders at (hour)",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("reminder_hour__gte", 8), ("reminder_hour__lte", 20)),
                name="user_reminder_hour_range",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="reminders_bundled",
            field=models.BooleanField(default=True, verbose_name="everything due on a day in one email"),
        ),
    ]
