"""Demo data of proactive inspections: the register's figures for risk selection
(TFW positions approved in the last 24 months, first approval), and for the
current fiscal year a drawn inspection plan in each region that has a team
lead, through the real draw; with `with_cases`, its selections turned into
cases (one skipped, with its reason), else left for the team leads to open
(the national dataset keeps exactly the cases it was asked for). Running it
again adds nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import RoleCode, User
from sentinelle.cases.models import Employer
from sentinelle.dashboard.periods import fiscal_year_of
from sentinelle.workload.models import (
    DEFAULT_RANDOM_SHARE,
    DEFAULT_RECENT_YEARS,
    InspectionPlan,
    SectorWeight,
)
from sentinelle.workload.plans import create_plan
from sentinelle.workload.selection import PlanError, draw_inspections, open_cases

SEED = 2026
# Inspections of each region's plan, in its three riskiest sectors.
QUOTAS = (8, 5, 3)


def _register_figures(today: date) -> int:
    """Figures for the employers that have none yet; how many were given some."""
    rng = random.Random(SEED)  # noqa: S311 (demo data: the same seed gives the same figures)
    employers = list(Employer.objects.filter(approved_positions=0, first_approved_on__isnull=True).order_by("pk"))
    for employer in employers:
        # Most employers of the register hire a few workers; some many; a tenth none lately.
        employer.approved_positions = rng.choice([0, 1, 2, 3, 4, 6, 8, 12, 20, 35, 60])
        employer.first_approved_on = today - timedelta(days=rng.randint(90, 365 * 15))
    Employer.objects.bulk_update(employers, ["approved_positions", "first_approved_on"], batch_size=5000)
    return len(employers)


@transaction.atomic
def seed_demo_inspections(today: date | None = None, *, with_cases: bool = True) -> int:
    """The register's figures and the plans of the current year; how many plans were drawn."""
    today = today or timezone.localdate()
    _register_figures(today)
    year = fiscal_year_of(today)
    leads = User.objects.filter(roles__code=RoleCode.TEAM_LEAD, is_active=True).exclude(region__code="HQ")
    weights = list(SectorWeight.objects.order_by("-weight", "sector__naics_code").select_related("sector")[:3])
    if not weights:
        return 0
    quotas = {weight.sector: inspections for weight, inspections in zip(weights, QUOTAS, strict=False)}
    drawn = 0
    for lead in leads.select_related("region").order_by("region__code", "pk"):
        try:
            plan = create_plan(fiscal_year=year, region=lead.region, random_share=DEFAULT_RANDOM_SHARE,
                               recent_years=DEFAULT_RECENT_YEARS, quotas=quotas, actor=lead)
        except PlanError:  # this year's plan of the region is there already
            continue
        selections = draw_inspections(plan, actor=lead)
        if selections and with_cases:
            open_cases(InspectionPlan.objects.get(pk=plan.pk), actor=lead,
                       skip={selections[-1].pk: "Seasonal business: no worker on site until May."})
        drawn += 1
    return drawn
