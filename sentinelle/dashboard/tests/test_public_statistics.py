"""The public statistics page on a generated dataset: read back from the HTML as a
visitor sees it, every figure shown is right, none is under 5, and no hidden one
can be worked out from what is shown."""

from __future__ import annotations

import datetime
import itertools
import random
import re
import zoneinfo
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.cases.models import Case, CaseStatus, Decision, DecisionStatus, Employer, Outcome, Sector
from sentinelle.dashboard.public import statistics
from sentinelle.forecast import quarters
from sentinelle.intake.models import Report
from sentinelle.lib.geo import REGION_OF_PROVINCE, Province
from sentinelle.test import create_staff, region

from .test_public_suppression import recomputable

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo("America/Toronto")
_n = itertools.count(1)


class Tables(HTMLParser):
    """Each <table> as rows of cell texts (header cells included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read_tables(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def span_now() -> list[int]:
    last = quarters.last_complete(timezone.localdate())
    return list(range(last - 3, last + 1))


def generate(seed: int = 3) -> dict[str, Counter[tuple[str, int]]]:
    """Reports, completed inspections and decisions over the last four quarters
    (and some outside them), many of them in small numbers. Returns the expected
    counts, computed here, by (province, quarter)."""
    rng = random.Random(seed)
    span = span_now()
    sectors = list(Sector.objects.order_by("naics_code"))
    provinces = list(Province.values)
    expected: dict[str, Counter[tuple[str, int]]] = {"reports": Counter(), "inspections": Counter(),
                                                     "outcomes": Counter()}
    reports = []
    for quarter in [span[0] - 1, *span, span[-1] + 1]:
        for province in provinces:
            # Large provinces get many reports; small ones a few, often under 5.
            count = rng.choice([0, 1, 2, 3, 4, 6, 9, 25]) if province in ("QC", "ON", "BC") else rng.choice([0, 1, 2, 5])
            for k in range(count):
                n = next(_n)
                day = quarters.first_day(quarter) + datetime.timedelta(days=(7 * k) % 85)
                reports.append(Report(
                    reference=f"R-P-{n:08d}", idempotency_key=f"p{n}", receipt_lookup=f"pl{n}", receipt_verifier="v",
                    employer_name="Ferme", description="x", region=region(REGION_OF_PROVINCE[province]),
                    employer_province=province, sector=rng.choice(sectors), submitted_on=day,
                ))
                if quarter in span:
                    expected["reports"][(province, quarter)] += 1
    Report.objects.bulk_create(reports)

    people = {code: (create_staff("investigator", region_code=code), create_staff("team_lead", region_code=code))
              for code in ("ATL", "QC", "ON", "WST")}
    for quarter in span:
        for province in ("QC", "ON", "NS", "AB", "BC"):
            code = REGION_OF_PROVINCE[province]
            employer = Employer.objects.create(legal_name=f"Employer {next(_n)}", sector=rng.choice(sectors),
                                               region=region(code), city="X", province=province)
            for k in range(rng.choice([1, 3, 6, 12])):
                closed = datetime.datetime.combine(quarters.first_day(quarter) + datetime.timedelta(days=10 + k),
                                                   datetime.time(12), ZONE)
                case = Case.objects.create(
                    reference=f"C-P-{next(_n):08d}", employer=employer, region=employer.region,
                    opened_at=closed - datetime.timedelta(days=200), inspection_started_at=closed - datetime.timedelta(days=100),
                    status=CaseStatus.CLOSED, closed_at=closed,
                )
                expected["inspections"][(province, quarter)] += 1
                investigator, lead = people[code]
                Decision.objects.create(
                    case=case, region=case.region, outcome=rng.choice(list(Outcome)), grounds="g",
                    status=DecisionStatus.APPROVED, proposed_by=investigator, approved_by=lead, approved_at=closed,
                )
                expected["outcomes"][(province, quarter)] += 1
    return expected


def numbers(row: list[str]) -> list[int | None]:
    return [None if cell == "x" else int(cell.replace("\u202f", "").replace(",", "").replace(" ", "")) for cell in row[1:]]


def test_the_page_shows_right_figures_none_under_5_and_none_recomputable(client: Client) -> None:
    expected = generate()
    response = client.get("/en/statistics/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    tables = read_tables(html)
    assert len(tables) == 6
    span = span_now()
    hidden_somewhere = 0
    read: list[tuple[list[list[int]], set[tuple[int, int]]]] = []
    for table in tables:
        body = [numbers(row) for row in table[1:]]
        for row in body:
            for value in row:
                assert value is None or value == 0 or value >= 5
        hidden = {(r, c) for r, row in enumerate(body) for c, v in enumerate(row) if v is None}
        hidden_somewhere += len(hidden)
        # For the check, fill hidden cells with 0: only the pattern and the totals matter.
        read.append(([[v or 0 for v in row] for row in body], hidden))
    assert hidden_somewhere > 0  # the dataset has small counts

    # The figures shown are the counts, computed independently.
    reports_by_province = tables[0]
    for r, code in enumerate(Province.values):
        row = numbers(reports_by_province[1 + r])
        for c, quarter in enumerate(span):
            assert row[c] is None or row[c] == expected["reports"][(code, quarter)]
        assert row[4] is None or row[4] == sum(expected["reports"][(code, q)] for q in span)
    grand = numbers(reports_by_province[-1])[-1]
    assert grand is None or grand == sum(expected["reports"].values())
    inspections = tables[2]
    for r, code in enumerate(Province.values):
        row = numbers(inspections[1 + r])
        for c, quarter in enumerate(span):
            assert row[c] is None or row[c] == expected["inspections"][(code, quarter)]

    # Nothing hidden can be recomputed, table by table or with the figures the
    # tables share (quarter totals of a measure, outcome totals).
    for grid, hidden in read:
        assert recomputable([(grid, hidden)]) == []
    last = [len(g) - 1 for g, _h in read]
    links = [[(0, (last[0], c)), (1, (last[1], c))] for c in range(5)]
    links += [[(2, (last[2], c)), (3, (last[3], c))] for c in range(5)]
    links += [[(4, (r, 4)), (5, (r, len(read[5][0][0]) - 1))] for r in range(len(read[4][0]))]
    for link in links:
        (a, pa), (b, pb) = link
        assert (pa in read[a][1]) == (pb in read[b][1])
    assert recomputable(read, links) == []


def test_the_figures_behind_the_page_match_the_data() -> None:
    """Suppression aside, the grids hold the true counts (from all the data)."""
    expected = generate(seed=11)
    stats = statistics()
    reports = stats.sections[0][1][0]
    for r, code in enumerate(Province.values):
        assert reports.grid[r][:4] == [expected["reports"][(code, q)] for q in stats.span]
    assert reports.grid[-1][-1] == sum(expected["reports"].values())
    outcomes_by_province = stats.sections[2][1][1]
    assert outcomes_by_province.grid[-1][-1] == sum(expected["outcomes"].values())
    assert sum(outcomes_by_province.grid[-1][:-1]) == outcomes_by_province.grid[-1][-1]


@pytest.mark.parametrize("language", ["fr", "en", "es", "tl"])
def test_no_sign_in_and_every_worker_language(client: Client, language: str) -> None:
    response = client.get(f"/{language}/statistics/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert b"<table" in response.content
    # Works without JavaScript: every figure is in the tables, shown open; the
    # charts are an enhancement, from deferred files (no inline script) and the
    # palette as a JSON data block that runs nothing.
    page = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts, "the charts' scripts"
    for tag in scripts:
        assert ('src="' in tag and " defer" in tag) or 'type="application/json"' in tag, tag
    assert page.count("<details") == page.count("<details class=\"panel-table\" open") == page.count("<table")


def test_only_reading_is_allowed(client: Client) -> None:
    assert client.post("/en/statistics/").status_code == 405
