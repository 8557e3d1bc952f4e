# ruff: noqa: S603
"""The site under fault: gunicorn on loopback with a database of its own on the
suite's PostgreSQL cluster (scripts/with_postgres.sh), and the cluster itself,
stopped and started again as its owner.

- `Site.kill9()` sends SIGKILL to gunicorn's whole process group (the master and
  every worker at once: nothing gets to finish a request or clean up), and
  `Site.start()` brings a new one up on the same port.
- `Postgres.stop()` is `pg_ctl stop -m immediate` (the server processes quit at
  once, without a checkpoint: crash recovery at the next start), `Postgres.start()`
  starts it again with the options it was started with (postmaster.opts).
- `Site.check(acknowledged)` reads the database and the storage from a separate
  process, through the application's own code: each acknowledged receipt code
  found by its look-up hash, each of its files opened with `default_storage.open`
  (decrypted when storage is encrypted), every Attachment row with its file, every
  file with its row."""

from __future__ import annotations

import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

from tests.faults.worker import Sent

# isort: split
# bench/harness.py: importing tests.faults.worker puts bench/ on the path.
from harness import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


class Postgres:
    """The cluster scripts/with_postgres.sh started (its data directory is
    PGDATA_DIR), controlled as its owner."""

    def __init__(self, data_dir: str) -> None:
        self.data = Path(data_dir)
        bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        self.pg_ctl = str(bindirs[-1] / "pg_ctl")
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.as_owner, self.pg_ctl, "-D", str(self.data), *args], check=True,
                       capture_output=True, timeout=60)

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")

    def start(self) -> None:
        """Start with the options of the last start; returns once it accepts connections."""
        options = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        if "-D" in options:
            at = options.index("-D")
            del options[at:at + 2]
        self._pg_ctl("-l", str(self.data.parent / "server.log"), "-w", "-t", "60", "-o", shlex.join(options),
                     "start")


# Run in `manage.py shell -c` with FAULT_EXPECTED naming a JSON file:
# {receipt code: [{content_type, width, height, marker, sha256}, ...]}.
_CHECK = r"""
import hashlib, io, json, os
from django.core.files.storage import default_storage
from sentinelle.intake import receipts
from sentinelle.intake.models import Attachment, Report
from sentinelle.lib.uploads.store import QUARANTINE

def walk(folder):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from walk(f"{folder}/{sub}" if folder else sub)

def read(name):
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except Exception as exc:
        return exc

def identify(data):
    if data[:3] == b"\xff\xd8\xff":
        from PIL import Image
        picture = Image.open(io.BytesIO(data))
        picture.load()
        return {"kind": "image/jpeg", "width": picture.size[0], "height": picture.size[1], "text": ""}
    if data[:5] == b"%PDF-":
        import pymupdf
        with pymupdf.open(stream=data, filetype="pdf") as document:
            return {"kind": "application/pdf", "width": 0, "height": 0,
                    "text": " ".join(page.get_text() for page in document)}
    return {"kind": "unknown", "width": 0, "height": 0, "text": ""}

expected = json.load(open(os.environ["FAULT_EXPECTED"]))
reports = {}
for code in expected:
    report = Report.objects.filter(receipt_lookup=receipts.lookup_hash(code)).first()
    files = []
    if report is not None:
        for attachment in report.attachments.all():
            data = read(attachment.file.name)
            if isinstance(data, Exception):
                files.append({"readable": False, "error": type(data).__name__})
                continue
            files.append({"readable": True, "row_sha256": attachment.sha256, "content_type": attachment.content_type,
                          "sha256": hashlib.sha256(data).hexdigest(), **identify(data)})
    reports[code] = {"found": report is not None, "files": files}

referenced = set()
rows_without_file = 0
for attachment in Attachment.objects.all():
    referenced.add(attachment.file.name)
    if isinstance(read(attachment.file.name), Exception):
        rows_without_file += 1
stored = list(walk(""))
print(json.dumps({
    "reports": reports,
    "report_rows": Report.objects.count(),
    "attachment_rows": len(referenced),
    "rows_without_file": rows_without_file,
    "files": len(stored),
    "files_without_row": sorted(name for name in stored if name not in referenced),
    "quarantined": sorted(name for name in stored if name.startswith(QUARANTINE + "/")),
}))
"""


