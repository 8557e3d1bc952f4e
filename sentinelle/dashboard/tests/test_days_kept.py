"""The days from the report to each step that a case keeps for the timeliness
figures: equal to the days between the moments its steps recorded after every
step (a decision returned and approved later included, an earlier report
joined, rows written in bulk), and the figures read from them equal a count by
hand."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from datetime import date, timedelta

import numpy
import pytest

from sentinelle.cases import workflow
from sentinelle.cases.models import Case, Outcome
from sentinelle.dashboard.periods import Period
from sentinelle.dashboard.stats import MILESTONES, Figures, Scope
from sentinelle.dashboard.tests.factories import at, case, sectors
from sentinelle.intake import triage
from sentinelle.intake.models import Report
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_employer, create_staff, region

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
STEPS = {"assessed_at": "days_to_assessment", "inspection_started_at": "days_to_inspection",
         "decision_approved_at": "days_to_decision"}


def _by_hand(case_: Case) -> dict[str, int | None]:
    """The whole days from the start of the clock (the first report's day from
    its midnight, UTC; else the opening) to each step the case recorded."""
    start = (datetime.datetime.combine(case_.first_report_on, datetime.time.min, tzinfo=UTC)
             if case_.first_report_on else case_.opened_at)
    return {days: (None if getattr(case_, moment) is None else
                   max(0, (getattr(case_, moment) - start) // timedelta(days=1)))
            for moment, days in STEPS.items()}


def _kept(case_: Case) -> dict[str, int | None]:
    return dict(zip(STEPS.values(), Case.objects.values_list(*STEPS.values()).get(pk=case_.pk), strict=True))


def _check(case_: Case) -> dict[str, int | None]:
    fresh = Case.objects.get(pk=case_.pk)
    kept = _kept(fresh)
    assert kept == _by_hand(fresh)
    return kept


def _received(day: date) -> Report:
    report = make_report("QC")
    Report.objects.filter(pk=report.pk).update(submitted_on=day)
    report.refresh_from_db()
    return report


def test_the_days_kept_follow_every_step_of_a_case():
    lead, other_lead = create_staff("team_lead", region_code="QC"), create_staff("team_lead", region_code="QC")
    investigator = create_staff("investigator", region_code="QC")
    employer = create_employer("QC")
    report = _received(date(2025, 5, 10))
    triage.match_employer(report, employer, actor=lead)
    opened = datetime.datetime(2025, 5, 12, 15, 30, tzinfo=UTC)
    case_ = triage.open_case(report, actor=lead, now=opened)
    assert _check(case_) == {"days_to_assessment": None, "days_to_inspection": None, "days_to_decision": None}

    # 3 days, 23 hours and 59 minutes after the report's day began: 3 whole days.
    case_ = workflow.move(case_, "assess", actor=lead, assessment="Credible.",
                          now=datetime.datetime(2025, 5, 13, 23, 59, tzinfo=UTC))
    assert _check(case_)["days_to_assessment"] == 3
    case_ = workflow.move(case_, "assign", actor=lead, investigator=investigator,
                          now=datetime.datetime(2025, 5, 20, tzinfo=UTC))
    case_ = workflow.move(case_, "start_inspection", actor=investigator,
                          now=datetime.datetime(2025, 6, 9, tzinfo=UTC))  # exactly 30 days
    assert _check(case_)["days_to_inspection"] == 30
    propose = {"outcome": Outcome.PENALTY, "grounds": "Overtime unpaid.", "penalty_amount": "1000"}
    case_ = workflow.move(case_, "propose_decision", actor=investigator,
                          now=datetime.datetime(2025, 7, 1, tzinfo=UTC), **propose)
    case_ = workflow.move(case_, "return_decision", actor=lead, note="Grounds too thin.",
                          now=datetime.datetime(2025, 7, 2, tzinfo=UTC))
    assert _check(case_)["days_to_decision"] is None  # returned: not decided
    case_ = workflow.move(case_, "propose_decision", actor=investigator,
                          now=datetime.datetime(2025, 7, 20, tzinfo=UTC), **propose)
    case_ = workflow.move(case_, "approve_decision", actor=other_lead,
                          now=datetime.datetime(2025, 8, 8, 12, tzinfo=UTC))
    assert _check(case_) == {"days_to_assessment": 3, "days_to_inspection": 30, "days_to_decision": 90}
    case_ = workflow.move(case_, "close", actor=investigator, now=datetime.datetime(2025, 8, 9, tzinfo=UTC))
    assert _check(case_)["days_to_decision"] == 90

    # A report received earlier joins: every step is further from the start now.
    Case.objects.filter(pk=case_.pk).update(status="assigned")  # joining needs an open case
    earlier = _received(date(2025, 5, 1))
    triage.match_employer(earlier, employer, actor=lead)
    triage.join_case(earlier, case_, actor=lead)
    assert _check(case_) == {"days_to_assessment": 12, "days_to_inspection": 39, "days_to_decision": 99}
    # A later one changes nothing.
    later = _received(date(2025, 6, 1))
    triage.match_employer(later, employer, actor=lead)
    triage.join_case(later, case_, actor=lead)
    assert _check(case_)["days_to_decision"] == 99


def test_rows_written_in_bulk_keep_their_days_too():
    first, _second = sectors()
    without_report = case("QC", first, opened_at=at(date(2024, 4, 2), hour=9))
    Case.objects.filter(pk=without_report.pk).update(
        assessed_at=at(date(2024, 4, 2), hour=8),  # before the opening: never below 0
        inspection_started_at=at(date(2024, 4, 5), hour=8),  # 2 days and 23 hours
        decision_approved_at=at(date(2024, 5, 2), hour=9))
    assert _check(without_report) == {"days_to_assessment": 0, "days_to_inspection": 2, "days_to_decision": 30}
    Case.objects.filter(pk=without_report.pk).update(first_report_on=date(2024, 3, 31))
    _check(without_report)
    Case.objects.filter(pk=without_report.pk).update(decision_approved_at=None)
    assert _check(without_report)["days_to_decision"] is None


def test_the_timeliness_figures_read_from_the_kept_days_equal_a_count_by_hand():
    first, second = sectors()
    period = Period.of(2024)
    expected: dict[str, list[tuple[str, int, int]]] = {name: [] for name in MILESTONES}  # (region, sector, days)
    moments = {"assessed": "assessed_at", "inspection": "inspection_started_at", "decision": "decision_approved_at"}
    plan = [
        # region, sector, report day, days to each step (None: not reached; "before": reached before the period)
        ("QC", first, date(2024, 3, 20), {"assessed": "before", "inspection": 20, "decision": 95}),
        ("QC", first, date(2024, 5, 1), {"assessed": 2, "inspection": 9, "decision": None}),
        ("QC", second, date(2024, 6, 1), {"assessed": 2, "inspection": 40, "decision": 120}),
        ("ON", first, date(2024, 9, 1), {"assessed": 1, "inspection": None, "decision": None}),
        ("ON", second, date(2024, 12, 1), {"assessed": 5, "inspection": 30, "decision": 200}),  # decided after March
        ("ON", second, date(2025, 1, 5), {"assessed": 7, "inspection": 7, "decision": 60}),
    ]
    for region_code, sector, reported, steps in plan:
        made = case(region_code, sector, opened_at=at(reported, hour=14), first_report_on=reported)
        start = datetime.datetime.combine(reported, datetime.time.min, tzinfo=UTC)
        values = {}
        for name, days in steps.items():
            if days is None:
                continue
            moment = (start - timedelta(days=30)) if days == "before" else start + timedelta(days=days, hours=6)
            values[moments[name]] = moment
            if days != "before" and period.since <= moment < period.until:
                expected[name].append((region_code, sector.pk, days))
        Case.objects.filter(pk=made.pk).update(**values)

    figures = Figures(period, Scope())
    for name in MILESTONES:
        by_hand = Counter((region(code).pk, sector_pk, days) for code, sector_pk, days in expected[name])
        assert Counter({(r, s, d): n for r, s, d, n in figures.milestone_counts(name)}) == by_hand
        days = [d for _r, _s, d in expected[name]]
        assert figures.days_to(name, 50) == pytest.approx(statistics.median(days))
        assert figures.days_to(name, 90) == pytest.approx(numpy.percentile(days, 90))
        for code in ("QC", "ON"):
            mine = sorted(d for r, _s, d in expected[name] if r == code)
            assert figures.timeliness["region"][region(code).pk].days[name] == mine
        for sector in (first, second):
            mine = sorted(d for _r, s, d in expected[name] if s == sector.pk)
            assert figures.timeliness["sector"][sector.pk].days[name] == mine
    # One region and one sector: the same count, narrowed.
    narrowed = Figures(period, Scope(region_id=region("ON").pk, sector_id=second.pk))
    assert narrowed.days_to("decision", 50) == 60  # the one decided in the period
    assert narrowed.timeliness["all"][None].days["assessed"] == [5, 7]
    # The year before compares the days to decision alone: the same days.
    alone = Figures(period, Scope(), steps=("decision",))
    assert alone.days_to("decision", 50) == figures.days_to("decision", 50)
