"""The log scan (tests/logscan.py) can fail: a planted receipt code, token, SIN,
e-mail, telephone or report text in a log record is found, and a run of pytest
with such a record fails, alone and under pytest-xdist, with a readable list."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import Client

from sentinelle.accounts.models import ApiToken
from sentinelle.intake import receipts
from sentinelle.intake.tests.test_public_helpers import answers, file_report
from tests import logscan

ROOT = Path(__file__).resolve().parents[2]


def _handled(message: str, *args: object, name: str = "sentinelle.intake", level: int = logging.INFO,
             handler: logscan.KeepingHandler | None = None) -> list[logscan.Record]:
    """A record made as a logging call makes it, kept by the scan's handler."""
    handler = handler or logscan.KeepingHandler()
    handler.handle(logging.makeLogRecord({"name": name, "levelno": level, "levelname": logging.getLevelName(level),
                                          "msg": message, "args": args}))
    return list(handler.records)


def _kinds(records: list[logscan.Record], secrets: logscan.Secrets | None = None) -> list[str]:
    return [finding.kind for finding in logscan.scan(records, secrets, ["correct horse battery staple"])]


def test_a_planted_receipt_code_in_a_log_record_is_found_in_every_spelling():
    code = receipts.new_receipt_code()
    digits = receipts.normalize(code)
    assert digits is not None
    for spelling in (code, digits, " ".join(code.split("-"))):
        records = _handled("follow-up for %s failed", spelling, name="sentinelle.intake.views_public",
                           level=logging.WARNING)
        findings = logscan.scan(records)
        assert [f.kind for f in findings] == ["receipt code"], spelling
        assert findings[0].logger == "sentinelle.intake.views_public" and findings[0].level == "WARNING"
        assert spelling in findings[0].excerpt
        assert "receipt code" in findings[0].line() and "sentinelle.intake.views_public" in findings[0].line()


def test_ordinary_records_are_not_findings():
    records = _handled("Not Found: /en/staff/cases/C-2026-00042/ (took 0.0123 s, 200 rows, id 1234567890)")
    records += _handled("Report R-2026-PWECV4DV triaged; employer 123456782RP0001; 2026-11-24 03:36:21.303347")
    records += _handled("Internal Server Error: /en/report/", level=logging.ERROR)
    assert _kinds(records) == []


def test_tokens_e_mails_sins_and_passwords_are_found_and_an_invalid_sin_is_not():
    token = ApiToken.new_raw_token()
    assert _kinds(_handled("Bearer %s", token)) == ["API token"]
    assert _kinds(_handled("sent to maria.lopez@example.org")) == ["e-mail address"]
    assert _kinds(_handled("SIN 123 456 782 on file")) == ["social insurance number"]
    assert _kinds(_handled("SIN 123-456-782")) == ["social insurance number"]
    assert _kinds(_handled("number 123 456 789")) == []  # fails the Luhn check
    assert _kinds(_handled("login with correct horse battery staple")) == ["password"]


def test_values_saved_during_the_run_are_found_as_typed_and_as_logged():
    secrets = logscan.Secrets()
    secrets.add("worker's telephone", "(514) 555-0123")
    secrets.add("report text", "Le patron garde nos passeports.")
    secrets.add("worker's name", "Maria Lopez")
    secrets.add("report text", "Help")  # too short to look for
    assert _kinds(_handled("calling 514.555.0123 now"), secrets) == ["worker's telephone"]
    assert _kinds(_handled("calling 15145550123456"), secrets) == []  # inside another number
    assert _kinds(_handled("text: LE PATRON GARDE NOS PASSEPORTS. ok"), secrets) == ["report text"]
    assert _kinds(_handled("from maria lopez"), secrets) == ["worker's name"]
    assert _kinds(_handled("Help me"), secrets) == []


@pytest.mark.django_db
def test_the_session_notes_what_a_worker_typed_in_a_report(request):
    hooks = request.config.pluginmanager.get_plugin("logscan-hooks")
    assert hooks is not None, "the log scan plugin is not registered"
    description = "Nos pasaportes están en la oficina del patrón desde marzo."
    given = answers(description=description, anonymous="no", contact_name="Rosa Hernández",
                    contact_method="phone", contact_phone="438 555 0177")
    file_report(Client(), given=given)
    noted = hooks.scan.secrets.values
    assert description in noted["report text"]
    assert "Rosa Hernández" in noted["worker's name"]
    # So the same text in a record would be a finding.
    kinds = _kinds(_handled("saved %r", description), hooks.scan.secrets)
    assert "report text" in kinds


