"""Guidance for a file that quality control returned for correction."""

from django.db import migrations

TOPIC = "status:correction"
TEXT = {
    "title_en": "Returned for correction: quality control found a substantial error",
    "body_en": (
        "A quality control reviewer found a substantial error in this closed file: the fact-finding or the "
        "assessment of the conditions led, or could have led, to a wrong decision. The review says which "
        "checklist items failed and why.\n\n"
        "Correct the file: add the missing activities or documents, and if the decision itself must change, "
        "discuss it with your team lead. Then send the corrected file back to quality control with a note "
        "that says what was corrected. The reviewer checks the correction before the file is closed for good."
    ),
    "title_fr": "Renvoyé pour correction\u00a0: le contrôle de la qualité a relevé une erreur substantielle",
    "body_fr": (
        "Un réviseur du contrôle de la qualité a relevé une erreur substantielle dans ce dossier fermé\u00a0: "
        "la collecte des faits ou l’évaluation des conditions a mené, ou aurait pu mener, à une décision "
        "erronée. L’examen indique quels éléments de la liste de vérification ne sont pas conformes et "
        "pourquoi.\n\n"
        "Corrigez le dossier\u00a0: ajoutez les activités ou les documents manquants et, si la décision "
        "elle-même doit changer, discutez-en avec votre chef d’équipe. Renvoyez ensuite le dossier corrigé "
        "au contrôle de la qualité avec une note qui précise ce qui a été corrigé. Le réviseur vérifie la "
        "correction avant que le dossier soit fermé définitivement."
    ),
}


def load(apps, schema_editor):
    apps.get_model("cases", "Guidance").objects.update_or_create(topic=TOPIC, defaults=TEXT)


def unload(apps, schema_editor):
    apps.get_model("cases", "Guidance").objects.filter(topic=TOPIC).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_correction")]

    operations = [migrations.RunPython(load, unload)]
