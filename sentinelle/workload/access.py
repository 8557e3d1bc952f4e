"""How a page reaches an inspection plan: the rules `workload.view_plan` (seen)
and the permission asked, through `lib.access.get_object_for_user`. A plan one
may not see is missing (404), as a plan that does not exist; every refusal is
audited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from sentinelle.accounts.models import Region, RoleCode
from sentinelle.lib.access import get_object_for_user
from sentinelle.workload.models import InspectionPlan

VIEW_PLAN = "workload.view_plan"
MANAGE_PLAN = "workload.manage_plan"


def plans_visible_to(user: Any) -> QuerySet[InspectionPlan]:
    """The plans `user` sees (the rule `workload.view_plan`, as a filter), without their pools."""
    plans = InspectionPlan.objects.select_related("region", "drawn_by").defer("pool")
    if user.has_role(RoleCode.NATIONAL_ANALYST):
        return plans
    return plans.filter(region_id=user.region_id) if user.region_id is not None else plans.none()


def access_plan(user: Any, pk: int, perm: str = VIEW_PLAN, *, request: HttpRequest | None = None) -> InspectionPlan:
    return get_object_for_user(user, perm, InspectionPlan.objects.select_related("region", "drawn_by").defer("pool"),
                               seen_with=VIEW_PLAN, request=request, pk=pk)


def plan_regions(user: Any) -> list[Region | None]:
    """The regions `user` may make a plan for (None: a national plan): those of
    which the rule `workload.manage_plan` lets them manage a plan."""
    candidates: list[Region | None] = [None, *Region.objects.exclude(code=Region.NATIONAL)]
    return [region for region in candidates if user.has_perm(MANAGE_PLAN, InspectionPlan(region=region))]
