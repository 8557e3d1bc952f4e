"""The employer risk score's rules, on their limits: the strongest rule of a kind
counts once, the sector's weight in percent, and the day N years ago belongs
to the past (a non-compliance found on that day no longer counts)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from sentinelle.workload.employer_risk import Facts, Rule, months_before, score_of

TODAY = date(2026, 3, 31)
RULES = [
    Rule(1, "sector_weight", 0, 50),
    Rule(2, "non_compliance", 5, 40),
    Rule(3, "reports", 1, 15),
    Rule(4, "reports", 3, 30),
    Rule(5, "positions", 10, 10),
    Rule(6, "not_inspected", 3, 15),
    Rule(7, "first_time", 24, 20),
]


def _at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _facts(**values) -> Facts:
    base = {"employer_id": 1, "sector_id": 1, "sector_weight": 0, "positions": 0, "first_approved_on": None,
            "last_non_compliance": None, "reports_12_months": 0,
            "last_inspection": _at(TODAY - timedelta(days=10))}
    return Facts(**{**base, **values})


def test_months_before_keeps_the_day_or_the_last_of_a_shorter_month():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 3, 31), 60) == date(2021, 3, 31)


@pytest.mark.parametrize("approved, counts", [
    (_at(date(2021, 3, 31), 23), False),   # on the day five years ago: no longer in the last five years
    (_at(date(2021, 4, 1), 0), True),      # the next day's first moment
    (_at(TODAY, 12), True),
])
def test_non_compliance_counts_within_the_last_n_years(approved, counts):
    score, terms = score_of(_facts(last_non_compliance=approved), RULES, TODAY)
    assert score == (40 if counts else 0)
    assert [t.rule for t in terms] == ([2] if counts else [])


def test_the_strongest_rule_of_a_kind_counts_once_and_the_sector_weight_in_percent():
    facts = _facts(sector_weight=35, reports_12_months=4, positions=12, first_approved_on=date(2024, 4, 1),
                   last_inspection=_at(date(2023, 3, 31), 22))
    score, terms = score_of(facts, RULES, TODAY)
    # 50 % of 35 → 17; reports ≥ 3 → 30 (not also 15); positions ≥ 10 → 10; no inspection since the
    # day three years ago → 15; first approved after the day 24 months ago → 20.
    assert [(t.rule, t.points) for t in terms] == [(1, 17), (4, 30), (5, 10), (6, 15), (7, 20)]
    assert score == 92


def test_an_employer_inspected_lately_and_approved_long_ago_scores_nothing():
    facts = _facts(first_approved_on=date(2024, 3, 31), last_inspection=_at(date(2023, 4, 1), 0))
    assert score_of(facts, RULES, TODAY) == (0, [])
