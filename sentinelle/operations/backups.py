"""Backups of an installation and their restoration, checked by checksums.

A backup is one directory (0700) holding:

- the database: on SQLite a copy made with SQLite's online backup API, so that it
  is consistent while the app runs; on PostgreSQL a `pg_dump --format=custom` taken
  in an exported snapshot;
- `files/`: the uploaded files, copied as raw bytes from the storage directory
  (never through the storage API: files encrypted at rest stay encrypted);
- `manifest.json`: the engine, the migrations applied, and for every table its
  row count and a checksum of its rows, for every file its path, size and sha256.
  The table checksums are computed from the very snapshot that was saved (the
  backup file on SQLite, the exported snapshot on PostgreSQL), so writes going on
  during the backup cannot make the manifest disagree with the database saved.

The key ring for encryption at rest, SECRET_KEY and the receipt-code pepper are
deliberately NOT in a backup: they are kept apart, so that a stolen backup alone
cannot be read.

A row checksum is computed the same way on both engines: the columns of a table in
name order, each value read through the converters of its model field when the
table has a model (so SQLite's text dates and integer booleans become the same
Python values as PostgreSQL's), then normalised to canonical JSON; rows are taken
in primary-key order.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ENGINES = tuple(DATABASE_FILE)
CHUNK = 1024 * 1024
ROWS_PER_FETCH = 2000
# Said by `backup` and `restore` and in docs/production.md.
KEPT_APART = (
    "Not in this backup, on purpose: the key ring for encryption at rest "
    "(SENTINELLE_KEYRING, or the file SENTINELLE_KEYRING_FILE, var/keyring by default), "
    "SECRET_KEY and the receipt-code pepper (RECEIPT_PEPPER, or var/receipt_pepper). "
    "Keep them apart from the backups, in a safe place of their own: without the key "
    "ring the encrypted reports and files cannot be read, and without the pepper "
    "workers' receipt codes no longer open their reports."
)
_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                 "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
                 "PositiveSmallIntegerField"}
# The tables whose rows make a database worth protecting from an accidental restore
# (a freshly migrated database holds only reference data).
_CONTENT_MODELS = ("accounts.User", "intake.Report", "cases.Employer", "cases.Case", "audit.AuditEvent")


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why, for an operator."""


# Checksums ---------------------------------------------------------------------------------------


def _normal(value: Any) -> Any:
    """A value as canonical JSON data, the same whichever engine it came from."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, Decimal):
        return {"decimal": f"{value.normalize():f}" if value.is_finite() else str(value)}
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return {"datetime": value.isoformat()}
    if isinstance(value, date | time):
        return {type(value).__name__: value.isoformat()}
    if isinstance(value, timedelta):
        return {"timedelta": value // timedelta(microseconds=1)}
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, dict):
        return {"json": {str(k): _normal(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    return {type(value).__name__: str(value)}


def _encode(row: Iterable[Any]) -> bytes:
    return json.dumps([_normal(v) for v in row], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n"


def _models_by_table() -> dict[str, type[models.Model]]:
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy}


Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


def _converters(connection: BaseDatabaseWrapper, table: str, fields: dict[str | None, models.Field[Any, Any]],
                column: str) -> list[tuple[Converter, Any]]:
    model_field = fields.get(column)
    if model_field is None:
        return []
    col = model_field.get_col(table)
    found = connection.ops.get_db_converters(col)
    # Django's own fields only (JSONField parses its text): the converters of the
    # project's encrypted fields would decrypt, which needs the key ring and would
    # checksum plain text; their stored form is what a backup must reproduce.
    if type(model_field).__module__.startswith("django."):
        found += col.get_db_converters(connection)
    return [(converter, col) for converter in found]


def table_checksum(connection: BaseDatabaseWrapper, table: str,
                   model: type[models.Model] | None = None) -> dict[str, Any]:
    """Row count and sha256 of every row of `table` (all columns, in primary-key order)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        columns = sorted(c.name for c in connection.introspection.get_table_description(cursor, table))
        keys = connection.introspection.get_primary_key_columns(cursor, table) or []
    fields = {f.column: f for f in model._meta.concrete_fields} if model else {}
    converters = [_converters(connection, table, fields, c) for c in columns]
    integer_key = len(keys) == 1 and keys[0] in fields and fields[keys[0]].get_internal_type() in _INTEGER_KEYS
    sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}"  # noqa: S608 (names from introspection)
    if integer_key:
        sql += f" ORDER BY {quote(keys[0])}"
    digest = hashlib.sha256(json.dumps(columns).encode() + b"\n")
    count = 0

    def converted(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[Any]]:
        for row in rows:
            values = list(row)
            for i, column_converters in enumerate(converters):
                for converter, col in column_converters:
                    values[i] = converter(values[i], col, connection)
            yield values

    cursor = connection.chunked_cursor() if integer_key else connection.cursor()
    try:
        cursor.execute(sql)
        if integer_key:
            while rows := cursor.fetchmany(ROWS_PER_FETCH):
                for values in converted(rows):
                    digest.update(_encode(values))
                    count += 1
        else:
            # Text keys (sessions, cache) and tables without a key: sorted here, so that
            # the order does not depend on a collation.
            key_positions = [columns.index(k) for k in keys] or list(range(len(columns)))
            encoded = sorted(
                (_encode([values[i] for i in key_positions]), _encode(values))
                for values in converted(cursor.fetchall())
            )
            for _key, line in encoded:
                digest.update(line)
            count = len(encoded)
    finally:
        cursor.close()
    return {"rows": count, "sha256": digest.hexdigest()}


