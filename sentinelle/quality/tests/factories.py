"""Closed files and reviewers for the quality tests, made through the real life cycle."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sentinelle.accounts.models import User
from sentinelle.cases import workflow
from sentinelle.cases.models import Case, Outcome
from sentinelle.quality import sampling
from sentinelle.quality.models import Selection
from sentinelle.test import create_case, create_staff


def regional_team(region_code: str = "QC") -> dict[str, User]:
    return {"lead": create_staff("team_lead", region_code=region_code, full_name=f"Lead {region_code}"),
            "investigator": create_staff("investigator", region_code=region_code,
                                         full_name=f"Investigator {region_code}")}


def close_a_file(team: dict[str, User], *, outcome: str = Outcome.WARNING, region_code: str = "QC",
                 **case_fields: Any) -> Case:
    """A file taken from new to closed by its team: the investigator proposes, the lead approves."""
    lead, investigator = team["lead"], team["investigator"]
    case = create_case(region_code, **case_fields)
    case = workflow.move(case, "assess", actor=lead, assessment="Credible; 12 workers affected.")
    case = workflow.move(case, "assign", actor=lead, investigator=investigator)
    case = workflow.move(case, "start_inspection", actor=investigator)
    case = workflow.move(case, "propose_decision", actor=investigator, outcome=outcome,
                         grounds="Overtime unpaid for 14 weeks.",
                         penalty_amount="15000" if outcome == Outcome.PENALTY else None,
                         ban_years=2 if outcome == Outcome.BAN else None)
    case = workflow.move(case, "approve_decision", actor=lead)
    return workflow.move(case, "close", actor=investigator)


def sample_everything(actor: User) -> None:
    """A plan that draws every closed file (100 %), for tests about what follows the draw."""
    from django.utils import timezone

    from sentinelle.quality.models import fiscal_year_of, quarter_of

    today = timezone.localdate()
    sampling.set_rate(fiscal_year_of(today), quarter_of(today), Decimal(1), actor=actor)


def selected_file(team: dict[str, User], **kwargs: Any) -> Selection:
    case = close_a_file(team, **kwargs)
    return Selection.objects.get(case=case)
