from django.db import migrations

REGIONS = [
    ("ATL", "Atlantic", "Atlantique", "America/Halifax"),
    ("QC", "Quebec", "Québec", "America/Toronto"),
    ("ON", "Ontario", "Ontario", "America/Toronto"),
    ("WST", "Western", "Ouest", "America/Edmonton"),
    ("HQ", "National HQ", "Administration centrale", "America/Toronto"),
]

ROLES = [
    ("intake_agent", "Intake agent", "Agent de réception"),
    ("investigator", "Investigator", "Inspecteur"),
    ("team_lead", "Team lead", "Chef d'équipe"),
    ("qc_reviewer", "Quality control reviewer", "Réviseur du contrôle de la qualité"),
    ("national_analyst", "National analyst", "Analyste national"),
    ("privacy_officer", "Privacy officer", "Responsable de la protection des renseignements personnels"),
    ("administrator", "Administrator", "Administrateur"),
]


def create(apps, schema_editor):
    Region = apps.get_model("accounts", "Region")
    Role = apps.get_model("accounts", "Role")
    for code, name_en, name_fr, tz in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr, "time_zone": tz}
        )
    for code, name_en, name_fr in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name_en": name_en, "name_fr": name_fr})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
