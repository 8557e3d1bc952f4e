"""A forecast run on the database: counts, stored series, the page, the task."""

from __future__ import annotations

import datetime
import itertools
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import Client

from sentinelle.accounts.models import Region
from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import Case, CaseStatus
from sentinelle.forecast import compute, quarters, services
from sentinelle.forecast.models import ForecastPoint, ForecastRun, ForecastSeries, Measure, RunStatus
from sentinelle.intake.models import Report
from sentinelle.test import at_once, create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 15)  # the last complete quarter is 2025-26 Q4
LAST = quarters.index_of(2025, 4)
ZONE = zoneinfo.ZoneInfo("America/Toronto")
_n = itertools.count(1)


def day_in(quarter: int, k: int) -> datetime.date:
    first = quarters.first_day(quarter)
    return first + datetime.timedelta(days=(k * 7) % 85)


def add_reports(region_code: str, quarter: int, count: int) -> None:
    region = Region.objects.get(code=region_code)
    reports = []
    for k in range(count):
        n = next(_n)
        reports.append(Report(
            reference=f"R-T-{n:08d}", idempotency_key=f"k{n}", receipt_lookup=f"l{n}", receipt_verifier="v",
            employer_name="Ferme X", description="Unpaid hours.", region=region,
            submitted_on=day_in(quarter, k),
        ))
    Report.objects.bulk_create(reports)


def add_cases(region_code: str, quarter: int, opened: int, closed_in: int | None = None) -> None:
    employer = create_employer(region_code)
    cases = []
    for k in range(opened):
        n = next(_n)
        opened_at = datetime.datetime.combine(day_in(quarter, k), datetime.time(12), ZONE)
        closed_at = (datetime.datetime.combine(day_in(closed_in, k), datetime.time(12), ZONE)
                     if closed_in is not None else None)
        cases.append(Case(
            reference=f"C-T-{n:08d}", employer=employer, region=employer.region, opened_at=opened_at,
            status=CaseStatus.CLOSED if closed_at else CaseStatus.NEW, closed_at=closed_at,
        ))
    Case.objects.bulk_create(cases)


