"""Case management at national scale, on PostgreSQL and on SQLite.

For each database: `manage.py seed_demo --scale national` (timed: the national
dataset is 50,000 employers, 500,000 reports, 200,000 cases and 2,000,000
activities), then a real server (gunicorn) and an investigator signed in through
the real pages (password, then the TOTP code of the demo account). wrk then asks,
for a bounded time, each of:

- the investigator's case list, /en/staff/cases/ (the demo investigator whose
  caseload is nearest 40 open cases);
- a case page with 50 activities, /en/staff/cases/<reference>/ (a case of the
  investigator's region, found by counting its activities);
- an employer-name search, /en/staff/employers/?q=erabl (a part of a common word
  of the generated names, without its accent: it must find "Érablière");
- "my tasks", /en/staff/tasks/, as the investigator (their tasks and document
  requests across their cases) and as the team lead (theirs and the team's overdue);
- as the team lead of that region: the triage queue, the escalation board and the
  work queue; as the national analyst: the national dashboard for all of Canada
  (its target is 300 ms, the others' 150 ms).

Then the resident memory of the largest web worker, after all those requests, and
the time `manage.py run_forecast` takes to forecast every region on the dataset.

Two connections (two people clicking at once) on two gunicorn workers: this is
the latency a user sees, not a throughput test. A page that does not answer 200
is reported with its HTTP status, and nothing is measured on it.

BENCH_SCALE (default "national") sets the scale (`small`, or a factor such as
0.1); BENCH_CASES_DATABASES ("postgresql,sqlite" by default) the databases.
BENCH_CASES_SQLITE_DIR names a var directory already seeded (its
sentinelle.sqlite3 and demo_accounts.json): SQLite is then measured on it, without
seeding again."""

from __future__ import annotations

import http.cookiejar
import json
import math
import os
import resource
import secrets
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import harness
from harness import Figure, LoadResult

SECONDS = 15
MAX_SECONDS = 90
WARM_UP_SECONDS = 3
CONNECTIONS = 2
THREADS = 2
WORKERS = 2
TARGET_P95_MS = 150.0
TARGET_DASHBOARD_P95_MS = 300.0
TARGET_STATISTICS_P95_MS = 300.0
# The public statistics page (no sign-in; its figures kept like the dashboard's).
STATISTICS = "/en/statistics/"
TARGET_FORECAST_SECONDS = 60.0
TARGET_WORKER_RSS_MIB = 200.0
MIN_REQUESTS = 200
TARGET_SEED_SECONDS = 600.0
CASELOAD = 40
SEARCH = "erabl"
# The national dashboard for all of Canada, current fiscal year (its default).
DASHBOARD = "/en/staff/dashboard/"

# The demo investigator nearest a caseload of 40, a case of their region with 50
# activities, and how many employers of the region the search finds.
_PICK = """
import json
import math
from django.db.models import Count
from sentinelle.accounts.models import User
from sentinelle.cases.models import Activity, Case, Employer
from sentinelle.demo import base
emails = [a.email for a in base.load_demo_accounts() if a.role == "investigator"]
users = {u.email: u for u in User.objects.filter(email__in=emails)}
loads = {e: Case.objects.open().filter(assigned_to=u).count() for e, u in users.items()}
found = {e: Employer.objects.filter(region_id=u.region_id).search("%(search)s").count() for e, u in users.items()}
# Where the search finds employers, the caseload nearest 40.
email = min(loads, key=lambda e: (found[e] == 0, abs(loads[e] - %(caseload)d), e))
user = users[email]
case = (Case.objects.filter(region_id=user.region_id).annotate(n=Count("activities")).filter(n=50)
        .order_by("-opened_at").first())
print(json.dumps({"email": email, "open_cases": loads[email], "region": user.region.code, "case": case.reference if case else None,
                  "matches": found[email],
                  "cases": Case.objects.count(), "activities": Activity.objects.count()}))
"""

