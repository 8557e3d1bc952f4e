from django.db import migrations, models

ROLES = [
    ("manager", "Manager", "Gestionnaire", "Gerente", "Tagapamahala"),
    ("secretariat", "Working-group secretariat", "Secrétariat de groupe de travail",
     "Secretaría del grupo de trabajo", "Kalihiman ng pangkat na nagtatrabaho"),
]


def create(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name_en, name_fr, name_es, name_tl in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name_en": name_en, "name_fr": name_fr,
                                                           "name_es": name_es, "name_tl": name_tl})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_lang_names_in_four_languages")]
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
