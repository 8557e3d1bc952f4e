"""The real-time draw is unbiased: at a rate of 3 %, 20,000 closed files give a
share of selected files inside the 99.9 % binomial interval, and whether a file
is selected does not depend on its region or its investigator (chi-square at
99.9 %). Every draw is recorded; a suspension selects nothing."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from scipy.stats import binom, chi2_contingency

from sentinelle.cases.models import Case, CaseStatus, Employer, Sector
from sentinelle.quality import sampling
from sentinelle.quality.models import Basis, Draw, Selection, fiscal_year_of, quarter_of
from sentinelle.test import create_staff, region

pytestmark = pytest.mark.django_db

REGIONS = ["ATL", "QC", "ON", "WST"]
N = 20_000


def closed_files(count: int, prefix: str) -> tuple[list[Case], dict[int, str]]:
    """`count` closed files spread evenly over four regions and twelve investigators,
    written in bulk (the draw itself is the real one, file by file)."""
    sector = Sector.objects.order_by("naics_code").first()
    employers = {code: Employer.objects.create(legal_name=f"Employer {code}", sector=sector, region=region(code),
                                               city="Somewhere", province={"ATL": "NS", "QC": "QC", "ON": "ON",
                                                                           "WST": "AB"}[code])
                 for code in REGIONS}
    investigators = {code: [create_staff("investigator", region_code=code) for _ in range(3)] for code in REGIONS}
    now = timezone.now()
    cases = []
    for n, code in zip(range(count), itertools.cycle(REGIONS), strict=False):
        cases.append(Case(
            reference=f"{prefix}-{n:05d}", employer=employers[code], region=employers[code].region,
            status=CaseStatus.CLOSED, opened_at=now - timedelta(days=90), closed_at=now,
            assigned_to=investigators[code][(n // 4) % 3],
        ))
    created = Case.objects.bulk_create(cases, batch_size=2000)
    region_codes = {e.region_id: code for code, e in employers.items()}
    return created, region_codes


def plan(rate: str) -> None:
    analyst = create_staff("national_analyst", region_code="HQ")
    today = timezone.localdate()
    sampling.set_rate(fiscal_year_of(today), quarter_of(today), Decimal(rate), actor=analyst)


@pytest.mark.slow
def test_three_percent_of_20000_closed_files_are_drawn_without_bias():
    plan("0.03")
    create_staff("qc_reviewer", region_code="HQ")
    cases, region_codes = closed_files(N, "STAT")

    results = [sampling.draw_for_review(case) is not None for case in cases]

    # Every draw is recorded, selected or not, with what decided it.
    assert Draw.objects.count() == N
    draws = Draw.objects.all()
    assert {d.rate for d in draws} == {Decimal("0.03")}
    assert all((d.random_value < 30_000) == d.selected for d in draws)
    selected = sum(results)
    assert Selection.objects.filter(basis=Basis.RANDOM).count() == selected == draws.filter(selected=True).count()

    low, high = binom.interval(0.999, N, 0.03)
    assert low <= selected <= high, (selected, low, high)

    # Independence from the region and from the investigator.
    by_region: Counter[tuple[str, bool]] = Counter()
    by_investigator: Counter[tuple[int, bool]] = Counter()
    for case, chosen in zip(cases, results, strict=True):
        by_region[region_codes[case.region_id], chosen] += 1
        by_investigator[case.assigned_to_id, chosen] += 1
    table = [[by_region[code, True], by_region[code, False]] for code in REGIONS]
    assert chi2_contingency(table).pvalue > 0.001, table
    people = sorted({key for key, _chosen in by_investigator})
    assert len(people) == 12
    table = [[by_investigator[p, True], by_investigator[p, False]] for p in people]
    assert chi2_contingency(table).pvalue > 0.001, table


@pytest.mark.slow
def test_while_sampling_is_suspended_no_file_is_selected_but_every_draw_is_recorded():
    plan("0.50")
    analyst = create_staff("national_analyst", region_code="HQ")
    sampling.suspend(actor=analyst, reason="Reviewers are on the audit of the Atlantic region.")
    cases, _codes = closed_files(2_000, "SUSP")

    results = [sampling.draw_for_review(case) for case in cases]

    assert results == [None] * 2_000
    assert Selection.objects.count() == 0
    assert Draw.objects.filter(suspended=True, rate=0, selected=False).count() == 2_000
    assert sampling.rate_in_force(timezone.localdate()) == 0

    sampling.resume(actor=analyst, reason="Audit finished.")
    assert sampling.rate_in_force(timezone.localdate()) == Decimal("0.5")
