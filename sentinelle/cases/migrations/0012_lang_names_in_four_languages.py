"""Reference data named in Spanish and Tagalog too, the languages workers may
choose besides French and English; the French letters sign « enquêteur »."""

from django.db import migrations, models

# key: (Spanish, Tagalog)
SECTORS = {
    '1112': ('Cultivo de hortalizas y melones', 'Pagtatanim ng gulay at melon'),
    '1114': ('Cultivo en invernadero y vivero, y floricultura', 'Pagtatanim sa greenhouse at nursery, at ng mga bulaklak'),
    '1113': ('Cultivo de frutas y frutos secos', 'Pagtatanim ng prutas at mani'),
    '1121': ('Cría de ganado bovino', 'Pag-aalaga ng baka'),
    '3116': ('Elaboración de productos cárnicos', 'Paggawa ng mga produktong karne'),
    '3117': ('Preparación y envasado de pescados y mariscos', 'Paghahanda at pag-iimpake ng isda at pagkaing-dagat'),
    '3114': ('Conservación de frutas y verduras', 'Pagpepreserba ng prutas at gulay'),
    '7211': ('Alojamiento para viajeros (hoteles)', 'Mga hotel at iba pang tuluyan'),
    '7225': ('Restaurantes y otros lugares de comida', 'Mga restawran at iba pang kainan'),
    '2361': ('Construcción de viviendas', 'Pagtatayo ng mga bahay'),
    '2382': ('Instalación de equipos en edificios', 'Pagkakabit ng mga kagamitan sa gusali'),
    '8141': ('Hogares particulares (cuidado de personas)', 'Mga pribadong tahanan (pag-aalaga)'),
    '6233': ('Residencias comunitarias para personas mayores', 'Mga pasilidad na nag-aalaga sa matatanda'),
    '4841': ('Transporte de carga por camión', 'Pagbibiyahe ng kargamento sa trak'),
}


# The role's French name follows the glossary: « enquêteur », « enquêtrice ».
SIGNATURE = ("Inspectrice ou inspecteur, Conformité des employeurs", "Enquêtrice ou enquêteur, Conformité des employeurs")


def fill(apps, schema_editor):
    Sector = apps.get_model('cases', 'Sector')
    for key, (name_es, name_tl) in SECTORS.items():
        Sector.objects.filter(naics_code=key).update(name_es=name_es, name_tl=name_tl)
    LetterTemplate = apps.get_model("cases", "LetterTemplate")
    for template in LetterTemplate.objects.filter(language="fr", body__contains=SIGNATURE[0]):
        template.body = template.body.replace(*SIGNATURE)
        template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_completions_index")]
    operations = [
        migrations.AddField(model_name="sector", name="name_es", field=models.CharField(default="", max_length=200, verbose_name="name (Spanish)"), preserve_default=False),
        migrations.AddField(model_name="sector", name="name_tl", field=models.CharField(default="", max_length=200, verbose_name="name (Tagalog)"), preserve_default=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
