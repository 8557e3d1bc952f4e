"""Rotate the encryption-at-rest keys (sentinelle/lib/crypto.py).

    manage.py rotate_keys                 a new primary key, then everything re-encrypted under it
    manage.py rotate_keys --reencrypt     re-encrypt what is not under the primary key yet (resume)
    manage.py rotate_keys --status        how many values and files each key protects
    manage.py rotate_keys --retire ID     drop key ID from the ring, once nothing uses it

Re-encryption goes through every encrypted column (raw SQL, in batches, each its own
transaction; a row changed meanwhile is left for the next run) and every stored
file (a new file replaces the old one atomically). It skips what is already under
the primary key, so it can be stopped and run again: it resumes where it was.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from sentinelle.lib import crypto
from sentinelle.lib.fields import encrypted_columns
from sentinelle.lib.storage import EncryptedFileSystemStorage, walk


@dataclass
class Usage:
    values: Counter[str] = field(default_factory=Counter)
    files: Counter[str] = field(default_factory=Counter)
    plain_files: int = 0
    unreadable_values: Counter[str] = field(default_factory=Counter)

    def of(self, key_id: str) -> int:
        return self.values[key_id] + self.files[key_id]


def _tables() -> dict[str, list[str]]:
    """Encrypted columns by table."""
    tables: dict[str, list[str]] = {}
    for model, column_field in encrypted_columns():
        tables.setdefault(model._meta.db_table, []).append(str(column_field.column))
    return tables


def _rows(table: str, columns: list[str], batch: int) -> Any:
    """(id, values...) of every row, in batches by primary key."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    last: Any = None
    while True:
        with connection.cursor() as cursor:
            where = "" if last is None else "WHERE id > %s"
            cursor.execute(f"SELECT id, {names} FROM {quote(table)} {where} ORDER BY id LIMIT {int(batch)}",  # noqa: S608
                           [] if last is None else [last])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def usage(batch: int = 1000) -> Usage:
    """What each key protects now."""
    found = Usage()
    for table, columns in _tables().items():
        for rows in _rows(table, columns, batch):
            for row in rows:
                for column, value in zip(columns, row[1:], strict=True):
                    if not value:
                        continue
                    try:
                        key_id = crypto.value_key_id(value, f"{table}.{column}")
                    except crypto.DecryptionError:
                        found.unreadable_values[f"{table}.{column}"] += 1
                        continue
                    found.values[str(key_id)] += 1
    storage = _storage()
    for name in walk(storage):
        key_id = storage.key_id(name)
        if key_id is None:
            found.plain_files += 1
        else:
            found.files[key_id] += 1
    return found


def _storage() -> EncryptedFileSystemStorage:
    storage = storages["default"]
    if not isinstance(storage, EncryptedFileSystemStorage):
        raise CommandError(
            f"The file storage is {type(storage).__module__}.{type(storage).__name__}, not "
            "sentinelle.lib.storage.EncryptedFileSystemStorage: its files are not encrypted by Sentinelle."
        )
    return storage


@dataclass
class Progress:
    values: int = 0
    skipped_values: int = 0
    files: int = 0
    plain_files: int = 0
    missing_files: int = 0


def reencrypt(*, batch: int = 500, encrypt_plain_files: bool = False, say: Any = print) -> Progress:
    """Everything encrypted under another key than the primary, encrypted again
    under the primary one. Idempotent and resumable."""
    ring = crypto.keyring()
    primary = ring.primary.id
    progress = Progress()
    quote = connection.ops.quote_name
    for table, columns in _tables().items():
        for rows in _rows(table, columns, batch):
            updates: defaultdict[str, list[tuple[str, Any, str]]] = defaultdict(list)  # column: (new, id, old)
            for row in rows:
                for column, value in zip(columns, row[1:], strict=True):
                    context = f"{table}.{column}"
                    if value and crypto.value_key_id(value, context) != primary:
                        updates[column].append((ring.encrypt(ring.decrypt(value, context), context), row[0], value))
            with transaction.atomic(), connection.cursor() as cursor:
                for column, changes in updates.items():
                    # Only where the row was not changed meanwhile: a new value is already
                    # under the primary key (or will be, at the next run).
                    cursor.executemany(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s AND {quote(column)} = %s",  # noqa: S608
                        changes,
                    )
                    progress.values += cursor.rowcount
                    progress.skipped_values += len(changes) - cursor.rowcount
        say(f"{table}: done ({progress.values} values re-encrypted so far)")
    storage = _storage()
    for name in walk(storage):
        try:
            key_id = storage.key_id(name)
            if key_id is None and not encrypt_plain_files:
                progress.plain_files += 1
                continue
            if storage.reencrypt(name):
                progress.files += 1
        except FileNotFoundError:
            progress.missing_files += 1  # moved or removed meanwhile
    say(f"files: {progress.files} re-encrypted")
    return progress


