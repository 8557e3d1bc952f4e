"""Each case keeps its employer's sector and province (`Case.sector`,
`Case.province`), so that the dashboard's figures by sector (timeliness,
inventory, completions) and the public statistics by province and sector are
read from the case's indexes alone instead of joining 50,000 employers.

The database keeps them, in the very statement that writes the case, whoever
writes it (a service, a merge moving cases to the kept employer, a bulk load):

- a case inserted, or updated naming its employer, sector or province, takes
  its employer's (PostgreSQL: a BEFORE trigger sets them in the row; SQLite: an
  AFTER trigger corrects the row when they differ);
- an employer whose sector or province changes carries them to its cases.

Existing rows are filled, then the indexes that read the employer are replaced
by those that read the sector; the closing moment's own index by one that also
holds the opening, region and sector (the cases open at a moment, counted from
it alone); the closed cases' index also holds the province and the inspection's
start, the approved decisions' index the outcome and the case, and the cases'
province is indexed by case (the public statistics). On PostgreSQL the table is then vacuumed and analysed (as in
0016). SQLite drops a table's triggers when a migration rebuilds the table:
`cases/tests/test_case_employer_facts.py` fails if a later migration loses them."""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    """CREATE FUNCTION cases_case_take_employer_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT sector_id, province INTO NEW.sector_id, NEW.province FROM cases_employer WHERE id = NEW.employer_id;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER cases_case_employer_facts BEFORE INSERT OR UPDATE OF employer_id, sector_id, province
    ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_case_take_employer_facts()""",
    """CREATE FUNCTION cases_employer_give_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE cases_case SET sector_id = NEW.sector_id, province = NEW.province WHERE employer_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER cases_employer_facts AFTER UPDATE OF sector_id, province ON cases_employer FOR EACH ROW
    WHEN (OLD.sector_id IS DISTINCT FROM NEW.sector_id OR OLD.province IS DISTINCT FROM NEW.province)
    EXECUTE FUNCTION cases_employer_give_facts()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS cases_employer_facts ON cases_employer",
    "DROP FUNCTION IF EXISTS cases_employer_give_facts()",
    "DROP TRIGGER IF EXISTS cases_case_employer_facts ON cases_case",
    "DROP FUNCTION IF EXISTS cases_case_take_employer_facts()",
]
# A case whose sector or province differs from its employer's takes its employer's.
_SQLITE_TAKE_EMPLOYER_FACTS = """
    WHEN NEW.sector_id IS NOT (SELECT sector_id FROM cases_employer WHERE id = NEW.employer_id)
        OR NEW.province IS NOT (SELECT province FROM cases_employer WHERE id = NEW.employer_id)
    BEGIN
        UPDATE cases_case SET sector_id = (SELECT sector_id FROM cases_employer WHERE id = NEW.employer_id),
            province = (SELECT province FROM cases_employer WHERE id = NEW.employer_id) WHERE id = NEW.id;
    END"""
SQLITE = [
    "CREATE TRIGGER cases_case_employer_facts_insert AFTER INSERT ON cases_case" + _SQLITE_TAKE_EMPLOYER_FACTS,
    "CREATE TRIGGER cases_case_employer_facts_update AFTER UPDATE OF employer_id, sector_id, province ON cases_case"
    + _SQLITE_TAKE_EMPLOYER_FACTS,
    """CREATE TRIGGER cases_employer_facts AFTER UPDATE OF sector_id, province ON cases_employer
    WHEN NEW.sector_id IS NOT OLD.sector_id OR NEW.province IS NOT OLD.province
    BEGIN
        UPDATE cases_case SET sector_id = NEW.sector_id, province = NEW.province WHERE employer_id = NEW.id;
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS cases_employer_facts",
    "DROP TRIGGER IF EXISTS cases_case_employer_facts_update",
    "DROP TRIGGER IF EXISTS cases_case_employer_facts_insert",
]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def keep_facts(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, [
        "UPDATE cases_case SET "
        "sector_id = (SELECT sector_id FROM cases_employer WHERE cases_employer.id = cases_case.employer_id), "
        "province = (SELECT province FROM cases_employer WHERE cases_employer.id = cases_case.employer_id)",
        *(POSTGRESQL if postgresql else SQLITE),
    ])


def stop_keeping_facts(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP)


def refresh_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, ["VACUUM (ANALYZE) cases_case", "VACUUM (ANALYZE) cases_decision"])


class Migration(migrations.Migration):

    # PostgreSQL's VACUUM cannot run in a transaction (see 0016).
    atomic = False

    dependencies = [
        ('cases', '0017_tasks2_pending_by_case'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_decided_days_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_assessed_days_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_inspection_days_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_inventory_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_completed_idx',
        ),
        migrations.RemoveIndex(
            model_name='decision',
            name='decision_register_idx',
        ),
        migrations.AddField(
            model_name='case',
            name='province',
            field=models.CharField(blank=True, choices=[('NL', 'Newfoundland and Labrador'), ('PE', 'Prince Edward Island'), ('NS', 'Nova Scotia'), ('NB', 'New Brunswick'), ('QC', 'Quebec'), ('ON', 'Ontario'), ('MB', 'Manitoba'), ('SK', 'Saskatchewan'), ('AB', 'Alberta'), ('BC', 'British Columbia'), ('YT', 'Yukon'), ('NT', 'Northwest Territories'), ('NU', 'Nunavut')], default='', editable=False, max_length=2, verbose_name='province or territory'),
        ),
        migrations.AddField(
            model_name='case',
            name='sector',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.sector', verbose_name='sector'),
        ),
        migrations.AlterField(
            model_name='case',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='closed'),
        ),
        # After every change that rebuilds the table on SQLite (which drops its triggers).
        migrations.RunPython(keep_facts, stop_keeping_facts),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['decision_approved_at', 'region', 'sector', 'days_to_decision'], name='case_decided_sector_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['assessed_at', 'region', 'sector', 'days_to_assessment'], name='case_assessed_sector_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['inspection_started_at', 'region', 'sector', 'days_to_inspection'], name='case_inspection_sector_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'region', 'sector', 'opened_at'], name='case_inventory_sector_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['closed_at', 'opened_at', 'region', 'sector'], name='case_closed_opened_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', 'closed_at', 'region', 'sector', 'decision_approved_at', 'origin', 'province', 'inspection_started_at'], name='case_closed_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['id', 'province'], name='case_province_idx'),
        ),
        migrations.AddIndex(
            model_name='decision',
            index=models.Index(fields=['status', '-approved_at', 'outcome', 'case'], name='decision_approved_idx'),
        ),
        migrations.RunPython(refresh_statistics, migrations.RunPython.noop, elidable=True),
    ]
