"""Drawing an inspection plan: the random share is uniform over the eligible
register whatever the scores (checked at 99.9 %), the risk share takes the
highest scores of employers not inspected recently, every draw can be replayed,
and a drawn plan's selections become cases (or are skipped with a reason)."""

from __future__ import annotations

import random
import secrets
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from scipy.stats import chisquare

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import (
    Case,
    CaseOrigin,
    CaseStatus,
    Decision,
    DecisionStatus,
    Employer,
    Outcome,
    Sector,
)
from sentinelle.test import create_case, create_employer, create_staff
from sentinelle.workload import employer_risk, selection
from sentinelle.workload.models import Basis, InspectionPlan, PlanQuota, PlanStatus, SectorWeight
from sentinelle.workload.selection import draw_inspections

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _sectors() -> tuple[Sector, Sector]:
    first, second = Sector.objects.order_by("naics_code")[:2]
    return first, second


def _plan(lead, *, quotas, share=20, region=True, year=2026, recent_years=2) -> InspectionPlan:
    plan = InspectionPlan.objects.create(fiscal_year=year, region=lead.region if region else None,
                                         random_share=share, recent_years=recent_years, created_by=lead)
    for sector, n in quotas.items():
        PlanQuota.objects.create(plan=plan, sector=sector, inspections=n)
    return plan


def _approve(case, outcome, lead, analyst, when=NOW):
    Decision.objects.create(case=case, outcome=outcome, grounds="Found on site.", status=DecisionStatus.APPROVED,
                            proposed_by=lead, approved_by=analyst, approved_at=when, region=case.region)


def test_the_random_share_is_uniform_over_the_register_whatever_the_scores():
    """300 plans each draw 3 of 10 eligible employers at random (100 % random share).
    The employers' scores differ widely; each should still be drawn 90 times or
    so. A chi-square test of uniformity must not reject at the 0.1 % level."""
    lead = create_staff("team_lead", region_code="QC")
    analyst = create_staff("national_analyst", region_code="HQ")
    sector, _other = _sectors()
    SectorWeight.objects.update_or_create(sector=sector, defaults={"weight": 80})
    employers = [create_employer("QC", sector=sector, approved_positions=1 + 30 * n) for n in range(10)]
    # High scores for some: recent non-compliance, a first approval this year.
    for employer in employers[:3]:
        _approve(create_case("QC", employer=employer, status=CaseStatus.CLOSED), Outcome.PENALTY, lead, analyst)
        employer.first_approved_on = NOW.date() - timedelta(days=30)
        employer.save()
    # Not eligible: no position approved, another region, an open case, merged.
    create_employer("QC", sector=sector, approved_positions=0)
    create_employer("ON", sector=sector, approved_positions=5)
    create_case("QC", employer=create_employer("QC", sector=sector, approved_positions=5))
    kept = employers[0]
    create_employer("QC", sector=sector, approved_positions=5, merged_into=kept)

    counts: Counter[int] = Counter()
    scores: set[int] = set()
    plans = 300
    for year in range(1700, 1700 + plans):
        plan = _plan(lead, quotas={sector: 3}, share=100, year=year)
        drawn = draw_inspections(plan, actor=lead, now=NOW)
        assert len(drawn) == 3 and {s.basis for s in drawn} == {Basis.RANDOM}
        counts.update(s.employer_id for s in drawn)
        scores.update(s.score for s in drawn)
    assert set(counts) == {e.pk for e in employers}
    assert len(scores) >= 3, "the scores of the register differ"
    assert chisquare([counts[e.pk] for e in employers]).pvalue > 0.001


def test_the_draw_of_each_selection_can_be_replayed_on_the_plans_pool():
    lead = create_staff("team_lead", region_code="QC")
    sector, _ = _sectors()
    for n in range(30):
        create_employer("QC", sector=sector, approved_positions=n + 1)
    plan = _plan(lead, quotas={sector: 10}, share=50)
    drawn = draw_inspections(plan, actor=lead, now=NOW)
    plan.refresh_from_db()
    randoms = [s for s in drawn if s.basis == Basis.RANDOM]
    assert len(randoms) == 5 and len(drawn) == 10
    assert plan.pool == sorted(plan.pool) and len(plan.pool) == 30
    assert [s.pool_left for s in randoms] == [30, 29, 28, 27, 26]
    assert selection.replay(plan.pool, [s.draw_number for s in randoms]) == [s.employer_id for s in randoms]
    assert plan.status == PlanStatus.DRAWN
    event = AuditEvent.objects.filter(object_type__contains="inspectionplan").order_by("pk").last()
    assert event is not None and event.detail["random"] == 5 and event.detail["eligible"] == 30


def test_draw_uniformly_is_uniform_and_without_replacement():
    rng = secrets.SystemRandom()
    pool = list(range(100, 112))
    counts: Counter[int] = Counter()
    for _ in range(6000):
        draws = selection.draw_uniformly(pool, 4, rng)
        chosen = [d.employer_id for d in draws]
        assert len(set(chosen)) == 4 and set(chosen) <= set(pool)
        counts.update(chosen)
    assert chisquare([counts[p] for p in pool]).pvalue > 0.001


