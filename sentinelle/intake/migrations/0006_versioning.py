# Optimistic locking (issue 9): the version of each report, escalation and
# referral staff edit (see sentinelle/lib/locking.py). Written by hand: the
# numbering is the lead's to fix if another migration took 0006.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0005_encrypt_worker_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalation",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="referral",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="report",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
