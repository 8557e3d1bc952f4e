"""A pytest plugin that scans every log record the test suite produces for what a
log must never hold: receipt codes, API tokens, e-mail addresses, workers'
telephone numbers and names, valid social insurance numbers, passwords, session
keys, the text of reports and messages, what staff typed into a search or a
filter, and request lines with their query string.

How it works:
- at the start of the session the root logger (and `django`) is set to DEBUG and
  a handler keeps every distinct record (logger, level, message, traceback);
  the handlers that were there keep their former level, so nothing more is printed;
- the servers and commands the tests start inherit `LOG_FILE` (see settings):
  their application log is appended to a file of this process, scanned too;
- every report, message, requester and session saved during the run is noted
  through `post_save`, so their text, names, telephones, e-mails and keys are
  searched for in the logs as they were typed;
- every request a test makes is noted through `request_started`: the values of
  its query string that look typed (`typed_query_values`: a search, a name in a
  filter; not the codes of a filter's choices) are searched for too;
- at the end each process (each pytest-xdist worker too) scans its own records;
  the findings of the workers go to the controller, and any finding fails the
  session with a list: logger, level, what was found, the record.

Registered by the root conftest.py (`pytest_plugins`)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

KEY = "logscan"

# Formats of secrets --------------------------------------------------------------------
# A receipt code: 20 ASCII digits, in groups of five or not (sentinelle/intake/receipts.py).
RECEIPT_CODE = re.compile(r"(?<![0-9])[0-9]{5}([ -]?)[0-9]{5}\1[0-9]{5}\1[0-9]{5}(?![0-9])")
# An API token (ApiToken.new_raw_token): "snt_" and 43 URL-safe characters.
API_TOKEN = re.compile(r"snt_[A-Za-z0-9_-]{20,}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Nine digits, grouped 3-3-3 or not, not part of a longer number or word; a SIN
# when the Luhn check holds (python-stdnum, as sentinelle/privacy/recognizers.py).
SIN_CANDIDATE = re.compile(r"(?<![\w.-])[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{3}(?![\w-]|\.[0-9])")
# A request line (an access log's) with its query string, where search words travel.
REQUEST_WITH_QUERY = re.compile(r"\b(?:GET|POST|HEAD|PUT|PATCH|DELETE|OPTIONS) +[^\s?\"]*\?[^\s\"]*=")
# The value of a filter's choice, a date, a number, a path: not something typed.
_CHOICE_VALUE = re.compile(r"[a-z0-9_.:/-]*|[A-Z0-9_.:/-]*|[A-Z]-[0-9]{4}-[A-Z0-9]+")

# Shortest values worth looking for: shorter ones would match ordinary words.
MIN_TEXT = 12
MIN_NAME = 6
MIN_PHONE_DIGITS = 7

# What each model a test saves holds that must never be logged: field -> kind.
WATCHED_FIELDS: dict[str, dict[str, str]] = {
    "intake.report": {"description": "report text", "contact_name": "worker's name",
                      "contact_phone": "worker's telephone", "contact_email": "worker's e-mail",
                      "contact_safe_times": "report text"},
    "intake.message": {"body": "message text"},
    "privacy.requester": {"name": "requester's name", "email": "requester's e-mail",
                          "phone": "requester's telephone", "address": "requester's address"},
    "sessions.session": {"session_key": "session key"},
}
# Looked for from MIN_TEXT characters on: a shorter word typed into a search
# ("Employer") is also a word of the site's own addresses and messages.
SEARCH_WORDS = "search or filter words"


def typed_query_values(query_string: str) -> list[str]:
    """The values of a query string that look typed by a person: with a letter,
    long enough, and not the code of a choice, a date, a number or a path."""
    from urllib.parse import parse_qsl

    values = []
    for _name, value in parse_qsl(query_string, keep_blank_values=False):
        value = value.strip()
        if len(value) >= MIN_NAME and any(ch.isalpha() for ch in value) and not _CHOICE_VALUE.fullmatch(value):
            values.append(value)
    return values


@dataclass(frozen=True)
class Record:
    logger: str
    level: str
    text: str
    where: str = ""


@dataclass(frozen=True)
class Finding:
    logger: str
    level: str
    kind: str
    excerpt: str
    where: str

    def line(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"[{self.level} {self.logger}]{place} {self.kind}: {self.excerpt}"


@dataclass
class Secrets:
    """Values seen during the run, by kind."""

    values: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, value: Any) -> None:
        if not isinstance(value, str):
            return
        value = value.strip()
        if "telephone" in kind:
            if sum(ch.isdigit() for ch in value) < MIN_PHONE_DIGITS:
                return
        elif ("name" in kind or "e-mail" in kind) and kind != SEARCH_WORDS:
            if len(value) < MIN_NAME:
                return
        elif kind == "session key":
            if not value:
                return
        elif len(value) < MIN_TEXT:
            return
        self.values.setdefault(kind, set()).add(value)


def _excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left else "") + text[left:right].replace("\n", "⏎") + ("…" if right < len(text) else "")


def _phone_pattern(phone: str) -> re.Pattern[str] | None:
    digits = [ch for ch in phone if ch.isdigit()]
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return re.compile(r"(?<![0-9])" + r"[^0-9\n]{0,3}".join(digits) + r"(?![0-9])")


def _valid_sin(candidate: str) -> bool:
    from stdnum.ca import sin

    return bool(sin.is_valid(re.sub(r"\D", "", candidate)))


def scan(records: Iterable[Record], secrets: Secrets | None = None,
         passwords: Iterable[str] = ()) -> list[Finding]:
    """Every finding in these records, first by kind of pattern, then by value."""
    secrets = secrets or Secrets()
    literal: list[tuple[str, str]] = [("password", p) for p in passwords if p]
    phones: list[tuple[str, re.Pattern[str]]] = []
    for kind, values in secrets.values.items():
        for value in values:
            if "telephone" in kind:
                pattern = _phone_pattern(value)
                if pattern is not None:
                    phones.append((kind, pattern))
            else:
                literal.append((kind, value))
    findings: list[Finding] = []
    for record in records:
        text = record.text

        def found(kind: str, start: int, end: int, record: Record = record, text: str = text) -> None:
            findings.append(Finding(record.logger, record.level, kind, _excerpt(text, start, end), record.where))

        for match in RECEIPT_CODE.finditer(text):
            found("receipt code", *match.span())
        for match in API_TOKEN.finditer(text):
            found("API token", *match.span())
        for match in REQUEST_WITH_QUERY.finditer(text):
            found("request line with its query string", *match.span())
        for match in EMAIL.finditer(text):
            found("e-mail address", *match.span())
        for match in SIN_CANDIDATE.finditer(text):
            if _valid_sin(match.group()):
                found("social insurance number", *match.span())
        lowered = text.casefold()
        for kind, value in literal:
            at = lowered.find(value.casefold()) if len(value) <= len(text) else -1
            if at >= 0:
                found(kind, at, at + len(value))
        for kind, pattern in phones:
            if (hit := pattern.search(text)) is not None:
                found(kind, *hit.span())
    return findings


class KeepingHandler(logging.Handler):
    """Keeps each distinct record once: logger, level, message and traceback."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: dict[Record, int] = {}
        self.test = ""  # the test running, to say where a record came from
        # Loggers that settings.LOGGING holds above some level: a record below it
        # was forced on by a test (one that turns every logger to DEBUG to look at
        # SQL) and cannot reach a real log.
        self.floors: dict[str, int] = {}
        self._formatter = logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < self.floors.get(record.name, 0):
            return
        try:
            text = record.getMessage()
        except Exception:  # a broken log call: keep what it was given
            text = f"{record.msg!r} % {record.args!r}"
        if record.exc_info:
            text += "\n" + self._formatter.formatException(record.exc_info)
        elif record.exc_text:
            text += "\n" + record.exc_text
        if record.stack_info:
            text += "\n" + record.stack_info
        where = f"{record.module}:{record.lineno}" + (f" during {self.test}" if self.test else "")
        key = Record(record.name, record.levelname, text, where)
        self.records[key] = self.records.get(key, 0) + 1


