"""Reference data named in Spanish and Tagalog too, the languages workers may
choose besides French and English."""

from django.db import migrations, models

# key: (Spanish, Tagalog)
PARTNERS = {
    'rcmp': ('Real Policía Montada de Canadá', 'Pederal na pulisya ng Canada (RCMP)'),
    'cbsa': ('Agencia de Servicios Fronterizos de Canadá', 'Ahensiya ng mga Serbisyo sa Hangganan ng Canada'),
    'ircc': ('Inmigración, Refugiados y Ciudadanía de Canadá', 'Imigrasyon, mga Refugee at Pagkamamamayan ng Canada'),
    'esdc': ('Empleo y Desarrollo Social de Canadá', 'Kagawaran ng Trabaho at Kaunlarang Panlipunan ng Canada'),
    'hc': ('Ministerio de Salud de Canadá', 'Kagawaran ng Kalusugan ng Canada'),
    'aafc': ('Agricultura y Agroalimentación de Canadá', 'Kagawaran ng Agrikultura at Pagkain ng Canada'),
    'cnesst': ('CNESST (Quebec) – salud y seguridad', 'CNESST (Quebec) – kalusugan at kaligtasan'),
    'cnesst-ns': ('CNESST (Quebec) – normas laborales', 'CNESST (Quebec) – mga pamantayan sa paggawa'),
    'on-mol-ohs': ('Ministerio de Trabajo de Ontario – salud y seguridad', 'Ministri ng Paggawa ng Ontario – kalusugan at kaligtasan'),
    'on-mol-es': ('Ministerio de Trabajo de Ontario – normas de empleo', 'Ministri ng Paggawa ng Ontario – mga pamantayan sa trabaho'),
    'worksafebc': ('WorkSafeBC', 'WorkSafeBC'),
    'bc-esb': ('Dirección de Normas de Empleo de Columbia Británica', 'Sangay ng mga Pamantayan sa Trabaho ng British Columbia'),
    'ab-ohs': ('Salud y Seguridad Laboral de Alberta', 'Kalusugan at Kaligtasan sa Trabaho ng Alberta'),
    'ab-es': ('Normas de Empleo de Alberta', 'Mga Pamantayan sa Trabaho ng Alberta'),
    'mb-sh': ('SAFE Work Manitoba', 'SAFE Work Manitoba'),
    'sk-ohs': ('Salud y Seguridad Laboral de Saskatchewan', 'Kalusugan at Kaligtasan sa Trabaho ng Saskatchewan'),
    'ns-ohs': ('Salud y Seguridad Laboral de Nueva Escocia', 'Kalusugan at Kaligtasan sa Trabaho ng Nova Scotia'),
    'nb-worksafe': ('WorkSafeNB', 'WorkSafeNB'),
    'pe-wcb': ('Junta de Indemnización de los Trabajadores de la Isla del Príncipe Eduardo – salud y seguridad', 'Lupon ng Bayad-pinsala ng Manggagawa ng Prince Edward Island – kaligtasan sa trabaho'),
    'nl-ohs': ('División de Salud y Seguridad Laboral de Terranova y Labrador', 'Dibisyon ng Kaligtasan sa Trabaho ng Newfoundland and Labrador'),
    'local-police': ('Policía local', 'Lokal na pulisya'),
    'other': ('Otra autoridad', 'Ibang awtoridad'),
}

EXCLUSIONS = {
    'not-tfwp': ('Empleador fuera del programa', 'Amo na wala sa programa'),
    'past-period': ('Fuera del período que se puede inspeccionar', 'Labas sa panahong maaaring inspeksiyunin'),
    'other-authority': ('Asunto solo de otra autoridad', 'Para lamang sa ibang awtoridad'),
}


def fill(apps, schema_editor):
    Partner = apps.get_model('intake', 'Partner')
    for key, (name_es, name_tl) in PARTNERS.items():
        Partner.objects.filter(code=key).update(name_es=name_es, name_tl=name_tl)
    ExclusionRule = apps.get_model('intake', 'ExclusionRule')
    for key, (name_es, name_tl) in EXCLUSIONS.items():
        ExclusionRule.objects.filter(code=key).update(name_es=name_es, name_tl=name_tl)


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_versioning")]
    operations = [
        migrations.AddField(model_name="exclusionrule", name="name_es", field=models.CharField(default="", max_length=200, verbose_name="name (Spanish)"), preserve_default=False),
        migrations.AddField(model_name="exclusionrule", name="name_tl", field=models.CharField(default="", max_length=200, verbose_name="name (Tagalog)"), preserve_default=False),
        migrations.AddField(model_name="partner", name="name_es", field=models.CharField(default="", max_length=200, verbose_name="name (Spanish)"), preserve_default=False),
        migrations.AddField(model_name="partner", name="name_tl", field=models.CharField(default="", max_length=200, verbose_name="name (Tagalog)"), preserve_default=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
