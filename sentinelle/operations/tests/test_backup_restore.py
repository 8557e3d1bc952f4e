"""`manage.py backup` and `manage.py restore`, run as an operator runs them.

Everything happens in subprocesses against real on-disk databases (an SQLite file,
or databases of their own on the PostgreSQL server of the suite, made with CREATE
DATABASE) and real storage directories, with files encrypted at rest under a key
ring given through the environment (kept apart from the backup, as in production).
The test database of pytest-django is not used: the commands must work on the
database of a running installation, from another process.

The comparisons are made here, independently of the code under test: every table
is read with the database driver itself (`SELECT *`, rows sorted in Python, the
sequences included on PostgreSQL), every file hashed from the disk.

On SQLite in the SQLite pass of the suite; on PostgreSQL in the PostgreSQL pass
(scripts/with_postgres.sh sets DATABASE_URL)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

# Whole installations in subprocesses (`system`: not in `make check`).
pytestmark = [pytest.mark.system, pytest.mark.xdist_group("backup_restore")]

ROOT = Path(__file__).resolve().parents[3]
SERVER_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = SERVER_URL.startswith("postgres")
# Shared by every installation of this module, and given through the environment:
# the key ring is not in the backup, the operator puts it in place.
KEYRING = "k1:" + base64.b64encode(secrets.token_bytes(32)).decode()
PEPPER = secrets.token_hex(32)

SETUP = r"""
import hashlib, json, uuid
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from sentinelle.audit.services import Action, record
from sentinelle.cases import workflow
from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation, Channel
from sentinelle.intake.services import add_worker_message, send_staff_message, submit_report
from sentinelle.intake.tests.test_public_helpers import png_bytes
from sentinelle.lib.uploads.clean import validate_attachment
from sentinelle.test import create_case, create_personas

people = create_personas()
case = create_case("QC", summary="Heures supplémentaires non payées — « serres » 🌱")
workflow.update_case(case, {"summary": "Résumé révisé : 12 travailleurs."}, actor=people.investigator_qc,
                     expected_version=case.version)
photo = png_bytes(7, 5)
upload = SimpleUploadedFile("nómina foto.png", photo, content_type="image/png")
validate_attachment(upload)
named = submit_report(
    {"anonymous": False, "contact_name": "Juan Pérez", "contact_phone": "514-555-0100",
     "contact_method": "phone", "employer_name": "Serres Lachance inc.", "employer_city": "Saint-Rémi",
     "employer_province": "QC", "description": "On ne nous paie pas les heures supplémentaires. 日本語 ✓",
     "since": "months", "workers_affected": "12", "danger_now": "no", "hazard_now": "yes"},
    [Allegation.WAGES, Allegation.DOCUMENTS], [upload], idempotency_key=uuid.uuid4().hex,
    receipt_code=receipts.new_receipt_code(), channel=Channel.WEB, language="es").report
anonymous = submit_report(
    {"anonymous": True, "employer_name": "Ferme Nord", "employer_province": "ON",
     "description": "No breaks.", "since": "weeks", "workers_affected": "3", "danger_now": "no",
     "hazard_now": "no"},
    [Allegation.WAGES], [], idempotency_key=uuid.uuid4().hex, receipt_code=receipts.new_receipt_code()).report
second = SimpleUploadedFile("casa.png", png_bytes(3, 9), content_type="image/png")
validate_attachment(second)
add_worker_message(named, "Somos doce, no diez.", [second])
send_staff_message(named, "Merci, nous vous rappelons.", actor=people.team_lead_on)
record(Action.VIEW, actor=people.privacy_officer, obj=case)
cache.set("backup-test", {"figures": [1, 2.5, None]}, 3600)
# A file that is no attachment, under a name with accents, all 256 byte values.
default_storage.save("exports/été/rapport final.bin", SimpleUploadedFile("x", bytes(range(256)) * 40))
print(json.dumps({"report": named.reference, "attachments": {
    a.file.name: hashlib.sha256(default_storage.open(a.file.name).read()).hexdigest()
    for a in named.attachments.all()}}))
