"""Drawing an inspection plan (seed 000, priority 2) and turning what it
selected into cases.

The eligible register: the employers of the plan's region (every region for a
national plan), not merged into another record, with at least one temporary
foreign worker position approved in the last 24 months, and without an open
case.

The draw, in one transaction:

1. The random share first, so that it depends on no score: of each sector's
   inspections, `random_share` percent (rounded half up) are drawn, all
   together, uniformly and without replacement from the whole eligible register
   (whatever their sector) with the operating system's generator
   (`secrets.SystemRandom`). The pool is the eligible employer ids in ascending
   order, kept on the plan; each draw records the number drawn `k` (0 ≤ k < the
   employers left) and takes the k-th employer left, whose place the last one
   then takes. Replaying the numbers on the pool gives the same employers.
2. Then the risk share, sector by sector, highest sector risk weight first: the
   highest scores among the sector's eligible employers not drawn at random and
   not inspected in the last `recent_years` years; at equal score, the lower
   employer id first. The lowest score taken is kept on the sector's quota: an
   employer of that sector that scored less was not selected by risk.

Every selection keeps its basis, its score and the rules behind it."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Case, CaseOrigin, Employer
from sentinelle.cases.opening import open_case_without_report
from sentinelle.lib.locking import claim
from sentinelle.workload.employer_risk import Scored, inspected_since, score_employers
from sentinelle.workload.models import Basis, InspectionPlan, PlanQuota, PlanStatus, SectorWeight, Selection

ORIGIN_OF = {Basis.RISK: CaseOrigin.PROACTIVE_RISK, Basis.RANDOM: CaseOrigin.PROACTIVE_RANDOM}
MAX_REASON = 1000

__all__ = ["PlanError", "Selection", "draw_inspections", "eligible_register", "open_cases", "replay"]


class PlanError(Exception):
    """A plan cannot be changed as asked; the message is for the staff member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def eligible_register(plan: InspectionPlan) -> QuerySet[Employer]:
    """The employers the plan may select (see the module's docstring)."""
    employers = Employer.objects.filter(merged_into__isnull=True, approved_positions__gt=0)
    if plan.region_id is not None:
        employers = employers.filter(region_id=plan.region_id)
    open_case = Case.objects.open().filter(employer=OuterRef("pk"))
    return employers.filter(~Exists(open_case))


def sectors_by_risk(quotas: Iterable[PlanQuota]) -> list[PlanQuota]:
    """High-risk sectors first: by sector risk weight, highest first, then NAICS code."""
    weights = dict(SectorWeight.objects.values_list("sector_id", "weight"))
    return sorted(quotas, key=lambda q: (-weights.get(q.sector_id, 0), q.sector.naics_code))


@dataclass(frozen=True)
class Draw:
    """One random draw: the number drawn among the employers left."""

    number: int
    left: int
    employer_id: int


def draw_uniformly(pool: list[int], count: int, rng: secrets.SystemRandom) -> list[Draw]:
    """`count` employers of `pool` (ids), uniformly without replacement (see the
    module's docstring). `pool` is not changed."""
    left = list(pool)
    draws = []
    for _i in range(min(count, len(left))):
        number = rng.randrange(len(left))
        draws.append(Draw(number, len(left), left[number]))
        left[number] = left[-1]
        left.pop()
    return draws


def replay(pool: list[int], numbers: Iterable[int]) -> list[int]:
    """The employers that these numbers, drawn in this order, select from `pool`:
    how anyone checks a plan's random share."""
    left = list(pool)
    chosen = []
    for number in numbers:
        chosen.append(left[number])
        left[number] = left[-1]
        left.pop()
    return chosen


