"""Investigators' caseload against their capacity, the suggestion of an
investigator for each case, assignment (one case or a batch) and the two
settings (sector weights, capacities). Every case change goes through
`cases.workflow.move`; every setting change is audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.cases import workflow
from sentinelle.cases.models import OPEN_CASE_STATUSES, Case, CaseStatus, Sector
from sentinelle.lib.locking import Conflict, check_stamp
from sentinelle.workload.models import DEFAULT_CAPACITY, InvestigatorCapacity, SectorWeight

# The courses an investigator must have completed to be given a case (see `courses_needed`).
CASE_MANAGEMENT_COURSE = "case_management_system"
ESCALATION_COURSE = "escalation"


def courses_needed(*, open_escalation: bool) -> tuple[str, ...]:
    """The courses required to take a case: the case management system for every
    case, and the escalation course too while the case has an open escalation
    (health or safety at risk now, measures not yet taken)."""
    if open_escalation:
        return (CASE_MANAGEMENT_COURSE, ESCALATION_COURSE)
    return (CASE_MANAGEMENT_COURSE,)


# Caseload ---------------------------------------------------------------------------


@dataclass
class Load:
    """An investigator's open caseload against their capacity."""

    investigator: User
    caseload: int
    capacity: int

    @property
    def room(self) -> int:
        return self.capacity - self.caseload


def investigators(region_ids: Iterable[int]) -> QuerySet[User]:
    """Active investigators of these regions, each with `open_cases` and `capacity`."""
    return (
        User.objects.filter(is_active=True, region_id__in=list(region_ids), roles__code=RoleCode.INVESTIGATOR)
        .annotate(
            # Counted per investigator through the index on (assigned_to, status):
            # a join with every case ever assigned took 300 ms at national scale.
            open_cases=Coalesce(Subquery(
                Case.objects.filter(assigned_to=OuterRef("pk"), status__in=OPEN_CASE_STATUSES).order_by()
                .values("assigned_to").annotate(n=Count("pk")).values("n")[:1]), Value(0)),
            capacity=Coalesce(F("case_capacity__capacity"), Value(DEFAULT_CAPACITY)),
        )
        .distinct()
        .select_related("region")
        .order_by("region_id", "full_name", "id")
    )


def loads(region_ids: Iterable[int]) -> list[Load]:
    return [Load(user, user.open_cases, user.capacity) for user in investigators(region_ids)]  # type: ignore[attr-defined]


# Suggestions ------------------------------------------------------------------------


@dataclass
class Planner:
    """Suggests, case after case, the trained investigator of the case's region with
    the most room; `take` counts an assignment, so that the next suggestion sees the
    room shrink and a batch spreads over the team."""

    loads: list[Load]
    _trained: dict[tuple[str, ...], set[int]] = field(default_factory=dict)

    @classmethod
    def for_cases(cls, cases: Sequence[Case]) -> Planner:
        return cls(loads({case.region_id for case in cases}))

    def load_of(self, user_id: int) -> Load | None:
        return next((load for load in self.loads if load.investigator.pk == user_id), None)

    def trained(self, courses: tuple[str, ...]) -> set[int]:
        """Who has completed these courses: asked once per set of courses."""
        if courses not in self._trained:
            from sentinelle.training.gate import trained_user_ids

            self._trained[courses] = set(trained_user_ids(courses, [load.investigator.pk for load in self.loads]))
        return self._trained[courses]

    def candidates(self, case: Case, open_escalation: bool) -> list[Load]:
        trained = self.trained(courses_needed(open_escalation=open_escalation))
        return [load for load in self.loads
                if load.investigator.region_id == case.region_id and load.investigator.pk in trained]

    def best_for(self, case: Case, open_escalation: bool) -> Load | None:
        """Most room first; at equal room the smaller caseload, then by name."""
        with_room = [load for load in self.candidates(case, open_escalation) if load.room > 0]
        if not with_room:
            return None
        return min(with_room, key=lambda load: (-load.room, load.caseload, load.investigator.full_name,
                                                load.investigator.pk))

    def take(self, load: Load) -> None:
        load.caseload += 1


def suggestions(cases: Sequence[Case]) -> dict[int, Load | None]:
    """For each case (in the order given: the queue's), the investigator suggested,
    as if the cases before it had been assigned as suggested."""
    planner = Planner.for_cases(cases)
    suggested: dict[int, Load | None] = {}
    for case in cases:
        load = planner.best_for(case, bool(getattr(case, "has_open_escalation", False)))
        # What the team lead reads is the room at that point of the queue.
        suggested[case.pk] = Load(load.investigator, load.caseload, load.capacity) if load else None
        if load is not None and case.status == CaseStatus.ASSESSED:
            planner.take(load)
    return suggested


# Assignment -------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What became of one case of a batch."""

    case: Case
    investigator: User | None
    message: str

    @property
    def assigned(self) -> bool:
        return self.investigator is not None


