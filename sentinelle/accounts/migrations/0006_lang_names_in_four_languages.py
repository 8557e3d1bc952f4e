"""Reference data named in Spanish and Tagalog too, the languages workers may
choose besides French and English."""

from django.db import migrations, models

# key: (Spanish, Tagalog)
REGIONS = {
    'ATL': ('Atlántico', 'Atlantiko'),
    'QC': ('Quebec', 'Quebec'),
    'ON': ('Ontario', 'Ontario'),
    'WST': ('Oeste', 'Kanluran'),
    'HQ': ('Sede nacional', 'Pambansang punong-tanggapan'),
}

ROLES = {
    'intake_agent': ('Agente de recepción', 'Tagatanggap ng ulat'),
    'investigator': ('Inspector', 'Inspektor'),
    'team_lead': ('Jefe de equipo', 'Pinuno ng pangkat'),
    'qc_reviewer': ('Revisor de control de calidad', 'Tagasuri ng kalidad'),
    'national_analyst': ('Analista nacional', 'Pambansang analista'),
    'privacy_officer': ('Responsable de la protección de datos personales', 'Opisyal sa pagkapribado'),
    'administrator': ('Administrador', 'Tagapangasiwa'),
}


def fill(apps, schema_editor):
    Region = apps.get_model('accounts', 'Region')
    for key, (name_es, name_tl) in REGIONS.items():
        Region.objects.filter(code=key).update(name_es=name_es, name_tl=name_tl)
    Role = apps.get_model('accounts', 'Role')
    for key, (name_es, name_tl) in ROLES.items():
        Role.objects.filter(code=key).update(name_es=name_es, name_tl=name_tl)
    # The role's French name follows the glossary (« enquêteur », as the program's documents say).
    Role.objects.filter(code="investigator", name_fr="Inspecteur").update(name_fr="Enquêteur")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_staff_sessions")]
    operations = [
        migrations.AddField(model_name="region", name="name_es", field=models.CharField(default="", max_length=200, verbose_name="name (Spanish)"), preserve_default=False),
        migrations.AddField(model_name="region", name="name_tl", field=models.CharField(default="", max_length=200, verbose_name="name (Tagalog)"), preserve_default=False),
        migrations.AddField(model_name="role", name="name_es", field=models.CharField(default="", max_length=200, verbose_name="name (Spanish)"), preserve_default=False),
        migrations.AddField(model_name="role", name="name_tl", field=models.CharField(default="", max_length=200, verbose_name="name (Tagalog)"), preserve_default=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
