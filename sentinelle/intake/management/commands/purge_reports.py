from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils import timezone

from sentinelle.intake.tasks import purge_expired_records, purge_reports
from sentinelle.lib.schedule import RunOnceCommand


class Command(RunOnceCommand):
    help = (
        "Remove now, with their files, the reports that never became cases, whose triage is over and "
        "that were received more than REPORT_RETENTION_DAYS days ago (0: never). `manage.py schedule` starts "
        "the daily purge by `manage.py db_worker` (reports, and every other retention an app registers)."
    )
    job = purge_expired_records

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would be removed; remove nothing.")

    def run_once(self, **options: Any) -> None:
        days = settings.REPORT_RETENTION_DAYS
        if days <= 0:
            self.stdout.write("REPORT_RETENTION_DAYS is 0: reports are never purged.")
            return
        result = purge_reports(timezone.localdate(), dry_run=options["dry_run"])
        verb = "would be removed" if options["dry_run"] else "removed"
        self.stdout.write(
            f"{result.count} reports older than {days} days {verb}, with {result.files} files; "
            f"{len(result.kept_on_hold)} kept for an open access request."
        )
