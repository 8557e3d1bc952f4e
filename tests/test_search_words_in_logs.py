"""No log record holds what staff typed into a search or a filter.

A distinctive word is typed into every staff page and API list that takes no
argument in its address (as `q`, `who`, `name`, `search`, `employer`, `person`,
the filters' usual names, and as a made-up one), by a staff member holding every
role, by one refused (403), by nobody (sent to sign in), and on a page that does
not exist (404); every logger is turned to DEBUG meanwhile (as `LOG_LEVEL=DEBUG`
would), and no record holds the word or a query string. Django's own request log
names the path only. The access log of the app server is tests/test_access_log.py;
the log scan of every test (tests/logscan.py) looks for these words too."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import Client

from sentinelle.test import api_token_for, create_staff, sign_in, url_routes
from tests import logscan

pytestmark = pytest.mark.django_db

WORD = "Quintanilla Zyxwarth"
FILTER_NAMES = ("q", "who", "name", "search", "employer", "person", "region", "sector", "anything")


class _Keeping(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logscan.Record] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.records.append(logscan.Record(record.name, record.levelname, text))


def _floor(name: str) -> int:
    """The level settings.LOGGING holds a logger (or its parent) at, whatever LOG_LEVEL says."""
    for configured, spec in settings.LOGGING.get("loggers", {}).items():
        if "level" in spec and (name == configured or name.startswith(configured + ".")):
            return int(logging.getLevelName(spec["level"]))
    return logging.DEBUG


@contextmanager
def every_logger_at_debug() -> Iterator[_Keeping]:
    """Every logger at DEBUG, as LOG_LEVEL=DEBUG makes them, except those the
    settings hold higher (SQL, Pillow, the template engine)."""
    handler = _Keeping()
    loggers = [logging.getLogger(), *(item for item in logging.root.manager.loggerDict.values()
                                      if isinstance(item, logging.Logger))]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(_floor(logger.name))
        logger.disabled = False
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(handler)
    logging.getLogger("rules").setLevel(logging.INFO)  # predicate names only, thousands of them
    try:
        yield handler
    finally:
        for logger, level, disabled in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.disabled = disabled


def _pages_without_arguments() -> list[str]:
    """Every staff page and API path of the URL configuration that takes no argument."""
    paths = []
    for path in (found.route for found in url_routes() if "<" not in found.route):
        path = path.removeprefix("en/")  # the language prefix, as the resolver writes it here
        if path.startswith("staff/"):
            paths.append(f"/en/{path}")
        elif path.startswith("api/v1/") and "docs" not in path and "openapi" not in path:
            paths.append(f"/{path}")
    return sorted(set(paths))


def test_no_log_record_holds_a_search_word_or_a_query_string():
    everyone = create_staff("administrator", "privacy_officer", "national_analyst", "team_lead",
                            "intake_agent", "investigator", "qc_reviewer", region_code="HQ")
    staff = Client()
    sign_in(staff, everyone)
    refused = Client()
    sign_in(refused, create_staff(region_code="ON"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(everyone)}")
    pages = _pages_without_arguments()
    assert "/en/staff/search/" in pages and "/api/v1/cases" in pages
    query = dict.fromkeys(FILTER_NAMES, WORD)
    answered: dict[int, int] = {}

    with every_logger_at_debug() as kept:
        for page in pages:
            client = api if page.startswith("/api/") else staff
            for who in (client, refused, Client()):
                status = who.get(page, query).status_code
                answered[status] = answered.get(status, 0) + 1
        missing = staff.get("/en/staff/no-such-page/", query)
        broken = Client().get("/en/report/does-not-exist/", query)

    assert missing.status_code == broken.status_code == 404
    assert answered.get(200, 0) > 20 and answered.get(403, 0) + answered.get(404, 0) > 0
    assert kept.records, "nothing was logged: the test would prove nothing"
    secrets = logscan.Secrets()
    secrets.add(logscan.SEARCH_WORDS, WORD)
    findings = logscan.scan(kept.records, secrets)
    assert not findings, "\n".join(finding.line() for finding in findings[:20])
    assert all("Zyxwarth" not in record.text and "?q=" not in record.text for record in kept.records)
    not_found = [record.text for record in kept.records if record.logger == "django.request"]
    assert "Not Found: /en/staff/no-such-page/" in not_found


def test_the_development_servers_request_lines_lose_their_query_string():
    """`manage.py runserver` logs each request line through `django.server`."""
    with every_logger_at_debug() as kept:
        logging.getLogger("django.server").info('"%s" %s %s', "GET /en/staff/cases/?q=" + WORD.replace(" ", "+") + " HTTP/1.1", 200, 10)
    (record,) = [record for record in kept.records if record.logger == "django.server"]
    assert record.text == '"GET /en/staff/cases/ HTTP/1.1" 200 10'
