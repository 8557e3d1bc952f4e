"""The program's own action plan as reference data, in French and English: the
2021-2022 action plan of the national steering committee and the four
departmental commitments made in response to the Auditor General's
recommendations (December 2021), with the measures of its five key areas and
their dates; and the service standards of the client service declaration with
their targets. Measures still open when the fiscal year ended stay on the plan as
residual measures, "suivies, surveillées et signalées" until closed."""

import datetime

from django.db import migrations

PLAN = {
    "name_fr": "Plan d’action 2021-2022 et Plan d’action ministériel",
    "name_en": "2021-2022 Action Plan and Departmental Action Plan",
    "fiscal_year": 2021,
    "source": "Plan d’action 2021-2022 du Comité directeur national (PTET)",
}

# (number, title fr, title en, result fr, result en, indicator fr, indicator en, target fr, target en, due)
PRIORITIES = [
    (1,
     "Élaborer un processus de recours hiérarchique pour garantir que, si la santé et la sécurité d’un "
     "travailleur sont menacées, les mesures nécessaires seront prises dans les 24 heures et, au plus tard, "
     "dans les 48 heures; ce délai comprend la communication de la situation aux autorités compétentes.",
     "Develop an escalation process to ensure that, if a worker’s health and safety are at risk, the necessary "
     "measures are taken within 24 hours and at the latest within 48 hours, including communicating the "
     "situation to the appropriate authorities.",
     "Des directives renouvelées garantissent que les mesures nécessaires sont prises dans les 24 heures et, au "
     "plus tard, dans les 48 heures suivant la constatation de la situation, communication aux intervenants, "
     "aux autorités et aux instances appropriées comprise.",
     "Renewed guidance ensures that the necessary measures are taken within 24 hours, and at the latest within "
     "48 hours, of the situation being identified, including communication to the appropriate stakeholders, "
     "authorities and bodies.",
     "Part des recours hiérarchiques dont les mesures sont prises dans les 24 heures, et dans les 48 heures.",
     "Share of escalations whose measures are taken within 24 hours, and within 48 hours.",
     "Mesures prises dans les 24 heures; toutes au plus tard dans les 48 heures.",
     "Measures taken within 24 hours; all at the latest within 48 hours.",
     datetime.date(2022, 3, 31)),
    (2,
     "Élaborer une stratégie relative à la charge de travail pour cibler les secteurs à risque élevé et "
     "assurer des inspections en temps opportun.",
     "Develop a workload strategy to target high-risk sectors and ensure timely inspections.",
     "Un plan cible les secteurs à haut risque afin de réduire les arriérés et de s’assurer que les inspections "
     "sont effectuées en temps opportun.",
     "A plan targets high-risk sectors to reduce backlogs and ensure that inspections are carried out in a "
     "timely manner.",
     "Dossiers traités à l’échelle nationale; inventaire de cas à l’échelle nationale.",
     "Files completed nationally; national inventory of cases.",
     "3 000 dossiers traités; un inventaire sain de 2 000 cas.",
     "3,000 files completed; a healthy inventory of 2,000 cases.",
     datetime.date(2022, 3, 31)),
    (3,
     "Atteindre un taux de 80 % de dossiers d’inspection sans erreur substantielle d’ici mars 2022, et de "
     "90 % au plus tard en septembre 2022.",
     "Reach a rate of 80% of inspection files without substantial error by March 2022, and 90% by "
     "September 2022 at the latest.",
     "Des dossiers d’inspection sans erreur substantielle : une erreur substantielle est présente lorsque la "
     "recherche des faits et l’évaluation des conditions d’inspection mènent à une décision erronée sur le cas.",
     "Inspection files without substantial error: a substantial error is present when the fact-finding and "
     "the assessment of the inspection conditions lead to a wrong decision on the case.",
     "Taux de dossiers d’inspection sans erreur substantielle (contrôle de la qualité).",
     "Rate of inspection files without substantial error (quality control).",
     "80 % d’ici mars 2022; 90 % au plus tard en septembre 2022.",
     "80% by March 2022; 90% by September 2022 at the latest.",
     datetime.date(2022, 9, 30)),
    (4,
     "Donner une formation complémentaire à tout le personnel d’inspection d’ici mars 2022.",
     "Give additional training to all inspection staff by March 2022.",
     "Tout le personnel chargé des inspections a reçu une formation complémentaire.",
     "All staff responsible for inspections have received additional training.",
     "Part du personnel d’inspection ayant reçu la formation complémentaire.",
     "Share of inspection staff who have received the additional training.",
     "100 % du personnel d’inspection.",
     "100% of inspection staff.",
     datetime.date(2022, 3, 31)),
]

