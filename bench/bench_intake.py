"""The worker's report path under sustained load, next to a trivial view.

One real walk through the public form at /en/report/ (every step, as a browser
would post it) gives the exact final "Send my report" POST: the hidden answers,
the CSRF cookie and token, multipart like the page's form. wrk then replays that
POST with a fresh idempotency key and receipt code in each request, so that each
one files one report through the whole path (every step checked again, receipt
code derived from the form's nonce and hashed with Argon2id at the cost in
settings, report, allegations, risk score, audit event, confirmation page). Each
receipt code the server acknowledges is then looked up in the database with the
application's own look-up hash.

Targets are what a worker and the program feel: p95 under 300 ms through the real
form at 8 concurrent clients, at least 30 reports a second on 2 cores, no error,
and every acknowledged report stored. The trivial view (/healthz, one `SELECT 1`,
on the same server) and the ratio of reports to it are printed as information
only: the deliberate Argon2id check of the receipt code costs more than any ratio
would allow, and a national tip line receives a few reports an hour."""

from __future__ import annotations

import http.cookiejar
import json
import os
import secrets
import shutil
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import harness
from harness import Figure, LoadResult

SECONDS = 12
WARM_UP_SECONDS = 3
CONNECTIONS = 8
THREADS = 2
WORKERS = 2
TARGET_P95_MS = 300.0
TARGET_REPORTS_PER_SECOND = 30.0
REPORT_PATH = "/en/report/"

# The answers of one ordinary report: anonymous, not urgent, no file.
ANSWERS: dict[str, dict[str, list[str]]] = {
    "about-you": {"anonymous": ["yes"]},
    "employer": {
        "employer_name": ["Ferme Banc d'essai inc."],
        "employer_address": ["123, rang Saint-Joseph"],
        "employer_city": ["Saint-Rémi"],
        "employer_province": ["QC"],
        "employer_phone": ["450-555-0100"],
        "workplace": ["Les champs derrière la grange"],
        # "sector": the first sector offered by the page.
    },
    "what-happened": {
        "allegations": ["wages", "housing"],
        "description": [
            "We work 70 hours a week and are paid for 40. Twelve of us sleep in one room "
            "above the barn, there is no hot water. The boss keeps our passports."
        ],
        "since": ["months"],
        "workers_affected": ["6-20"],
    },
    "urgency": {"danger_now": ["no"], "hazard_now": ["no"]},
}

KEY_MARK = "@@KEY@@"
CODE_MARK = "@@CODE@@"
BOUNDARY = "----SentinelleBench7MA4YWxkTrZu0gW"

# Counts the report rows and, among the receipt codes listed in the file named by
# BENCH_CODES_FILE (one a line), those that match a report by the application's
# own look-up hash.
_CHECK = """
import json, os
from sentinelle.intake import receipts
from sentinelle.intake.models import Report
codes = [line.strip() for line in open(os.environ["BENCH_CODES_FILE"]) if line.strip()]
lookups = {receipts.lookup_hash(code) for code in codes}
known = set(Report.objects.filter(receipt_lookup__in=lookups).values_list("receipt_lookup", flat=True))
print(json.dumps({"reports": Report.objects.count(),
                  "found": sum(1 for code in codes if receipts.lookup_hash(code) in known)}))
"""


# What the server is measured with, printed above the table.
_CONFIG = """
import json
from django.conf import settings as s
print(json.dumps([s.DEBUG, s.RECEIPT_ARGON2_TIME_COST, s.RECEIPT_ARGON2_MEMORY_KIB,
                  s.DATABASES["default"]["CONN_MAX_AGE"]]))
"""


