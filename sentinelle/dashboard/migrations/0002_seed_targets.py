"""The national seed targets of the fiscal years of the demo data: ten years back
to the current one, and the next."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from sentinelle.dashboard.periods import current_fiscal_year
    from sentinelle.dashboard.targets import seed_targets

    seed_targets(apps.get_model("dashboard", "Target"), current_fiscal_year())


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("dashboard", "Target").objects.filter(region__isnull=True, updated_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
