from django.db import migrations


def read_salary_text(apps, schema_editor):
    """The free-text salary of earlier versions, read into the advertised range where it reads
    as one (an amount with a currency or a period, "£60–70k", "€400 a day"); anything else is
    kept word for word at the end of the notes, for the person to sort out."""
    from jobhunt.salary import parse

    Application = apps.get_model("jobhunt", "Application")
    changed = []
    for application in Application.objects.exclude(salary="").only("id", "salary", "notes").iterator(chunk_size=2000):
        pay = parse(application.salary)
        if pay is not None and (pay.currency or pay.period):
            application.salary_min, application.salary_max = pay.minimum, pay.maximum
            application.salary_currency, application.salary_period = pay.currency, pay.period
        else:
            note = f"Salary (as noted before): {application.salary}"
            application.notes = f"{application.notes.rstrip()}\n\n{note}" if application.notes.strip() else note
        changed.append(application)
        if len(changed) >= 2000:
            _save(Application, changed)
            changed = []
    _save(Application, changed)


def _save(Application, rows):
    Application.objects.bulk_update(
        rows, ["salary_min", "salary_max", "salary_currency", "salary_period", "notes"], batch_size=2000
    )


class Migration(migrations.Migration):
    """On its own, between adding the pay columns and dropping the old text (as 0009 and 0016:
    PostgreSQL settles the rows' deferred checks at this migration's commit)."""

    dependencies = [("jobhunt", "0019_posting_pay_documents_outreach")]

    operations = [migrations.RunPython(read_salary_text, migrations.RunPython.noop)]
