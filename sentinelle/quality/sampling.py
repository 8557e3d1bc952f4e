"""Real-time random sampling of closed files for quality control.

(Interface fixed by the quality-control issue; the quality app fills it in.)

When a file is closed, `draw_for_review` draws a whole number below `SCALE` with
the operating system's cryptographically secure generator (`secrets`) and selects
the file when that number is below rate × SCALE: every file has exactly the rate's
chance, whatever its region, investigator or anything else. Every draw is kept,
selected or not, with the rate in force and the number drawn, so that anyone can
check why a file was or was not selected.

Targeted rules add files the draw did not select; they are recorded as targeted
selections and never enter the random sample's rate. A suspension stops all
selection, random and targeted."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Case, DecisionStatus
from sentinelle.quality.models import (
    SCALE,
    Basis,
    Draw,
    ReviewStep,
    RuleKind,
    SamplingRate,
    Selection,
    StepKind,
    Suspension,
    TargetRule,
    fiscal_year_of,
    quarter_of,
)


class PlanError(Exception):
    """A change to the sampling plan that cannot be made, in words."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


# The rate in force ------------------------------------------------------------------


def _plan_for(on: datetime.date) -> QuerySet[SamplingRate]:
    """The plan's rates that may be in force on `on`, the one in force first."""
    fiscal_year, quarter = fiscal_year_of(on), quarter_of(on)
    return SamplingRate.objects.filter(
        Q(fiscal_year__lt=fiscal_year) | Q(fiscal_year=fiscal_year, quarter__lte=quarter)
    ).order_by("-fiscal_year", "-quarter")


def _suspensions_at(moment: datetime.datetime) -> QuerySet[Suspension]:
    return Suspension.objects.filter(
        Q(resumed_at__isnull=True) | Q(resumed_at__gt=moment), suspended_at__lte=moment,
    ).order_by("-suspended_at")


def planned_rate(on: datetime.date) -> SamplingRate | None:
    """The plan's rate for the quarter of `on`: its own, else the latest one before it."""
    return _plan_for(on).first()


def suspension_at(moment: datetime.datetime) -> Suspension | None:
    return _suspensions_at(moment).first()


def current_suspension() -> Suspension | None:
    return Suspension.objects.filter(resumed_at__isnull=True).order_by("-suspended_at").first()


def rate_in_force(on: datetime.date) -> Decimal:
    """The sampling rate on that day, as a fraction (0.03 for 3 %); 0 when suspended
    (at the end of that day)."""
    end_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    if suspension_at(end_of_day) is not None:
        return Decimal(0)
    planned = planned_rate(on)
    return planned.rate if planned else Decimal(0)


def _draw_conditions(case_pk: int, moment: datetime.datetime) -> dict[str, Any]:
    """In one query (closing files must stay quick): whether the file was already
    drawn, whether sampling is suspended at `moment`, the planned rate, and
    whether any targeted rule is active."""
    row = Case.objects.filter(pk=case_pk).annotate(
        drawn=Exists(Draw.objects.filter(case_id=OuterRef("pk"))),
        suspended=Exists(_suspensions_at(moment)),
        planned=Subquery(_plan_for(timezone.localdate(moment)).values("rate")[:1],
                         output_field=DecimalField(max_digits=5, decimal_places=4)),
        targeted=Exists(TargetRule.objects.filter(active=True)),
    ).values("drawn", "suspended", "planned", "targeted").get()
    return dict(row)


# The draw -------------------------------------------------------------------------


def matching_rule(case: Case) -> TargetRule | None:
    """The first active targeted rule that takes this file, if any."""
    for rule in TargetRule.objects.filter(active=True).order_by("created_at", "id"):
        if rule_matches(rule, case):
            return rule
    return None


def rule_matches(rule: TargetRule, case: Case) -> bool:
    if rule.kind == RuleKind.REGION:
        return case.region_id == rule.region_id
    if rule.kind == RuleKind.SECTOR:
        return bool(case.employer.sector_id == rule.sector_id)
    if rule.kind == RuleKind.INVESTIGATOR:
        return case.assigned_to_id is not None and case.assigned_to_id == rule.investigator_id
    if rule.kind == RuleKind.OUTCOME:
        return case.decisions.filter(  # type: ignore[attr-defined, no-any-return]
            status=DecisionStatus.APPROVED, outcome=rule.outcome).exists()
    if rule.kind == RuleKind.FIRST_FILES:
        if case.assigned_to_id is None or not rule.first_files:
            return False
        if rule.investigator_id is not None and rule.investigator_id != case.assigned_to_id:
            return False
        closed_before = Case.objects.filter(
            assigned_to_id=case.assigned_to_id, closed_at__isnull=False, closed_at__lte=case.closed_at,
        ).count()
        return closed_before <= rule.first_files
    return False


