from django.db import migrations, models

ROLES = [
    ("manager", "Manager", "Gestionnaire"),
    ("secretariat", "Working-group secretariat", "Secrétariat de groupe de travail"),
]


def create(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name_en, name_fr in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name_en": name_en, "name_fr": name_fr})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_staff_sessions")]
    operations = [
        migrations.AlterField(
            model_name="role", name="code",
            field=models.CharField(
                choices=[("intake_agent", "Intake agent"), ("investigator", "Investigator"),
                         ("team_lead", "Team lead"), ("qc_reviewer", "Quality control reviewer"),
                         ("national_analyst", "National analyst"), ("privacy_officer", "Privacy officer"),
                         ("administrator", "Administrator"), ("manager", "Manager"),
                         ("secretariat", "Working-group secretariat")],
                max_length=32, unique=True, verbose_name="code"),
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
