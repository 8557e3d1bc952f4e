"""Reminders of tasks and document requests (sent once each), the indexes of
"my tasks", the reminder letter for an unanswered document request (French and
English) and the guidance for a non-response."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

REMINDER_TEMPLATES = [
    {
        "kind": "document_reminder",
        "language": "fr",
        "subject": "Rappel : demande de documents – dossier {{ case_reference }}",
        "body": """Madame, Monsieur,

Dans le cadre de l'inspection de {{ employer_name }} (dossier {{ case_reference }}) menée en vertu du Programme des travailleurs étrangers temporaires, nous vous avons demandé de nous transmettre des documents. À ce jour, nous ne les avons pas reçus.

Nous vous demandons de nous les faire parvenir au plus tard le {{ due_date }}, en indiquant le numéro de dossier {{ case_reference }} sur chaque envoi.

Nous vous rappelons que le défaut de fournir les documents demandés peut constituer un manquement aux conditions du Programme et entraîner des conséquences, notamment une sanction administrative pécuniaire ou une interdiction d'embaucher des travailleurs étrangers temporaires.

Pour toute question, vous pouvez communiquer avec la personne soussignée.

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

{{ investigator_name }}
Inspectrice ou inspecteur, Conformité des employeurs
{{ region_name }}""",
    },
    {
        "kind": "document_reminder",
        "language": "en",
        "subject": "Reminder: request for documents – file {{ case_reference }}",
        "body": """Dear Sir or Madam,

As part of the inspection of {{ employer_name }} (file {{ case_reference }}) under the Temporary Foreign Worker Program, we asked you to send us documents. To date, we have not received them.

Please send them to us by {{ due_date }}, quoting file number {{ case_reference }} on everything you send.

Failing to provide the documents requested may be a breach of the conditions of the Program and lead to consequences, including an administrative monetary penalty or a ban from hiring temporary foreign workers.

If you have any questions, please contact the undersigned.

Yours sincerely,

{{ investigator_name }}
Investigator, Employer Compliance
{{ region_name }}""",
    },
]

NONRESPONSE = {
    "topic": "nonresponse:document_request",
    "title_en": "The employer has not answered a request for documents",
    "body_en": (
        "The employer did not send the documents requested by the due date, and a reminder letter has gone "
        "unanswered too.\n\n"
        "Record each attempt to reach the employer (calls, letters) on the case. Discuss the file with your "
        "team lead: failing to provide the documents requested may itself be a breach of the conditions of "
        "the program, and the assessment can go ahead on the information gathered from the workers, the "
        "on-site inspection and other sources. Say in the assessment which documents never came."
    ),
    "title_fr": "L’employeur n’a pas répondu à une demande de documents",
    "body_fr": (
        "L’employeur n’a pas transmis les documents demandés à la date prévue, et une lettre de rappel est "
        "elle aussi restée sans réponse.\n\n"
        "Consignez au dossier chaque tentative pour joindre l’employeur (appels, lettres). Discutez du dossier "
        "avec votre chef d’équipe\u00a0: le défaut de fournir les documents demandés peut constituer en soi un "
        "manquement aux conditions du programme, et l’évaluation peut se poursuivre à partir des renseignements "
        "obtenus des travailleurs, de l’inspection sur place et d’autres sources. Précisez dans l’évaluation "
        "quels documents n’ont jamais été reçus."
    ),
}


def load(apps, schema_editor):
    template = apps.get_model("cases", "LetterTemplate")
    for values in REMINDER_TEMPLATES:
        template.objects.update_or_create(kind=values["kind"], language=values["language"], defaults=values)
    apps.get_model("cases", "Guidance").objects.update_or_create(
        topic=NONRESPONSE["topic"], defaults={k: v for k, v in NONRESPONSE.items() if k != "topic"})


def unload(apps, schema_editor):
    apps.get_model("cases", "LetterTemplate").objects.filter(kind="document_reminder").delete()
    apps.get_model("cases", "Guidance").objects.filter(topic=NONRESPONSE["topic"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_lang_names_in_four_languages'),
        ('intake', '0006_versioning'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TaskReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('eve', 'The day before'), ('due', 'On the due date')], max_length=3, verbose_name='reminder')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent')),
            ],
            options={
                'verbose_name': 'task reminder',
                'verbose_name_plural': 'task reminders',
                'ordering': ['sent_at', 'id'],
            },
        ),
        migrations.AlterField(
            model_name='lettertemplate',
            name='kind',
            field=models.CharField(choices=[('notice_of_inspection', 'Notice of inspection'), ('document_request', 'Request for documents'), ('document_reminder', 'Reminder: request for documents'), ('decision', 'Decision letter')], max_length=24, verbose_name='letter'),
        ),
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(condition=models.Q(('done_at__isnull', True), ('kind', 'task')), fields=['owner', 'due_on'], name='activity_open_task_idx'),
        ),
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(condition=models.Q(('kind', 'document_request'), ('received_on__isnull', True)), fields=['case', 'due_on'], name='activity_open_request_idx'),
        ),
        migrations.AddField(
            model_name='taskreminder',
            name='activity',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='cases.activity'),
        ),
        migrations.AddConstraint(
            model_name='taskreminder',
            constraint=models.UniqueConstraint(fields=('activity', 'kind', 'due_on'), name='task_reminder_once'),
        ),
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(condition=models.Q(('done_at__isnull', True), ('kind__in', ['task', 'document_request']), ('received_on__isnull', True)), fields=['due_on'], name='activity_pending_due_idx'),
        ),
        migrations.RunPython(load, unload),
    ]