class _FormPage(HTMLParser):
    """The hidden inputs of a page (in order), the options of its selects, and the
    receipt code if it shows one."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[tuple[str, str]] = []
        self.options: dict[str, list[str]] = {}
        self.errors = False
        self._select: str | None = None
        self._in_code = False
        self.code = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name", "")
            self.options[self._select] = []
        elif tag == "option" and self._select is not None:
            self.options[self._select].append(a.get("value", ""))
        elif a.get("id") == "receipt-code":
            self._in_code = True
        if "aria-invalid" in a or a.get("role") == "alert":
            self.errors = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "p":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.code += "".join(ch for ch in data if ch.isdigit())


def _parse(html: str) -> _FormPage:
    page = _FormPage()
    page.feed(html)
    page.close()
    return page


def walk_form(base: str) -> tuple[dict[str, str], list[tuple[str, str]], str]:
    """Fill in the report as a worker would, up to the review page. Returns the
    headers of the final POST (cookie, origin), the review page's hidden fields,
    and the receipt code one real "send" of it gave back (a sanity check)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = base + REPORT_PATH
    headers = {"Origin": base, "Referer": url}
    with opener.open(url, timeout=30) as response:
        page = _parse(response.read().decode())
    steps = ["about-you", "employer", "what-happened", "urgency"]
    for slug in steps:
        hidden = dict(page.hidden)
        if hidden.get("step") != slug:
            raise RuntimeError(f"expected the step {slug!r}, got {hidden.get('step')!r}")
        answers = dict(ANSWERS[slug])
        if slug == "employer":
            sectors = [value for value in page.options.get("sector", []) if value]
            answers["sector"] = sectors[:1]
        fields = [*page.hidden, *((name, v) for name, values in answers.items() for v in values), ("next", "1")]
        request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers)
        with opener.open(request, timeout=30) as response:
            page = _parse(response.read().decode())
        if page.errors:
            raise RuntimeError(f"the step {slug!r} was refused")
    if dict(page.hidden).get("step") != "review":
        raise RuntimeError("the form did not reach the review page")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "csrftoken=" not in cookie:
        raise RuntimeError("no CSRF cookie")
    send_headers = {**headers, "Cookie": cookie}
    body = multipart(page.hidden)
    request = urllib.request.Request(url, data=body, headers={
        **send_headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        sent = _parse(response.read().decode())
    if len(sent.code) != 20:
        raise RuntimeError("sending the report did not show a receipt code")
    return send_headers, page.hidden, sent.code


def multipart(hidden: list[tuple[str, str]], *, key: str = "", code: str = "") -> bytes:
    """The final POST as a browser sends the review page's form: its hidden
    fields, the empty file input, and the "send" button. `key` and `code`, when
    given, replace the idempotency key and the receipt code."""
    parts = []
    for name, value in hidden:
        if name == "key" and key:
            value = key
        elif name == "code" and code:
            value = code
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n\r\n")
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="send"\r\n\r\n1\r\n')
    parts.append(f"--{BOUNDARY}--\r\n")
    return "".join(parts).encode()


def _lua_string(data: bytes) -> str:
    """A Lua string literal holding exactly these bytes (CR LF included)."""
    safe = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:;=/@,'()")
    return '"' + "".join(chr(b) if b in safe else f"\\{b:03d}" for b in data) + '"'


def send_script(headers: dict[str, str], hidden: list[tuple[str, str]], nonce: int) -> str:
    """Lua for wrk: each request is the final POST with a key and a code of its
    own; each answer showing a receipt code counts as acknowledged, and its code
    is kept."""
    template = multipart(hidden, key=KEY_MARK, code=CODE_MARK)
    all_headers = {**headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    lua_headers = ", ".join(f"[{_lua_string(k.encode())}] = {_lua_string(v.encode())}"
                            for k, v in all_headers.items())
    return f"""
counters = {{"acked", "unacked"}}
collect = {{"codes"}}
threads = {{}}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

local template = {_lua_string(template)}
local headers = {{{lua_headers}}}
local nonce = {nonce}
local sent = 0
acked = 0
unacked = 0
codes = {{}}

request = function()
  sent = sent + 1
  -- Unique within the run: 32 hex digits and 20 decimal digits.
  local key = string.format("%010x%02d%020d", nonce, id, sent)
  local digits = string.format("%06d%02d%012d", nonce % 1000000, id, sent)
  local code = digits:sub(1, 5) .. "-" .. digits:sub(6, 10) .. "-" .. digits:sub(11, 15) .. "-" .. digits:sub(16, 20)
  local body = template:gsub("{KEY_MARK}", key):gsub("{CODE_MARK}", code)
  return wrk.format("POST", "{REPORT_PATH}", headers, body)
end

response = function(status, headers, body)
  local shown = status == 200 and body:match('id="receipt%-code"[^>]*>(.-)</p>')
  if shown then
    acked = acked + 1
    table.insert(codes, (shown:gsub("%D", "")))
  else
    unacked = unacked + 1
  end
end
"""


def check_codes(codes: list[str], env: dict[str, str]) -> tuple[int, int]:
    """(report rows in the database, how many of `codes` match a report)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(codes))
    try:
        out = harness.manage("shell", "-c", _CHECK, env={**env, "BENCH_CODES_FILE": listing.name})
    finally:
        os.unlink(listing.name)
    data = _last_json(out)
    return int(data["reports"]), int(data["found"])


def _last_json(out: str) -> Any:
    """The JSON a `manage.py shell -c` script printed last (the shell may print
    other lines before it)."""
    return json.loads(out.strip().splitlines()[-1])


def server_env(var_dir: Path) -> dict[str, str]:
    """A production-like configuration: no debug, its own secrets and state."""
    env = os.environ.copy()
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        raise RuntimeError("DATABASE_URL must point at PostgreSQL (`make bench` starts one)")
    # The receipt-code hash is measured at the cost in settings, whatever the shell says.
    for name in ("RECEIPT_ARGON2_TIME_COST", "RECEIPT_ARGON2_MEMORY_KIB"):
        env.pop(name, None)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        RECEIPT_PEPPER=secrets.token_hex(32),
        ALLOWED_HOSTS="127.0.0.1",
        SENTINELLE_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
        # Every request comes from 127.0.0.1: the per-client limit on reports
        # (20 an hour) would answer 429 after the twentieth.
        REPORTS_PER_HOUR="1000000000",
    )
    return env


def _percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def _load(url: str, seconds: int, script: str = "") -> LoadResult:
    return harness.wrk(url, seconds=seconds, connections=CONNECTIONS, threads=THREADS, script=script)


def run() -> list[Figure]:
    var_dir = Path(tempfile.mkdtemp(prefix="sentinelle-bench-"))
    try:
        env = server_env(var_dir)
        harness.manage("migrate", "--noinput", env=env)
        harness.manage("createcachetable", env=env)
        debug, time_cost, memory_kib, conn_max_age = _last_json(harness.manage("shell", "-c", _CONFIG, env=env))
        print(f"  DEBUG={debug}, receipt hash Argon2id t={time_cost} m={memory_kib} KiB, "
              f"DATABASE_CONN_MAX_AGE={conn_max_age}; gunicorn {WORKERS} workers, "
              f"wrk {THREADS} threads x {CONNECTIONS} connections, {SECONDS} s per run", flush=True)
        with harness.gunicorn(workers=WORKERS, env=env) as base:
            headers, hidden, _code = walk_form(base)
            _load(base + "/healthz", WARM_UP_SECONDS)
            trivial = _load(base + "/healthz", SECONDS)

            nonce = secrets.randbelow(10**6 - 1)  # the warm-up's; the measured run's is the next
            _load(base + REPORT_PATH, WARM_UP_SECONDS, send_script(headers, hidden, nonce))
            rows_before, _ = check_codes([], env)
            cpu_before = _cpu(base)
            intake = _load(base + REPORT_PATH, SECONDS, send_script(headers, hidden, nonce + 1))
            cpu = _cpu_used(cpu_before, _cpu(base))
        codes = intake.lists.get("codes", [])
        rows_after, found = check_codes(codes, env)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return figures(trivial, intake, codes, found, rows_after - rows_before, cpu)


@dataclass(frozen=True)
class Cpu:
    """CPU seconds the app server's workers and PostgreSQL used during the measured
    run (None when unknown), and the machine's load average at its end."""

    server: float | None
    database: float | None
    load: float


def _cpu(base: str) -> tuple[float, float | None]:
    return harness.server_cpu_seconds(base), harness.postgres_cpu_seconds()


def _cpu_used(before: tuple[float, float | None], after: tuple[float, float | None]) -> Cpu:
    database = after[1] - before[1] if after[1] is not None and before[1] is not None else None
    return Cpu(after[0] - before[0], database, os.getloadavg()[0])


def figures(trivial: LoadResult, intake: LoadResult, codes: list[str], found: int, new_rows: int,
            cpu: Cpu | None = None) -> list[Figure]:
    acked = int(intake.extra.get("acked", 0))
    unacked = int(intake.extra.get("unacked", 0))
    submissions = acked / intake.seconds if intake.seconds else 0.0
    ratio = _percent(submissions, trivial.per_second)
    errors = intake.errors + unacked + trivial.errors + trivial.non_2xx
    missing = len(codes) - found
    return [
        Figure("trivial view (/healthz)", trivial.per_second, "req/s"),
        Figure("intake: reports sent", submissions, "req/s", f">= {TARGET_REPORTS_PER_SECOND:.0f}",
               submissions >= TARGET_REPORTS_PER_SECOND),
        Figure("intake: p50 latency", intake.p50_ms, "ms"),
        Figure(f"intake: p95 latency ({CONNECTIONS} clients)", intake.p95_ms, "ms", f"< {TARGET_P95_MS:.0f}",
               0 < intake.p95_ms < TARGET_P95_MS),
        Figure("intake: p99 latency", intake.p99_ms, "ms"),
        # Information only: the Argon2id check of the receipt code is deliberately slow.
        Figure("intake: reports / trivial view", ratio, "%"),
        # Socket errors, HTTP errors, and answers without a receipt code (the form
        # shown again), on either path.
        Figure("intake: errors", errors, "count", "0", errors == 0),
        Figure("intake: acknowledged, not in database", missing, "count", "0",
               missing == 0 and len(codes) == acked and acked > 0),
        # Reports filed but never acknowledged (requests cut off when wrk stopped).
        Figure("intake: in database, not acknowledged", max(new_rows - found, 0), "count"),
        *_cpu_figures(cpu, intake.requests),
    ]


def _cpu_figures(cpu: Cpu | None, requests: int) -> list[Figure]:
    """Information: the CPU one report costs the app server and the database (30
    reports a second on 2 cores leave about 66 ms for both), which a busy machine
    does not change much, unlike the rate and the latency; and how busy it was."""
    if cpu is None or not requests:
        return []
    rows = [Figure("intake: load average (1 min) at the end", cpu.load, "")]
    if cpu.server is not None:
        rows.append(Figure("intake: app server CPU per report", 1000 * cpu.server / requests, "ms"))
    if cpu.database is not None:
        rows.append(Figure("intake: PostgreSQL CPU per report", 1000 * cpu.database / requests, "ms"))
    return rows


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    harness.print_table(run())
