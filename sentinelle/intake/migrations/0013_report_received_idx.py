"""The reports' index by day also holds the province and sector: the dashboard
(by channel and language) and the public statistics (by province and sector)
count a period's reports from it alone."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0012_points_report_service_point'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='report',
            name='report_intake_idx',
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['submitted_on', 'channel', 'language', 'employer_province', 'sector'], name='report_received_idx'),
        ),
    ]
