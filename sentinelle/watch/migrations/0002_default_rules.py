from django.db import migrations

DEFAULTS = [
    ("volume_hour", 30),
    ("volume_day", 100),
    ("off_hours", 5),
    ("many_cases", 40),
    ("leaving", 0),
]


def create(apps, schema_editor):
    WatchRule = apps.get_model("watch", "WatchRule")
    for kind, threshold in DEFAULTS:
        WatchRule.objects.get_or_create(kind=kind, defaults={"threshold": threshold, "enabled": True})


class Migration(migrations.Migration):
    dependencies = [("watch", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
