"""An anonymous worker leaves no trace of who they are: after a whole visit (report
with a file, survey, follow-up, a wrong code, a reply), made from a distinctive
address with a distinctive user agent, neither is in any table of the database,
in any log record (SQL statements included), or on standard output or error; and
no cookie outlives the visit."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from sentinelle.intake import receipts
from sentinelle.intake.models import Attachment, Message, Report, SurveyResponse
from sentinelle.intake.services import send_staff_message
from sentinelle.intake.tests.test_public_helpers import file_report, png_bytes, receipt_code_of
from sentinelle.test import create_staff

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.77"
USER_AGENT = "DistinctiveAgent/9.9 (TestPhone)"


def traces_of_the_worker() -> tuple[list[str], list[bytes]]:
    """The address in every form it could be stored in, and the user agent."""
    ip = ipaddress.ip_address(ADDRESS)
    texts = [
        ADDRESS,
        str(int(ip)),                       # 3325256781
        ip.packed.hex(),                    # c633644d
        ".".join(reversed(ADDRESS.split("."))),  # as in reverse DNS
        f"::ffff:{ip.packed[:2].hex()}:{ip.packed[2:].hex()}",
        USER_AGENT,
        "DistinctiveAgent",
        "TestPhone",
    ]
    return texts, [ip.packed, USER_AGENT.encode()]


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.levelname} {record.getMessage()} {record.__dict__!r}")


@contextmanager
def every_log_record() -> Iterator[_Everything]:
    """Every record of every logger at DEBUG, SQL statements with their parameters
    included, whatever the logging configuration says."""
    handler = _Everything()
    loggers = [logging.getLogger(), *(
        logging.getLogger(name) for name, item in logging.root.manager.loggerDict.items()
        if isinstance(item, logging.Logger)
    )]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(handler)
    debug_cursor = connection.force_debug_cursor
    connection.force_debug_cursor = True
    try:
        yield handler
    finally:
        connection.force_debug_cursor = debug_cursor
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled
            logger.removeHandler(handler)


def every_value_in_the_database() -> dict[str, list[Any]]:
    with connection.cursor() as cursor:
        dump = {}
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = [value for row in cursor.fetchall() for value in row]
    return dump


def _decoded(value: Any) -> list[bytes]:
    """A value as stored, and decoded where it is base64 (the cache's pickles)."""
    raw = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
    found = [raw]
    with suppress(binascii.Error, ValueError):
        found.append(base64.b64decode(raw, validate=True))
    return found


def test_an_anonymous_visit_leaves_no_address_and_no_user_agent_anywhere(tmp_path, settings, capfd):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}
    cache.clear()
    officer = create_staff("investigator", region_code="QC")
    worker = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=USER_AGENT)
    responses = []

    with every_log_record() as logs:
        confirmation = file_report(worker, language="es", files=[SimpleUploadedFile("foto.png", png_bytes())])
        responses.append(confirmation)
        code = receipt_code_of(confirmation)
        responses.append(worker.post("/es/report/survey/", {"rating": "5"}))
        responses.append(worker.get("/es/report/survey/thanks/"))
        responses.append(worker.get("/es/follow-up/"))
        responses.append(worker.post("/es/follow-up/", {"code": receipts.new_receipt_code()}))
        send_staff_message(Report.objects.get(), "¿Cuántos trabajadores viven allí?", actor=officer)
        responses.append(worker.post("/es/follow-up/", {"code": code}))
        responses.append(worker.post("/es/follow-up/reply/", {
            "code": code, "body": "Somos doce.", "attachments": [SimpleUploadedFile("casa.png", png_bytes())]}))
        logging.getLogger("sentinelle.probe").debug("the capture works")

    # The visit happened as a worker would see it.
    report = Report.objects.get()
    assert report.anonymous and report.language == "es"
    assert SurveyResponse.objects.count() == 1
    # The body is encrypted at rest: compared in Python, not by the database.
    assert "Somos doce." in [m.body for m in Message.objects.filter(report=report, from_worker=True)]
    assert Attachment.objects.filter(report=report).count() == 2
    assert all(response.status_code in {200, 302} for response in responses)
    assert any("the capture works" in line for line in logs.lines)
    assert any("INSERT INTO" in line and "intake_report" in line for line in logs.lines), "SQL was not captured"

    # Nothing of the worker's address or device: in any table, log record, or output.
    texts, raw = traces_of_the_worker()
    for table, values in every_value_in_the_database().items():
        for value in values:
            for stored in _decoded(value):
                for trace in [*(t.encode() for t in texts), *raw]:
                    assert trace not in stored, f"{trace!r} found in table {table}: {value!r}"
    out, err = capfd.readouterr()
    for line in [*logs.lines, *out.splitlines(), *err.splitlines()]:
        for trace in texts:
            assert trace not in line, f"{trace!r} found in a log line: {line[:500]}"
    for path in Path(tmp_path).rglob("*"):
        if path.is_file():
            assert all(trace not in path.read_bytes() for trace in raw), path

    # The report keeps the day only, and no time at all.
    row = Report.objects.filter(pk=report.pk).values().get()
    assert isinstance(row["submitted_on"], date) and not isinstance(row["submitted_on"], datetime)
    assert not [name for name, value in row.items() if isinstance(value, datetime)]
    assert Message.objects.get(from_worker=True).sent_at is None

    # No cookie but the CSRF cookie, and it ends with the browser session.
    for response in responses:
        for cookie in response.cookies.values():
            assert cookie.key == "csrftoken", cookie.key
            assert cookie["max-age"] == "" and cookie["expires"] == "", cookie.output()
    assert set(worker.cookies) <= {"csrftoken"}
