"""The shapes of the cases API's requests and answers (sentinelle.cases.api)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema

from sentinelle.accounts.models import User
from sentinelle.cases import workflow
from sentinelle.cases.models import Activity, Case, Decision, Employer


class EmployerOut(Schema):
    id: int
    legal_name: str
    operating_name: str
    business_number: str
    naics_code: str
    region: str
    city: str
    province: str

    @staticmethod
    def resolve_naics_code(obj: Employer) -> str:
        return obj.sector.naics_code

    @staticmethod
    def resolve_region(obj: Employer) -> str:
        return obj.region.code


def _email(user: User | None) -> str | None:
    return user.email if user is not None else None


class CaseOut(Schema):
    reference: str
    status: str
    region: str
    employer_id: int
    employer: str
    opened_at: datetime
    origin: str
    risk_score: int
    summary: str
    assessment: str
    assigned_to: str | None
    work_permit_valid_until: date | None
    permanent_residence_on: date | None
    transferred_to: str | None
    version: int

    @staticmethod
    def resolve_region(obj: Case) -> str:
        return obj.region.code

    @staticmethod
    def resolve_employer(obj: Case) -> str:
        return str(obj.employer)

    @staticmethod
    def resolve_assigned_to(obj: Case) -> str | None:
        return _email(obj.assigned_to)

    @staticmethod
    def resolve_transferred_to(obj: Case) -> str | None:
        return obj.transferred_to.reference if obj.transferred_to else None


class CaseDetailOut(CaseOut):
    moves: list[str]

    @staticmethod
    def resolve_moves(obj: Case, context: dict[str, Any]) -> list[str]:
        """The steps of the life cycle the staff member may take now."""
        return [move.name for move in workflow.available_moves(obj, context["request"].user)]


class CaseIn(Schema):
    """A case opened without a worker's report, on an employer you may reach.
    `origin`: proactive_risk, proactive_random, partner_referral, follow_up or
    minister_request (a case about a worker's report is opened from the report)."""

    employer_id: int
    origin: str
    summary: str = ""


class CasePatch(Schema):
    """Only the fields given are changed. `version` is the version of the case
    you read: if somebody saved it since, nothing is saved (409)."""

    version: int
    summary: str | None = None
    assessment: str | None = None
    work_permit_valid_until: date | None = None
    permanent_residence_on: date | None = None


class MoveIn(Schema):
    """A step of the life cycle and what it needs (see the `moves` of a case):
    assess: assessment; assign: investigator (e-mail); propose_decision: outcome,
    grounds, penalty_amount or ban_years; return_decision: note; exclude:
    exclusion_rule (code), note; transfer: region (code), note."""

    name: str
    version: int | None = None
    assessment: str | None = None
    investigator: str | None = None
    outcome: str | None = None
    grounds: str | None = None
    penalty_amount: Decimal | None = None
    ban_years: int | None = None
    exclusion_rule: str | None = None
    region: str | None = None
    note: str | None = None


class ActivityOut(Schema):
    id: int
    case: str
    kind: str
    occurred_at: datetime
    author: str
    notes: str
    interviewee: str
    announced: bool | None
    place: str
    participants: str
    findings: str
    due_on: date | None
    received_on: date | None
    owner: str | None
    done_at: datetime | None
    review_kind: str
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def resolve_case(obj: Activity) -> str:
        return obj.case.reference

    @staticmethod
    def resolve_author(obj: Activity) -> str:
        return obj.author.email

    @staticmethod
    def resolve_owner(obj: Activity) -> str | None:
        return _email(obj.owner)


class ActivityFields(Schema):
    """The fields of an activity; each kind takes only some of them (for example
    `interviewee` for an interview, `owner` (e-mail), `due_on` and `done` for a task)."""

    occurred_at: datetime | None = None
    notes: str | None = None
    interviewee: str | None = None
    announced: bool | None = None
    place: str | None = None
    participants: str | None = None
    findings: str | None = None
    due_on: date | None = None
    received_on: date | None = None
    owner: str | None = None
    done: bool | None = None
    review_kind: str | None = None


class ActivityIn(ActivityFields):
    kind: str


class ActivityPatch(ActivityFields):
    version: int


class DecisionOut(Schema):
    id: int
    case: str
    employer_id: int
    employer: str
    region: str
    outcome: str
    outcome_label: str
    grounds: str
    penalty_amount: Decimal | None
    ban_years: int | None
    status: str
    proposed_by: str
    proposed_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    returned_reason: str

    @staticmethod
    def resolve_case(obj: Decision) -> str:
        return obj.case.reference

    @staticmethod
    def resolve_employer_id(obj: Decision) -> int:
        return obj.case.employer_id

    @staticmethod
    def resolve_employer(obj: Decision) -> str:
        return str(obj.case.employer)

    @staticmethod
    def resolve_region(obj: Decision) -> str:
        return obj.region.code

    @staticmethod
    def resolve_outcome_label(obj: Decision) -> str:
        return str(obj.get_outcome_display())

    @staticmethod
    def resolve_proposed_by(obj: Decision) -> str:
        return obj.proposed_by.email

    @staticmethod
    def resolve_approved_by(obj: Decision) -> str | None:
        return _email(obj.approved_by)
