"""Nothing a worker saw acknowledged is lost when the app server is killed or the
database restarts in the middle of a load of reports with attachments.

A real gunicorn (2 workers) on a database of its own on the suite's PostgreSQL
cluster; clients file reports through the real public form, each with a photo and
every other one a PDF too (tests/faults/worker.py), in four languages. A report is
acknowledged when the confirmation page with its receipt code came back; a client
that got an error presses "send" again with the same form (same idempotency key
and receipt code), as a worker would.

1. `kill -9` of gunicorn's whole process group, twice, while reports are being
   sent; a new gunicorn each time; the load goes on.
2. PostgreSQL stopped (`pg_ctl stop -m immediate`) during the load for a few
   seconds, while a probe asks for a page that needs the database in each
   language: every answer must come fast and be the 503 "try again" page in that
   language. Then PostgreSQL starts again: the same page must answer 200 within
   5 seconds.

After each: `manage.py sweep_uploads --older-than-minutes 0`, then every
acknowledged receipt code is found in the database with every file it was sent
with, readable through the storage API and recognisable (see worker.py); no
Attachment row without its file, no file in the storage without its row.

Slow (about three minutes on two busy cores, mostly gunicorn starting) and it stops the PostgreSQL cluster: it runs only with
SENTINELLE_FAULT_TESTS=1 on the cluster of scripts/with_postgres.sh
(`make test-faults`)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from tests.faults.site import Postgres, Site
from tests.faults.worker import Load, Tally, bench_intake

pytestmark = [
    pytest.mark.faults,
    pytest.mark.system,
    pytest.mark.skipif(os.environ.get("SENTINELLE_FAULT_TESTS") != "1",
                       reason="slow fault tests: `make test-faults` (SENTINELLE_FAULT_TESTS=1)"),
]

TITLES = {
    "fr": "Service temporairement indisponible",
    "en": "Service temporarily unavailable",
    "es": "Servicio no disponible por el momento",
    "tl": "Pansamantalang hindi gumagana ang serbisyo",
}
RECOVERY_LIMIT_SECONDS = 5.0
DOWN_SECONDS = 4.0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Site]:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not os.environ.get("PGDATA_DIR"):
        pytest.fail("the fault tests run on the cluster of scripts/with_postgres.sh (DATABASE_URL, PGDATA_DIR): "
                    "`make test-faults`")
    folder = tmp_path_factory.mktemp("faults")
    site = Site(folder, database_url)
    try:
        site.create()
        site.start()
        failed_before = request.session.testsfailed
        yield site
        if request.session.testsfailed > failed_before:
            print(f"gunicorn's log, last lines:\n{site.log_tail()}")
    finally:
        site.close()
        try:
            site.drop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _figures(capsys: pytest.CaptureFixture[str], title: str, rows: dict[str, Any]) -> None:
    with capsys.disabled():
        print(f"\n{title}")
        for name, value in rows.items():
            print(f"  {name}: {value}")


def _assert_nothing_lost(site: Site, tally: Tally) -> dict[str, Any]:
    """The sweeper, then the check; returns the figures."""
    summary = site.sweep()
    state = site.check(tally.acknowledged)
    stored_in_full = sum(
        1 for code, seen in state["reports"].items()
        if seen["found"] and len(seen["files"]) == len(tally.acknowledged[code])
        and all(f["readable"] for f in seen["files"]))
    missing = [code[-4:] for code, seen in state["reports"].items() if not seen["found"]]
    assert not missing, f"{len(missing)} acknowledged reports are not in the database"
    identical = 0
    for code, files in tally.acknowledged.items():
        stored = state["reports"][code]["files"]
        assert len(stored) == len(files), f"report …{code[-4:]}: {len(stored)} files stored, {len(files)} sent"
        assert all(f["readable"] for f in stored), f"report …{code[-4:]}: a file cannot be read: {stored}"
        sent_identities = sorted((f.content_type, f.width, f.height, f.marker) for f in files)
        stored_identities = sorted(
            (f["kind"], f["width"], f["height"], _marker(f["text"])) for f in stored)
        assert stored_identities == sent_identities, f"report …{code[-4:]}: other files than those sent"
        identical += len({f.sha256 for f in files} & {f["sha256"] for f in stored})
    assert state["rows_without_file"] == 0, "Attachment rows without their file"
    assert state["quarantined"] == [], f"files left in quarantine: {state['quarantined']}"
    assert state["files_without_row"] == [], f"files without an Attachment row: {state['files_without_row']}"
    return {
        "acknowledged and stored with all their files": stored_in_full,
        "sweeper": " / ".join(line.strip() for line in summary.strip().splitlines()),
        "reports in the database (all runs so far)": state["report_rows"],
        "files in storage (all runs so far)": state["files"],
        "acknowledged files stored byte for byte": identical,
    }


def _marker(text: str) -> str:
    found = re.search(r"SENTINELLE-FAULT \w+ \d+ \d+", text)
    return found.group(0) if found else ""


def test_kill_9_of_the_app_server_loses_no_acknowledged_report(site: Site,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    tally = Tally()
    restarts = []
    with Load(site.base, secrets.token_hex(3), tally, threads=4) as load:
        for acknowledged in (8, 18):
            load.wait_for_acknowledged(acknowledged, timeout=150)
            site.kill9()
            restarts.append(site.start())
        load.wait_for_acknowledged(28, timeout=150)
    figures = _assert_nothing_lost(site, tally)
    _figures(capsys, "Fault: kill -9 of gunicorn (master and 2 workers), twice, during the load", {
        "submissions attempted": tally.attempted,
        "acknowledged": len(tally.acknowledged),
        "files sent with acknowledged reports": sum(len(f) for f in tally.acknowledged.values()),
        "errors seen by the client": f"{tally.error_count} {tally.errors}",
        "gunicorn restart (s)": ", ".join(f"{s:.1f}" for s in restarts),
        **figures,
    })


@dataclass
class Probe:
    """Asks, over and over, for a page that needs the database (the report's
    second step lists the sectors), in each language in turn."""

    base: str
    answers: list[tuple[float, float, str, int, str, str]] = field(default_factory=list)  # start, seconds, ...

    def __post_init__(self) -> None:
        self.forms = {}
        for language in TITLES:  # the first step needs no database: a browser ready to post it
            session = requests.Session()
            url = f"{self.base}/{language}/report/"
            token = dict(bench_intake._parse(session.get(url, timeout=10).text).hidden)["csrfmiddlewaretoken"]
            self.forms[language] = (session, token, url)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def ask(self, language: str) -> tuple[float, float, str, int, str, str]:
        session, token, url = self.forms[language]
        data = {"csrfmiddlewaretoken": token, "step": "about-you", "anonymous": "yes",
                "next": "1"}
        began = time.monotonic()
        try:
            response = session.post(url, data=data, headers={"Origin": self.base, "Referer": url}, timeout=30)
            status, body, retry = response.status_code, response.text, response.headers.get("Retry-After", "")
        except requests.RequestException as problem:
            status, body, retry = 0, type(problem).__name__, ""
        return began, time.monotonic() - began, language, status, body, retry

    def _run(self) -> None:
        turn = 0
        while not self._stop.is_set():
            self.answers.append(self.ask(list(TITLES)[turn % 4]))
            turn += 1
            time.sleep(0.05)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def until_ok(self, limit: float) -> float:
        """Seconds until the page answers 200 again."""
        began = time.monotonic()
        while time.monotonic() - began < limit:
            *_rest, status, _body, _retry = self.ask("fr")
            if status == 200:
                return time.monotonic() - began
            time.sleep(0.05)
        raise AssertionError(f"the report form did not answer 200 within {limit} s of PostgreSQL coming back")


def test_a_postgresql_restart_fails_fast_with_try_again_and_loses_nothing(
        site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    postgres = Postgres(os.environ["PGDATA_DIR"])
    tally = Tally()
    probe = Probe(site.base)
    with Load(site.base, secrets.token_hex(3), tally, threads=3, first_number=1000) as load:
        load.wait_for_acknowledged(6, timeout=150)
        postgres.stop()
        down_at = time.monotonic()
        probe.start()
        time.sleep(DOWN_SECONDS)
        probe.stop()
        starting = time.monotonic()
        try:
            postgres.start()
        finally:
            up_at = time.monotonic()
        recovery = probe.until_ok(limit=30)
        load.wait_for_acknowledged(len(tally.acknowledged) + 8, timeout=150)

    while_down = [a for a in probe.answers if down_at <= a[0] and a[0] + a[1] <= up_at]
    assert len(while_down) >= 8, f"only {len(while_down)} answers while PostgreSQL was down"
    for _began, _seconds, language, status, body, retry in while_down:
        assert status == 503, (language, status, body[:300])
        assert retry.isdigit(), "no Retry-After header"
        assert f'<html lang="{language}">' in body and f"<h1>{TITLES[language]}</h1>" in body
        assert "Traceback" not in body and "Error" not in body
    slowest = max(seconds for _b, seconds, *_rest in while_down)
    assert slowest < 5.0, f"an answer took {slowest:.1f} s while PostgreSQL was down"
    assert recovery <= RECOVERY_LIMIT_SECONDS, f"the form answered again {recovery:.1f} s after PostgreSQL came back"

    figures = _assert_nothing_lost(site, tally)
    _figures(capsys, f"Fault: PostgreSQL stopped (immediate) for {DOWN_SECONDS:.0f} s during the load", {
        "submissions attempted": tally.attempted,
        "acknowledged": len(tally.acknowledged),
        "errors seen by the client": f"{tally.error_count} {tally.errors}",
        "answers while down (all 503 try-again, in fr/en/es/tl)": len(while_down),
        "slowest answer while down (s)": f"{slowest:.3f}",
        "PostgreSQL start, crash recovery included (s)": f"{up_at - starting:.2f}",
        "form answering 200 again after PostgreSQL was back (s)": f"{recovery:.2f}",
        **figures,
    })
