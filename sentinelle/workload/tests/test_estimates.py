"""The dashboard's figures of proactive inspections: cases opened and completed by
origin, and the register's non-compliance estimated from the random share, with
Wilson's interval, kept apart from the rate among risk-selected cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client

from sentinelle.cases.models import CaseOrigin, CaseStatus, Decision, DecisionStatus, Outcome, Sector
from sentinelle.test import create_case, create_employer, create_staff, sign_in
from sentinelle.workload import estimates
from sentinelle.workload.models import Basis, InspectionPlan, Selection

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 9, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_kept_figures():
    cache.clear()
    yield
    cache.clear()


def _small_plan():
    """A plan of 2026 in Quebec, its cases decided as follows:
    random share, sector A: 6 decided, 2 non-compliant; sector B: 4 decided, 1 non-compliant;
    plus one random case still in inspection and one whose decision was returned (not decided);
    risk share: 5 decided, 4 non-compliant."""
    lead = create_staff("team_lead", region_code="QC")
    approver = create_staff("team_lead", region_code="QC")
    sector_a, sector_b = Sector.objects.order_by("naics_code")[:2]
    plan = InspectionPlan.objects.create(fiscal_year=2026, region=lead.region, created_by=lead)
    order = iter(range(1, 100))

    def selected(sector, basis, outcome=None, *, status=DecisionStatus.APPROVED):
        employer = create_employer("QC", sector=sector, approved_positions=3)
        origin = CaseOrigin.PROACTIVE_RANDOM if basis == Basis.RANDOM else CaseOrigin.PROACTIVE_RISK
        case = create_case("QC", employer=employer, origin=origin, opened_at=NOW - timedelta(days=60),
                           status=CaseStatus.CLOSED if outcome else CaseStatus.IN_INSPECTION,
                           closed_at=NOW - timedelta(days=5) if outcome else None)
        if outcome:
            Decision.objects.create(case=case, outcome=outcome, grounds="Seen on site.", status=status,
                                    proposed_by=lead, approved_by=approver if status == "approved" else None,
                                    approved_at=NOW if status == "approved" else None, region=case.region)
        Selection.objects.create(plan=plan, employer=employer, basis=basis, score=10, order=next(order), case=case)

    for outcome in [Outcome.WARNING, Outcome.PENALTY, Outcome.COMPLIANT, Outcome.COMPLIANT, Outcome.JUSTIFIED,
                    Outcome.COMPLIANT]:
        selected(sector_a, Basis.RANDOM, outcome)
    for outcome in [Outcome.BAN, Outcome.COMPLIANT, Outcome.COMPLIANT, Outcome.COMPLIANT]:
        selected(sector_b, Basis.RANDOM, outcome)
    selected(sector_a, Basis.RANDOM)
    selected(sector_a, Basis.RANDOM, Outcome.PENALTY, status=DecisionStatus.RETURNED)
    for outcome in [Outcome.WARNING, Outcome.WARNING, Outcome.PENALTY, Outcome.BAN, Outcome.COMPLIANT]:
        selected(sector_b, Basis.RISK, outcome)
    # Cases of other origins, for the counts by origin.
    create_case("QC", opened_at=NOW - timedelta(days=10))
    create_case("QC", origin=CaseOrigin.MINISTER_REQUEST, opened_at=NOW - timedelta(days=3))
    return plan, sector_a, sector_b


def test_a_small_plans_estimate_and_its_interval_computed_by_hand():
    _plan, sector_a, sector_b = _small_plan()
    figures = estimates.compute(fiscal_year=2026, start=date(2026, 4, 1), end=NOW.date())

    # Random share: 3 non-compliant of 10 decided. By hand, z = 1.96, z² = 3.8416:
    # p = 0.3; denominator 1 + 3.8416/10 = 1.38416; centre (0.3 + 0.19208)/1.38416 = 0.35551;
    # half-width 1.96 × √(0.3 × 0.7/10 + 3.8416/400) / 1.38416 = 1.96 × 0.17494 / 1.38416 = 0.24772
    # → 0.1078 to 0.6032.
    assert (figures.random.decided, figures.random.non_compliant) == (10, 3)
    assert figures.random.rate == pytest.approx(0.3)
    assert figures.random.low == pytest.approx(0.1078, abs=1e-4)
    assert figures.random.high == pytest.approx(0.6032, abs=1e-4)
    # The risk share, apart: 4 of 5 (0.8; Wilson 0.3755 to 0.9638).
    assert (figures.risk.decided, figures.risk.non_compliant) == (5, 4)
    assert (figures.risk.low, figures.risk.high) == (pytest.approx(0.3755, abs=1e-4),
                                                     pytest.approx(0.9638, abs=1e-4))
    # By sector: A 2 of 6 (0.0968 to 0.7000), B 1 of 4 (0.0456 to 0.6994) at random; B 4 of 5 by risk.
    by_sector = {row.sector_id: row for row in figures.sectors}
    assert (by_sector[sector_a.pk].random.decided, by_sector[sector_a.pk].random.non_compliant) == (6, 2)
    assert by_sector[sector_a.pk].random.low == pytest.approx(0.0968, abs=1e-4)
    assert by_sector[sector_a.pk].random.high == pytest.approx(0.7000, abs=1e-4)
    assert (by_sector[sector_b.pk].random.decided, by_sector[sector_b.pk].random.non_compliant) == (4, 1)
    assert by_sector[sector_b.pk].random.low == pytest.approx(0.0456, abs=1e-4)
    assert (by_sector[sector_b.pk].risk.decided, by_sector[sector_b.pk].risk.non_compliant) == (5, 4)
    assert by_sector[sector_a.pk].risk.decided == 0

    # Cases by origin in the period: 12 random (all opened 60 days ago), 5 risk, one report, one request.
    assert figures.opened == {"proactive_random": 12, "proactive_risk": 5, "worker_report": 1,
                              "minister_request": 1}
    # Completed (closed in the period): the 11 random cases with a decision, the 5 risk ones.
    assert figures.completed == {"proactive_random": 11, "proactive_risk": 5}


def test_another_fiscal_year_or_region_has_no_estimate():
    _small_plan()
    assert estimates.compute(fiscal_year=2025, start=date(2025, 4, 1), end=date(2026, 3, 31)).random.decided == 0
    from sentinelle.test import region

    ontario = estimates.compute(fiscal_year=2026, start=date(2026, 4, 1), end=NOW.date(),
                                region_id=region("ON").pk)
    assert ontario.random.decided == 0 and ontario.opened == {}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_dashboard_shows_the_estimate_apart_from_the_risk_share(language):
    _small_plan()
    analyst = create_staff("national_analyst", region_code="HQ")
    client = Client()
    sign_in(client, analyst)
    page = client.get(f"/{language}/staff/dashboard/", {"fiscal_year": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="table-noncompliance"' in html and 'id="table-origins"' in html
    decimal = "," if language == "fr" else "."
    assert f"30{decimal}0" in html and f"10{decimal}8 – 60{decimal}3" in html
    assert f"80{decimal}0" in html and f"37{decimal}6 – 96{decimal}4" in html
    if language == "fr":
        assert "Inspection proactive, aléatoire" in html
    else:
        assert "Proactive inspection, random" in html
