"""The caseload page, investigators' capacity (the team lead of their region) and
the sector risk weights (national analysts): validated, audited, and felt in the
queue at once."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import Case, Sector
from sentinelle.test import create_staff, sign_in
from sentinelle.workload import priority
from sentinelle.workload.models import InvestigatorCapacity, SectorWeight

from .factories import investigator, waiting_case

pytestmark = pytest.mark.django_db


def signed_in(*roles: str, region_code: str) -> Client:
    client = Client()
    sign_in(client, create_staff(*roles, region_code=region_code))
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_caseload_page_shows_each_investigator_of_the_region():
    alice = investigator("ON", "Alice Martin", open_cases=3)
    full = investigator("ON", "Chloé Full", open_cases=2)
    InvestigatorCapacity.objects.create(investigator=full, capacity=2)
    investigator("QC", "Québec Investigator", open_cases=1)
    lead = signed_in("team_lead", region_code="ON")

    page = text(lead.get("/en/staff/workload/caseload/"))

    assert "Alice Martin</th>\n    <td>Ontario</td>\n    <td>3</td>\n    <td>40</td>\n    <td>37</td>" in page
    assert "Chloé Full</th>\n    <td>Ontario</td>\n    <td>2</td>\n    <td>2</td>\n    <td>0 (full)</td>" in page
    assert "Québec Investigator" not in page
    assert f"/en/staff/workload/caseload/{alice.pk}/capacity/" in page

    analyst = signed_in("national_analyst", region_code="HQ")
    page = text(analyst.get("/en/staff/workload/caseload/"))
    assert "Alice Martin" in page and "Québec Investigator" in page
    assert "/capacity/" not in page  # analysts do not set capacities
    page = text(analyst.get("/en/staff/workload/caseload/?region=QC"))
    assert "Alice Martin" not in page and "Québec Investigator" in page

    # A team lead who asks for another region in the address still sees their own.
    page = text(lead.get("/en/staff/workload/caseload/?region=QC"))
    assert "Alice Martin" in page and "Québec Investigator" not in page


def test_the_team_lead_sets_the_capacity_of_their_investigators_only():
    alice = investigator("ON", "Alice Martin", open_cases=3)
    quebec = investigator("QC", "Québec Investigator")
    lead = signed_in("team_lead", region_code="ON")
    url = f"/en/staff/workload/caseload/{alice.pk}/capacity/"

    for value, message in [("", "Enter the capacity: a whole number of open cases from 0 to 500."),
                           ("many", "Enter the capacity: a whole number of open cases from 0 to 500."),
                           ("-1", "A capacity cannot be below 0."),
                           ("501", "A capacity cannot be above 500 open cases.")]:
        response = lead.post(url, {"capacity": value})
        assert response.status_code == 400, value
        assert message in text(response), value
    assert not InvestigatorCapacity.objects.exists()

    response = lead.post(url, {"capacity": "25"}, follow=True)
    assert "The capacity of Alice Martin is now 25." in text(response)
    assert InvestigatorCapacity.objects.get(investigator=alice).capacity == 25
    event = AuditEvent.objects.get(object_type="workload.investigatorcapacity")
    assert event.detail == {"setting": "capacity", "investigator": alice.email, "before": 40, "after": 25}
    assert event.region_code == "ON"
    assert "<td>3</td>\n    <td>25</td>\n    <td>22</td>" in text(lead.get("/en/staff/workload/caseload/"))

    assert lead.get(f"/en/staff/workload/caseload/{quebec.pk}/capacity/").status_code == 404
    assert lead.post(f"/en/staff/workload/caseload/{quebec.pk}/capacity/", {"capacity": "1"}).status_code == 404
    not_an_investigator = create_staff("intake_agent", region_code="ON")
    assert lead.get(f"/en/staff/workload/caseload/{not_an_investigator.pk}/capacity/").status_code == 404

    admin = signed_in("administrator", region_code="HQ")
    assert admin.post(f"/en/staff/workload/caseload/{quebec.pk}/capacity/", {"capacity": "30"}).status_code == 302
    assert InvestigatorCapacity.objects.get(investigator=quebec).capacity == 30


def test_national_analysts_set_sector_weights_and_the_queue_follows():
    now = timezone.now()
    case = waiting_case("ON", now=now, risk=40, sector="4841", age=timedelta(hours=1))
    analyst = signed_in("national_analyst", region_code="HQ")
    sectors = list(Sector.objects.order_by("naics_code"))
    current = dict(SectorWeight.objects.values_list("sector__naics_code", "weight"))
    form = {f"weight_{s.naics_code}": current.get(s.naics_code, 0) for s in sectors}

    page = text(analyst.get("/en/staff/workload/sector-weights/"))
    assert 'name="weight_1112" value="20"' in page and 'name="weight_4841" value="0"' in page

    response = analyst.post("/en/staff/workload/sector-weights/",
                            {**form, "weight_4841": "101", "weight_1112": "lots", "weight_2361": "-3"})
    page = text(response)
    assert response.status_code == 400
    assert "A weight cannot be above 100 points." in page
    assert "Enter a weight: a whole number of points from 0 to 100." in page
    assert "A weight cannot be below 0." in page
    assert SectorWeight.objects.get(sector__naics_code="1112").weight == 20

    response = analyst.post("/en/staff/workload/sector-weights/", {**form, "weight_4841": "30"}, follow=True)
    assert "Sector weights saved: 4841." in text(response)
    event = AuditEvent.objects.get(object_type="workload.sectorweight")
    assert event.detail == {"setting": "sector_weight", "sector": "4841", "before": 0, "after": 30}
    assert priority.breakdown_of(Case.objects.get(pk=case.pk), now).total == 70

    response = analyst.post("/en/staff/workload/sector-weights/", {**form, "weight_4841": "30"}, follow=True)
    assert "Nothing changed." in text(response)
    assert AuditEvent.objects.filter(object_type="workload.sectorweight").count() == 1


def test_only_analysts_and_administrators_set_sector_weights():
    for roles, region_code, status in [(("team_lead",), "ON", 403), (("investigator",), "ON", 403),
                                       (("administrator",), "HQ", 200)]:
        assert signed_in(*roles, region_code=region_code).get("/en/staff/workload/sector-weights/").status_code \
            == status, roles
    assert signed_in("investigator", region_code="ON").get("/en/staff/workload/caseload/").status_code == 403