_CONFIG = """
import json
import math
from django.conf import settings as s
print(json.dumps([s.DEBUG, s.DATABASES["default"]["CONN_MAX_AGE"], s.SESSION_SAVE_EVERY_REQUEST]))
"""


def _last_json(out: str) -> Any:
    return json.loads(out.strip().splitlines()[-1])


def server_env(var_dir: Path, database_url: str) -> dict[str, str]:
    """A production-like configuration: no debug, its own secrets, state and database."""
    env = os.environ.copy()
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        RECEIPT_PEPPER=secrets.token_hex(32),
        ALLOWED_HOSTS="127.0.0.1",
        SENTINELLE_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self.csrf = a.get("value", "")


def sign_in(base: str, email: str, password: str, totp_secret: str) -> str:
    """Sign in through the real pages; returns the Cookie header of the session."""
    import pyotp

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict[str, str]) -> str:
        url = base + path
        with opener.open(url, timeout=30) as response:
            form = _Form()
            form.feed(response.read().decode())
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": form.csrf, **fields}).encode()
        request = urllib.request.Request(url, data=data, headers={"Origin": base, "Referer": url})
        with opener.open(request, timeout=30) as response:
            return str(response.geturl())

    post("/en/accounts/login/", {"login": email, "password": password})
    landed = post("/en/accounts/2fa/authenticate/", {"code": pyotp.TOTP(totp_secret).now()})
    if "/accounts/" in urllib.parse.urlsplit(landed).path:
        raise RuntimeError(f"the sign-in of {email} did not go through (ended at {landed})")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def status_of(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return int(response.status), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return int(error.code), ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _script(cookie: str) -> str:
    return f"""
wrk.headers["Cookie"] = "{cookie}"
counters = {{"s2xx", "s3xx", "s4xx", "s5xx"}}
threads = {{}}
function setup(thread) table.insert(threads, thread) end
s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
response = function(status, headers, body)
  if status < 300 then s2xx = s2xx + 1 elseif status < 400 then s3xx = s3xx + 1
  elseif status < 500 then s4xx = s4xx + 1 else s5xx = s5xx + 1 end
end
"""


def _load(url: str, seconds: int, cookie: str) -> LoadResult:
    return harness.wrk(url, seconds=seconds, connections=CONNECTIONS, threads=THREADS, script=_script(cookie))


def measure(label: str, database_url: str, scale: str, prebuilt: Path | None = None) -> list[Figure]:
    """Seed a new database at `scale` and measure the pages on it; or, with
    `prebuilt` (a var directory holding sentinelle.sqlite3 and demo_accounts.json
    from an earlier `seed_demo --scale`), measure on that database as it is."""
    var_dir = prebuilt or Path(tempfile.mkdtemp(prefix="sentinelle-bench-cases-"))
    figures: list[Figure] = []
    try:
        if database_url.startswith("sqlite"):
            database_url = f"sqlite:///{var_dir / 'sentinelle.sqlite3'}"
        env = server_env(var_dir, database_url)
        harness.manage("migrate", "--noinput", env=env)
        harness.manage("createcachetable", env=env)
        debug, conn_max_age, save_every = _last_json(harness.manage("shell", "-c", _CONFIG, env=env))
        seeded = 0.0
        if prebuilt is None:
            started = time.monotonic()
            out = harness.manage("seed_demo", "--scale", scale, "--reports", "0", env=env)
            seeded = time.monotonic() - started
            cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
            print("".join(f"    {line}\n" for line in out.splitlines() if " in " in line), end="", flush=True)
            print(f"    seed_demo: {seeded:.0f} s wall, {cpu.ru_utime + cpu.ru_stime:.0f} s CPU of this "
                  "process's children so far", flush=True)
            target = TARGET_SEED_SECONDS if scale == "national" else None
            figures.append(Figure(f"{label}: seed_demo --scale {scale}", seeded, "s",
                                  f"< {TARGET_SEED_SECONDS:.0f} s" if target else "",
                                  (seeded < target) if target else None))
        pick = _last_json(harness.manage("shell", "-c", _PICK % {"caseload": CASELOAD, "search": SEARCH}, env=env))
        print(f"  {label}: DEBUG={debug}, DATABASE_CONN_MAX_AGE={conn_max_age}, session saved every request="
              f"{save_every}; {pick['cases']} cases, {pick['activities']} activities; seeded in {seeded:.0f} s; "
              f"{pick['email']} has {pick['open_cases']} open cases; case {pick['case']} has 50 activities; "
              f"'{SEARCH}' matches {pick['matches']} employers of the region", flush=True)
        account = next(a for a in json.loads((var_dir / "demo_accounts.json").read_text())
                       if a["email"] == pick["email"])
        accounts = json.loads((var_dir / "demo_accounts.json").read_text())
        lead = next(a for a in accounts if a["role"] == "team_lead" and a["region"] == pick["region"])
        analyst = next(a for a in accounts if a["role"] == "national_analyst")
        # (who, page, path, text the page must show, p95 target)
        pages = [
            (account, "case list", "/en/staff/cases/", "", TARGET_P95_MS),
            (account, "case page, 50 activities", f"/en/staff/cases/{pick['case']}/", pick["case"] or "",
             TARGET_P95_MS),
            (account, "employer search", f"/en/staff/employers/?q={SEARCH}", "", TARGET_P95_MS),
            (lead, "triage queue (team lead)", "/en/staff/reports/", "", TARGET_P95_MS),
            (lead, "escalation board (team lead)", "/en/staff/reports/escalations/", "", TARGET_P95_MS),
            (lead, "work queue (team lead)", "/en/staff/workload/", "", TARGET_P95_MS),
            (account, "my tasks (investigator)", "/en/staff/tasks/", "", TARGET_P95_MS),
            (lead, "my tasks and the team's overdue (team lead)", "/en/staff/tasks/", "", TARGET_P95_MS),
            (analyst, "national dashboard, all of Canada", DASHBOARD, "", TARGET_DASHBOARD_P95_MS),
            (analyst, "public statistics", STATISTICS, "", TARGET_STATISTICS_P95_MS),
        ]
        with harness.gunicorn(workers=WORKERS, env=env) as base:
            cookies = {}
            for who, name, path, must_show, target in pages:
                if who["email"] not in cookies:
                    cookies[who["email"]] = sign_in(base, who["email"], who["password"], who["totp_secret"])
                figures.extend(_page(f"{label}: {name}", base + path, cookies[who["email"]], must_show, target))
            figures.extend(_computed_dashboard(f"{label}: national dashboard, figures computed", base,
                                               cookies[analyst["email"]]))
            figures.extend(_computed_statistics(f"{label}: public statistics, figures computed", base, env))
            # Every page above has been asked hundreds of times: well over 1,000
            # mixed requests per worker.
            rss = harness.worker_rss_mib(base)
            figures.append(Figure(f"{label}: web worker resident memory (largest of {len(rss)})", max(rss),
                                  "MiB", f"<= {TARGET_WORKER_RSS_MIB:.0f} MiB", max(rss) <= TARGET_WORKER_RSS_MIB))
        started = time.monotonic()
        harness.manage("run_forecast", env=env)
        took = time.monotonic() - started
        figures.append(Figure(f"{label}: forecast, all regions (run_forecast)", took, "s",
                              f"< {TARGET_FORECAST_SECONDS:.0f} s", took < TARGET_FORECAST_SECONDS))
    finally:
        if prebuilt is None:
            shutil.rmtree(var_dir, ignore_errors=True)
    return figures


def _page(name: str, url: str, cookie: str, must_show: str, target_ms: float = TARGET_P95_MS) -> list[Figure]:
    status, body = status_of(url, cookie)
    if status != 200 or (must_show and must_show not in body):
        why = f"HTTP {status}" if status != 200 else f"200 without {must_show}"
        print(f"  {name}: {url} answered {why}; not measured", flush=True)
        return [Figure(f"{name}: HTTP status", status, "", "200", False)]
    warm = _load(url, WARM_UP_SECONDS, cookie)
    # Long enough for MIN_REQUESTS at the warm-up's pace, with a margin (at most MAX_SECONDS).
    seconds = SECONDS if warm.per_second * SECONDS >= 1.5 * MIN_REQUESTS else min(
        MAX_SECONDS, math.ceil(1.5 * MIN_REQUESTS / max(warm.per_second, 0.1)))
    result = _load(url, seconds, cookie)
    errors = result.errors + int(sum(v for k, v in result.extra.items() if k != "s2xx"))
    return [
        Figure(f"{name}: p50", result.p50_ms, "ms"),
        Figure(f"{name}: p95", result.p95_ms, "ms", f"< {target_ms:.0f} ms", result.p95_ms < target_ms),
        Figure(f"{name}: requests", result.requests, "count", f">= {MIN_REQUESTS}", result.requests >= MIN_REQUESTS),
        Figure(f"{name}: errors", errors, "count", "0", errors == 0),
    ]


def _computed_dashboard(name: str, base: str, cookie: str) -> list[Figure]:
    """The dashboard keeps each combination's figures for 10 minutes; the first
    view of a combination computes them. Measured here: one view of each earlier
    fiscal year (nine cold combinations, one at a time)."""
    today = time.localtime()
    current = today.tm_year if today.tm_mon >= 4 else today.tm_year - 1
    took = []
    for year in range(current - 9, current):
        started = time.monotonic()
        status, _body = status_of(f"{base}{DASHBOARD}?fiscal_year={year}", cookie)
        took.append((time.monotonic() - started) * 1000)
        if status != 200:
            return [Figure(f"{name}: HTTP status", status, "", "200", False)]
    took.sort()
    return [
        Figure(f"{name}: median of {len(took)} first views", took[len(took) // 2], "ms"),
        Figure(f"{name}: slowest first view", took[-1], "ms", f"< {TARGET_DASHBOARD_P95_MS:.0f} ms",
               took[-1] < TARGET_DASHBOARD_P95_MS),
    ]


def _computed_statistics(name: str, base: str, env: dict[str, str]) -> list[Figure]:
    """The public statistics are counted once for every language and kept; the
    first view after the kept counts expire counts them again. Measured: three
    such views, in French, Spanish and Tagalog, the kept figures cleared before
    each (every view counts)."""
    took = []
    for language in ("fr", "es", "tl"):
        harness.manage("shell", "-c", "from django.core.cache import cache; cache.clear()", env=env)
        started = time.monotonic()
        status, _body = status_of(f"{base}/{language}/statistics/", "")
        took.append((time.monotonic() - started) * 1000)
        if status != 200:
            return [Figure(f"{name}: HTTP status", status, "", "200", False)]
    took.sort()
    return [
        Figure(f"{name}: slowest of {len(took)} first views", took[-1], "ms", f"< {TARGET_STATISTICS_P95_MS:.0f} ms",
               took[-1] < TARGET_STATISTICS_P95_MS),
    ]


def run() -> list[Figure]:
    scale = os.environ.get("BENCH_SCALE", "national")
    wanted = os.environ.get("BENCH_CASES_DATABASES", "postgresql,sqlite").split(",")
    figures: list[Figure] = []
    postgres = os.environ.get("DATABASE_URL", "")
    for database in wanted:
        if database == "postgresql":
            if not postgres.startswith("postgres"):
                print("  PostgreSQL skipped: DATABASE_URL does not point at PostgreSQL (`make bench` starts one)")
                continue
            figures.extend(measure("cases PostgreSQL", postgres, scale))
        elif database == "sqlite":
            prebuilt = os.environ.get("BENCH_CASES_SQLITE_DIR")
            figures.extend(measure("cases SQLite", "sqlite", scale, Path(prebuilt) if prebuilt else None))
    return figures


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    harness.print_table(run())