"""

SUBMIT_LOOP = r"""
import os, time, uuid
from django.core.files.uploadedfile import SimpleUploadedFile
from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation
from sentinelle.intake.services import submit_report
from sentinelle.intake.tests.test_public_helpers import png_bytes
from sentinelle.lib.uploads.clean import validate_attachment

n = 0
deadline = time.monotonic() + 600
while time.monotonic() < deadline and not os.path.exists({stop!r}):
    upload = SimpleUploadedFile("p.png", png_bytes(2 + n % 5, 2), content_type="image/png")
    validate_attachment(upload)
    submit_report({{"anonymous": True, "employer_name": f"Employer {{n}}", "employer_province": "QC",
                    "description": f"Report {{n}} during the backup.", "since": "days", "workers_affected": "1",
                    "danger_now": "no", "hazard_now": "no"}},
                  [Allegation.WAGES], [upload], idempotency_key=uuid.uuid4().hex,
                  receipt_code=receipts.new_receipt_code())
    n += 1
print(n)
"""


@dataclass
class Site:
    """One installation: a database and a storage directory."""

    folder: Path
    database_url: str
    created: list[str] = field(default_factory=list)

    @property
    def storage(self) -> Path:
        return self.folder / "files"

    @property
    def sqlite_path(self) -> Path:
        return Path(urlsplit(self.database_url).path)

    def env(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.database_url, "SENTINELLE_VAR_DIR": str(self.folder / "var"),
                "SENTINELLE_STORAGE_DIR": str(self.storage), "SECRET_KEY": "backup-tests-" + "x" * 40,
                "SENTINELLE_KEYRING": KEYRING, "RECEIPT_PEPPER": PEPPER, "PYTHONDONTWRITEBYTECODE": "1",
                "LOG_LEVEL": "WARNING"}

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(),  # noqa: S603
                              capture_output=True, text=True, check=False, timeout=600)
        if check and done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(),  # noqa: S603
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    # Read with the drivers themselves, not with the code under test.

    def tables(self) -> dict[str, tuple[int, str]]:
        """{table: (rows, sha256 of its rows sorted)} for every table, sequences too."""
        result = {}
        if POSTGRES:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                names = [r[0] for r in connection.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").fetchall()]
                for name in names:
                    rows = connection.execute(f'SELECT * FROM "{name}"').fetchall()  # noqa: S608
                    result[name] = _digest(rows)
                sequences = connection.execute(
                    "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'").fetchall()
                result["(sequences)"] = _digest(sequences)
        else:
            connection = sqlite3.connect(self.sqlite_path)
            try:
                names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                for name in names:  # sqlite_sequence included
                    result[name] = _digest(connection.execute(f'SELECT * FROM "{name}"').fetchall())  # noqa: S608
            finally:
                connection.close()
        return result

    def wait_for_reports(self, count: int) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if POSTGRES:
                import psycopg

                with psycopg.connect(self.database_url) as connection:
                    row = connection.execute("SELECT count(*) FROM intake_report").fetchone()
            else:
                connection = sqlite3.connect(self.sqlite_path, timeout=30)
                try:
                    row = connection.execute("SELECT count(*) FROM intake_report").fetchone()
                finally:
                    connection.close()
            if row and row[0] >= count:
                return
            time.sleep(0.2)
        raise AssertionError(f"fewer than {count} reports after 300 s")

    def execute(self, sql: str) -> None:
        if POSTGRES:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as connection:
                connection.execute(sql)  # type: ignore[arg-type]
        else:
            connection = sqlite3.connect(self.sqlite_path)
            try:
                connection.execute(sql)
                connection.commit()
            finally:
                connection.close()

    def has_tables(self) -> bool:
        if POSTGRES:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                row = connection.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone()
                return bool(row and row[0])
        if not self.sqlite_path.exists():
            return False
        connection = sqlite3.connect(self.sqlite_path)
        try:
            return bool(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        finally:
            connection.close()


def _digest(rows: list[tuple[Any, ...]]) -> tuple[int, str]:
    lines = sorted(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)) for row in rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def files_of(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `folder`, read from the disk."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Sites:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.databases: list[str] = []

    def new(self, name: str) -> Site:
        folder = self.base / f"{name}-{secrets.token_hex(3)}"
        (folder / "var").mkdir(parents=True)
        if POSTGRES:
            import psycopg

            database = f"backup_{name}_{secrets.token_hex(4)}"
            with psycopg.connect(SERVER_URL, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{database}"')  # type: ignore[arg-type]
            self.databases.append(database)
            url = urlunsplit(urlsplit(SERVER_URL)._replace(path="/" + database))
        else:
            url = f"sqlite:///{folder / 'sentinelle.sqlite3'}"
        return Site(folder, url)

    def drop(self) -> None:
        if POSTGRES and self.databases:
            import psycopg

            with psycopg.connect(SERVER_URL, autocommit=True) as connection:
                for database in self.databases:
                    connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    made = Sites(tmp_path_factory.mktemp("backups"))
    yield made
    made.drop()


@dataclass
class Source:
    site: Site
    backup: Path
    facts: dict[str, Any]
    tables: dict[str, tuple[int, str]]
    files: dict[str, str]


def backup_path(output: str) -> Path:
    line = next(line for line in output.splitlines() if line.startswith("Backup written to "))
    return Path(line.removeprefix("Backup written to ").strip())


@pytest.fixture(scope="module")
def source(sites: Sites) -> Source:
    """A migrated installation with a small but varied dataset, and its backup."""
    site = sites.new("source")
    site.manage("migrate", "--noinput")
    site.manage("createcachetable")
    facts = json.loads(site.manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    done = site.manage("backup", "--to", str(site.folder / "backups"))
    assert "key ring" in done.stdout  # the operator is told what is kept apart
    return Source(site, backup_path(done.stdout), facts, site.tables(), files_of(site.storage))


def test_restore_into_a_fresh_database_gives_back_every_table_and_every_file(source: Source, sites: Sites):
    backup = source.backup
    assert oct(backup.stat().st_mode & 0o777) == "0o700"
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == ("postgresql" if POSTGRES else "sqlite")

    target = sites.new("fresh")
    assert not target.has_tables()
    started = time.monotonic()
    done = target.manage("restore", str(backup))
    print(f"restore of {len(source.tables)} tables and {len(source.files)} files: "
          f"{time.monotonic() - started:.1f} s")
    assert "Verified:" in done.stdout, done.stdout

    # Every table, every row, every column: the restored database is the source.
    restored = target.tables()
    assert restored == source.tables
    for table in ("intake_report", "intake_attachment", "intake_message", "cases_case", "audit_auditevent",
                  "accounts_user", "sentinelle_cache", "django_migrations"):
        assert restored[table][0] > 0, table
    # Every file, byte for byte (still encrypted: copied as raw bytes, never decrypted).
    assert files_of(target.storage) == source.files
    assert len(source.files) >= 3
    assert all(not (source.site.storage / name).read_bytes().startswith(b"\x89PNG") for name in source.files)
    # The manifest says the same as what was read here.
    assert {name: facts["sha256"] for name, facts in manifest["files"].items()} == source.files
    assert {name: facts["rows"] for name, facts in manifest["tables"].items()} == {
        name: rows for name, (rows, _sha) in source.tables.items() if not name.startswith(("sqlite_", "("))}

    # The restored installation works: no migration missing, the attachments open
    # with the key ring put back in place, and new reports get new numbers.
    target.manage("migrate", "--check")
    check = target.manage("shell", "-c", """
