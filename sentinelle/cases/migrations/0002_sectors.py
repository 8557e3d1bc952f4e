from django.db import migrations

# NAICS codes of the sectors where temporary foreign workers are most often employed.
SECTORS = [
    ("1112", "Vegetable and melon farming", "Culture de légumes et de melons"),
    ("1114", "Greenhouse, nursery and floriculture production", "Culture en serre et en pépinière, et floriculture"),
    ("1113", "Fruit and tree nut farming", "Culture de fruits et de noix"),
    ("1121", "Cattle ranching and farming", "Élevage de bovins"),
    ("3116", "Meat product manufacturing", "Fabrication de produits de viande"),
    ("3117", "Seafood product preparation and packaging", "Préparation et conditionnement de poissons et de fruits de mer"),
    ("3114", "Fruit and vegetable preserving", "Mise en conserve de fruits et de légumes"),
    ("7211", "Traveller accommodation", "Hébergement des voyageurs"),
    ("7225", "Restaurants and other eating places", "Restaurants et autres établissements de restauration"),
    ("2361", "Residential building construction", "Construction résidentielle"),
    ("2382", "Building equipment contractors", "Entrepreneurs en installation d'équipements techniques"),
    ("8141", "Private households (caregiving)", "Ménages privés (aide familiale)"),
    ("6233", "Community care facilities for the elderly", "Établissements communautaires de soins pour personnes âgées"),
    ("4841", "General freight trucking", "Transport par camion de marchandises diverses"),
]


def create(apps, schema_editor):
    Sector = apps.get_model("cases", "Sector")
    for code, name_en, name_fr in SECTORS:
        Sector.objects.update_or_create(naics_code=code, defaults={"name_en": name_en, "name_fr": name_fr})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
