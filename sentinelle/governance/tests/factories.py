"""Small factories of the governance tests."""

from __future__ import annotations

import datetime
from typing import Any

from sentinelle.accounts.models import User
from sentinelle.governance.models import ActionPlan, Measure, Priority, QuarterlyReport
from sentinelle.test import create_staff


def manager(region_code: str = "HQ", **fields: Any) -> User:
    return create_staff("manager", region_code=region_code, **fields)


def seed_plan() -> ActionPlan:
    """The plan the data migration loads (seed 000)."""
    return ActionPlan.objects.get(fiscal_year=2021)


def new_plan(fiscal_year: int, **fields: Any) -> tuple[ActionPlan, Priority]:
    plan = ActionPlan.objects.create(name_en=f"Plan {fiscal_year}", name_fr=f"Plan {fiscal_year} (fr)",
                                     fiscal_year=fiscal_year)
    priority = Priority.objects.create(plan=plan, number=1, title_en="Timely inspections",
                                       title_fr="Inspections en temps opportun", indicator_en="Inventory",
                                       indicator_fr="Inventaire", target_en="2,000", target_fr="2 000",
                                       due_on=plan.ends_on, **fields)
    return plan, priority


def new_measure(priority: Priority, code: str = "1.1", **fields: Any) -> Measure:
    defaults: dict[str, Any] = {
        "title_en": f"Measure {code}", "title_fr": f"Mesure {code}", "unit": "Operations",
        "starts_on": datetime.date(priority.plan.fiscal_year, 4, 1), "due_on": priority.plan.ends_on,
    }
    defaults.update(fields)
    return Measure.objects.create(priority=priority, code=code, **defaults)


def draft_report(author: User, fiscal_year: int = 2025, quarter: int = 2, **fields: Any) -> QuarterlyReport:
    return QuarterlyReport.objects.create(author=author, fiscal_year=fiscal_year, quarter=quarter, **fields)


def working_group(secretariat: User | None = None, *, seats: tuple[tuple[str, str], ...] = (
        ("Francophone seat", "Siège francophone"),)) -> Any:
    from sentinelle.governance import groups

    return groups.create_group(
        {"name_en": "Sector health working group", "name_fr": "Groupe de travail sur la santé du secteur",
         "parent_committee_en": "National Settlement Council", "parent_committee_fr": "CPSEI",
         "started_on": datetime.date(2025, 9, 1)},
        mandate_en="Understand and improve the overall health of the sector.",
        mandate_fr="Comprendre et améliorer la santé globale du secteur.", seats=list(seats),
        actor=secretariat)


def add_member(group: Any, name: str, *, role: str = "member", seat: Any = None, start: datetime.date | None = None,
               end: datetime.date | None = None, alternate_for: Any = None) -> Any:
    from sentinelle.governance import groups

    return groups.add_member(group, {
        "full_name": name, "organisation": f"{name} Org.", "role": role, "seat": seat,
        "alternate_for": alternate_for, "term_starts_on": start or datetime.date(2025, 9, 1),
        "term_ends_on": end}, actor=None)