# (priority, code, title fr, title en, unit, start, due, status, percent, indicator, indicator target)
MEASURES = [
    (1, "1.1",
     "Mettre en place des directives renouvelées pour garantir que, si la santé et la sécurité d’un travailleur "
     "sont menacées, les mesures nécessaires seront prises dans les 24 heures et, au plus tard, dans les "
     "48 heures suivant la constatation de la situation.",
     "Put in place renewed guidance ensuring that, if a worker’s health and safety are at risk, the necessary "
     "measures are taken within 24 hours and at the latest within 48 hours of the situation being identified.",
     "Directives sur les processus", datetime.date(2021, 12, 9), datetime.date(2022, 3, 31), "done", 100,
     "escalations_48h", "1.0000"),
    (1, "1.2",
     "Formation sur le processus de recours hiérarchique.",
     "Training on the escalation process.",
     "Formation", datetime.date(2021, 12, 9), datetime.date(2022, 3, 31), "done", 100, "", None),
    (1, "1.3",
     "Améliorations du Système de gestion des cas d’intégrité : processus de recours hiérarchique et activité "
     "ayant trait aux renvois.",
     "Improvements to the Integrity Case Management System: the escalation process and the referral activity.",
     "Technologie", datetime.date(2021, 12, 9), datetime.date(2022, 2, 28), "done", 100,
     "escalations_24h", "0.9000"),
    (2, "2.1",
     "Mettre en place une stratégie de gestion de la charge de travail et un réseau de surveillance de la charge "
     "de travail pour surveiller, analyser et coordonner les priorités de la charge de travail à l’aide d’une "
     "approche fondée sur le risque, en mettant l’accent sur l’effectif (capacité); la charge de travail "
     "(réduction de l’arriéré et de l’inventaire des dossiers vieillissants); les décisions fondées sur les "
     "données; les opérations; la mesure et la production de rapports; la communication et la mobilisation.",
     "Put in place a workload management strategy and a workload monitoring network to monitor, analyse and "
     "coordinate workload priorities with a risk-based approach, focusing on staffing (capacity); workload "
     "(reducing the backlog and the inventory of ageing files); data-driven decisions; operations; measurement "
     "and reporting; communication and engagement.",
     "Gestion de la charge de travail", datetime.date(2021, 6, 1), datetime.date(2022, 4, 30), "residual", 90,
     "inventory", "2000.0000"),
    (2, "2.2",
     "Établir des objectifs pour le traitement de 3 000 dossiers à l’échelle nationale.",
     "Set targets for completing 3,000 files nationally.",
     "Gestion de la charge de travail", datetime.date(2021, 6, 1), datetime.date(2022, 3, 31), "done", 100,
     "cases_completed", "3000.0000"),
    (2, "2.3",
     "Améliorer les directives; à cette fin : centraliser l’accès du personnel d’inspection aux directives; "
     "simplifier les processus d’inspection pour améliorer les délais d’inspection; et améliorer les outils et "
     "le soutien nécessaires pour le personnel d’inspection afin d’effectuer des inspections de qualité en temps "
     "opportun.",
     "Improve guidance by centralising inspection staff’s access to guidance; streamlining inspection processes "
     "to improve inspection times; and improving the tools and support inspection staff need to carry out "
     "quality inspections in a timely manner.",
     "Directives sur les processus", datetime.date(2021, 9, 1), datetime.date(2022, 3, 31), "done", 100,
     "days_to_decision", None),
    (3, "3.1",
     "Améliorer la méthodologie et le processus de contrôle de la qualité afin d’assurer une approche plus "
     "efficace et efficiente, notamment en élaborant un cadre de mobilisation pour obtenir de la rétroaction; en "
     "mettant en œuvre des mesures de simplification des processus pour simplifier les inspections; en "
     "améliorant les systèmes de TI afin de réduire au minimum le temps administratif nécessaire au "
     "téléchargement des documents par le personnel d’inspection; et en augmentant les fonctions de contrôle de "
     "la qualité pour les régions.",
     "Improve the quality control methodology and process for a more effective and efficient approach, "
     "including an engagement framework to gather feedback; process simplification measures to simplify "
     "inspections; IT improvements to minimise the administrative time inspection staff spend uploading "
     "documents; and more quality control functions for the regions.",
     "Gestion de la qualité", datetime.date(2021, 9, 1), datetime.date(2022, 9, 30), "residual", 80,
     "quality_rate", "0.9000"),
    (3, "3.2",
     "Atteindre un taux de 80 % des dossiers d’inspection sans erreur substantielle d’ici mars 2022.",
     "Reach a rate of 80% of inspection files without substantial error by March 2022.",
     "Gestion de la qualité", datetime.date(2021, 9, 1), datetime.date(2022, 3, 31), "done", 100,
     "quality_rate", "0.8000"),
    (3, "3.3",
     "Apporter des améliorations aux systèmes de TI afin de rehausser la qualité globale des inspections; de "
     "normaliser et d’améliorer la documentation; de rendre le processus d’inspection plus efficace et simplifié; "
     "et d’accroître les capacités des systèmes aux fins de suivi et de production de rapports.",
     "Improve IT systems to raise the overall quality of inspections; standardise and improve documentation; "
     "make the inspection process more efficient and simpler; and increase the systems’ tracking and reporting "
     "capabilities.",
     "Technologie", datetime.date(2021, 6, 1), datetime.date(2022, 6, 30), "residual", 85, "", None),
    (4, "4.1",
     "Prioriser les domaines à améliorer, notamment la formation sur le rapport sommaire du cas; les techniques "
     "d’entrevue; les inspections sur place non annoncées; la formation sur le système de TI; et le processus de "
     "recours hiérarchique.",
     "Prioritise the areas to improve, including training on the case summary report; interview techniques; "
     "unannounced on-site inspections; training on the IT system; and the escalation process.",
     "Formation", datetime.date(2021, 7, 1), datetime.date(2022, 5, 31), "residual", 90, "", None),
    (4, "4.2",
     "Veiller à ce que tout le personnel chargé des inspections ait reçu une formation complémentaire au plus "
     "tard en mars 2022.",
     "Ensure that all staff responsible for inspections have received additional training by March 2022 at the "
     "latest.",
     "Formation", datetime.date(2021, 12, 9), datetime.date(2022, 3, 31), "done", 100, "", None),
]