@transaction.atomic
def draw_inspections(plan: InspectionPlan, *, actor: Any = None, now: datetime | None = None,
                     request: HttpRequest | None = None, rng: secrets.SystemRandom | None = None,
                     expected_version: int | None = None) -> list[Selection]:
    """Draw the plan: its selections, random share first (see the module's docstring).
    A plan is drawn once; `expected_version` is the plan's version as the staff
    member saw it (Conflict if it changed)."""
    claim(plan, plan.version if expected_version is None else expected_version)
    plan.refresh_from_db()
    if plan.status != PlanStatus.DRAFT:
        raise PlanError(_("This plan is already drawn: its selections stay as they were drawn."))
    quotas = sectors_by_risk(plan.quotas.select_related("sector"))
    if not any(q.inspections for q in quotas):
        raise PlanError(_("Give at least one sector a number of inspections before drawing the plan."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    scored = {s.facts.employer_id: s for s in score_employers(eligible_register(plan), today=today)}
    pool = sorted(scored)
    rng = rng or secrets.SystemRandom()

    selections: list[Selection] = []

    def select(entry: Scored, basis: str, **fields: Any) -> None:
        selections.append(Selection(plan=plan, employer_id=entry.facts.employer_id, basis=basis, score=entry.score,
                                    explanation=[t.as_dict() for t in entry.terms], order=len(selections) + 1,
                                    **fields))

    randoms = sum(q.random_inspections for q in quotas)
    drawn = draw_uniformly(pool, randoms, rng)
    for draw in drawn:
        select(scored[draw.employer_id], Basis.RANDOM, draw_number=draw.number, pool_left=draw.left)
    taken = {draw.employer_id for draw in drawn}

    by_sector: dict[int, list[Scored]] = {}
    for entry in scored.values():
        by_sector.setdefault(entry.facts.sector_id, []).append(entry)
    recently = inspected_since(today, plan.recent_years)
    for quota in quotas:
        candidates = sorted(
            (e for e in by_sector.get(quota.sector_id, []) if e.facts.employer_id not in taken
             and not recently(e.facts)),
            key=lambda e: (-e.score, e.facts.employer_id))
        chosen = candidates[:quota.risk_inspections]
        for rank, entry in enumerate(chosen, start=1):
            select(entry, Basis.RISK, rank=rank)
            taken.add(entry.facts.employer_id)
        quota.cutoff_score = chosen[-1].score if chosen else None
        quota.unfilled = quota.risk_inspections - len(chosen)
    PlanQuota.objects.bulk_update(quotas, ["cutoff_score", "unfilled"])
    Selection.objects.bulk_create(selections, batch_size=1000)

    plan.status, plan.drawn_at, plan.drawn_by, plan.pool, plan.eligible = PlanStatus.DRAWN, now, actor, pool, len(pool)
    plan.save(update_fields=["status", "drawn_at", "drawn_by", "pool", "eligible"])
    record(Action.UPDATE, actor=actor, obj=plan, request=request, drawn=True, eligible=len(pool),
           random=len(drawn), risk=len(selections) - len(drawn),
           draws=[[d.number, d.left, d.employer_id] for d in drawn][:1000])
    return list(plan.selections.select_related("employer", "employer__sector").order_by("order"))


@dataclass
class Opened:
    opened: list[Case]
    skipped: int


@transaction.atomic
def open_cases(plan: InspectionPlan, *, actor: Any, skip: dict[int, str] | None = None,
               request: HttpRequest | None = None, now: datetime | None = None,
               expected_version: int | None = None) -> Opened:
    """In one step: a case for every selection of the plan still pending, except
    those `skip` gives a reason for (selection id → reason), which are recorded
    as skipped. The cases wait in the work queue like any other."""
    claim(plan, plan.version if expected_version is None else expected_version)
    plan.refresh_from_db(fields=["version", "status"])
    if plan.status != PlanStatus.DRAWN:
        raise PlanError(_("Draw the plan before opening its cases."))
    skip = {pk: " ".join(reason.split())[:MAX_REASON] for pk, reason in (skip or {}).items() if reason.strip()}
    pending = list(plan.selections.select_for_update().filter(case__isnull=True, skipped_reason="")
                   .select_related("employer").order_by("order"))
    unknown = set(skip) - {s.pk for s in pending}
    if unknown:
        raise PlanError(_("A selection to skip is not a pending selection of this plan."))
    now = now or timezone.now()
    opened = []
    skipped = 0
    for selection in pending:
        selection.decided_by, selection.decided_at = actor, now
        if selection.pk in skip:
            selection.skipped_reason = skip[selection.pk]
            skipped += 1
            record(Action.UPDATE, actor=actor, obj=plan, request=request, selection=selection.pk,
                   employer=selection.employer_id, skipped=selection.skipped_reason)
        else:
            summary = _("Proactive inspection of the plan %(plan)s: %(basis)s selection, risk score %(score)d.") % {
                "plan": plan.label, "basis": selection.get_basis_display().lower(), "score": selection.score}
            selection.case = open_case_without_report(
                selection.employer, origin=ORIGIN_OF[Basis(selection.basis)], actor=actor, summary=summary,
                risk_score=max(selection.score, 0), now=now, request=request, plan=plan.pk, selection=selection.pk)
            opened.append(selection.case)
        selection.save(update_fields=["case", "skipped_reason", "decided_by", "decided_at"])
    return Opened(opened, skipped)
