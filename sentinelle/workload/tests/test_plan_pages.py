"""The pages of inspection plans, as a team lead uses them: a plan is made,
drawn, and its selections turned into cases, within the lead's region only;
the employer page shows the employer's risk score and the rules behind it."""

from __future__ import annotations

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import Case, CaseOrigin, Sector
from sentinelle.test import create_employer, create_staff, sign_in
from sentinelle.workload.models import InspectionPlan, PlanStatus, SectorWeight

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _new_plan(client, sector, **extra):
    data = {"fiscal_year": 2026, "region": "QC", "random_share": 20, "recent_years": 2,
            f"sector_{sector.naics_code}": 5, **extra}
    return client.post("/en/staff/workload/plans/new/", data)


def test_a_team_lead_makes_draws_and_opens_the_cases_of_a_plan():
    lead = create_staff("team_lead", region_code="QC")
    sector = Sector.objects.order_by("naics_code").first()
    SectorWeight.objects.update_or_create(sector=sector, defaults={"weight": 30})
    for n in range(8):
        create_employer("QC", sector=sector, approved_positions=n + 1)
    client = _client(lead)
    form = client.get("/en/staff/workload/plans/new/")
    assert form.status_code == 200 and 'value="20"' in form.content.decode()
    made = _new_plan(client, sector)
    assert made.status_code == 302
    plan = InspectionPlan.objects.get()
    assert plan.region == lead.region and plan.quotas.get().inspections == 5

    assert client.post(f"/en/staff/workload/plans/{plan.pk}/draw/", {"version": plan.version}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAWN and plan.selections.count() == 5
    assert sorted(plan.selections.values_list("basis", flat=True)) == ["random", "risk", "risk", "risk", "risk"]
    page = client.get(f"/en/staff/workload/plans/{plan.pk}/").content.decode()
    assert "Random" in page and "rank 1" in page and "of 8" in page

    skipped = plan.selections.order_by("order").first()
    answer = client.post(f"/en/staff/workload/plans/{plan.pk}/open-cases/",
                         {"version": plan.version, f"skip-{skipped.pk}": "Out of business"})
    assert answer.status_code == 302
    assert Case.objects.filter(origin__in=[CaseOrigin.PROACTIVE_RISK, CaseOrigin.PROACTIVE_RANDOM]).count() == 4
    page = client.get(f"/en/staff/workload/plans/{plan.pk}/").content.decode()
    assert "Skipped: Out of business" in page
    # The cases wait in the work queue.
    queue = client.get("/en/staff/workload/").content.decode()
    assert all(case.reference in queue for case in Case.objects.all())
    assert AuditEvent.objects.filter(object_type__contains="inspectionplan", detail__skipped="Out of business").exists()


def test_a_plan_of_another_region_is_out_of_reach():
    quebec = create_staff("team_lead", region_code="QC")
    sector = Sector.objects.order_by("naics_code").first()
    _new_plan(_client(quebec), sector)
    plan = InspectionPlan.objects.get()
    ontario = _client(create_staff("team_lead", region_code="ON"))
    assert ontario.get(f"/en/staff/workload/plans/{plan.pk}/").status_code == 404
    assert ontario.post(f"/en/staff/workload/plans/{plan.pk}/draw/").status_code == 404
    assert plan.pk and InspectionPlan.objects.get().status == PlanStatus.DRAFT
    assert str(plan) not in ontario.get("/en/staff/workload/plans/").content.decode()
    # A team lead makes plans for their own region only.
    refused = _new_plan(ontario, sector, region="QC", fiscal_year=2027)
    assert refused.status_code == 400
    investigator = _client(create_staff("investigator", region_code="QC"))
    assert investigator.get("/en/staff/workload/plans/").status_code == 403
    # A national analyst sees it.
    analyst = _client(create_staff("national_analyst", region_code="HQ"))
    assert analyst.get(f"/en/staff/workload/plans/{plan.pk}/").status_code == 200


def test_bad_plans_are_refused_with_a_message():
    lead = create_staff("team_lead", region_code="QC")
    sector = Sector.objects.order_by("naics_code").first()
    client = _client(lead)
    none = _new_plan(client, sector, **{f"sector_{sector.naics_code}": 0})
    assert none.status_code == 400 and "at least one sector" in none.content.decode()
    share = _new_plan(client, sector, random_share=120)
    assert share.status_code == 400
    assert _new_plan(client, sector).status_code == 302
    twice = _new_plan(client, sector)
    assert twice.status_code == 400 and "already a plan" in twice.content.decode()
    assert InspectionPlan.objects.count() == 1


def test_the_employer_page_shows_its_risk_score_and_the_rules_behind_it():
    investigator = create_staff("investigator", region_code="QC")
    sector = Sector.objects.order_by("naics_code").first()
    SectorWeight.objects.update_or_create(sector=sector, defaults={"weight": 25})
    employer = create_employer("QC", sector=sector, approved_positions=60)
    page = _client(investigator).get(f"/en/staff/employers/{employer.pk}/").content.decode()
    # Sector weight 25 + at least 50 positions 20 + no inspection in 3 years 15 = 60.
    assert "Employer risk score: 60" in page
    assert "The sector&#x27;s risk weight" in page or "The sector's risk weight" in page
    assert "At least 50 TFW positions approved in the last 24 months" in page
    assert "No inspection in the last 3 years" in page


def test_the_regions_offered_for_a_new_plan_are_those_the_rule_lets_one_manage():
    from sentinelle.accounts.models import Region
    from sentinelle.workload.access import plan_regions

    lead = create_staff("team_lead", region_code="QC")
    analyst = create_staff("national_analyst", region_code="HQ")
    operating = list(Region.objects.exclude(code=Region.NATIONAL))

    assert plan_regions(lead) == [lead.region]
    assert plan_regions(analyst) == [None, *operating]
    page = _client(lead).get("/en/staff/workload/plans/new/").content.decode()
    assert 'value="QC"' in page and 'value="ON"' not in page and 'value="national"' not in page
    page = _client(analyst).get("/en/staff/workload/plans/new/").content.decode()
    assert 'value="national"' in page and 'value="ON"' in page and 'value="HQ"' not in page
