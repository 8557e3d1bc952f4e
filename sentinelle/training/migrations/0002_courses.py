"""Reference data: the six courses and the course an unannounced on-site inspection requires."""

from django.db import migrations

COURSES = [
    ("case_summary", "Case summary report", "Rapport sommaire de dossier",
     "Writing the case summary report: facts, evidence, findings and the proposed decision, "
     "in a form a reviewer can check.",
     "Rédiger le rapport sommaire de dossier : faits, preuves, constats et décision proposée, "
     "sous une forme vérifiable par un réviseur."),
    ("interviews_evidence", "Interview techniques and evidence gathering",
     "Techniques d’entrevue et collecte de preuves",
     "Interviewing workers, employers and witnesses safely and fairly, and gathering and keeping evidence.",
     "Mener des entrevues avec les travailleurs, les employeurs et les témoins de façon sûre et équitable, "
     "et recueillir et conserver la preuve."),
    ("unannounced_inspection", "Unannounced on-site inspections", "Inspections sur place inopinées",
     "Preparing and conducting an inspection without notice: safety, authority, "
     "what to observe and how to record it.",
     "Préparer et mener une inspection sans préavis : sécurité, pouvoirs, "
     "quoi observer et comment le consigner."),
    ("escalation", "Escalation process", "Processus d’escalade",
     "Recognising an urgent risk to workers and escalating it within the 24- and 48-hour targets.",
     "Reconnaître un risque urgent pour les travailleurs et l’escalader dans les délais de 24 et 48 heures."),
    ("case_management_system", "Case management system", "Système de gestion des dossiers",
     "Using Sentinelle: reports, cases, activities, documents, decisions and the audit trail.",
     "Utiliser Sentinelle : signalements, dossiers, activités, documents, décisions et journal d’audit."),
    ("qc_checklist_guide", "Quality checklist guide", "Guide de la liste de contrôle de la qualité",
     "The quality-control checklist: each item, the errors it finds and how to avoid them.",
     "La liste de contrôle de la qualité : chaque élément, les erreurs qu’il relève et comment les éviter."),
]


def seed(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    ActivityRequirement = apps.get_model("training", "ActivityRequirement")
    for position, (code, name_en, name_fr, description_en, description_fr) in enumerate(COURSES, start=1):
        Course.objects.update_or_create(code=code, defaults={
            "name_en": name_en, "name_fr": name_fr, "description_en": description_en,
            "description_fr": description_fr, "position": position,
        })
    ActivityRequirement.objects.get_or_create(
        kind="inspection", unannounced_only=True, course=Course.objects.get(code="unannounced_inspection"),
    )


def unseed(apps, schema_editor):
    apps.get_model("training", "ActivityRequirement").objects.filter(
        kind="inspection", unannounced_only=True, course__code="unannounced_inspection").delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
