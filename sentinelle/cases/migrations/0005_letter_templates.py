"""The French and English letter templates (notice of inspection, request for documents, decision).

They use only the placeholders of `sentinelle.cases.letters.PLACEHOLDERS`; the
team can reword them afterwards from the letter-template pages."""

from django.db import migrations

TEMPLATES = [
    {
        "kind": "notice_of_inspection",
        "language": "fr",
        "subject": "Avis d'inspection – dossier {{ case_reference }}",
        "body": """Madame, Monsieur,

Dans le cadre du Programme des travailleurs étrangers temporaires, nous vous avisons que votre entreprise, {{ employer_name }}, fait l'objet d'une inspection visant à vérifier le respect des conditions auxquelles vous vous êtes engagé à titre d'employeur de travailleurs étrangers temporaires.

{% if inspection_date %}Une visite de votre lieu de travail est prévue le {{ inspection_date }}. {% endif %}L'inspection peut comprendre l'examen de documents, des entretiens avec vous, vos représentants et les travailleurs, ainsi qu'une visite des lieux de travail et, s'il y a lieu, des logements fournis.

Nous vous demandons de confirmer la réception du présent avis et de désigner une personne-ressource au plus tard le {{ due_date }}. Veuillez indiquer le numéro de dossier {{ case_reference }} dans toute communication avec nous.

Le défaut de collaborer à une inspection peut en soi constituer un manquement aux conditions du Programme et entraîner des conséquences, notamment une sanction administrative pécuniaire ou une interdiction d'embaucher des travailleurs étrangers temporaires.

Pour toute question, vous pouvez communiquer avec la personne soussignée.

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

{{ investigator_name }}
Inspectrice ou inspecteur, Conformité des employeurs
{{ region_name }}""",
    },
    {
        "kind": "notice_of_inspection",
        "language": "en",
        "subject": "Notice of inspection – file {{ case_reference }}",
        "body": """Dear Sir or Madam,

Under the Temporary Foreign Worker Program, we are notifying you that your business, {{ employer_name }}, is the subject of an inspection to verify that you meet the conditions you agreed to as an employer of temporary foreign workers.

{% if inspection_date %}A visit to your workplace is planned for {{ inspection_date }}. {% endif %}The inspection may include a review of documents, interviews with you, your representatives and the workers, and a visit of the workplace and, where applicable, of the housing provided.

Please acknowledge receipt of this notice and name a contact person by {{ due_date }}. Quote file number {{ case_reference }} in all communications with us.

Failing to cooperate with an inspection may in itself be a breach of the conditions of the Program and lead to consequences, including an administrative monetary penalty or a ban from hiring temporary foreign workers.

If you have any questions, please contact the undersigned.

Yours sincerely,

{{ investigator_name }}
Investigator, Employer Compliance
{{ region_name }}""",
    },
    {
        "kind": "document_request",
        "language": "fr",
        "subject": "Demande de documents – dossier {{ case_reference }}",
        "body": """Madame, Monsieur,

Dans le cadre de l'inspection de {{ employer_name }} (dossier {{ case_reference }}) menée en vertu du Programme des travailleurs étrangers temporaires, nous vous demandons de nous transmettre les documents suivants, pour toute la période visée par l'inspection :

- les contrats de travail et les offres d'emploi des travailleurs étrangers temporaires ;
- les relevés de paie, les talons de paie et les registres des heures travaillées ;
- la preuve du versement des salaires et des heures supplémentaires ;
- les documents relatifs au logement fourni, le cas échéant, et aux sommes retenues à ce titre ;
- la preuve de l'assurance maladie et de la couverture en cas d'accident du travail ;
- tout document attestant les mesures prises pour offrir un milieu de travail exempt de mauvais traitements.

Les documents doivent nous parvenir au plus tard le {{ due_date }}. Veuillez indiquer le numéro de dossier {{ case_reference }} sur chaque envoi.

Le défaut de fournir les documents demandés dans le délai prescrit peut constituer un manquement aux conditions du Programme.

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

{{ investigator_name }}
Inspectrice ou inspecteur, Conformité des employeurs
{{ region_name }}""",
    },
    {
        "kind": "document_request",
        "language": "en",
        "subject": "Request for documents – file {{ case_reference }}",
        "body": """Dear Sir or Madam,

As part of the inspection of {{ employer_name }} (file {{ case_reference }}) under the Temporary Foreign Worker Program, we ask you to send us the following documents, for the whole period covered by the inspection:

- the employment contracts and job offers of the temporary foreign workers;
- payroll records, pay stubs and records of the hours worked;
- proof of payment of wages and overtime;
- documents about the housing provided, if any, and the amounts deducted for it;
- proof of health insurance and of workplace injury coverage;
- any document showing the measures taken to provide a workplace free of abuse.

The documents must reach us by {{ due_date }}. Please quote file number {{ case_reference }} on each submission.

Failing to provide the requested documents within the time allowed may be a breach of the conditions of the Program.

Yours sincerely,

{{ investigator_name }}
Investigator, Employer Compliance
{{ region_name }}""",
    },
    {
        "kind": "decision",
        "language": "fr",
        "subject": "Lettre de décision – dossier {{ case_reference }}",
        "body": """Madame, Monsieur,

Nous avons terminé l'inspection de {{ employer_name }} (dossier {{ case_reference }}) menée en vertu du Programme des travailleurs étrangers temporaires. {% if decision_date %}Le {{ decision_date }}, la{% else %}La{% endif %} décision suivante a été rendue : {{ decision_outcome }}.

Motifs de la décision :
{{ decision_grounds }}
{% if penalty_amount %}
Une sanction administrative pécuniaire de {{ penalty_amount }} vous est imposée. Les modalités de paiement vous seront communiquées séparément.
{% endif %}{% if ban_years %}
Il vous est interdit d'embaucher des travailleurs étrangers temporaires pour une période de {{ ban_years }} an(s). Votre nom sera publié sur la liste des employeurs non conformes.
{% endif %}
Si vous n'êtes pas d'accord avec cette décision, vous pouvez en demander la révision en nous écrivant dans les 30 jours suivant la date de la présente lettre. Veuillez indiquer le numéro de dossier {{ case_reference }}.

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

{{ investigator_name }}
Inspectrice ou inspecteur, Conformité des employeurs
{{ region_name }}""",
    },
    {
        "kind": "decision",
        "language": "en",
        "subject": "Decision letter – file {{ case_reference }}",
        "body": """Dear Sir or Madam,

We have completed the inspection of {{ employer_name }} (file {{ case_reference }}) under the Temporary Foreign Worker Program. {% if decision_date %}On {{ decision_date }}, the{% else %}The{% endif %} following decision was made: {{ decision_outcome }}.

Grounds for the decision:
{{ decision_grounds }}
{% if penalty_amount %}
An administrative monetary penalty of {{ penalty_amount }} is imposed on you. How to pay it will be sent to you separately.
{% endif %}{% if ban_years %}
You are banned from hiring temporary foreign workers for {{ ban_years }} year(s). Your name will be published on the list of non-compliant employers.
{% endif %}
If you disagree with this decision, you may ask for it to be reviewed by writing to us within 30 days of the date of this letter. Please quote file number {{ case_reference }}.

Yours sincerely,

{{ investigator_name }}
Investigator, Employer Compliance
{{ region_name }}""",
    },
]


def load(apps, schema_editor):
    LetterTemplate = apps.get_model("cases", "LetterTemplate")
    for values in TEMPLATES:
        LetterTemplate.objects.update_or_create(
            kind=values["kind"], language=values["language"],
            defaults={"subject": values["subject"], "body": values["body"]},
        )


def unload(apps, schema_editor):
    LetterTemplate = apps.get_model("cases", "LetterTemplate")
    for values in TEMPLATES:
        LetterTemplate.objects.filter(kind=values["kind"], language=values["language"]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_management")]

    operations = [migrations.RunPython(load, unload)]
