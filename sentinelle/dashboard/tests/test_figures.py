"""The dashboard's figures on a world with known counts: each figure equals the
one computed here independently from the data created (percentiles with numpy's
default definition, linear interpolation between closest ranks)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

import numpy
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from sentinelle.cases.models import CaseStatus
from sentinelle.dashboard.periods import Period, quarter_bounds
from sentinelle.dashboard.stats import AGE_BANDS, Figures, Scope, counted_percentile, percentile
from sentinelle.dashboard.tables import table, tables
from sentinelle.intake.models import SurveyResponse
from sentinelle.test import region

from .factories import at, case, escalation, open_case, report, sectors

pytestmark = pytest.mark.django_db

FY = 2024  # April 1, 2024 to March 31, 2025
PERIOD_START, PERIOD_END = date(2024, 4, 1), date(2025, 3, 31)


def band_of(age: int) -> int:
    for index, (_label, low, high) in enumerate(AGE_BANDS):
        if age >= low and (high is None or age <= high):
            return index
    raise AssertionError(age)


def test_percentile_is_numpys_linear_definition() -> None:
    for values in ([5], [1, 2], [3, 1, 4, 1, 5, 9, 2, 6], list(range(0, 101, 7))):
        assert percentile(values, 50) == pytest.approx(statistics.median(values))
        assert percentile(values, 90) == pytest.approx(numpy.percentile(values, 90))
    assert percentile([], 90) is None


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 50)), max_size=30), st.sampled_from([0, 10, 50, 90, 100]))
@settings(max_examples=200, deadline=None)
def test_a_percentile_of_counted_days_is_that_of_every_days_written_out(rows, p) -> None:
    """The timeliness percentiles read (days, number of cases) rows, several rows
    with the same days among them (one per region and sector)."""
    rows.sort(key=lambda row: row[0])
    every = [days for days, n in rows for _case in range(n)]
    counted = counted_percentile(rows, p)
    if not every:
        assert counted is None
    else:
        assert counted == pytest.approx(numpy.percentile(every, p))


def test_quarters_and_fiscal_years() -> None:
    assert quarter_bounds(2024, 1) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_bounds(2024, 3) == (date(2024, 10, 1), date(2024, 12, 31))
    assert quarter_bounds(2024, 4) == (date(2025, 1, 1), date(2025, 3, 31))
    assert Period.of(2024).start == PERIOD_START and Period.of(2024).end == PERIOD_END
    today = timezone.localdate()
    current = Period.of(today.year if today.month >= 4 else today.year - 1)
    assert current.end == today  # the current fiscal year runs to date


def test_inventory_by_status_region_sector_and_age() -> None:
    first, second = sectors()
    ages = [0, 10, 30, 31, 45, 90, 91, 120, 180, 181, 300, 365, 366, 400, 1200]
    statuses = [CaseStatus.NEW, CaseStatus.ASSESSED, CaseStatus.IN_INSPECTION, CaseStatus.CORRECTION]
    made = []
    now = timezone.now()
    for n, age in enumerate(ages):
        code = "QC" if n % 3 else "ON"
        sector = first if n % 2 else second
        status = statuses[n % len(statuses)]
        open_case(code, sector, age, status=status, now=now)
        made.append((code, sector.pk, status, age))
    # Not open: closed, excluded and transferred cases are not in the inventory.
    for status in (CaseStatus.CLOSED, CaseStatus.EXCLUDED, CaseStatus.TRANSFERRED):
        open_case("QC", first, 50, status=status, now=now)

    figures = Figures(Period.of(FY), now=now + timedelta(minutes=1))
    assert figures.inventory_total == len(ages)

    age_table = table(figures, "inventory_age")
    expected_bands = Counter(band_of(age) for *_rest, age in made)
    assert [row[1] for row in age_table.rows] == [expected_bands[i] for i in range(len(AGE_BANDS))]
    assert age_table.totals is not None and age_table.totals[1] == len(ages)

    status_table = table(figures, "inventory_status")
    by_status = Counter(status for _c, _s, status, _a in made)
    assert {row[0]: row[1] for row in status_table.rows} == {CaseStatus(s).label: n for s, n in by_status.items()}

    region_table = table(figures, "inventory_region")
    for code in ("QC", "ON"):
        row = next(r for r in region_table.rows if r[0] == region(code).name)
        ages_here = [age for c, _s, _st, age in made if c == code]
        assert row[1] == len(ages_here)
        assert row[2:] == [Counter(band_of(a) for a in ages_here)[i] for i in range(len(AGE_BANDS))]

    sector_table = table(figures, "inventory_sector")
    for sector in (first, second):
        row = next(r for r in sector_table.rows if r[0] == sector.name)
        assert row[1] == sum(1 for _c, s, _st, _a in made if s == sector.pk)

    # A region's own figures only.
    quebec = Figures(Period.of(FY), Scope(region_id=region("QC").pk), now=now + timedelta(minutes=1))
    assert quebec.inventory_total == sum(1 for c, *_rest in made if c == "QC")
    assert [r[0] for r in table(quebec, "inventory_region").rows] == [region("QC").name]
    # One sector only.
    in_first = Figures(Period.of(FY), Scope(sector_id=first.pk), now=now + timedelta(minutes=1))
    assert in_first.inventory_total == sum(1 for _c, s, *_rest in made if s == first.pk)


def decided_world() -> list[dict]:
    """Cases with known dates; returns what was made, for the expected figures."""
    first, second = sectors()
    made = []
    for i in range(23):
        code = "QC" if i % 3 else "ON"
        sector = first if i % 2 else second
        opened = date(2024, 4, 2) + timedelta(days=11 * i)
        assessed = opened + timedelta(days=(i * 3) % 17)
        inspection = assessed + timedelta(days=(i * 7) % 23 + 1)
        decision = inspection + timedelta(days=(i * 11) % 41 + 5)
        completed = i % 4 != 0
        closed = decision + timedelta(days=2)
        made_case = case(code, sector, opened_at=at(opened, 9), assessed_at=at(assessed), inspection_started_at=at(inspection),
                         decision_approved_at=at(decision, 15),
                         status=CaseStatus.CLOSED if completed else CaseStatus.DECISION_APPROVED,
                         closed_at=at(closed) if completed else None)
        reported = opened
        if i % 5:
            reported = opened - timedelta(days=(i % 4) * 3 + 1)
            report(code, reported, case=made_case)
            report(code, opened + timedelta(days=1), case=made_case)  # a later report: not the first
        made.append({"region": code, "sector": sector.pk, "reported": reported, "assessed": assessed,
                     "inspection": inspection, "decision": decision, "completed": completed and closed <= PERIOD_END,
                     "closed": closed})
    # Closed without a decision, and closed in another fiscal year: not completions of this one.
    case("QC", first, opened_at=at(date(2024, 5, 1)), status=CaseStatus.CLOSED, closed_at=at(date(2024, 6, 1)))
    case("QC", first, opened_at=at(date(2023, 5, 1)), status=CaseStatus.CLOSED, closed_at=at(date(2024, 3, 30)),
         decision_approved_at=at(date(2024, 3, 29)))
    return made


def in_period(day: date) -> bool:
    return PERIOD_START <= day <= PERIOD_END


def test_completions_by_month_and_region() -> None:
    made = decided_world()
    figures = Figures(Period.of(FY))
    completed = [m for m in made if m["completed"]]
    assert figures.completed == len(completed)
    months = table(figures, "completions_month")
    assert len(months.rows) == 12
    expected = Counter(m["closed"].strftime("%Y-%m") for m in completed)
    assert {row[0]: row[1] for row in months.rows} == {row[0]: expected.get(row[0], 0) for row in months.rows}
    regions = table(figures, "completions_region")
    assert {row[0]: row[1] for row in regions.rows} == {
        region(code).name: n for code, n in Counter(m["region"] for m in completed).items()}
    quarter = Figures(Period.of(FY, 2))
    start, end = quarter_bounds(FY, 2)
    assert quarter.completed == sum(1 for m in completed if start <= m["closed"] <= end)
    # Compared (as the dashboard shows them): the quarter's months, the year to
    # date and the same quarter a year before, read together, each as counted alone.
    compared = Figures(Period.of(FY, 2), compared=True)
    months = table(compared, "completions_month")
    assert {row[0]: row[1] for row in months.rows} == {row[0]: expected.get(row[0], 0) for row in months.rows}
    assert [row[0] for row in months.rows] == [f"{FY}-07", f"{FY}-08", f"{FY}-09"]
    assert compared.completed == quarter.completed
    first_day = quarter_bounds(FY, 1)[0]
    assert compared.year_to_date.completed == sum(1 for m in completed if first_day <= m["closed"] <= end) > 0
    assert compared.year_before.completed == Figures(Period.of(FY - 1, 2)).completed
    alone = Figures(Period(FY, None, first_day, end))
    assert ({row["region_id"]: row["n"] for row in compared.year_to_date.completion_rows}
            == {row["region_id"]: row["n"] for row in alone.completion_rows})


def test_timeliness_medians_and_90th_percentiles() -> None:
    made = decided_world()
    figures = Figures(Period.of(FY))

    def days(step: str, rows: list[dict]) -> list[int]:
        return [(m[step] - m["reported"]).days for m in rows if in_period(m[step])]

    for step in ("assessed", "inspection", "decision"):
        expected = days(step, made)
        assert expected, step
        key = "assessed" if step == "assessed" else step
        assert figures.days_to(key, 50) == pytest.approx(statistics.median(expected))
        assert figures.days_to(key, 90) == pytest.approx(numpy.percentile(expected, 90))

    region_table = table(figures, "timeliness_region")
    for code in ("QC", "ON"):
        row = next(r for r in region_table.rows if r[0] == region(code).name)
        expected = days("decision", [m for m in made if m["region"] == code])
        # columns: label, then (cases, median, p90) for assessment, inspection, decision
        assert row[7] == len(expected)
        assert row[8] == pytest.approx(statistics.median(expected))
        assert row[9] == pytest.approx(numpy.percentile(expected, 90))
    sector_table = table(figures, "timeliness_sector")
    first, _second = sectors()
    row = next(r for r in sector_table.rows if r[0] == first.name)
    expected = days("inspection", [m for m in made if m["sector"] == first.pk])
    assert row[4] == len(expected)
    assert row[5] == pytest.approx(statistics.median(expected))
    assert row[6] == pytest.approx(numpy.percentile(expected, 90))


def test_escalation_compliance() -> None:
    hours = [1, 23, 24, 25, 40, 48, 49, None, None, 12]
    made = []
    for n, after in enumerate(hours):
        code = "QC" if n % 2 else "ON"
        opened = at(date(2024, 7, 1) + timedelta(days=n), 8)
        escalation(code, opened, met_after=timedelta(hours=after) if after is not None else None)
        made.append((code, after))
    escalation("QC", at(date(2024, 3, 20)), met_after=None)  # opened in the previous fiscal year

    figures = Figures(Period.of(FY))
    within_24 = sum(1 for _c, h in made if h is not None and h <= 24)
    within_48 = sum(1 for _c, h in made if h is not None and h <= 48)
    assert figures.escalation_share("24") == pytest.approx(within_24 / len(made))
    assert figures.escalation_share("48") == pytest.approx(within_48 / len(made))
    region_table = table(figures, "escalations_region")
    for code in ("QC", "ON"):
        here = [h for c, h in made if c == code]
        row = next(r for r in region_table.rows if r[0] == region(code).name)
        met_24 = sum(1 for h in here if h is not None and h <= 24)
        met_48 = sum(1 for h in here if h is not None and h <= 48)
        assert row[1:] == [len(here), met_24, pytest.approx(met_24 / len(here)), met_48,
                           pytest.approx(met_48 / len(here)), sum(1 for h in here if h is None)]

    # Seen 30 hours after the last one opened: missed for 24 h, not due yet for 48 h.
    last_open = at(date(2024, 7, 1) + timedelta(days=8), 8)
    early = Figures(Period.of(FY), now=last_open + timedelta(hours=30))
    assert early.escalation_share("24") == pytest.approx(within_24 / len(made))
    assert early.escalation_share("48") == pytest.approx(within_48 / (len(made) - 1))


def test_intake_by_channel_and_language_and_satisfaction() -> None:
    first, second = sectors()
    specs = [("QC", "web", "fr", first), ("QC", "phone", "es", first), ("ON", "web", "en", second),
             ("ON", "partner", "en", first), ("QC", "web", "fr", second), ("ON", "outreach", "tl", None)]
    for n, (code, channel, language, sector) in enumerate(specs):
        report(code, date(2024, 9, 1) + timedelta(days=n), channel=channel, language=language, sector=sector)
    report("QC", date(2025, 4, 1), channel="web")  # next fiscal year
    for rating, count in ((5, 3), (4, 2), (2, 1)):
        for _ in range(count):
            SurveyResponse.objects.create(rating=rating, language="fr", answered_on=date(2024, 10, 1))

    figures = Figures(Period.of(FY))
    assert figures.reports == len(specs)
    channels = {row[0]: row[1] for row in table(figures, "intake_channel").rows}
    assert channels == {"Web form": 3, "Telephone": 1, "Partner referral": 1, "Mobile outreach": 1}
    languages = {row[0]: row[1] for row in table(figures, "intake_language").rows}
    assert languages == {"French": 2, "English": 2, "Spanish": 1, "Tagalog": 1}
    satisfaction = table(figures, "satisfaction")
    assert [row[1] for row in satisfaction.rows] == [3, 2, 0, 1, 0]
    assert "4.17" in satisfaction.note  # (5*3 + 4*2 + 2) / 6

    ontario = Figures(Period.of(FY), Scope(region_id=region("ON").pk, surveys=False))
    assert ontario.reports == 3
    assert table(ontario, "satisfaction").rows == []
    in_first = Figures(Period.of(FY), Scope(sector_id=first.pk, surveys=False))
    assert in_first.reports == 3


def test_a_constant_number_of_queries() -> None:
    decided_world()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            tables(Figures(Period.of(FY)))
        return len(queries)

    before = count()
    decided_world()
    for n in range(5):
        escalation("QC", at(date(2024, 8, 1) + timedelta(days=n)), met_after=timedelta(hours=3))
    assert count() == before


def test_an_unsupported_database_is_named_in_the_error() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from sentinelle.dashboard.stats import days_between_sql

    with pytest.raises(ImproperlyConfigured, match=r"SQLite or PostgreSQL.*'oracle'"):
        days_between_sql("oracle", "later", "earlier")
