"""While the database cannot be reached, every page answers at once with the 503
"try again" page, in the language of its address, never the 500 page or a trace.

The site runs in a separate Python process whose database cannot be opened: on
SQLite a file in a folder that does not exist, on PostgreSQL (the suite's second
pass) a port where nothing listens. Requests go through Django's whole handler and
every middleware (the test client), as a browser's would after gunicorn. The
process's log is captured too: one line per request, without the address in full
or anything the visitor posted.

This file runs in the normal suite; the slow tests against gunicorn and a
PostgreSQL that is stopped and started again are in test_kill_and_restart.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.faults.site import free_port

# The site's answers are read once, in one worker
pytestmark = pytest.mark.xdist_group("unavailable_page")

ROOT = Path(__file__).resolve().parents[2]

# Each request: a method, a path, form data, and cookies. The staff request carries
# a session cookie, so that the session (read from the database by a middleware,
# before any view) is where the error happens.
_SCRIPT = r"""
import io, json, logging, sys
import django
django.setup()
from django.test import Client

log = io.StringIO()
handler = logging.StreamHandler(log)
handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.WARNING)

answers = []
for method, path, data, cookies, headers in json.load(sys.stdin):
    client = Client(raise_request_exception=False)
    for name, value in cookies.items():
        client.cookies[name] = value
    before = log.tell()
    response = getattr(client, method.lower())(path, data=data, headers=headers)
    answers.append({
        "status": response.status_code,
        "headers": dict(response.headers),
        "body": response.content.decode(),
        "log": log.getvalue()[before:],
    })
print(json.dumps(answers))
"""

RECEIPT = "1234-5678-9012-3456-7890"
# The first step of the report needs no database; the second one lists the sectors.
FIRST_STEP = {"step": "about-you", "anonymous": "yes", "next": "1"}
REQUESTS: list[tuple[str, str, dict[str, str], dict[str, str], dict[str, str]]] = [
    ("POST", "/fr/report/", FIRST_STEP, {}, {}),
    ("POST", "/es/report/", FIRST_STEP, {}, {}),
    ("POST", "/tl/report/", FIRST_STEP, {}, {}),
    ("GET", "/en/statistics/", {}, {}, {}),
    ("POST", "/fr/follow-up/", {"code": RECEIPT}, {}, {}),
    ("GET", "/en/staff/cases/QC-2026-00042/", {}, {"sessionid": "x" * 32}, {}),
    ("GET", "/fr/staff/", {}, {"sessionid": "y" * 32}, {}),
    ("GET", "/api/v1/me", {}, {}, {"Authorization": "Bearer " + "t" * 40}),
]

TITLES = {
    "fr": "Service temporairement indisponible",
    "en": "Service temporarily unavailable",
    "es": "Servicio no disponible por el momento",
    "tl": "Pansamantalang hindi gumagana ang serbisyo",
}


def _unreachable_database(tmp_path: Path) -> str:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return f"postgresql://sentinelle:sentinelle@127.0.0.1:{free_port()}/sentinelle"
    return f"sqlite:///{tmp_path / 'no-such-folder' / 'sentinelle.sqlite3'}"


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    tmp_path = tmp_path_factory.mktemp("unavailable")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sentinelle.settings",
        "DATABASE_URL": _unreachable_database(tmp_path),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "SENTINELLE_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "not-a-secret-for-this-test-only-" + "k" * 30,
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run([sys.executable, "-c", _SCRIPT], input=json.dumps(REQUESTS), cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(("index", "language"), [(0, "fr"), (1, "es"), (2, "tl"), (3, "en"), (4, "fr"),
                                                 (5, "en"), (6, "fr")])
def test_every_page_answers_503_try_again_in_the_language_of_its_address(
        answers: list[dict[str, Any]], index: int, language: str) -> None:
    answer = answers[index]
    assert answer["status"] == 503, (REQUESTS[index], answer["status"], answer["body"][:500])
    assert answer["headers"]["Retry-After"].isdigit()
    assert int(answer["headers"]["Retry-After"]) > 0
    assert "no-store" in answer["headers"]["Cache-Control"]
    body = answer["body"]
    assert f'<html lang="{language}">' in body
    assert f"<h1>{TITLES[language]}</h1>" in body
    for other, title in TITLES.items():
        if other != language:
            assert title not in body
    assert "Traceback" not in body and "OperationalError" not in body and "Error" not in body


def test_the_page_keeps_the_security_headers(answers: list[dict[str, Any]]) -> None:
    headers = answers[0]["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers or "Content-Security-Policy-Report-Only" in headers


def test_a_page_asked_for_with_get_offers_to_try_again_a_sent_form_does_not(
        answers: list[dict[str, Any]]) -> None:
    assert 'href="/en/statistics/"' in answers[3]["body"]
    follow_up = answers[4]["body"]
    assert "href=" not in follow_up.split("<body>", 1)[1]  # a link would lose what was sent
    assert RECEIPT not in follow_up


def test_the_api_answers_503_in_json(answers: list[dict[str, Any]]) -> None:
    answer = answers[7]
    assert answer["status"] == 503
    assert answer["headers"]["Content-Type"] == "application/json"
    assert answer["headers"]["Retry-After"].isdigit()
    assert json.loads(answer["body"])["detail"]


def test_each_request_logs_one_line_without_the_address_or_what_was_sent(
        answers: list[dict[str, Any]]) -> None:
    for (method, path, *_rest), answer in zip(REQUESTS, answers, strict=True):
        lines = [line for line in answer["log"].splitlines() if line.strip()]
        assert len(lines) == 1, (path, answer["log"])
        (line,) = lines
        assert line.startswith("WARNING sentinelle.unavailable Database unavailable")
        assert method in line and "503" in line
        assert "Traceback" not in answer["log"]
    staff = answers[5]["log"]
    assert "/en/staff" in staff and "QC-2026-00042" not in staff
    follow_up = answers[4]["log"]
    assert RECEIPT not in follow_up and RECEIPT.replace("-", "") not in follow_up