def test_the_risk_share_takes_the_highest_scores_not_inspected_recently():
    lead = create_staff("team_lead", region_code="QC")
    analyst = create_staff("national_analyst", region_code="HQ")
    high, low = _sectors()
    SectorWeight.objects.update_or_create(sector=high, defaults={"weight": 40})
    rng = random.Random(16)
    expected: dict[int, int] = {}
    inspected_recently = set()
    for _n in range(25):
        positions = rng.choice([1, 10, 60])
        first = NOW.date() - timedelta(days=rng.choice([100, 2000])) if rng.random() < 0.7 else None
        employer = create_employer("QC", sector=high, approved_positions=positions, first_approved_on=first)
        # The first rules (migration): sector weight in full (40); non-compliance in 5 years +40;
        # reports: none here; positions ≥ 10: +10, ≥ 50: +20; no inspection in 3 years: +15;
        # first approved in the last 24 months: +20.
        score = 40 + (20 if positions >= 50 else 10 if positions >= 10 else 0)
        score += 20 if first is not None and (NOW.date() - first).days < 700 else 0
        kind = rng.choice(["none", "none", "non_compliance", "inspected_recently", "inspected_long_ago"])
        if kind == "non_compliance":
            case = create_case("QC", employer=employer, status=CaseStatus.CLOSED)
            _approve(case, Outcome.WARNING, lead, analyst, when=NOW - timedelta(days=400))
            score += 40 + 15  # and no inspection started on that case
        elif kind == "inspected_recently":
            create_case("QC", employer=employer, status=CaseStatus.CLOSED,
                        inspection_started_at=NOW - timedelta(days=200))
            inspected_recently.add(employer.pk)
        elif kind == "inspected_long_ago":
            create_case("QC", employer=employer, status=CaseStatus.CLOSED,
                        inspection_started_at=NOW - timedelta(days=365 * 4))
            score += 15
        else:
            score += 15
        expected[employer.pk] = score
    create_employer("QC", sector=low, approved_positions=80)  # another sector: not in the quota

    plan = _plan(lead, quotas={high: 6}, share=0)
    drawn = draw_inspections(plan, actor=lead, now=NOW)

    assert {s.employer_id: s.score for s in drawn} == {s.employer_id: expected[s.employer_id] for s in drawn}
    candidates = sorted((pk for pk in expected if pk not in inspected_recently), key=lambda pk: (-expected[pk], pk))
    assert [s.employer_id for s in drawn] == candidates[:6]
    assert [s.rank for s in drawn] == [1, 2, 3, 4, 5, 6]
    quota = plan.quotas.get()
    assert quota.cutoff_score == expected[candidates[5]] and quota.unfilled == 0
    for s in drawn:
        assert sum(term["points"] for term in s.explanation) == s.score
    # The employer page reads one employer's facts in its own query: the same score, the same rules.
    for pk, score in expected.items():
        one = employer_risk.score_employer(Employer.objects.get(pk=pk), today=timezone.localdate(NOW))
        assert one.score == score


def test_high_risk_sectors_are_served_first_and_a_short_sector_says_so():
    lead = create_staff("team_lead", region_code="QC")
    high, low = _sectors()
    SectorWeight.objects.update_or_create(sector=high, defaults={"weight": 60})
    SectorWeight.objects.update_or_create(sector=low, defaults={"weight": 0})
    for _n in range(3):
        create_employer("QC", sector=high, approved_positions=5)
    for _n in range(4):
        create_employer("QC", sector=low, approved_positions=5)
    plan = _plan(lead, quotas={low: 2, high: 5}, share=0)
    drawn = draw_inspections(plan, actor=lead, now=NOW)
    assert [s.employer.sector_id for s in drawn] == [high.pk] * 3 + [low.pk] * 2
    assert plan.quotas.get(sector=high).unfilled == 2


def test_a_plan_is_drawn_once_and_needs_a_quota():
    lead = create_staff("team_lead", region_code="QC")
    sector, _ = _sectors()
    create_employer("QC", sector=sector, approved_positions=5)
    empty = _plan(lead, quotas={}, year=2030)
    with pytest.raises(selection.PlanError):
        draw_inspections(empty, actor=lead, now=NOW)
    plan = _plan(lead, quotas={sector: 1})
    draw_inspections(plan, actor=lead, now=NOW)
    with pytest.raises(selection.PlanError):
        draw_inspections(InspectionPlan.objects.get(pk=plan.pk), actor=lead, now=NOW)
    assert plan.selections.count() == 1


def test_selections_become_cases_in_one_step_or_are_skipped_with_a_reason():
    lead = create_staff("team_lead", region_code="QC")
    sector, _ = _sectors()
    for _n in range(5):
        create_employer("QC", sector=sector, approved_positions=5)
    plan = _plan(lead, quotas={sector: 5}, share=40)
    drawn = draw_inspections(plan, actor=lead, now=NOW)
    skipped = drawn[0]
    result = selection.open_cases(InspectionPlan.objects.get(pk=plan.pk), actor=lead,
                                  skip={skipped.pk: "  Closed its doors in March. "})
    assert len(result.opened) == 4 and result.skipped == 1
    skipped.refresh_from_db()
    assert skipped.case is None and skipped.skipped_reason == "Closed its doors in March."
    for s in plan.selections.exclude(pk=skipped.pk).select_related("case"):
        assert s.case is not None and s.case.status == CaseStatus.NEW and s.case.assigned_to is None
        assert s.case.origin == (CaseOrigin.PROACTIVE_RANDOM if s.basis == Basis.RANDOM else CaseOrigin.PROACTIVE_RISK)
        assert s.case.employer_id == s.employer_id and s.case.region_id == lead.region_id
    # Nothing pending any more: a second step opens nothing.
    again = selection.open_cases(InspectionPlan.objects.get(pk=plan.pk), actor=lead)
    assert again.opened == [] and Case.objects.filter(origin__startswith="proactive").count() == 4