def case_closed(case: Any, *, actor: Any, note: str, now: datetime.datetime) -> None:
    """The step hook of closing a case (see `QualityConfig.ready`): the draw."""
    draw_for_review(case)


@transaction.atomic(savepoint=False)
def draw_for_review(case: Any) -> Selection | None:
    """Made when a case is closed, inside the transaction of the step. Returns the Selection when the case is drawn (or targeted), else None. A file
    is drawn once only: closing it again after a correction does not draw again."""
    moment = case.closed_at or timezone.now()
    conditions = _draw_conditions(case.pk, moment)
    if conditions["drawn"]:
        return Selection.objects.filter(case_id=case.pk).first()
    suspended = bool(conditions["suspended"])
    rate = Decimal(0) if suspended or conditions["planned"] is None else Decimal(conditions["planned"])
    value = secrets.randbelow(SCALE)
    draw = Draw.objects.create(case_id=case.pk, drawn_at=moment, rate=rate, suspended=suspended,
                               random_value=value, scale=SCALE, selected=value < int(rate * SCALE))
    if draw.selected:
        selection = Selection.objects.create(case_id=case.pk, basis=Basis.RANDOM, draw=draw, selected_at=moment)
        note = ""  # the draw itself says why (see the review page)
    elif not suspended and conditions["targeted"] and (rule := matching_rule(case)) is not None:
        selection = Selection.objects.create(case_id=case.pk, basis=Basis.TARGETED, rule=rule, selected_at=moment)
        note = rule.description
    else:
        return None
    ReviewStep.objects.create(selection=selection, kind=StepKind.SELECTED, at=moment, note=note)
    record(Action.CREATE, obj=case, step="qc_selected", basis=selection.basis, draw=draw.pk)
    from sentinelle.quality.review import assign_automatically

    assign_automatically(selection, now=moment)
    return selection


# Changes to the plan ------------------------------------------------------------------


@transaction.atomic
def set_rate(fiscal_year: int, quarter: int, rate: Decimal, *, actor: Any) -> SamplingRate:
    if not 1 <= quarter <= 4:
        raise PlanError(_("Choose a quarter from 1 to 4."))
    if not Decimal(0) <= rate <= Decimal(1):
        raise PlanError(_("A rate is between 0 % and 100 %."))
    planned, created = SamplingRate.objects.update_or_create(
        fiscal_year=fiscal_year, quarter=quarter,
        defaults={"rate": rate, "set_by": actor, "set_at": timezone.now()},
    )
    record(Action.CREATE if created else Action.UPDATE, actor=actor, obj=planned,
           fiscal_year=fiscal_year, quarter=quarter, rate=str(rate))
    return planned


@transaction.atomic
def suspend(*, actor: Any, reason: str, now: datetime.datetime | None = None) -> Suspension:
    if not reason.strip():
        raise PlanError(_("Say why sampling is suspended."))
    if current_suspension() is not None:
        raise PlanError(_("Sampling is already suspended."))
    suspension = Suspension.objects.create(suspended_at=now or timezone.now(), suspended_by=actor,
                                           reason=reason.strip())
    record(Action.CREATE, actor=actor, obj=suspension, step="suspend_sampling", reason=reason.strip())
    return suspension


@transaction.atomic
def resume(*, actor: Any, reason: str, now: datetime.datetime | None = None) -> Suspension:
    if not reason.strip():
        raise PlanError(_("Say why sampling resumes."))
    suspension = current_suspension()
    if suspension is None:
        raise PlanError(_("Sampling is not suspended."))
    suspension.resumed_at, suspension.resumed_by = now or timezone.now(), actor
    suspension.resume_reason = reason.strip()
    suspension.save(update_fields=["resumed_at", "resumed_by", "resume_reason"])
    record(Action.UPDATE, actor=actor, obj=suspension, step="resume_sampling", reason=reason.strip())
    return suspension


@transaction.atomic
def add_rule(rule: TargetRule, *, actor: Any) -> TargetRule:
    rule.created_by, rule.created_at = actor, timezone.now()
    rule.save()
    record(Action.CREATE, actor=actor, obj=rule, rule=rule.description)
    return rule


@transaction.atomic
def end_rule(rule: TargetRule, *, actor: Any) -> TargetRule:
    if not rule.active:
        raise PlanError(_("This rule has already ended."))
    rule.active, rule.ended_by, rule.ended_at = False, actor, timezone.now()
    rule.save(update_fields=["active", "ended_by", "ended_at"])
    record(Action.UPDATE, actor=actor, obj=rule, step="end_rule")
    return rule
