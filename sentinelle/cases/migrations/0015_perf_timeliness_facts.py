"""Each case keeps the day its earliest report was received (the start of the
dashboard's timeliness clock); existing cases get it from their reports."""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Report = apps.get_model("intake", "Report")
    earliest = (Report.objects.filter(case=OuterRef("pk")).order_by().values("case")
                .annotate(first=Min("submitted_on")).values("first"))
    Case.objects.filter(reports__isnull=False).update(first_report_on=Subquery(earliest))


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0014_insp_case_origin_and_register_figures"),
        ("intake", "0010_sec_client_allowance"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="first_report_on",
            field=models.DateField(blank=True, null=True, verbose_name="first report received on"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
