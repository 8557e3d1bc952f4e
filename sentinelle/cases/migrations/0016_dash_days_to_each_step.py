"""Each case keeps the days from its report to each step (the dashboard's
timeliness), computed by the database from the moments it already keeps (the
first report's day, else the opening; the assessment, the start of the
inspection, the approved decision), for existing rows too; indexes hold what
the timeliness, completions and inventory figures read, so those are read from the indexes
alone. On PostgreSQL the table is then vacuumed and analysed so that the
planner uses them at once; SQLite's statistics are refreshed by seed_demo and
the hourly housekeeping, as for every table."""

from django.db import migrations, models

import sentinelle.cases.models


def refresh_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_case")


class Migration(migrations.Migration):

    # PostgreSQL's VACUUM (which lets the new indexes be read alone at once, the
    # table having been rewritten) cannot run in a transaction.
    atomic = False

    dependencies = [
        ("cases", "0015_perf_timeliness_facts"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_decided_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_assessed_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_inspection_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_status_closed_idx',
        ),
        migrations.AddField(
            model_name='case',
            name='days_to_assessment',
            field=models.GeneratedField(db_persist=True, expression=sentinelle.cases.models.DaysFromReport('assessed_at'), output_field=models.IntegerField(null=True), verbose_name='days from report to assessment'),
        ),
        migrations.AddField(
            model_name='case',
            name='days_to_decision',
            field=models.GeneratedField(db_persist=True, expression=sentinelle.cases.models.DaysFromReport('decision_approved_at'), output_field=models.IntegerField(null=True), verbose_name='days from report to decision'),
        ),
        migrations.AddField(
            model_name='case',
            name='days_to_inspection',
            field=models.GeneratedField(db_persist=True, expression=sentinelle.cases.models.DaysFromReport('inspection_started_at'), output_field=models.IntegerField(null=True), verbose_name='days from report to inspection start'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['decision_approved_at', 'region', 'employer', 'days_to_decision'], name='case_decided_days_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['assessed_at', 'region', 'employer', 'days_to_assessment'], name='case_assessed_days_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['inspection_started_at', 'region', 'employer', 'days_to_inspection'], name='case_inspection_days_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'region', 'employer', 'opened_at'], name='case_inventory_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['opened_at', 'closed_at', 'region', 'origin'], name='case_opened_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'closed_at', 'region', 'decision_approved_at'], name='case_completed_idx'),
        ),
        migrations.RunPython(refresh_statistics, migrations.RunPython.noop, elidable=True),
    ]
