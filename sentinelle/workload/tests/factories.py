"""Factories of the workload tests (no test here)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sentinelle.accounts.models import User
from sentinelle.cases.models import Case, CaseStatus, Sector
from sentinelle.intake.escalation import open_escalation
from sentinelle.intake.models import Escalation, Report
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_case, create_employer, create_staff
from sentinelle.training.models import Completion, Course


def waiting_case(region_code: str = "ON", *, now: datetime, risk: int = 0, age: timedelta = timedelta(0),
                 sector: str = "4841", escalation: str = "", status: str = CaseStatus.ASSESSED,
                 **fields: Any) -> Case:
    """A case opened `age` before `now` on an employer of `sector`; `escalation` is
    "open" (measures not taken), "met" or "" (none)."""
    employer = create_employer(region_code, sector=Sector.objects.get(naics_code=sector))
    case = create_case(region_code, employer=employer, risk_score=risk, opened_at=now - age, status=status,
                       **fields)
    if escalation:
        report = make_report(region_code)
        Report.objects.filter(pk=report.pk).update(case=case)
        opened = open_escalation(report, now - age)
        if escalation == "met":
            Escalation.objects.filter(pk=opened.pk).update(met_at=now - age + timedelta(hours=3))
    return case


BOTH_COURSES = ("case_management_system", "escalation")


def investigator(region_code: str = "ON", name: str | None = None, *, open_cases: int = 0,
                 courses: tuple[str, ...] = BOTH_COURSES) -> User:
    """An investigator carrying `open_cases` open cases of their region, who has
    completed `courses` (by default, both that assignments ask for)."""
    user = create_staff("investigator", region_code=region_code, full_name=name)
    for code in courses:
        Completion.objects.create(user=user, course=Course.objects.get(code=code), completed_on=date(2026, 1, 15))
    for _n in range(open_cases):
        create_case(region_code, status=CaseStatus.IN_INSPECTION, assigned_to=user)
    return user