def assign_batch(cases: Sequence[Case], *, actor: User, versions: dict[int, int],
                 investigator: User | None = None) -> list[Result]:
    """Assign each case (in the order given: highest priority first) to `investigator`,
    or, without one, to the investigator suggested at that moment. Each case is
    assigned in a transaction of its own; the result says, case by case, to whom,
    or why not. `versions` holds the version of each case the team lead saw."""
    planner = Planner.for_cases(cases)
    results = []
    for case in cases:
        open_escalation = bool(getattr(case, "has_open_escalation", False))
        load, refusal = _choose(planner, case, open_escalation, investigator)
        if load is None:
            results.append(Result(case, None, refusal))
            continue
        try:
            workflow.move(case, "assign", actor=actor, investigator=load.investigator,
                          expected_version=versions.get(case.pk, case.version))
        except Conflict:
            results.append(Result(case, None, _(
                "Case %(reference)s was not assigned: somebody else changed it since you opened the queue. "
                "Look at it again in the queue.") % {"reference": case.reference}))
            continue
        except workflow.CaseError as error:
            results.append(Result(case, None, _("Case %(reference)s was not assigned: %(reason)s")
                                  % {"reference": case.reference, "reason": error.message}))
            continue
        planner.take(load)
        results.append(Result(case, load.investigator, _(
            "Case %(reference)s assigned to %(name)s (caseload now %(caseload)s of %(capacity)s).")
            % {"reference": case.reference, "name": load.investigator.full_name,
               "caseload": load.caseload, "capacity": load.capacity}))
    return results


def _choose(planner: Planner, case: Case, open_escalation: bool,
            chosen: User | None) -> tuple[Load | None, str]:
    """The investigator for this case, or None and why not, in words."""
    reference = case.reference
    if case.status == CaseStatus.NEW:
        return None, _("Case %(reference)s was not assigned: it is new and must be assessed first.") % {
            "reference": reference}
    if case.status != CaseStatus.ASSESSED or case.assigned_to_id is not None:
        return None, _("Case %(reference)s was not assigned: it is no longer waiting for an investigator.") % {
            "reference": reference}
    if chosen is None:
        load = planner.best_for(case, open_escalation)
        if load is None:
            return None, _("Case %(reference)s was not assigned: no trained investigator of its region "
                           "has room left.") % {"reference": reference}
        return load, ""
    load = planner.load_of(chosen.pk)
    name = chosen.full_name
    if load is None or load.investigator.region_id != case.region_id:
        return None, _("Case %(reference)s was not assigned: %(name)s is not an investigator of the "
                       "case's region.") % {"reference": reference, "name": name}
    if chosen.pk not in planner.trained(courses_needed(open_escalation=open_escalation)):
        return None, _("Case %(reference)s was not assigned: %(name)s has not completed the training "
                       "this case requires.") % {"reference": reference, "name": name}
    if load.room <= 0:
        return None, _("Case %(reference)s was not assigned: %(name)s has no room left "
                       "(caseload %(caseload)s of %(capacity)s).") % {
            "reference": reference, "name": name, "caseload": load.caseload, "capacity": load.capacity}
    return load, ""


# Settings ---------------------------------------------------------------------------


def saved_weights() -> dict[int, Any]:
    """The sector weights as saved, by sector."""
    return dict(SectorWeight.objects.values_list("sector_id", "weight"))


def saved_capacity(investigator: User) -> list[int]:
    """The capacity as saved (none: the default)."""
    return list(InvestigatorCapacity.objects.filter(investigator=investigator).values_list("capacity", flat=True))


@transaction.atomic
def set_sector_weights(weights: dict[Sector, int], *, actor: User, stamp: str | None = None,
                       request: Any = None) -> list[str]:
    """Save the weights that changed, one audit event each, if the weights are
    still those the page showed (`stamp`; else `Conflict`, and nothing is
    written); the NAICS codes changed."""
    check_stamp("sector_weights", stamp, saved_weights)
    current = {w.sector_id: w for w in SectorWeight.objects.filter(sector__in=list(weights))}
    changed = []
    now = timezone.now()
    for sector, weight in weights.items():
        existing = current.get(sector.pk)
        before = existing.weight if existing else 0
        if before == weight:
            continue
        row = existing or SectorWeight(sector=sector)
        row.weight, row.updated_at, row.updated_by = weight, now, actor
        row.save()
        record(Action.UPDATE, actor=actor, obj=row, request=request, setting="sector_weight",
               sector=sector.naics_code, before=before, after=weight)
        changed.append(sector.naics_code)
    return changed


@transaction.atomic
def set_capacity(investigator: User, capacity: int, *, actor: User, stamp: str | None = None,
                 request: Any = None) -> bool:
    """Set an investigator's capacity (audited), if it is still the one the page
    showed (`stamp`; else `Conflict`); False when it was already that."""
    check_stamp(f"capacity:{investigator.pk}", stamp, lambda: saved_capacity(investigator))
    row = InvestigatorCapacity.objects.select_for_update().filter(investigator=investigator).first()
    before = row.capacity if row else DEFAULT_CAPACITY
    if before == capacity:
        return False
    row = row or InvestigatorCapacity(investigator=investigator)
    row.capacity, row.updated_at, row.updated_by = capacity, timezone.now(), actor
    row.save()
    record(Action.UPDATE, actor=actor, obj=row, request=request, setting="capacity",
           investigator=investigator.email, before=before, after=capacity)
    return True