def table_checksums(connection: BaseDatabaseWrapper) -> dict[str, dict[str, Any]]:
    """Every table of the database: {name: {"rows": n, "sha256": ...}}."""
    by_table = _models_by_table()
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    return {table: table_checksum(connection, table, by_table.get(table)) for table in tables}


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _walk(root: Path) -> Iterator[Path]:
    """Regular files under `root`, in a stable order (symbolic links are not followed);
    nothing when `root` does not exist."""
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def file_checksums(root: Path) -> dict[str, dict[str, Any]]:
    """Every file under `root`: {relative path: {"size": bytes, "sha256": ...}}."""
    return {p.relative_to(root).as_posix(): {"size": p.stat().st_size, "sha256": sha256_of(p)}
            for p in _walk(root)}


def storage_root() -> Path:
    """The directory the default storage keeps uploaded files in."""
    storages: Any = settings.STORAGES
    options = storages.get("default", {}).get("OPTIONS", {})
    return Path(options.get("location") or settings.MEDIA_ROOT)


# Engines -----------------------------------------------------------------------------------------


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return str(connection.vendor)


def postgres_bin(program: str) -> str:
    """A PostgreSQL client program: Debian's newest (as scripts/with_postgres.sh finds
    them), else the one on PATH."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                      key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parent.name.split(".")])
    for folder in reversed(versions):
        if (folder / program).exists():
            return str(folder / program)
    found = shutil.which(program)
    if found is None:
        raise BackupError(f"{program} was not found: install Debian's postgresql-client package.")
    return found


def postgres_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the client programs: no password on a command line."""
    env = {**os.environ}
    for variable, value in (("PGDATABASE", settings_dict.get("NAME")), ("PGUSER", settings_dict.get("USER")),
                            ("PGPASSWORD", settings_dict.get("PASSWORD")), ("PGHOST", settings_dict.get("HOST")),
                            ("PGPORT", settings_dict.get("PORT"))):
        if value:
            env[variable] = str(value)
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


# Backup ------------------------------------------------------------------------------------------


@dataclass
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())

    @property
    def file_bytes(self) -> int:
        return sum(f["size"] for f in self.manifest["files"].values())