def test_a_request_line_with_its_query_string_is_found_and_one_without_is_not():
    found = _kinds(_handled('127.0.0.1 - "GET /en/staff/cases/?q=Tremblay HTTP/1.1" 200 1234'))
    assert found == ["request line with its query string"]
    assert _kinds(_handled('"GET /en/staff/cases/ HTTP/1.1" 200 1234')) == []
    assert _kinds(_handled("Not Found: /en/staff/cases/")) == []


def test_typed_query_values_are_the_words_not_the_codes_of_choices():
    typed = logscan.typed_query_values(
        "q=Ferme+Rosalinda&status=in_inspection&region=QC&since=2026-01-05&page=2&who=Jean-Marc"
        "&ref=C-2026-000045&next=%2Fen%2Fstaff%2F&name=Tremblay")
    assert typed == ["Ferme Rosalinda", "Jean-Marc", "Tremblay"]


@pytest.mark.django_db
def test_the_session_notes_what_staff_typed_into_a_search_or_a_filter(request):
    from sentinelle.test import create_staff, sign_in

    hooks = request.config.pluginmanager.get_plugin("logscan-hooks")
    assert hooks is not None, "the log scan plugin is not registered"
    client = Client()
    sign_in(client, create_staff("investigator", region_code="QC"))
    client.get("/en/staff/search/", {"q": "Rosalinda Quintanilla"})
    client.get("/en/staff/cases/", {"q": "Quintanilla-Ortega", "status": "assigned"})
    noted = hooks.scan.secrets.values[logscan.SEARCH_WORDS]
    assert {"Rosalinda Quintanilla", "Quintanilla-Ortega"} <= noted
    assert "assigned" not in noted
    # So the same words in a record would be a finding.
    kinds = _kinds(_handled("searched for %s", "rosalinda quintanilla"), hooks.scan.secrets)
    assert logscan.SEARCH_WORDS in kinds


def test_records_a_test_forces_below_the_configured_level_are_not_kept():
    handler = logscan.KeepingHandler()
    handler.floors = {"django.db.backends": logging.INFO}
    assert _handled("(0.001) INSERT ... %s", "secret text", name="django.db.backends",
                    level=logging.DEBUG, handler=handler) == []


def test_settings_keep_sql_and_photo_metadata_out_of_the_log_even_at_debug(settings):
    """Found by the scan: Pillow's debug output listed the EXIF author of a photo,
    and the template engine's dumped a page's context with staff e-mail addresses."""
    for name in ("django.db.backends", "PIL", "django.template"):
        assert logging.getLevelName(settings.LOGGING["loggers"][name]["level"]) > logging.DEBUG
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG)


# A whole pytest run -------------------------------------------------------------------

PLANTED = textwrap.dedent('''
    import logging, os, subprocess, sys

    def test_one():
        logging.getLogger("sentinelle.intake.views_public").warning("looked up %s", "{code}")

    def test_two():
        logging.getLogger("sentinelle.cases").info("nothing to see")

    def test_a_server_writes_its_log():
        subprocess.run([sys.executable, "-c",
                        "import logging, os; logging.basicConfig(filename=os.environ['LOG_FILE']);"
                        " logging.getLogger('gunicorn.error').warning('token {token}')"], check=True)
''')
CLEAN = textwrap.dedent('''
    import logging

    def test_clean():
        logging.getLogger("sentinelle.cases").debug("case %s opened", "C-2026-00001")
''')


def _run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest with only the plugins needed (xdist when asked), which starts fast."""
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "LOG_FILE")}
    env.update(PYTHONPATH=str(ROOT), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    plugins = ["-p", "xdist.plugin"] if "-n" in args else []
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugins, "-p", "tests.logscan",
         *args, str(folder)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist -n 2"])
def test_a_run_with_a_leak_fails_with_the_list_of_findings(tmp_path, workers):
    code = receipts.new_receipt_code()
    token = ApiToken.new_raw_token()
    (tmp_path / "test_planted.py").write_text(PLANTED.format(code=code, token=token))
    run = _run_pytest(tmp_path, *workers)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "3 passed" in run.stdout, run.stdout
    assert "Log scan: 2 finding(s)" in run.stdout, run.stdout
    assert "[WARNING sentinelle.intake.views_public]" in run.stdout
    assert "receipt code" in run.stdout and code in run.stdout
    assert "API token" in run.stdout and "servers-" in run.stdout


def test_a_run_without_a_leak_passes(tmp_path):
    (tmp_path / "test_clean.py").write_text(CLEAN)
    run = _run_pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout and "nothing found" in run.stdout