def load(apps, schema_editor):
    ActionPlan = apps.get_model("governance", "ActionPlan")
    Priority = apps.get_model("governance", "Priority")
    Measure = apps.get_model("governance", "Measure")
    if ActionPlan.objects.filter(fiscal_year=PLAN["fiscal_year"], name_fr=PLAN["name_fr"]).exists():
        return
    plan = ActionPlan.objects.create(**PLAN)
    priorities = {}
    for number, title_fr, title_en, result_fr, result_en, ind_fr, ind_en, target_fr, target_en, due in PRIORITIES:
        priorities[number] = Priority.objects.create(
            plan=plan, number=number, title_fr=title_fr, title_en=title_en, result_fr=result_fr,
            result_en=result_en, indicator_fr=ind_fr, indicator_en=ind_en, target_fr=target_fr,
            target_en=target_en, due_on=due)
    for number, code, title_fr, title_en, unit, start, due, status, percent, indicator, target in MEASURES:
        Measure.objects.create(
            priority=priorities[number], code=code, title_fr=title_fr, title_en=title_en, unit=unit,
            starts_on=start, due_on=due, status=status, percent_done=percent, indicator=indicator,
            indicator_target=target, closed_on=due if status == "done" else None)


STANDARDS = [("acknowledged", "1.0000", None), ("urgent_24h", "0.9000", None), ("follow_up", "0.9000", 2)]


def seed(apps, schema_editor):
    ServiceStandard = apps.get_model("governance", "ServiceStandard")
    for code, target, days in STANDARDS:
        ServiceStandard.objects.get_or_create(code=code, defaults={"target": target, "working_days": days})


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_gov_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop), migrations.RunPython(seed, migrations.RunPython.noop)]
