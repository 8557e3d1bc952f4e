"""The work queue page: a team lead sees the waiting cases of their region, by
priority, with the rules of each priority and a suggested investigator; national
analysts see every region; the page costs the same number of queries whatever
its size."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sentinelle.cases.models import CaseStatus
from sentinelle.test import create_staff, sign_in

from .factories import investigator, waiting_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_on() -> Client:
    client = Client()
    sign_in(client, create_staff("team_lead", region_code="ON", full_name="Daniel Lead"))
    return client


def rows(page: str) -> list[str]:
    return re.findall(r'<a href="/en/staff/cases/(C-[^/]+)/">', page)


def test_a_team_lead_sees_the_waiting_cases_of_their_region_by_priority(lead_on):
    now = timezone.now()
    first = waiting_case("ON", now=now, risk=60, escalation="open", sector="1112", age=timedelta(days=12, hours=2))
    second = waiting_case("ON", now=now, risk=90, age=timedelta(days=3))
    third = waiting_case("ON", now=now, risk=20, status=CaseStatus.NEW, age=timedelta(days=1))
    quebec = waiting_case("QC", now=now, risk=100, escalation="open")
    taken = waiting_case("ON", now=now, risk=100, status=CaseStatus.ASSIGNED,
                         assigned_to=investigator("ON"))
    investigator("ON", "Zoé Room", open_cases=1)

    response = lead_on.get("/en/staff/workload/")

    page = response.content.decode()
    assert response.status_code == 200
    assert rows(page) == [first.reference, second.reference, third.reference]
    assert quebec.reference not in page and taken.reference not in page
    assert "risk score 60 + open escalation 50 + sector weight 20 + age 12 days → 142" in page
    assert "risk score 90 + open escalation 0 + sector weight 0 + age 3 days → 93" in page
    assert "risk score 20 + open escalation 0 + sector weight 0 + age 1 day → 21" in page
    assert "Zoé Room" in page  # suggested
    assert 'name="case"' in page and "to assess before assigning" in page


def test_the_case_page_shows_the_priority_of_a_waiting_case_only(lead_on):
    now = timezone.now()
    case = waiting_case("ON", now=now, risk=60, escalation="open", sector="1112", age=timedelta(days=12, hours=2))
    page = lead_on.get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert "Priority in the work queue" in page
    assert "risk score 60 + open escalation 50 + sector weight 20 + age 12 days → 142" in page

    assigned = waiting_case("ON", now=now, risk=60, status=CaseStatus.ASSIGNED, assigned_to=investigator("ON"))
    page = lead_on.get(f"/en/staff/cases/{assigned.reference}/").content.decode()
    assert "Priority in the work queue" not in page


def test_national_analysts_see_every_region_but_assign_nothing():
    now = timezone.now()
    ontario = waiting_case("ON", now=now, risk=10)
    quebec = waiting_case("QC", now=now, risk=50)
    client = Client()
    sign_in(client, create_staff("national_analyst", region_code="HQ"))

    page = client.get("/en/staff/workload/").content.decode()

    assert rows(page) == [quebec.reference, ontario.reference]
    assert 'name="case"' not in page
    assert client.post("/en/staff/workload/assign/", {"case": [quebec.pk]}).status_code == 403
    assert quebec.__class__.objects.get(pk=quebec.pk).assigned_to is None


def test_investigators_do_not_see_the_queue():
    client = Client()
    sign_in(client, create_staff("investigator", region_code="ON"))
    assert client.get("/en/staff/workload/").status_code == 403


def queries_for(client: Client, count: int, *, shown: int) -> int:
    now = timezone.now()
    for n in range(count):
        waiting_case("ON", now=now, risk=n % 100, escalation="open" if n % 7 == 0 else "",
                     sector="1112" if n % 3 else "4841", status=CaseStatus.NEW if n % 5 == 0 else CaseStatus.ASSESSED)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/staff/workload/")
    assert response.status_code == 200
    assert len(rows(response.content.decode())) == shown
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_page(lead_on):
    for n in range(3):
        investigator("ON", f"Investigator {n}", open_cases=n)
    few = queries_for(lead_on, 5, shown=5)
    many = queries_for(lead_on, 45, shown=50)
    assert many == few