class Command(BaseCommand):
    help = (
        "Rotate the keys that encrypt report contents, messages and files at rest: add a new primary key "
        "to the key ring and re-encrypt everything under it (--reencrypt resumes an interrupted run; "
        "--retire ID removes an old key once nothing uses it; --status counts what each key protects). "
        "When the ring comes from SENTINELLE_KEYRING, the new ring is printed for you to deploy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--reencrypt", action="store_true",
                            help="Do not add a key: re-encrypt what is not under the primary key yet.")
        action.add_argument("--retire", metavar="KEY_ID",
                            help="Remove this key from the ring, if no value and no file uses it any more.")
        action.add_argument("--status", action="store_true", help="Count the values and files under each key.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument("--encrypt-plain-files", action="store_true",
                            help="Also encrypt the stored files written before encryption at rest was on.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["status"]:
            self._status()
        elif options["retire"]:
            self._retire(options["retire"], options["batch_size"])
        elif options["reencrypt"]:
            self._reencrypt(options)
        else:
            self._rotate(options)

    def _status(self) -> None:
        ring = crypto.keyring()
        found = usage()
        for key_id in ring.ids:
            role = "primary" if key_id == ring.primary.id else "old"
            self.stdout.write(f"{key_id} ({role}): {found.values[key_id]} values, {found.files[key_id]} files")
        for key_id in sorted((set(found.values) | set(found.files)) - set(ring.ids)):
            self.stdout.write(f"{key_id} (NOT IN THE RING): {found.values[key_id]} values, {found.files[key_id]} files")
        if found.plain_files:
            self.stdout.write(f"{found.plain_files} files not encrypted: run with --reencrypt --encrypt-plain-files.")
        for context, count in sorted(found.unreadable_values.items()):
            self.stdout.write(f"{context}: {count} values not in the encrypted format.")

    def _reencrypt(self, options: dict[str, Any]) -> None:
        progress = reencrypt(batch=options["batch_size"], encrypt_plain_files=options["encrypt_plain_files"],
                             say=self.stdout.write)
        self.stdout.write(
            f"Re-encrypted under key {crypto.keyring().primary.id}: {progress.values} values, {progress.files} files."
        )
        if progress.skipped_values or progress.missing_files:
            self.stdout.write(
                f"{progress.skipped_values} values changed and {progress.missing_files} files moved while running: "
                "run `manage.py rotate_keys --reencrypt` again to finish."
            )
        if progress.plain_files:
            self.stdout.write(f"{progress.plain_files} files are not encrypted: add --encrypt-plain-files to encrypt them.")

    def _rotate(self, options: dict[str, Any]) -> None:
        ring = crypto.keyring()
        key = crypto.new_key(ring.ids)
        path = self._install(
            crypto.KeyRing([key, *ring.keys]),
            "The key ring comes from SENTINELLE_KEYRING. Deploy this value on every app server and task "
            "worker, restart them, then run `manage.py rotate_keys --reencrypt`:\n",
        )
        if path is None:
            return
        self.stdout.write(f"New primary key {key.id} added to {path}. Back the key ring up now (docs/production.md).")
        self._reencrypt(options)
        self.stdout.write(
            f"Restart the app servers and task workers so that they encrypt with {key.id}, then retire the old "
            f"keys ({', '.join(ring.ids)}) with `manage.py rotate_keys --retire ID`."
        )

    def _retire(self, key_id: str, batch: int) -> None:
        ring = crypto.keyring()
        if key_id not in ring.ids:
            raise CommandError(f"There is no key {key_id!r} in the key ring (keys: {', '.join(ring.ids)}).")
        if key_id == ring.primary.id:
            raise CommandError(f"{key_id} is the primary key: rotate first (`manage.py rotate_keys`).")
        found = usage(batch)
        if found.of(key_id):
            raise CommandError(
                f"Key {key_id} still protects {found.values[key_id]} values and {found.files[key_id]} files: "
                "run `manage.py rotate_keys --reencrypt` first."
            )
        path = self._install(crypto.KeyRing([key for key in ring.keys if key.id != key_id]),
                             f"Nothing uses key {key_id} any more. Deploy this value and restart:\n")
        if path is not None:
            self.stdout.write(f"Key {key_id} retired from {path}: nothing used it any more.")

    def _install(self, ring: crypto.KeyRing, deploy: str) -> Path | None:
        """Write `ring` to the key ring file, and return the file; when the ring comes
        from SENTINELLE_KEYRING, print `deploy` and the new value to deploy: None."""
        if crypto.ring_from_environment():
            self.stdout.write(deploy)
            self.stdout.write(f"SENTINELLE_KEYRING={ring.to_text()}")
            return None
        path = crypto.keyring_file()
        crypto.write_ring_file(path, ring)
        crypto.forget_keyring()
        return path