def _configured_floors() -> dict[str, int]:
    try:
        from django.conf import settings

        logging_setting: dict[str, Any] = settings.LOGGING if settings.configured else {}
        configured: dict[str, Any] = logging_setting.get("loggers", {})
    except Exception:  # no Django here
        return {}
    return {name: logging.getLevelName(spec["level"]) for name, spec in configured.items()
            if isinstance(spec.get("level"), str) and isinstance(logging.getLevelName(spec["level"]), int)}


def file_records(folder: Path) -> list[Record]:
    """The lines of the application logs of servers and commands started by tests."""
    records = []
    for path in sorted(folder.glob("*.log")):
        content = path.read_text(encoding="utf-8", errors="replace")
        if content.strip():
            records.append(Record(f"file {path.name}", "ANY", content))
    return records


class LogScan:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.handler = KeepingHandler()
        self.secrets = Secrets()
        self.folder = Path(tempfile.mkdtemp(prefix="sentinelle-logscan-"))
        self.worker_findings: list[str] = []
        self.saved_levels: list[tuple[logging.Handler | logging.Logger, int]] = []
        self.previous_log_file: str | None = None

    # Capturing ---------------------------------------------------------------------

    def start(self) -> None:
        root = logging.getLogger()
        for handler in root.handlers:
            self.saved_levels.append((handler, handler.level))
            handler.setLevel(max(handler.level, root.level))
        self.saved_levels.append((root, root.level))
        root.setLevel(logging.DEBUG)
        self.attach()
        for name in ("django", "sentinelle"):
            logger = logging.getLogger(name)
            self.saved_levels.append((logger, logger.level))
            for handler in logger.handlers:
                self.saved_levels.append((handler, handler.level))
                handler.setLevel(max(handler.level, logging.INFO))
            logger.setLevel(logging.DEBUG)
        # The rules library logs the name and the outcome of every predicate it
        # tests (thousands of records per page, never any data): left out.
        rules = logging.getLogger("rules")
        self.saved_levels.append((rules, rules.level))
        rules.setLevel(logging.INFO)
        self.handler.floors = _configured_floors()
        self.previous_log_file = os.environ.get("LOG_FILE")
        os.environ["LOG_FILE"] = str(self.folder / f"servers-{os.getpid()}.log")
        self._connect_signals()

    def attach(self) -> None:
        """On the root logger and on every logger that does not pass its records up."""
        root = logging.getLogger()
        if self.handler not in root.handlers:
            root.addHandler(self.handler)
        for logger in list(logging.Logger.manager.loggerDict.values()):
            if isinstance(logger, logging.Logger) and not logger.propagate and self.handler not in logger.handlers:
                logger.addHandler(self.handler)

    def stop(self) -> None:
        root = logging.getLogger()
        for logger in [root, *logging.Logger.manager.loggerDict.values()]:
            if isinstance(logger, logging.Logger) and self.handler in logger.handlers:
                logger.removeHandler(self.handler)
        for thing, level in reversed(self.saved_levels):
            thing.setLevel(level)
        if self.previous_log_file is None:
            os.environ.pop("LOG_FILE", None)
        else:
            os.environ["LOG_FILE"] = self.previous_log_file

    def _connect_signals(self) -> None:
        try:
            from django.apps import apps
            from django.core.signals import request_started
            from django.db.models.signals import post_save
        except ImportError:
            return
        if not apps.ready:
            return

        def note_query(sender: Any, environ: dict[str, Any] | None = None, **kwargs: Any) -> None:
            for value in typed_query_values(str((environ or {}).get("QUERY_STRING", ""))):
                self.secrets.add(SEARCH_WORDS, value)

        request_started.connect(note_query, weak=False, dispatch_uid="logscan-query-string")
        for label, fields in WATCHED_FIELDS.items():
            try:
                model = apps.get_model(label)
            except LookupError:
                continue

            def note(sender: Any, instance: Any, fields: dict[str, str] = fields, **kwargs: Any) -> None:
                for name, kind in fields.items():
                    self.secrets.add(kind, getattr(instance, name, None))

            post_save.connect(note, sender=model, weak=False, dispatch_uid=f"logscan-{label}")

    # Scanning -----------------------------------------------------------------------

    def passwords(self) -> list[str]:
        try:
            from sentinelle.test import PASSWORD
        except Exception:  # no Django here
            return []
        return [PASSWORD]

    def findings(self) -> list[Finding]:
        records = [*self.handler.records, *file_records(self.folder)]
        return scan(records, self.secrets, self.passwords())