def _private_dir(path: Path) -> None:
    """Create `path` and its missing parents readable by the owner alone."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)


def _in_memory(connection: BaseDatabaseWrapper) -> bool:
    return bool(getattr(connection, "is_in_memory_db", lambda: False)())


def _snapshot_sqlite(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, Any], dict[str, list[str]]]:
    destination = sqlite3.connect(target)
    try:
        if _in_memory(connection):
            connection.ensure_connection()
            connection.connection.backup(destination)
        else:
            source = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=60)
            try:
                # One step: SQLite copies a consistent state even while the app writes.
                source.backup(destination)
            finally:
                source.close()
        # One self-contained file, whatever the live database's journal mode.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
    target.chmod(0o600)
    # The checksums are those of the copy saved, not of the live database that
    # may have moved on since.
    alias = f"backup-snapshot-{os.getpid()}"
    connections.settings[alias] = {**connection.settings_dict, "NAME": str(target), "OPTIONS": {}}
    try:
        snapshot = connections[alias]
        try:
            return table_checksums(snapshot), migration_state(snapshot)
        finally:
            snapshot.close()
    finally:
        del connections[alias]
        del connections.settings[alias]


def _snapshot_postgres(connection: BaseDatabaseWrapper, target: Path) -> tuple[dict[str, Any], dict[str, list[str]]]:
    pg_dump = postgres_bin("pg_dump")
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        # pg_dump reads the very state this transaction sees, which the checksums
        # below are computed from.
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
             postgres_environment(connection.settings_dict))
        tables, migrations = table_checksums(connection), migration_state(connection)
    target.chmod(0o600)
    return tables, migrations


def _copy_file(source: Path, target: Path) -> dict[str, Any]:
    """Copy raw bytes, hashing what is written."""
    digest = hashlib.sha256()
    size = 0
    _private_dir(target.parent)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with source.open("rb") as reader, os.fdopen(descriptor, "wb") as writer:
        while block := reader.read(CHUNK):
            digest.update(block)
            size += len(block)
            writer.write(block)
        writer.flush()
        os.fsync(writer.fileno())
    return {"size": size, "sha256": digest.hexdigest()}


def _secrets() -> set[Path]:
    """The files of secrets that never go into a backup."""
    var = Path(settings.VAR_DIR)
    found = {var / "keyring", Path(settings.KEYRING_FILE), var / "receipt_pepper", var / "secret_key"}
    return {p.resolve() for p in found}


def default_backup_root() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def make_backup(connection: BaseDatabaseWrapper, parent: Path | None = None) -> Backup:
    """Write a backup into a new directory <parent>/<UTC timestamp>/ and return it.

    The directory appears under its final name only once complete (it is written
    under a `.partial` name first)."""
    engine = engine_of(connection)
    parent = parent or default_backup_root()
    _private_dir(parent)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    final = parent / stamp
    n = 1
    while final.exists() or final.with_name(final.name + ".partial").exists():
        n += 1
        final = parent / f"{stamp}-{n}"
    work = final.with_name(final.name + ".partial")
    _private_dir(work)
    try:
        return _write_backup(connection, engine, work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _write_backup(connection: BaseDatabaseWrapper, engine: str, work: Path, final: Path) -> Backup:
    database_file = work / DATABASE_FILE[engine]
    snapshot = _snapshot_sqlite if engine == "sqlite" else _snapshot_postgres
    tables, migrations = snapshot(connection, database_file)
    # Files after the database: every file the saved database names was already there.
    root = storage_root()
    kept_apart = _secrets()
    files = {}
    for path in _walk(root):
        if path.resolve() in kept_apart:
            continue  # even when configured inside the storage directory
        name = path.relative_to(root).as_posix()
        files[name] = _copy_file(path, work / FILES / name)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": engine,
        "database": {"file": database_file.name, "size": database_file.stat().st_size,
                     "sha256": sha256_of(database_file)},
        "migrations": migrations,
        "tables": tables,
        "files": files,
        "not_included": KEPT_APART,
    }
    manifest_path = work / MANIFEST
    descriptor = os.open(manifest_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, ensure_ascii=False, sort_keys=True)
        handle.write("\n")
    work.rename(final)
    return Backup(final, manifest)


# Restore -----------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: {MANIFEST} is missing.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("engine") not in ENGINES:
        raise BackupError(f"{path} is not a manifest this version of Sentinelle knows (format {FORMAT}).")
    return manifest


def damage(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """What in the backup directory no longer matches its manifest, one line each."""
    problems = []
    expected = [(manifest["database"]["file"], manifest["database"])]
    expected += [(f"{FILES}/{name}", facts) for name, facts in sorted(manifest["files"].items())]
    for name, facts in expected:
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing from the backup")
        elif path.stat().st_size != facts["size"]:
            problems.append(f"{name}: {path.stat().st_size} bytes, the manifest says {facts['size']}")
        elif sha256_of(path) != facts["sha256"]:
            problems.append(f"{name}: its sha256 differs from the manifest (the file is corrupted)")
    return problems


def data_in_database(connection: BaseDatabaseWrapper) -> list[str]:
    """Why the database is not empty (an empty list if it is safe to restore into)."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    if not tables:
        return []
    found = []
    content = [apps.get_model(label)._meta.db_table for label in _CONTENT_MODELS]
    if not tables & set(content):
        return [f"it holds {len(tables)} tables that are not Sentinelle's"]
    with connection.cursor() as cursor:
        for table in content:
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                count = cursor.fetchone()[0]
                if count:
                    found.append(f"{table}: {count} rows")
    return found


def files_in_storage(root: Path) -> int:
    return sum(1 for _ in _walk(root))


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    if _in_memory(connection):
        raise BackupError("The database is in memory: set DATABASE_URL to a file to restore into.")
    connection.close()
    name = Path(str(connection.settings_dict["NAME"]))
    name.parent.mkdir(parents=True, exist_ok=True)
    existed = name.exists()
    source = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(name, timeout=60)
    try:
        # Through SQLite rather than a plain file copy: pages go in place under
        # SQLite's locks, and a write-ahead log left by the live database cannot
        # be replayed over the restored file.
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()
    if not existed:
        name.chmod(0o600)


