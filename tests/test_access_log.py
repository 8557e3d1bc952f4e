"""The app server's access log, as `make run` and production start it
(scripts/serve.py), holds no word that staff typed into a search or a filter:
the query string never reaches it, only the path."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.harness import free_port
from scripts.serve import gunicorn_command

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[1]
SEARCHES = [
    "/en/staff/cases/?q=Tremblay+Jean-Marc",
    "/fr/staff/employers/?name=Ferme+Rosalinda&city=Saint-R%C3%A9mi",
    "/en/staff/reports/?search=passport+P1234567A",
    "/api/v1/cases?employer=Rosalinda&q=514-555-0199",
]
TYPED = ["Tremblay", "Jean-Marc", "Rosalinda", "Saint-R", "P1234567A", "514-555-0199", "passport"]


def _get(url: str) -> None:
    # Refused or sent to sign-in: the log line is written all the same.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(url, timeout=10).close()  # noqa: S310  (loopback)


def test_the_access_log_keeps_the_path_and_never_the_search_words(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
           "SENTINELLE_VAR_DIR": str(tmp_path), "SECRET_KEY": secrets.token_urlsafe(50)}
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        command = gunicorn_command(f"127.0.0.1:{port}", "1")
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    _get(f"http://127.0.0.1:{port}/healthz")
                    break
                except OSError:
                    time.sleep(0.2)
            for path in SEARCHES:
                _get(f"http://127.0.0.1:{port}{path}")
        finally:
            server.terminate()
            server.wait(timeout=15)
    text = log.read_text(errors="replace")
    for path in SEARCHES:
        assert f'"GET {path.split("?")[0]} HTTP/1.1"' in text, text[-3000:]
    leaked = [word for word in TYPED if word in text]
    assert not leaked, f"search words in the access log: {leaked}\n{text[-3000:]}"
    assert "?" not in "".join(line for line in text.splitlines() if '"GET ' in line)