import hashlib, json
from django.core.files.storage import default_storage
from sentinelle.intake.models import Report
from sentinelle.intake.tests.test_staff_factories import make_report
report = Report.objects.get(reference=REFERENCE)
opened = {a.file.name: hashlib.sha256(default_storage.open(a.file.name).read()).hexdigest()
          for a in report.attachments.all()}
make_report("QC")
print(json.dumps(opened))
""".replace("REFERENCE", repr(source.facts["report"])))
    assert json.loads(check.stdout.strip().splitlines()[-1]) == source.facts["attachments"]


def test_a_corrupted_file_in_the_backup_is_refused_and_named(source: Source, sites: Sites, tmp_path: Path):
    damaged = tmp_path / "damaged"
    shutil.copytree(source.backup, damaged)
    name = sorted(source.facts["attachments"])[0]
    path = damaged / "files" / name
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))

    target = sites.new("damaged")
    done = target.manage("restore", str(damaged), check=False)
    assert done.returncode != 0
    assert f"files/{name}" in done.stderr
    assert "corrupted" in done.stderr
    # Nothing was touched.
    assert not target.has_tables()
    assert files_of(target.storage) == {}

    # The same for the saved database itself.
    shutil.copy2(source.backup / "files" / name, path)
    database = next(p for p in damaged.iterdir() if p.name.startswith("database."))
    with database.open("r+b") as handle:
        handle.seek(database.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    done = target.manage("restore", str(damaged), check=False)
    assert done.returncode != 0
    assert f"{database.name}: its sha256 differs" in done.stderr
    assert f"files/{name}" not in done.stderr
    assert not target.has_tables()


def test_restore_refuses_a_database_holding_data_unless_forced(source: Source, sites: Sites):
    target = sites.new("busy")
    target.manage("restore", str(source.backup))
    # Life goes on after the restore: a new report, a stray file.
    target.manage("shell", "-c", "from sentinelle.intake.tests.test_staff_factories import make_report; "
                                 "make_report('ON')")
    (target.storage / "stray.txt").write_text("not in the backup")
    changed = target.tables()
    assert changed["intake_report"][0] == source.tables["intake_report"][0] + 1

    refused = target.manage("restore", str(source.backup), check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    assert "intake_report" in refused.stderr and "storage directory" in refused.stderr
    assert target.tables() == changed  # untouched

    forced = target.manage("restore", str(source.backup), "--force")
    assert "Verified:" in forced.stdout
    assert "Removed 1 files" in forced.stdout
    assert target.tables() == source.tables
    assert files_of(target.storage) == source.files

    # --verify-only notices one changed value in one row, and a missing file.
    target.execute("UPDATE cases_case SET summary = summary || '.'")
    first = sorted(source.files)[0]
    (target.storage / first).unlink()
    verified = target.manage("restore", str(source.backup), "--verify-only", check=False)
    assert verified.returncode != 0
    assert "table cases_case: the rows differ" in verified.stderr
    assert f"file {first}: in the backup, missing" in verified.stderr


def test_a_backup_taken_while_reports_come_in_is_consistent(source: Source, sites: Sites):
    """The backup of a live installation: the database saved and the checksums of
    the manifest are one snapshot, and every attachment it names is in the backup."""
    live = sites.new("live")
    live.manage("restore", str(source.backup))
    before = live.tables()["intake_report"][0]
    stop = live.folder / "stop"
    writer = live.popen("shell", "-c", SUBMIT_LOOP.format(stop=str(stop)))
    try:
        live.wait_for_reports(before + 1)  # the writer is submitting
        done = live.manage("backup", "--to", str(live.folder / "backups"))
        manifest = json.loads((backup_path(done.stdout) / "manifest.json").read_text())
        saved = manifest["tables"]["intake_report"]["rows"]
        live.wait_for_reports(saved + 1)  # and it went on after the snapshot
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    submitted = int(out.strip().splitlines()[-1])
    backup = backup_path(done.stdout)
    print(f"{submitted} reports submitted during the test; the backup holds {saved - before} of them")
    assert before < saved < before + submitted

    target = sites.new("from-live")
    restored = target.manage("restore", str(backup))
    assert "Verified:" in restored.stdout
    assert target.tables()["intake_report"][0] == saved
    # Every attachment row of the restored database has its file.
    check = target.manage("shell", "-c", """
from django.core.files.storage import default_storage
from sentinelle.intake.models import Attachment
print(sum(1 for a in Attachment.objects.all() if not default_storage.exists(a.file.name)))
""")
    assert check.stdout.strip().splitlines()[-1] == "0"