# Quebec reports: a summer (Q2) peak, 24 quarters up to LAST.
QC_REPORTS = {LAST - 23 + i: 20 + i // 2 + (15 if (LAST - 23 + i) % 4 == 1 else 0) for i in range(24)}


@pytest.fixture
def history() -> None:
    for quarter, count in QC_REPORTS.items():
        add_reports("QC", quarter, count)
    add_reports("ON", LAST - 1, 6)
    add_reports("HQ", LAST, 4)  # province unknown: triaged by National HQ, counted in all of Canada
    add_reports("ON", LAST + 1, 9)  # the current quarter, not complete: not in the history
    add_cases("ON", LAST - 6, 5, closed_in=LAST - 2)
    add_cases("ON", LAST - 2, 3)
    add_cases("WST", LAST, 2, closed_in=LAST)


def run_now() -> ForecastRun:
    return compute.execute(ForecastRun.objects.create(), today=TODAY)


def values(run: ForecastRun, region_code: str | None, measure: str) -> dict[int, float]:
    series = ForecastSeries.objects.get(run=run, region__code=region_code, measure=measure) if region_code else \
        ForecastSeries.objects.get(run=run, region__isnull=True, measure=measure)
    return {p.quarter: p.value for p in series.points.filter(is_forecast=False)}


def test_the_stored_run_has_the_next_two_quarters_for_each_region_and_measure(history: None) -> None:
    run = run_now()
    assert run.status == RunStatus.DONE, run.error
    assert run.last_quarter == LAST
    regions = [None, "ATL", "QC", "ON", "WST"]  # National HQ has no series of its own
    assert ForecastSeries.objects.filter(run=run).count() == len(regions) * 3
    assert not ForecastSeries.objects.filter(run=run, region__code="HQ").exists()
    for code, measure in itertools.product(regions, Measure.values):
        series = ForecastSeries.objects.get(run=run, measure=measure,
                                            **({"region__code": code} if code else {"region__isnull": True}))
        ahead = list(series.points.filter(is_forecast=True).values_list("quarter", flat=True))
        assert ahead == [LAST + 1, LAST + 2], (code, measure)


def test_the_history_is_counted_by_fiscal_quarter(history: None) -> None:
    run = run_now()
    qc = values(run, "QC", Measure.REPORTS)
    assert qc == {q: float(n) for q, n in QC_REPORTS.items()}
    canada = values(run, None, Measure.REPORTS)
    assert canada[LAST - 1] == QC_REPORTS[LAST - 1] + 6
    assert canada[LAST] == QC_REPORTS[LAST] + 4
    assert LAST + 1 not in canada  # the quarter under way is left out
    on_opened = values(run, "ON", Measure.CASES_OPENED)
    assert on_opened[LAST - 6] == 5 and on_opened[LAST - 2] == 3
    on_closed = values(run, "ON", Measure.COMPLETIONS)
    assert on_closed[LAST - 2] == 5 and sum(on_closed.values()) == 5
    assert values(run, "WST", Measure.COMPLETIONS)[LAST] == 2
    assert values(run, "ATL", Measure.REPORTS) == dict.fromkeys(range(LAST - 23, LAST + 1), 0.0)


def test_quebec_reports_forecast_the_summer_peak(history: None) -> None:
    run = run_now()
    series = ForecastSeries.objects.get(run=run, region__code="QC", measure=Measure.REPORTS)
    assert series.baseline_mase is not None and series.model_mase is not None
    assert series.method == ("holt_winters" if series.model_mase < series.baseline_mase else "seasonal_naive")
    q1, q2 = series.points.filter(is_forecast=True).order_by("quarter").values_list("value", flat=True)
    assert q2 - q1 > 8  # LAST + 2 is a Q2: the peak


def analyst() -> object:
    return create_staff("national_analyst", region_code="HQ")


def test_an_analyst_sees_every_region_and_a_team_lead_only_theirs(history: None, client: Client) -> None:
    run_now()
    sign_in(client, analyst())
    page = client.get("/en/staff/forecasts/").content.decode()
    for name in ("All of Canada", "Atlantic", "Quebec", "Ontario", "Western"):
        assert f">{name}</h2>" in page
    assert "2025-26 Q4" in page and "2026-27 Q2 (forecast)" in page
    assert "Run a new forecast" in page

    lead = Client()
    sign_in(lead, create_staff("team_lead", region_code="ON"))
    page = lead.get("/en/staff/forecasts/").content.decode()
    assert ">Ontario</h2>" in page
    for name in ("All of Canada", "Atlantic", "Quebec", "Western"):
        assert f">{name}</h2>" not in page
    assert "Run a new forecast" not in page
    assert lead.post("/en/staff/forecasts/run/").status_code == 403
    assert ForecastRun.objects.count() == 1


def test_a_team_lead_at_national_hq_sees_every_region_but_starts_no_run(history: None, client: Client) -> None:
    run_now()
    sign_in(client, create_staff("team_lead", region_code="HQ"))
    page = client.get("/en/staff/forecasts/").content.decode()
    for name in ("All of Canada", "Atlantic", "Quebec", "Ontario", "Western"):
        assert f">{name}</h2>" in page
    assert "Run a new forecast" not in page


def test_who_may_see_the_page(client: Client) -> None:
    assert client.get("/en/staff/forecasts/").status_code == 302
    sign_in(client, create_staff("investigator", region_code="QC"))
    assert client.get("/en/staff/forecasts/").status_code == 403


def test_the_page_before_any_run(client: Client) -> None:
    sign_in(client, analyst())
    response = client.get("/fr/staff/forecasts/")
    assert response.status_code == 200
    assert b"<table" not in response.content


# The worker commits for real and closes its connection. Serialized rollback puts
# the reference data back afterwards, for the transactional tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_analyst_starts_a_run_that_the_task_worker_computes(
    history: None, client: Client, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    from django_tasks_db.models import DBTaskResult

    user = analyst()
    sign_in(client, user)
    confirmation = client.get("/en/staff/forecasts/run/")
    assert b"Run the forecast" in confirmation.content
    assert ForecastRun.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/staff/forecasts/run/")
    assert response.status_code == 302
    run = ForecastRun.objects.get()
    assert run.status == RunStatus.QUEUED and run.requested_by == user
    assert AuditEvent.objects.filter(action="create", actor=user, object_type="forecast.forecastrun",
                                     object_id=str(run.pk)).exists()
    assert DBTaskResult.objects.filter(task_path="sentinelle.forecast.tasks.run_forecast").count() == 1
    # A second request while it waits starts nothing.
    page = client.post("/en/staff/forecasts/run/", follow=True).content.decode()
    assert "already waiting or running" in page
    assert ForecastRun.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.finished_at is not None and run.started_at is not None
    assert ForecastPoint.objects.filter(series__run=run, is_forecast=True).count() == 15 * 2
    page = client.get("/en/staff/forecasts/").content.decode()
    assert "Run a new forecast" in page


def test_the_management_command_runs_it_at_once(history: None) -> None:
    call_command("run_forecast", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run = ForecastRun.objects.get()
    assert run.status == RunStatus.DONE
    assert run.series.count() == 15


def test_a_double_click_on_run_starts_one_run(client: Client) -> None:
    user = analyst()
    sign_in(client, user)
    first = client.post("/en/staff/forecasts/run/", follow=True).content.decode()
    second = client.post("/en/staff/forecasts/run/", follow=True).content.decode()
    assert "The forecast has been started" in first
    assert "already waiting or running" in second
    run = ForecastRun.objects.get()
    assert run.status == RunStatus.QUEUED and run.requested_by == user
    assert AuditEvent.objects.filter(action="create", object_type="forecast.forecastrun").count() == 1


def test_a_run_pending_for_another_analyst_is_the_one_returned() -> None:
    waiting = ForecastRun.objects.create(requested_by=analyst())
    run, started = services.start_run(actor=create_staff("national_analyst", region_code="HQ"))
    assert (run, started) == (waiting, False)
    assert ForecastRun.objects.count() == 1


def test_a_run_lost_by_a_stopped_worker_does_not_block_a_new_one() -> None:
    from django.utils import timezone

    ForecastRun.objects.create(status=RunStatus.RUNNING,
                               requested_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1))
    run, started = services.start_run(actor=analyst())
    assert started and run.status == RunStatus.QUEUED
    assert ForecastRun.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_analysts_starting_at_the_same_moment_start_one_run() -> None:
    """Two transactions at once, each about to find no run pending: the lock taken
    before the check makes the second wait for the first's commit, then find its run."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a race needs two connections writing at once (PostgreSQL)")
    users = [analyst(), create_staff("national_analyst", region_code="HQ")]
    outcomes = [(run.pk, started) for run, started in at_once(
        *(lambda user=user: services.start_run(actor=user) for user in users))]
    assert sorted(started for _pk, started in outcomes) == [False, True], outcomes
    assert len({pk for pk, _started in outcomes}) == 1
    assert ForecastRun.objects.count() == 1
