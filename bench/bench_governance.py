"""The quarterly report to governance at national scale, made by the task worker.

On a database seeded with `manage.py seed_demo --scale national` (BENCH_SCALE,
as in bench_cases.py; BENCH_GOVERNANCE_SQLITE_DIR names a var directory already
seeded, as BENCH_CASES_SQLITE_DIR does), a report of the last full quarter is
drafted, reviewed and approved by three managers through the services; approving
it queues `governance.tasks.make_report_pdfs`. A real task worker
(`manage.py db_worker --batch`) then makes its two PDFs, French and English, from
the national figures, the action plan, the survey trend and the service standards.

Measured: the task's own time (started to finished, as the worker records it),
target under 10 s; the worker process's CPU time (its start-up included), since
the machine may be loaded; the load average during the run; the size of the PDFs.
BENCH_GOVERNANCE_DATABASES ("sqlite" by default; "postgresql" uses the
DATABASE_URL of `make bench`, which must then be an empty database) chooses the
databases."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_cases
import harness
from harness import Figure

TARGET_SECONDS = 10.0
ROOT = Path(__file__).resolve().parent.parent

_APPROVE = """
import json
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from sentinelle.accounts.models import Region, Role, User
from sentinelle.dashboard.periods import fiscal_year_of, quarter_of
from sentinelle.governance import services
from sentinelle.governance.models import QuarterlyReport

# Three different managers: author, reviewer, approver.
managers = list(User.objects.filter(roles__code="manager", is_active=True).distinct().order_by("pk")[:3])
role = Role.objects.get(code="manager")
while len(managers) < 3:
    user = User.objects.create_user(email=f"bench-manager-{len(managers)}@example.org", password=None,
                                    full_name=f"Bench manager {len(managers)}",
                                    region=Region.objects.get(code="HQ"))
    user.roles.add(role)
    managers.append(user)
today = timezone.localdate()
year, quarter = fiscal_year_of(today), quarter_of(today)
while QuarterlyReport.objects.filter(fiscal_year=year, quarter=quarter).exists() or (year, quarter) == (
        fiscal_year_of(today), quarter_of(today)):
    year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
# Nothing else waits in the queue: the worker makes this report only.
DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).delete()
author, reviewer, approver = managers
report = services.start_report(year, quarter, actor=author)
services.save_narrative(report, {"highlights_en": "National scale.", "highlights_fr": "Échelle nationale."},
                        actor=author, expected_version=None)
services.review_report(report, actor=reviewer, expected_version=None)
with transaction.atomic():
    services.approve_report(QuarterlyReport.objects.get(pk=report.pk), actor=approver, expected_version=None)
print(json.dumps({"report": report.pk, "quarter": str(report), "queued": DBTaskResult.objects.filter(
    task_path="sentinelle.governance.tasks.make_report_pdfs", status="READY").count()}))
"""

_RESULT = """
import json
from django_tasks_db.models import DBTaskResult
from sentinelle.governance.models import QuarterlyReport
from sentinelle.cases.models import Case
report = QuarterlyReport.objects.get(pk=%(report)d)
task = DBTaskResult.objects.filter(task_path="sentinelle.governance.tasks.make_report_pdfs").order_by(
    "-enqueued_at").first()
print(json.dumps({"status": report.pdf_status, "task": task.status,
                  "seconds": (task.finished_at - task.started_at).total_seconds() if task.finished_at else None,
                  "sizes": {d.language: len(d.pdf) for d in report.documents.all()},
                  "cases": Case.objects.count()}))
"""


def measure(label: str, database_url: str, scale: str, prebuilt: Path | None = None) -> list[Figure]:
    var_dir = prebuilt or Path(tempfile.mkdtemp(prefix="sentinelle-bench-governance-"))
    figures: list[Figure] = []
    try:
        if database_url.startswith("sqlite"):
            database_url = f"sqlite:///{var_dir / 'sentinelle.sqlite3'}"
        env = bench_cases.server_env(var_dir, database_url)
        harness.manage("migrate", "--noinput", env=env)
        harness.manage("createcachetable", env=env)
        if prebuilt is None:
            started = time.monotonic()
            harness.manage("seed_demo", "--scale", scale, "--reports", "0", env=env)
            print(f"  {label}: seeded at scale {scale} in {time.monotonic() - started:.0f} s", flush=True)
        approved = bench_cases._last_json(harness.manage("shell", "-c", _APPROVE, env=env))
        print(f"  {label}: report {approved['quarter']} approved, {approved['queued']} task queued", flush=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        subprocess.run([sys.executable, "manage.py", "db_worker", "--batch",
                        "--no-startup-delay", "--no-reload", "--queue-name", "*"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        got = bench_cases._last_json(harness.manage("shell", "-c", _RESULT % {"report": approved["report"]}, env=env))
        print(f"  {label}: {got['cases']} cases; PDFs {got['status']}, task {got['task']}; sizes {got['sizes']}",
              flush=True)
        if got["seconds"] is None or got["status"] != "done":
            return [Figure(f"{label}: quarterly report PDFs made", 0, "", "done", False)]
        figures += [
            Figure(f"{label}: load average of the machine during the worker's run", load, ""),
            Figure(f"{label}: quarterly report PDFs (fr, en) in the task worker", got["seconds"], "s",
                   f"< {TARGET_SECONDS:.0f} s", got["seconds"] < TARGET_SECONDS),
            Figure(f"{label}: task worker process, start to exit (start-up included)", wall, "s"),
            Figure(f"{label}: task worker process, CPU (start-up included)", cpu, "s",
                   f"< {TARGET_SECONDS:.0f} s", cpu < TARGET_SECONDS),
            Figure(f"{label}: size of the two PDFs", sum(got["sizes"].values()) / 1024, "KiB"),
        ]
    finally:
        if prebuilt is None:
            shutil.rmtree(var_dir, ignore_errors=True)
    return figures


def run() -> list[Figure]:
    scale = os.environ.get("BENCH_SCALE", "national")
    wanted = os.environ.get("BENCH_GOVERNANCE_DATABASES", "sqlite").split(",")
    figures: list[Figure] = []
    if "sqlite" in wanted:
        prebuilt = os.environ.get("BENCH_GOVERNANCE_SQLITE_DIR")
        figures += measure("governance SQLite", "sqlite", scale, Path(prebuilt) if prebuilt else None)
    postgres = os.environ.get("DATABASE_URL", "")
    if "postgresql" in wanted and postgres.startswith("postgres"):
        figures += measure("governance PostgreSQL", postgres, scale)
    return figures


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    harness.print_table(run())
