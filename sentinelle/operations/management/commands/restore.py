from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from sentinelle.operations import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database of DATABASE_URL "
        "and the storage directory, then check every table and every file against the "
        "backup's checksums. Refuses a damaged backup, and a target that already holds "
        "data unless --force. The key ring is not in a backup: put it in place yourself."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the backup directory (the one holding manifest.json)")
        parser.add_argument("--force", action="store_true",
                            help="replace a database that holds data, and the files of the storage "
                                 "directory (files that are not in the backup are deleted)")
        parser.add_argument("--verify-only", action="store_true",
                            help="restore nothing: only compare the database and the files with the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["directory"]
        try:
            if options["verify_only"]:
                manifest = backups.read_manifest(folder)
                result = backups.verify(connection, manifest, backups.storage_root())
            else:
                result, removed = backups.restore(connection, folder, force=options["force"])
                manifest = backups.read_manifest(folder)
                self.stdout.write(f"Restored the database and {len(manifest['files']):,} files from {folder}.")
                if removed:
                    self.stdout.write(f"Removed {removed:,} files that were not in the backup.")
        except (backups.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for line in result.differences:
            self.stderr.write(line)
        if result.differences:
            raise CommandError(f"{len(result.differences)} differences from the backup: see above.")
        self.stdout.write(self.style.SUCCESS(
            f"Verified: {result.tables} tables and {result.files:,} files match the backup's checksums."))
        if not options["verify_only"]:
            note = backups.migrations_note(manifest)
            if note:
                self.stdout.write(self.style.WARNING(note))
            self.stdout.write(self.style.WARNING(
                "The key ring for encryption at rest is not in the backup: put it in place "
                "(SENTINELLE_KEYRING, or the file SENTINELLE_KEYRING_FILE) before starting Sentinelle."))
