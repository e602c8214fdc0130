from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("jobhunt", "0020_salary_text_read")]

    operations = [migrations.RemoveField(model_name="application", name="salary")]
