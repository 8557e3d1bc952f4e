"""The demo has a drawn inspection plan of the current fiscal year, whose
selections became cases that wait in the work queue, and made once only."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from sentinelle.cases.models import Case, CaseOrigin, Employer
from sentinelle.dashboard.periods import fiscal_year_of
from sentinelle.workload.models import InspectionPlan, PlanStatus, Selection

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_drawn_plan_of_the_current_year_with_its_cases(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", employers=150, reports=0, seed=3)
    year = fiscal_year_of(timezone.localdate())
    plans = InspectionPlan.objects.filter(fiscal_year=year, status=PlanStatus.DRAWN)
    assert plans.exists()
    assert Employer.objects.filter(approved_positions__gt=0).count() > 100
    selections = Selection.objects.filter(plan__in=plans)
    assert {s.basis for s in selections} == {"risk", "random"}
    assert selections.filter(case__isnull=False).exists()
    assert selections.exclude(skipped_reason="").count() == plans.count()
    proactive = Case.objects.filter(origin__in=[CaseOrigin.PROACTIVE_RISK, CaseOrigin.PROACTIVE_RANDOM])
    assert proactive.count() == selections.filter(case__isnull=False).count()

    call_command("seed_demo", employers=150, reports=0, seed=3, once=True)
    assert Selection.objects.count() == selections.count()
