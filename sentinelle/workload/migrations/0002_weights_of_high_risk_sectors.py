from django.db import migrations

# Extra priority points for the sectors where temporary foreign workers are most
# exposed (isolated farms, employer-provided housing, live-in caregiving, seasonal
# processing lines). National analysts change them on the sector weights page.
WEIGHTS = {
    "1112": 20,  # vegetable and melon farming
    "1113": 20,  # fruit and tree nut farming
    "1114": 20,  # greenhouse, nursery and floriculture
    "1121": 15,  # cattle ranching
    "3116": 15,  # meat product manufacturing
    "3117": 15,  # seafood preparation
    "3114": 10,  # fruit and vegetable preserving
    "8141": 20,  # private households (caregiving)
    "6233": 10,  # community care facilities for the elderly
    "2361": 10,  # residential building construction
}


def create(apps, schema_editor):
    Sector = apps.get_model("cases", "Sector")
    SectorWeight = apps.get_model("workload", "SectorWeight")
    for sector in Sector.objects.filter(naics_code__in=WEIGHTS):
        SectorWeight.objects.get_or_create(sector=sector, defaults={"weight": WEIGHTS[sector.naics_code]})


def remove(apps, schema_editor):
    apps.get_model("workload", "SectorWeight").objects.filter(updated_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("workload", "0001_sector_weights_and_capacity"), ("cases", "0002_sectors")]
    operations = [migrations.RunPython(create, remove)]
