from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from sentinelle.operations import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into a new directory "
        "<DIR>/<UTC timestamp>/ (DIR: var/backups by default), with a manifest of "
        "checksums. Safe while Sentinelle runs. The key ring, SECRET_KEY and the "
        "receipt-code pepper are not included: keep them apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", metavar="DIR", type=Path, default=None,
                            help="the directory to create the backup in (default: var/backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup = backups.make_backup(connection, options["to"])
        except (backups.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.manifest
        engine = backups.ENGINE_NAMES[manifest["engine"]]
        self.stdout.write(f"Database ({engine}): {len(manifest['tables'])} tables, {backup.rows:,} rows.")
        self.stdout.write(f"Files: {len(manifest['files']):,} ({backup.file_bytes:,} bytes).")
        self.stdout.write(self.style.WARNING(backups.KEPT_APART))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {backup.path}"))