def _database_url(base_url: str, name: str) -> str:
    return urlunsplit(urlsplit(base_url)._replace(path="/" + name))


class Site:
    def __init__(self, folder: Path, admin_database_url: str, *, workers: int = 2) -> None:
        self.folder = folder
        self.admin_database_url = admin_database_url
        self.name = "faults_" + secrets.token_hex(4)
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.storage = folder / "storage"
        (folder / "var" / "mail").mkdir(parents=True)
        (folder / "var" / "files").mkdir()
        self.storage.mkdir()
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(admin_database_url, self.name),
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "RECEIPT_PEPPER": secrets.token_hex(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SENTINELLE_VAR_DIR": str(folder / "var"),
            "SENTINELLE_STORAGE_DIR": str(self.storage),
            # The receipt-code hash is not what these tests are about: a cheap one
            # leaves the two cores to the faults.
            "RECEIPT_ARGON2_TIME_COST": "1",
            "RECEIPT_ARGON2_MEMORY_KIB": "8192",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
            # Every report of the load comes from 127.0.0.1: no per-client limit here.
            "REPORTS_PER_HOUR": "1000000000",
        }
        self.log = open(folder / "gunicorn.log", "ab")  # noqa: SIM115  (kept open while the site runs)
        self._process: subprocess.Popen[bytes] | None = None

    # The database and the app ------------------------------------------------------

    def create(self) -> None:
        with psycopg.connect(self.admin_database_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")

    def drop(self) -> None:
        with psycopg.connect(self.admin_database_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args: str, extra_env: dict[str, str] | None = None) -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, **(extra_env or {})},
                              capture_output=True, text=True, timeout=240)
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} exited with {done.returncode}:\n{done.stderr[-4000:]}")
        return done.stdout

    def start(self) -> float:
        """Start gunicorn; returns the seconds until /healthz answered 200."""
        began = time.monotonic()
        self._process = subprocess.Popen(
            [str(BIN / "gunicorn"), "sentinelle.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--access-logfile", "/dev/null", "--error-logfile", "-",
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
            start_new_session=True,  # its own process group: kill9() takes the master and the workers
        )
        while time.monotonic() - began < 60:
            if self._process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self._process.returncode}: see {self.folder}/gunicorn.log")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return time.monotonic() - began
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError("gunicorn did not answer within 60 s")

    def kill9(self) -> None:
        assert self._process is not None
        os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait(timeout=10)
        # The workers die with the master (same group); wait until none holds the port.
        for _ in range(100):
            try:
                requests.get(self.base + "/healthz", timeout=0.5)
            except requests.ConnectionError:
                return
            time.sleep(0.05)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=10)
        self._process = None

    def log_tail(self, lines: int = 60) -> str:
        """The end of gunicorn's error log (to explain a failure)."""
        self.log.flush()
        text = (self.folder / "gunicorn.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def close(self) -> None:
        self.stop()
        self.log.close()

    # After the faults -----------------------------------------------------------------

    def sweep(self) -> str:
        return self.manage("sweep_uploads", "--older-than-minutes", "0")

    def check(self, acknowledged: dict[str, list[Sent]]) -> dict[str, Any]:
        expected = {code: [f.expected() for f in files] for code, files in acknowledged.items()}
        with tempfile.NamedTemporaryFile("w", suffix=".json", dir=self.folder, delete=False) as listing:
            json.dump(expected, listing)
        out = self.manage("shell", "-c", _CHECK, extra_env={"FAULT_EXPECTED": listing.name})
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        return result
