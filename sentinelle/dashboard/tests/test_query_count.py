"""A first view of the dashboard (figures nobody computed in the last minutes)
reads its figures in a fixed number of queries, whatever the number of cases,
reports and escalations: the same for a few as for ten times more, each
section in one grouped query (the year shown and the year before together,
every target of the year at once)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sentinelle.cases.models import CaseStatus
from sentinelle.dashboard.periods import Period, current_fiscal_year
from sentinelle.dashboard.snapshot import compute
from sentinelle.dashboard.stats import Scope
from sentinelle.test import create_staff, sign_in

from .factories import at, case, escalation, open_case, report, sectors

pytestmark = pytest.mark.django_db

# The figures of one view: inventory, completions, timeliness, escalations,
# reports, survey answers, quality, targets, region and sector names, and the
# year before's completions, cases open, timeliness, escalations, reports and
# quality read with them.
FIGURES_QUERIES = 12
REGIONS = ("QC", "ON", "ATL", "WST")


def add_world(count: int, fiscal_year: int) -> None:
    """`count` of each kind of fact in every region, in the fiscal year shown and
    in the one before."""
    first, second = sectors()
    for index in range(count):
        code, sector = REGIONS[index % len(REGIONS)], (first, second)[index % 2]
        for year in (fiscal_year, fiscal_year - 1):
            closed = date(year, 4 + index % 9, 1 + index % 27)
            case(code, sector, opened_at=at(closed - timedelta(days=40 + index)), status=CaseStatus.CLOSED,
                 assessed_at=at(closed - timedelta(days=35)), inspection_started_at=at(closed - timedelta(days=20)),
                 decision_approved_at=at(closed - timedelta(days=2)), closed_at=at(closed))
            report(code, closed, channel=("web", "phone")[index % 2], language=("fr", "en", "es")[index % 3],
                   sector=sector)
            escalation(code, at(closed), met_after=timedelta(hours=6 + 10 * (index % 5)))
        open_case(code, sector, age_days=5 + 40 * index)


def cold_view(client: Client, fiscal_year: int, language: str = "en") -> int:
    cache.clear()  # the first view of these filters: nothing kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/staff/dashboard/?fiscal_year={fiscal_year}")
    assert response.status_code == 200
    return len(queries)


def figures_queries(period: Period, scope: Scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        compute(period, scope)
    return len(queries)


def test_a_cold_view_takes_as_many_queries_for_twenty_cases_as_for_two(client):
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    shown = current_fiscal_year() - 2
    add_world(2, shown)
    cold_view(client, shown - 3)  # the first view of the process reads what every later one finds kept
    few = cold_view(client, shown)
    few_fr = cold_view(client, shown, "fr")
    add_world(18, shown)
    assert cold_view(client, shown) == few
    assert cold_view(client, shown, "fr") == few_fr == few


@pytest.mark.parametrize("scope", [Scope(), Scope(region_id=None, sector_id=None, surveys=False)])
def test_the_figures_of_a_period_take_a_fixed_number_of_queries(scope):
    shown = current_fiscal_year() - 1
    add_world(3, shown)
    year, quarter, month = Period.of(shown), Period.of(shown, 2), Period.of(shown, month=7)
    counts = [figures_queries(period, scope) for period in (year, quarter, month)]
    add_world(12, shown)
    assert [figures_queries(period, scope) for period in (year, quarter, month)] == counts
    assert max(counts) <= FIGURES_QUERIES


def test_one_region_and_one_sector_take_no_more_queries_than_all_of_canada():
    from sentinelle.test import region

    shown = current_fiscal_year() - 1
    add_world(4, shown)
    national = figures_queries(Period.of(shown), Scope())
    regional = figures_queries(Period.of(shown), Scope(region_id=region("QC").pk, surveys=False))
    one_sector = figures_queries(Period.of(shown), Scope(sector_id=sectors()[0].pk, surveys=False))
    assert regional <= national
    assert one_sector <= national
