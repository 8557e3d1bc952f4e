"""The settings of an inspection plan (seed 000, priority 2): its fiscal year,
region, random share, what "inspected recently" means, and the inspections of
each sector. One function each, one transaction, one audit event; a drawn plan
no longer changes."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sentinelle.accounts.models import Region
from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Sector
from sentinelle.lib.locking import save_changes
from sentinelle.workload.models import InspectionPlan, PlanQuota, PlanStatus
from sentinelle.workload.selection import PlanError

SETTINGS = ("random_share", "recent_years")


def _set_quotas(plan: InspectionPlan, quotas: dict[Sector, int]) -> dict[str, int]:
    saved = {q.sector_id: q for q in plan.quotas.all()}
    for sector, inspections in quotas.items():
        quota = saved.get(sector.pk)
        if inspections and quota is None:
            PlanQuota.objects.create(plan=plan, sector=sector, inspections=inspections)
        elif inspections and quota is not None and quota.inspections != inspections:
            quota.inspections = inspections
            quota.save(update_fields=["inspections"])
        elif not inspections and quota is not None:
            quota.delete()
    return {sector.naics_code: n for sector, n in quotas.items() if n}


@transaction.atomic
def create_plan(*, fiscal_year: int, region: Region | None, random_share: int, recent_years: int,
                quotas: dict[Sector, int], actor: Any, request: HttpRequest | None = None) -> InspectionPlan:
    if InspectionPlan.objects.filter(fiscal_year=fiscal_year, region=region).exists():
        raise PlanError(_("There is already a plan for this fiscal year and region."))
    try:
        with transaction.atomic():
            plan = InspectionPlan.objects.create(fiscal_year=fiscal_year, region=region, random_share=random_share,
                                                 recent_years=recent_years, created_by=actor)
    except IntegrityError as exc:
        raise PlanError(_("There is already a plan for this fiscal year and region.")) from exc
    sectors = _set_quotas(plan, quotas)
    record(Action.CREATE, actor=actor, obj=plan, request=request, random_share=random_share,
           recent_years=recent_years, quotas=sectors)
    return plan


@transaction.atomic
def change_plan(plan: InspectionPlan, *, random_share: int, recent_years: int, quotas: dict[Sector, int],
                actor: Any, expected_version: int, request: HttpRequest | None = None) -> InspectionPlan:
    """The settings and quotas of a plan not drawn yet (Conflict if somebody saved it meanwhile)."""
    current = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if current.status != PlanStatus.DRAFT:
        raise PlanError(_("This plan is already drawn: its settings no longer change."))
    changed = save_changes(current, {"random_share": random_share, "recent_years": recent_years}, SETTINGS,
                           expected_version=expected_version)
    sectors = _set_quotas(current, quotas)
    record(Action.UPDATE, actor=actor, obj=current, request=request, fields=changed, quotas=sectors)
    return current