def _restore_postgres(connection: BaseDatabaseWrapper, dump: Path) -> None:
    pg_restore = postgres_bin("pg_restore")
    env = postgres_environment(connection.settings_dict)
    connection.close()
    # --no-owner and --no-privileges: the restored objects belong to the role of
    # DATABASE_URL, also on a new cluster where the old roles do not exist.
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", f"--dbname={env.get('PGDATABASE', '')}", str(dump)], env)


def _restore_files(folder: Path, manifest: dict[str, Any], root: Path) -> int:
    """Put every file of the backup in place (atomically, one by one) and remove the
    files that were not in the backup. Returns how many were removed."""
    _private_dir(root)
    for name in sorted(manifest["files"]):
        target = root / name
        _private_dir(target.parent)
        temporary = target.with_name(f".restoring-{secrets.token_hex(8)}")
        _copy_file(folder / FILES / name, temporary)
        os.replace(temporary, target)
    removed = 0
    for path in list(_walk(root)):
        if path.relative_to(root).as_posix() not in manifest["files"]:
            path.unlink()
            removed += 1
    return removed


@dataclass
class Verification:
    tables: int = 0
    files: int = 0
    differences: list[str] = field(default_factory=list)


def _table_difference(want: dict[str, Any], got: dict[str, Any]) -> str:
    if want["rows"] != got["rows"]:
        return f"{got['rows']} rows, the backup has {want['rows']}"
    return "the rows differ from the backup (checksum)" if want["sha256"] != got["sha256"] else ""


def _file_difference(want: dict[str, Any], got: dict[str, Any]) -> str:
    return "its sha256 differs from the backup" if (want["size"], want["sha256"]) != (got["size"], got["sha256"]) else ""


def _compare(kind: str, place: str, saved: dict[str, Any], present: dict[str, Any],
             difference: Callable[[Any, Any], str], differences: list[str]) -> int:
    """Add to `differences` each `kind` (table, file) that is not the same in the
    backup (`saved`) and in `place` (`present`); return how many are the same."""
    same = 0
    for name in sorted(set(saved) | set(present)):
        want, got = saved.get(name), present.get(name)
        if want is None:
            problem = f"in the {place}, not in the backup"
        elif got is None:
            problem = f"in the backup, missing from the {place}"
        else:
            problem = difference(want, got)
        if problem:
            differences.append(f"{kind} {name}: {problem}")
        else:
            same += 1
    return same


def verify(connection: BaseDatabaseWrapper, manifest: dict[str, Any], root: Path) -> Verification:
    """Recompute every table and file checksum and compare them with the manifest."""
    result = Verification()
    result.tables = _compare("table", "database", manifest["tables"], table_checksums(connection),
                             _table_difference, result.differences)
    result.files = _compare("file", "storage directory", manifest["files"], file_checksums(root),
                            _file_difference, result.differences)
    return result


def migrations_note(manifest: dict[str, Any]) -> str:
    """What to do when the backup and this release do not have the same migrations."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    saved = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    newer = on_disk - saved
    if newer:
        return (f"This release has {len(newer)} migrations that the backup predates: "
                "run `manage.py migrate` now.")
    if saved - on_disk:
        return ("The backup comes from a newer release than this one "
                f"({len(saved - on_disk)} migrations unknown here): run that release's code on it.")
    return ""


def restore(connection: BaseDatabaseWrapper, folder: Path, *, force: bool = False) -> tuple[Verification, int]:
    """Restore the database and the files of the backup in `folder`, then verify
    them. Returns the verification and how many stray files were removed."""
    manifest = read_manifest(folder)
    engine = engine_of(connection)
    if manifest["engine"] != engine:
        raise BackupError(f"This backup is of a {ENGINE_NAMES[manifest['engine']]} database, but DATABASE_URL "
                          f"points to {ENGINE_NAMES[engine]}.")
    problems = damage(folder, manifest)
    if problems:
        raise BackupError("The backup is damaged; nothing was restored:\n  " + "\n  ".join(problems))
    root = storage_root()
    if not force:
        reasons = data_in_database(connection)
        stored = files_in_storage(root)
        if stored:
            reasons.append(f"the storage directory {root} holds {stored} files")
        if reasons:
            raise BackupError("The target is not empty (" + "; ".join(reasons)
                              + "). Restoring would replace it: add --force to do so.")
    dump = folder / manifest["database"]["file"]
    (_restore_sqlite if engine == "sqlite" else _restore_postgres)(connection, dump)
    removed = _restore_files(folder, manifest, root)
    return verify(connection, manifest, root), removed
