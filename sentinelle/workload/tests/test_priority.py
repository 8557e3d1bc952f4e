"""The priority of a waiting case: the database orders the queue exactly as the
rule written in Python, and the figures shown add up to the priority."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from sentinelle.cases.models import Case, CaseStatus, Sector
from sentinelle.test import create_staff
from sentinelle.workload import priority
from sentinelle.workload.models import SectorWeight

from .factories import waiting_case

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 15, 30, 0, tzinfo=UTC)


def expected_priority(risk: int, escalation: str, weight: int, age: timedelta) -> int:
    """Computed here without the code under test: score + 50 for an open escalation
    + sector weight + one point per full day."""
    return risk + (50 if escalation == "open" else 0) + weight + age // timedelta(days=1)


def test_the_queue_order_is_the_rule_on_a_generated_set_of_cases():
    rng = random.Random(2026)
    sectors = list(Sector.objects.values_list("naics_code", flat=True))
    weights = {code: rng.choice([0, 5, 20, 35]) for code in sectors}
    for code, weight in weights.items():
        SectorWeight.objects.update_or_create(sector=Sector.objects.get(naics_code=code), defaults={"weight": weight})
    expected = {}
    for n in range(40):
        risk, escalation = rng.randint(0, 100), rng.choice(["", "", "open", "met"])
        sector = rng.choice(sectors)
        # Whole seconds, some just either side of a day boundary.
        age = timedelta(days=rng.randint(0, 60), seconds=rng.choice([0, 1, 3600, 86_399, rng.randint(0, 86_399)]))
        status = rng.choice([CaseStatus.NEW, CaseStatus.ASSESSED])
        case = waiting_case(rng.choice(["ON", "QC"]), now=NOW, risk=risk, age=age, sector=sector,
                            escalation=escalation, status=status, summary=f"case {n}")
        expected[case.reference] = (expected_priority(risk, escalation, weights[sector], age), case.opened_at, case.pk)
    # Not waiting: assigned, or further along, or ended.
    lead = create_staff("investigator", region_code="ON")
    waiting_case("ON", now=NOW, risk=100, escalation="open", status=CaseStatus.ASSIGNED, assigned_to=lead)
    waiting_case("ON", now=NOW, risk=100, status=CaseStatus.IN_INSPECTION)
    waiting_case("ON", now=NOW, risk=100, status=CaseStatus.EXCLUDED)

    ordered = list(priority.queue(Case.objects.all(), NOW))

    wanted = sorted(expected, key=lambda ref: (-expected[ref][0], expected[ref][1], expected[ref][2]))
    assert [case.reference for case in ordered] == wanted
    assert [case.priority for case in ordered] == [expected[ref][0] for ref in wanted]
    for case in ordered:
        rules = priority.breakdown_of(case, NOW)
        assert rules.risk_points + rules.escalation_points + rules.sector_weight + rules.age_points \
            == rules.total == case.priority
        # The same figures when read from the database for one case (the case page).
        assert priority.breakdown_of(Case.objects.get(pk=case.pk), NOW) == rules


def test_the_example_of_the_rules():
    # Vegetable farming carries a weight of 20 (reference data).
    case = waiting_case("ON", now=NOW, risk=60, escalation="open", sector="1112", age=timedelta(days=12, hours=5))
    rules = priority.breakdown_of(case, NOW)
    assert (rules.risk_points, rules.escalation_points, rules.sector_weight, rules.age_days, rules.total) \
        == (60, 50, 20, 12, 142)


def test_a_met_escalation_and_a_sector_without_weight_add_nothing():
    case = waiting_case("ON", now=NOW, risk=33, escalation="met", sector="4841", age=timedelta(hours=23))
    [row] = priority.queue(Case.objects.filter(pk=case.pk), NOW)
    assert (row.has_open_escalation, row.sector_points, row.age_days, row.priority) == (False, 0, 0, 33)


def test_a_case_opened_after_now_has_no_age():
    case = waiting_case("ON", now=NOW, risk=10, age=timedelta(days=-2))
    [row] = priority.queue(Case.objects.filter(pk=case.pk), NOW)
    assert row.age_days == 0 and row.priority == 10


def test_high_risk_sectors_carry_a_reference_weight():
    weights = dict(SectorWeight.objects.values_list("sector__naics_code", "weight"))
    assert weights["1112"] == 20 and weights["8141"] == 20 and weights["3116"] == 15
    assert "4841" not in weights
