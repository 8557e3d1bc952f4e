"""Proactive inspections over the national register, on SQLite (and on the
PostgreSQL of DATABASE_URL when BENCH_INSPECTIONS_DATABASES names it: the
database must be empty, not the one bench_cases.py has just filled).

A national register of 50,000 employers (with their history at a reduced scale:
BENCH_INSPECTIONS_CASES cases over ten years, 30,000 by default, with their
reports, decisions and inspections, built by the demo's generator), then the
register's figures of every employer (`demo.inspections`). Measured:

- scoring the whole register (`employer_risk.score_employers`);
- drawing a national plan over it (`selection.draw_inspections`): 150
  inspections in each sector with a risk weight, 20 in every other, 20 % at
  random; target under 5 s;
- the dashboard's figures of proactive inspections computed cold
  (`estimates.compute`, the part of a first dashboard view they add), and what
  the panel adds to a view once they are kept (cache read and rendering, CPU);
- the national dashboard with those figures, as the national analyst, through
  gunicorn and wrk (2 connections): p95 target under 300 ms, as in
  bench_cases.py.

Wall-clock figures depend on what else the machine runs: the load average
during the draw and the CPU time of the scoring and the draw are printed too."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import bench_cases
import harness
from harness import Figure

EMPLOYERS = 50_000
TARGET_DRAW_SECONDS = 5.0
TARGET_DASHBOARD_P95_MS = 300.0

_BUILD = """
import json
from sentinelle.demo import base, scale
from sentinelle.demo.inspections import _register_figures
from django.utils import timezone
base.create_demo_staff()
result = scale.build(scale.Scale(employers=%(employers)d, reports=%(reports)d, cases=%(cases)d, activities=%(activities)d),
                     seed=2026)
given = _register_figures(timezone.localdate())
print(json.dumps({"employers": result.employers, "cases": result.cases, "figures": given}))
"""

_MEASURE = """
import json
import os
import time
from django.db import connection, transaction
from django.utils import timezone
from sentinelle.accounts.models import User
from sentinelle.cases.models import Employer, Sector
from sentinelle.workload import employer_risk, estimates
from sentinelle.workload.models import InspectionPlan, PlanQuota, SectorWeight
from sentinelle.workload.selection import draw_inspections, eligible_register

analyst = User.objects.filter(roles__code="national_analyst").order_by("pk").first()
started, cpu = time.monotonic(), time.process_time()
scored = employer_risk.score_employers(Employer.objects.filter(merged_into__isnull=True))
scoring, scoring_cpu = time.monotonic() - started, time.process_time() - cpu
weights = dict(SectorWeight.objects.values_list("sector_id", "weight"))
year = 1990
with transaction.atomic():
    plan = InspectionPlan.objects.create(fiscal_year=year, region=None, created_by=analyst)
    for sector in Sector.objects.all():
        PlanQuota.objects.create(plan=plan, sector=sector, inspections=150 if weights.get(sector.pk) else 20)
eligible = eligible_register(plan).count()
started, cpu = time.monotonic(), time.process_time()
drawn = draw_inspections(plan, actor=analyst)
drawing, drawing_cpu = time.monotonic() - started, time.process_time() - cpu
today = timezone.localdate()
fy = today.year if today.month >= 4 else today.year - 1
import datetime
started = time.monotonic()
estimates.compute(fiscal_year=fy, start=datetime.date(fy, 4, 1), end=today)
computing = time.monotonic() - started
# What the inspection panel adds to a dashboard view once its figures are kept: reading them
# from the shared cache and rendering the panel (CPU time, the mean of 50).
from django.template.loader import render_to_string
from sentinelle.dashboard.periods import Period
period = Period.of(fy)
estimates.dashboard_figures(fiscal_year=fy, start=period.start, end=period.end)
cpu = time.process_time()
for _ in range(50):
    figures = estimates.dashboard_figures(fiscal_year=fy, start=period.start, end=period.end)
    render_to_string("workload/includes/dashboard_inspections.html", {"inspections": figures, "period": period})
panel = (time.process_time() - cpu) / 50
print(json.dumps({"scored": len(scored), "scoring": scoring, "scoring_cpu": scoring_cpu, "eligible": eligible,
                  "selected": len(drawn), "drawing": drawing, "drawing_cpu": drawing_cpu, "estimates": computing,
                  "panel": panel, "load": os.getloadavg()[0]}))
"""


def measure(label: str, database_url: str) -> list[Figure]:
    var_dir = Path(tempfile.mkdtemp(prefix="sentinelle-bench-inspections-"))
    figures: list[Figure] = []
    cases = int(os.environ.get("BENCH_INSPECTIONS_CASES", "30000"))
    try:
        if database_url.startswith("sqlite"):
            database_url = f"sqlite:///{var_dir / 'sentinelle.sqlite3'}"
        env = bench_cases.server_env(var_dir, database_url)
        harness.manage("migrate", "--noinput", env=env)
        harness.manage("createcachetable", env=env)
        built = bench_cases._last_json(harness.manage("shell", "-c", _BUILD % {
            "employers": EMPLOYERS, "reports": 2 * cases, "cases": cases, "activities": 8 * 50}, env=env))
        print(f"  {label}: {built['employers']} employers, {built['cases']} cases", flush=True)
        got: dict[str, Any] = bench_cases._last_json(harness.manage("shell", "-c", _MEASURE, env=env))
        print(f"  {label}: {got['eligible']} eligible employers, {got['selected']} selected", flush=True)
        figures += [
            Figure(f"{label}: load average of the machine during the draw", got["load"], ""),
            Figure(f"{label}: risk score of {got['scored']} employers", got["scoring"], "s"),
            Figure(f"{label}: risk score of {got['scored']} employers, CPU", got["scoring_cpu"], "s"),
            Figure(f"{label}: drawing a national plan ({got['selected']} of {got['eligible']})", got["drawing"],
                   "s", f"< {TARGET_DRAW_SECONDS:.0f} s", got["drawing"] < TARGET_DRAW_SECONDS),
            Figure(f"{label}: drawing a national plan, CPU", got["drawing_cpu"], "s",
                   f"< {TARGET_DRAW_SECONDS:.0f} s", got["drawing_cpu"] < TARGET_DRAW_SECONDS),
            Figure(f"{label}: dashboard's inspection figures, computed", got["estimates"] * 1000, "ms"),
            Figure(f"{label}: inspection panel of a dashboard view (kept figures), CPU", got["panel"] * 1000, "ms"),
        ]
        accounts = json.loads((var_dir / "demo_accounts.json").read_text())
        analyst = next(a for a in accounts if a["role"] == "national_analyst")
        with harness.gunicorn(workers=bench_cases.WORKERS, env=env) as base:
            cookie = bench_cases.sign_in(base, analyst["email"], analyst["password"], analyst["totp_secret"])
            figures += bench_cases._page(f"{label}: national dashboard with inspection figures",
                                         base + bench_cases.DASHBOARD, cookie, "section-inspections",
                                         TARGET_DASHBOARD_P95_MS)
            figures += bench_cases._computed_dashboard(f"{label}: national dashboard, figures computed", base,
                                                       cookie)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return figures


def run() -> list[Figure]:
    wanted = os.environ.get("BENCH_INSPECTIONS_DATABASES", "sqlite").split(",")
    figures = measure("inspections SQLite", "sqlite") if "sqlite" in wanted else []
    postgres = os.environ.get("DATABASE_URL", "")
    if "postgresql" in wanted and postgres.startswith("postgres"):
        figures += measure("inspections PostgreSQL", postgres)
    return figures


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    harness.print_table(run())
