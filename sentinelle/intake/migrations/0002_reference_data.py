"""Starting triage weights, partner authorities and exclusion rules. All of it is
reference data that administrators and analysts change in the admin site."""

from django.db import migrations

RISK_RULES = [
    ("danger_now", "", 60),
    ("hazard_now", "", 40),
    ("allegation", "health_safety", 25),
    ("allegation", "documents", 25),
    ("allegation", "abuse", 25),
    ("allegation", "reprisal", 20),
    ("allegation", "housing", 15),
    ("allegation", "fees", 15),
    ("allegation", "wages", 10),
    ("allegation", "hours", 8),
    ("allegation", "job_differs", 8),
    ("allegation", "other", 2),
    ("sector", "111", 10),  # crop production
    ("sector", "112", 8),  # animal production
    ("sector", "3117", 10),  # seafood processing
    ("sector", "3116", 8),  # meat processing
    ("sector", "8141", 10),  # caregiving in private households
    ("sector", "23", 5),  # construction
    ("workers", "2-5", 5),
    ("workers", "6-20", 10),
    ("workers", "21+", 15),
    ("repeat_employer", "1", 10),
    ("repeat_employer", "3", 20),
]

PARTNERS = [
    # code, kind, province, name_en, name_fr
    ("rcmp", "police", "", "Royal Canadian Mounted Police", "Gendarmerie royale du Canada"),
    ("cbsa", "cbsa", "", "Canada Border Services Agency", "Agence des services frontaliers du Canada"),
    ("ircc", "ircc", "", "Immigration, Refugees and Citizenship Canada", "Immigration, Réfugiés et Citoyenneté Canada"),
    ("esdc", "esdc", "", "Employment and Social Development Canada", "Emploi et Développement social Canada"),
    ("hc", "health", "", "Health Canada", "Santé Canada"),
    ("aafc", "aafc", "", "Agriculture and Agri-Food Canada", "Agriculture et Agroalimentaire Canada"),
    ("cnesst", "ohs", "QC", "CNESST (Quebec) – health and safety", "CNESST – santé et sécurité du travail"),
    ("cnesst-ns", "employment_standards", "QC", "CNESST (Quebec) – labour standards", "CNESST – normes du travail"),
    ("on-mol-ohs", "ohs", "ON", "Ontario Ministry of Labour – health and safety", "Ministère du Travail de l'Ontario – santé et sécurité"),
    ("on-mol-es", "employment_standards", "ON", "Ontario Ministry of Labour – employment standards", "Ministère du Travail de l'Ontario – normes d'emploi"),
    ("worksafebc", "ohs", "BC", "WorkSafeBC", "WorkSafeBC"),
    ("bc-esb", "employment_standards", "BC", "BC Employment Standards Branch", "Direction des normes d'emploi de la C.-B."),
    ("ab-ohs", "ohs", "AB", "Alberta Occupational Health and Safety", "Santé et sécurité au travail de l'Alberta"),
    ("ab-es", "employment_standards", "AB", "Alberta Employment Standards", "Normes d'emploi de l'Alberta"),
    ("mb-sh", "ohs", "MB", "SAFE Work Manitoba", "SAFE Work Manitoba"),
    ("sk-ohs", "ohs", "SK", "Saskatchewan Occupational Health and Safety", "Santé et sécurité au travail de la Saskatchewan"),
    ("ns-ohs", "ohs", "NS", "Nova Scotia Occupational Health and Safety", "Santé et sécurité au travail de la Nouvelle-Écosse"),
    ("nb-worksafe", "ohs", "NB", "WorkSafeNB", "Travail sécuritaire NB"),
    ("pe-wcb", "ohs", "PE", "PEI Workers Compensation Board – OHS", "Commission des accidents du travail de l'Î.-P.-É. – SST"),
    ("nl-ohs", "ohs", "NL", "Newfoundland and Labrador OHS Division", "Division de la SST de Terre-Neuve-et-Labrador"),
    ("local-police", "police", "", "Local police", "Police locale"),
    ("other", "other", "", "Other authority", "Autre autorité"),
]

EXCLUSIONS = [
    ("not-tfwp", "Employer not in the program", "Employeur hors programme",
     "The employer has never employed workers through the program.",
     "L'employeur n'a jamais embauché de travailleurs par l'intermédiaire du programme."),
    ("past-period", "Outside the period that can be inspected", "Hors de la période visée",
     "The events are older than the period the program may inspect.",
     "Les faits sont antérieurs à la période que le programme peut inspecter."),
    ("other-authority", "Matter for another authority only", "Relève d'une autre autorité seulement",
     "The situation is wholly within another authority's mandate; refer it.",
     "La situation relève entièrement d'une autre autorité; l'y acheminer."),
]


def create(apps, schema_editor):
    RiskRule = apps.get_model("intake", "RiskRule")
    Partner = apps.get_model("intake", "Partner")
    ExclusionRule = apps.get_model("intake", "ExclusionRule")
    for kind, key, weight in RISK_RULES:
        RiskRule.objects.update_or_create(kind=kind, key=key, defaults={"weight": weight})
    for code, kind, province, name_en, name_fr in PARTNERS:
        Partner.objects.update_or_create(
            code=code, defaults={"kind": kind, "province": province, "name_en": name_en, "name_fr": name_fr}
        )
    for code, name_en, name_fr, description_en, description_fr in EXCLUSIONS:
        ExclusionRule.objects.update_or_create(
            code=code,
            defaults={"name_en": name_en, "name_fr": name_fr, "description_en": description_en,
                      "description_fr": description_fr},
        )


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
