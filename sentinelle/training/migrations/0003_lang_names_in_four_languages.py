"""Reference data named in Spanish and Tagalog too, the languages workers may
choose besides French and English."""

from django.db import migrations, models

# key: (Spanish, Tagalog)
COURSES = {
    'case_summary': ('Informe resumido del expediente', 'Buod na ulat ng kaso'),
    'interviews_evidence': ('Técnicas de entrevista y recopilación de pruebas', 'Mga paraan ng panayam at pangangalap ng ebidensiya'),
    'unannounced_inspection': ('Inspecciones en el lugar sin previo aviso', 'Mga inspeksiyon sa lugar nang walang abiso'),
    'escalation': ('Proceso de escalamiento', 'Proseso ng pag-akyat ng kaso'),
    'case_management_system': ('Sistema de gestión de expedientes', 'Sistema sa pamamahala ng mga kaso'),
    'qc_checklist_guide': ('Guía de la lista de control de calidad', 'Gabay sa listahan ng pagsusuri ng kalidad'),
}


def fill(apps, schema_editor):
    Course = apps.get_model('training', 'Course')
    for key, (name_es, name_tl) in COURSES.items():
        Course.objects.filter(code=key).update(name_es=name_es, name_tl=name_tl)


class Migration(migrations.Migration):
    dependencies = [("training", "0002_courses")]
    operations = [
        migrations.AddField(model_name="course", name="name_es", field=models.CharField(default="", max_length=200, verbose_name="name (Spanish)"), preserve_default=False),
        migrations.AddField(model_name="course", name="name_tl", field=models.CharField(default="", max_length=200, verbose_name="name (Tagalog)"), preserve_default=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
