"""Database rows without their file, and files without their row.

Uploaded files wait under `quarantine/` until their transaction commits, then
move to the name their row records (see `sentinelle.lib.uploads.store.Batch`). A
server that dies, or a transaction that rolls back, can leave:

a) a row whose file is missing but waits in quarantine: the move is finished;
b) a row whose file is missing and is nowhere: reported (model and id only);
c) a quarantined file that no row names, older than --older-than-minutes: deleted;
d) a file in a folder where files are stored (the `upload_to` of every FileField)
   that no row of any model names, older than --older-than-minutes: deleted.

A quarantined copy of a file already in place (a move cut short before the copy
was deleted) is deleted too, and counted with a).

Only the storage API is used, so that it works on any storage. Exits 1 when b)
found anything, 0 otherwise.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models
from django.utils import timezone

from sentinelle.lib.uploads.store import QUARANTINE, move, quarantine_name


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def _areas(fields: list[tuple[type[models.Model], models.FileField]]) -> list[str]:
    """The folders files are stored in: each `upload_to` up to its first date part."""
    found = set()
    for _model, field in fields:
        upload_to = field.upload_to
        if not isinstance(upload_to, str) or not upload_to:
            continue
        fixed = upload_to.split("%", 1)[0]
        folder = fixed.rsplit("/", 1)[0] if "/" in fixed else ""
        if folder and not folder.startswith(QUARANTINE):
            found.add(folder.strip("/"))
    # A folder inside another one is walked with it.
    return sorted(area for area in found if not any(area.startswith(f"{other}/") for other in found))


def _walk(folder: str) -> Iterator[str]:
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for directory in sorted(directories):
        yield from _walk(f"{folder}/{directory}")
    for name in sorted(files):
        yield f"{folder}/{name}"


class Command(BaseCommand):
    help = ("Resolve uploaded files left behind by a fault: finish moves out of quarantine, report rows whose "
            "file is lost, delete quarantined and stored files that no row names (older than N minutes).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-minutes", type=int, default=30, metavar="N",
                            help="Files without a row are deleted only when older than this (default 30): "
                                 "younger ones may belong to a transaction still in progress.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = options["older_than_minutes"]
        if minutes < 0:
            raise CommandError("--older-than-minutes cannot be negative.")
        dry_run: bool = options["dry_run"]
        cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
        fields = list(_file_fields())
        areas = _areas(fields)
        stored = {name for area in areas for name in _walk(area)}
        waiting = set(_walk(QUARANTINE))

        referenced: set[str] = set()
        rows: list[tuple[str, Any, str]] = []  # (label, pk, name)
        for model, field in fields:
            label = model._meta.label
            # The base manager: a manager that hides some rows must not make their files look unused.
            query = model._base_manager.exclude(**{field.attname: ""}).exclude(**{f"{field.attname}__isnull": True})
            for pk, name in query.values_list("pk", field.attname).iterator():
                referenced.add(name)
                rows.append((label, pk, name))

        moved, lost, leftovers = 0, [], 0
        for label, pk, name in rows:
            copy = quarantine_name(name)
            present = name in stored or self._exists(name)
            if present:
                if copy in waiting and self._old(copy, cutoff):
                    # A move cut short after the copy: the copy goes (or replaces a partial file).
                    leftovers += 1
                    if not dry_run:
                        move(copy, name)
                    waiting.discard(copy)
                continue
            if copy in waiting:
                moved += 1
                if not dry_run:
                    move(copy, name)
                waiting.discard(copy)
            else:
                lost.append(f"{label}#{pk}")

        wanted = {quarantine_name(name) for name in referenced}
        orphans_waiting = [name for name in sorted(waiting) if name not in wanted and self._old(name, cutoff)]
        orphans_stored = [name for name in sorted(stored)
                          if name not in referenced and ".reencrypt-" not in name and self._old(name, cutoff)]
        if not dry_run:
            for name in orphans_waiting + orphans_stored:
                default_storage.delete(name)

        would = "would be " if dry_run else ""
        self.stdout.write(f"a) files {would}moved into place from quarantine: {moved}"
                          + (f" (and {leftovers} leftover quarantine copies {would}removed)" if leftovers else ""))
        self.stdout.write(f"b) rows whose file is missing: {len(lost)}" + (f" ({', '.join(lost)})" if lost else ""))
        self.stdout.write(f"c) quarantined files without a row {would}deleted: {len(orphans_waiting)}")
        self.stdout.write(f"d) stored files without a row {would}deleted: {len(orphans_stored)}")
        if lost:
            raise CommandError(f"{len(lost)} rows have lost their file.", returncode=1)

    @staticmethod
    def _exists(name: str) -> bool:
        try:
            return bool(default_storage.exists(name))
        except Exception:  # a name the storage refuses (outside its folder) is not there
            return False

    @staticmethod
    def _old(name: str, cutoff: datetime.datetime) -> bool:
        try:
            modified = default_storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            return False
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified, datetime.UTC)
        return bool(modified <= cutoff)

