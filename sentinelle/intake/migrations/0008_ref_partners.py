"""The partner authorities of the referral strategy: every body seed 002 names as
a stakeholder of the program (ESDC, IRCC, CBSA, RCMP, Global Affairs Canada,
Health Canada, Agriculture and Agri-Food Canada) and, for each province and
territory, its employment standards body and its occupational health and safety
body, by their own names in English and French. Referrals recorded before are
given their origin (an escalation), region, report and outcome."""

from django.db import migrations

PARTNERS = [
    # code, kind, province, name_en, name_fr
    ("esdc", "esdc", "", "Employment and Social Development Canada", "Emploi et Développement social Canada"),
    ("ircc", "ircc", "", "Immigration, Refugees and Citizenship Canada", "Immigration, Réfugiés et Citoyenneté Canada"),
    ("cbsa", "cbsa", "", "Canada Border Services Agency", "Agence des services frontaliers du Canada"),
    ("rcmp", "police", "", "Royal Canadian Mounted Police", "Gendarmerie royale du Canada"),
    ("gac", "gac", "", "Global Affairs Canada", "Affaires mondiales Canada"),
    ("hc", "health", "", "Health Canada", "Santé Canada"),
    ("aafc", "aafc", "", "Agriculture and Agri-Food Canada", "Agriculture et Agroalimentaire Canada"),
    # Newfoundland and Labrador
    ("nl-ls", "employment_standards", "NL", "Labour Standards Division (Newfoundland and Labrador)",
     "Division des normes du travail (Terre-Neuve-et-Labrador)"),
    ("nl-ohs", "ohs", "NL", "Occupational Health and Safety Division, Digital Government and Service NL",
     "Division de la santé et de la sécurité au travail, Digital Government and Service NL"),
    # Prince Edward Island
    ("pe-es", "employment_standards", "PE", "Employment Standards Branch (Prince Edward Island)",
     "Direction des normes d’emploi (Île-du-Prince-Édouard)"),
    ("pe-wcb", "ohs", "PE", "Workers Compensation Board of PEI – Occupational Health and Safety Division",
     "Commission des accidents du travail de l’Î.-P.-É. – Division de la santé et de la sécurité au travail"),
    # Nova Scotia
    ("ns-ls", "employment_standards", "NS", "Labour Standards Division (Nova Scotia)",
     "Division des normes du travail (Nouvelle-Écosse)"),
    ("ns-ohs", "ohs", "NS", "Occupational Health and Safety Division (Nova Scotia)",
     "Division de la santé et de la sécurité au travail (Nouvelle-Écosse)"),
    # New Brunswick
    ("nb-es", "employment_standards", "NB", "Employment Standards Branch (New Brunswick)",
     "Direction des normes d’emploi (Nouveau-Brunswick)"),
    ("nb-worksafe", "ohs", "NB", "WorkSafeNB", "Travail sécuritaire NB"),
    # Quebec: one commission, two mandates.
    ("cnesst-ns", "employment_standards", "QC",
     "CNESST (Commission des normes, de l’équité, de la santé et de la sécurité du travail) – labour standards",
     "CNESST (Commission des normes, de l’équité, de la santé et de la sécurité du travail) – normes du travail"),
    ("cnesst", "ohs", "QC",
     "CNESST (Commission des normes, de l’équité, de la santé et de la sécurité du travail) – "
     "occupational health and safety",
     "CNESST (Commission des normes, de l’équité, de la santé et de la sécurité du travail) – "
     "santé et sécurité du travail"),
    # Ontario
    ("on-mol-es", "employment_standards", "ON",
     "Ontario Ministry of Labour, Immigration, Training and Skills Development – Employment Standards Program",
     "Ministère du Travail, de l’Immigration, de la Formation et du Développement des compétences de "
     "l’Ontario – Programme des normes d’emploi"),
    ("on-mol-ohs", "ohs", "ON",
     "Ontario Ministry of Labour, Immigration, Training and Skills Development – Occupational Health and Safety",
     "Ministère du Travail, de l’Immigration, de la Formation et du Développement des compétences de "
     "l’Ontario – Santé et sécurité au travail"),
    # Manitoba
    ("mb-es", "employment_standards", "MB", "Employment Standards (Manitoba)", "Normes d’emploi (Manitoba)"),
    ("mb-sh", "ohs", "MB", "Workplace Safety and Health Branch (Manitoba)",
     "Direction de la sécurité et de l’hygiène du travail (Manitoba)"),
    # Saskatchewan
    ("sk-es", "employment_standards", "SK",
     "Employment Standards Division, Saskatchewan Ministry of Labour Relations and Workplace Safety",
     "Division des normes d’emploi, ministère des Relations de travail et de la Sécurité au travail "
     "de la Saskatchewan"),
    ("sk-ohs", "ohs", "SK",
     "Occupational Health and Safety Division, Saskatchewan Ministry of Labour Relations and Workplace Safety",
     "Division de la santé et de la sécurité au travail, ministère des Relations de travail et de la "
     "Sécurité au travail de la Saskatchewan"),
    # Alberta
    ("ab-es", "employment_standards", "AB", "Alberta Employment Standards", "Normes d’emploi de l’Alberta"),
    ("ab-ohs", "ohs", "AB", "Alberta Occupational Health and Safety", "Santé et sécurité au travail de l’Alberta"),
    # British Columbia
    ("bc-esb", "employment_standards", "BC", "Employment Standards Branch (British Columbia)",
     "Direction des normes d’emploi (Colombie-Britannique)"),
    ("worksafebc", "ohs", "BC", "WorkSafeBC", "WorkSafeBC"),
    # Yukon
    ("yt-es", "employment_standards", "YT", "Employment Standards Office (Yukon)",
     "Bureau des normes d’emploi (Yukon)"),
    ("yt-wscb", "ohs", "YT", "Yukon Workers' Safety and Compensation Board",
     "Commission de la santé et de la sécurité au travail du Yukon"),
    # Northwest Territories
    ("nt-es", "employment_standards", "NT", "Employment Standards Office (Northwest Territories)",
     "Bureau des normes d’emploi (Territoires du Nord-Ouest)"),
    ("nt-wscc", "ohs", "NT", "Workers' Safety and Compensation Commission (Northwest Territories and Nunavut)",
     "Commission de la sécurité au travail et de l’indemnisation des travailleurs (Territoires du "
     "Nord-Ouest et Nunavut)"),
    # Nunavut
    ("nu-ls", "employment_standards", "NU", "Labour Standards Compliance Office (Nunavut)",
     "Bureau de conformité aux normes du travail (Nunavut)"),
    ("nu-wscc", "ohs", "NU", "Workers' Safety and Compensation Commission (Northwest Territories and Nunavut)",
     "Commission de la sécurité au travail et de l’indemnisation des travailleurs (Territoires du "
     "Nord-Ouest et Nunavut)"),
]


def create(apps, schema_editor):
    Partner = apps.get_model("intake", "Partner")
    Referral = apps.get_model("intake", "Referral")
    for code, kind, province, name_en, name_fr in PARTNERS:
        Partner.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "province": province, "name_en": name_en, "name_fr": name_fr, "active": True},
        )
    for referral in Referral.objects.filter(region__isnull=True).select_related("escalation"):
        escalation = referral.escalation
        referral.origin = "escalation"
        referral.region_id = escalation.region_id
        referral.report_id = escalation.report_id
        if referral.reply:
            referral.outcome = "acknowledged"
            referral.acknowledged_at = referral.reply_at
        referral.save(update_fields=["origin", "region", "report", "outcome", "acknowledged_at"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0007_ref_referrals")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
