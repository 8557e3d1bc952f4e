"""The first quality control checklist, in French and English.

National analysts keep it up to date from the staff site afterwards. Undoing the
migration removes only the items it added and nobody has answered yet."""

from django.db import migrations

# (group, substantial, course, English, French)
ITEMS = [
    ("fact_finding", True, "interviews_evidence",
     "Every allegation was examined and the facts needed to decide were gathered.",
     "Chaque allégation a été examinée et les faits nécessaires à la décision ont été recueillis."),
    ("fact_finding", True, "interviews_evidence",
     "The worker, the employer and the witnesses were interviewed as the allegations required.",
     "Le travailleur, l’employeur et les témoins ont été interrogés comme les allégations l’exigeaient."),
    ("fact_finding", False, "unannounced_inspection",
     "An on-site inspection was held where needed, unannounced when the risk warranted it.",
     "Une inspection sur place a eu lieu au besoin, sans préavis lorsque le risque le justifiait."),
    ("assessment", True, "case_summary",
     "Each condition of employment at stake was assessed against the evidence.",
     "Chaque condition d’emploi en cause a été évaluée au regard de la preuve."),
    ("assessment", False, "escalation",
     "The risk to workers was assessed, and urgent situations were escalated in time.",
     "Le risque pour les travailleurs a été évalué, et les situations urgentes ont fait l’objet d’un recours "
     "hiérarchique à temps."),
    ("decision", True, "case_summary",
     "The outcome follows from the facts found and the assessment of the conditions.",
     "L’issue découle des faits établis et de l’évaluation des conditions."),
    ("decision", True, "qc_checklist_guide",
     "The penalty or ban, if any, is the one the rules provide, and the grounds are stated.",
     "La sanction ou l’interdiction, le cas échéant, est celle que prévoient les règles, et les motifs sont "
     "énoncés."),
    ("documentation", False, "case_summary",
     "The case summary report is complete and accurate.",
     "Le rapport sommaire du dossier est complet et exact."),
    ("documentation", False, "case_management_system",
     "The evidence, letters and notes are filed in the case management system.",
     "La preuve, les lettres et les notes sont versées au système de gestion des dossiers."),
    ("timeliness", False, "case_management_system",
     "Each step was taken within the service standards, and any delay is explained.",
     "Chaque étape a été franchie dans les délais des normes de service, et tout retard est expliqué."),
]


def add_items(apps, schema_editor):
    ChecklistItem = apps.get_model("quality", "ChecklistItem")
    for position, (group, substantial, course, text_en, text_fr) in enumerate(ITEMS, start=1):
        ChecklistItem.objects.get_or_create(
            text_en=text_en,
            defaults={"group": group, "substantial": substantial, "course_code": course, "text_fr": text_fr,
                      "position": position * 10},
        )


def remove_items(apps, schema_editor):
    ChecklistItem = apps.get_model("quality", "ChecklistItem")
    ChecklistItem.objects.filter(text_en__in=[item[3] for item in ITEMS], answers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_sampling_reviews")]

    operations = [migrations.RunPython(add_items, remove_items)]
