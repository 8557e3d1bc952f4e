"""The operational guidance for each case status and activity kind, in French and English."""

from django.db import migrations


def load(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_letter_templates")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