def _summary(lines: list[str], records: int) -> str:
    unique = sorted(set(lines))
    head = f"Log scan: {len(unique)} finding(s) in the log records of the test run"
    shown = unique[:200]
    more = [f"… and {len(unique) - len(shown)} more"] if len(unique) > len(shown) else []
    return "\n".join([head, *(f"  - {line}" for line in shown), *more])


# Hooks ---------------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    hooks = LogScanHooks(config)
    config.pluginmanager.register(hooks, "logscan-hooks")
    if any(config.pluginmanager.hasplugin(name) for name in ("xdist", "xdist.plugin")):
        config.pluginmanager.register(XdistHooks(hooks), "logscan-xdist-hooks")


class XdistHooks:
    def __init__(self, hooks: LogScanHooks) -> None:
        self.hooks = hooks

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """On the xdist controller: the findings of a worker."""
        output = getattr(node, "workeroutput", {}) or {}
        self.hooks.scan.worker_findings.extend(output.get(KEY, []))
        self.hooks.count += int(output.get(f"{KEY}-records", 0))


class LogScanHooks:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.scan = LogScan(config)
        self.is_worker = hasattr(config, "workerinput")
        self.report: str = ""
        self.count = 0

    @pytest.hookimpl(trylast=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.scan.start()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Any:
        self.scan.attach()  # should anything have configured logging again
        self.scan.handler.test = item.nodeid
        yield
        self.scan.handler.test = ""

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.scan.stop()
        try:
            own = [finding.line() for finding in self.scan.findings()]
            self.count += sum(self.scan.handler.records.values())
        finally:
            shutil.rmtree(self.scan.folder, ignore_errors=True)
        if self.is_worker:
            self.config.workeroutput[KEY] = own  # type: ignore[attr-defined]
            self.config.workeroutput[f"{KEY}-records"] = sum(self.scan.handler.records.values())  # type: ignore[attr-defined]
            return
        lines = own + self.scan.worker_findings
        if lines:
            self.report = _summary(lines, self.count)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        else:
            self.report = f"Log scan: {self.count} log records scanned, nothing found."

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.report and not self.is_worker:
            terminalreporter.write_sep("-", "log scan", red="finding" in self.report.splitlines()[0])
            terminalreporter.write_line(self.report)
