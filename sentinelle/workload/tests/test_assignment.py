"""Assignment from the queue: the suggested investigator is the trained one of the
case's region with the most room; a batch spreads the cases as the room shrinks
and reports what became of each case; a team lead never reaches another region."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import User
from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import OPEN_CASE_STATUSES, Case, CaseStatus, CaseTransition
from sentinelle.test import create_staff, sign_in
from sentinelle.workload.models import InvestigatorCapacity

from .factories import investigator, waiting_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead() -> User:
    return create_staff("team_lead", region_code="ON", full_name="Daniel Lead")


@pytest.fixture
def client(lead: User) -> Client:
    client = Client()
    sign_in(client, lead)
    return client


def open_cases(user: User) -> int:
    return Case.objects.filter(assigned_to=user, status__in=OPEN_CASE_STATUSES).count()


def assign(client: Client, cases: list[Case], **data) -> str:
    payload = {"case": [case.pk for case in cases], "how": "suggested",
               **{f"version-{case.pk}": case.version for case in cases}, **data}
    response = client.post("/en/staff/workload/assign/", payload, follow=True)
    assert response.redirect_chain[-1][0] == "/en/staff/workload/", response.status_code
    return html.unescape(response.content.decode())


def suggested_in_row(page: str, case: Case) -> str:
    row = page[page.index(f'value="{case.pk}" id="case-{case.pk}"'):]
    row = row[:row.index("</tr>")]
    return html.unescape(row)


def test_a_batch_spreads_the_cases_over_the_investigators_with_room(client):
    now = timezone.now()
    alice = investigator("ON", "Alice Martin", open_cases=2)
    bruno = investigator("ON", "Bruno Tremblay", open_cases=0)
    chloe = investigator("ON", "Chloé Full", open_cases=3)
    InvestigatorCapacity.objects.create(investigator=chloe, capacity=3)
    denis = investigator("ON", "Denis Untrained", courses=())
    investigator("QC", "Québec Investigator")
    cases = [waiting_case("ON", now=now, risk=90 - 10 * n, escalation="open" if n == 0 else "") for n in range(4)]

    queue = html.unescape(Client.get(client, "/en/staff/workload/").content.decode())
    # As if assigned one after the other: Bruno (40 of room), Bruno (39), then Alice
    # and Bruno at 38 each: Alice by name, then Bruno.
    assert ["Bruno Tremblay" in suggested_in_row(queue, cases[0]), "Bruno Tremblay" in suggested_in_row(queue, cases[1]),
            "Alice Martin" in suggested_in_row(queue, cases[2]), "Bruno Tremblay" in suggested_in_row(queue, cases[3])] \
        == [True] * 4

    page = assign(client, cases)

    assert (open_cases(alice), open_cases(bruno), open_cases(chloe), open_cases(denis)) == (3, 3, 3, 0)
    assert [Case.objects.get(pk=case.pk).assigned_to for case in cases] == [bruno, bruno, alice, bruno]
    assert "Cases assigned: 4 of 4." in page
    assert f"Case {cases[0].reference} assigned to Bruno Tremblay (caseload now 1 of 40)." in page
    assert f"Case {cases[2].reference} assigned to Alice Martin (caseload now 3 of 40)." in page
    assert f"Case {cases[3].reference} assigned to Bruno Tremblay (caseload now 3 of 40)." in page
    # Through the life cycle: a transition and an audit event per case.
    assert CaseTransition.objects.filter(case__in=cases, target=CaseStatus.ASSIGNED).count() == 4
    assert AuditEvent.objects.filter(action="update", object_type="cases.case", detail__step="assign").count() == 4


def test_nobody_without_room_or_training_is_suggested(client):
    now = timezone.now()
    full = investigator("ON", "Chloé Full", open_cases=2)
    InvestigatorCapacity.objects.create(investigator=full, capacity=2)
    investigator("ON", "Denis Untrained", courses=())
    case = waiting_case("ON", now=now, risk=50)

    queue = html.unescape(client.get("/en/staff/workload/").content.decode())
    assert "Nobody: no trained investigator of the region has room left" in suggested_in_row(queue, case)

    page = assign(client, [case])
    assert f"Case {case.reference} was not assigned: no trained investigator of its region has room left." in page
    assert "Cases assigned:" not in page
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ASSESSED


def test_a_case_with_an_open_escalation_needs_the_escalation_course(client):
    now = timezone.now()
    investigator("ON", "Eve Newcomer", courses=("case_management_system",))
    veteran = investigator("ON", "Victor Veteran", open_cases=10)
    urgent = waiting_case("ON", now=now, risk=10, escalation="open")
    plain = waiting_case("ON", now=now, risk=5)

    queue = html.unescape(client.get("/en/staff/workload/").content.decode())
    assert "Victor Veteran" in suggested_in_row(queue, urgent)
    assert "Eve Newcomer" in suggested_in_row(queue, plain)

    assign(client, [urgent])
    assert Case.objects.get(pk=urgent.pk).assigned_to == veteran


def test_new_stale_and_assigned_cases_are_reported_case_by_case(client):
    now = timezone.now()
    alice = investigator("ON", "Alice Martin")
    fresh = waiting_case("ON", now=now, risk=80, status=CaseStatus.NEW)
    stale = waiting_case("ON", now=now, risk=70)
    fine = waiting_case("ON", now=now, risk=60)
    seen_version = stale.version
    Case.objects.filter(pk=stale.pk).update(summary="Changed by a colleague.", version=seen_version + 1)

    page = assign(client, [fresh, stale, fine])

    assert f"Case {fresh.reference} was not assigned: it is new and must be assessed first." in page
    assert (f"Case {stale.reference} was not assigned: somebody else changed it since you opened the queue."
            in page)
    assert f"Case {fine.reference} assigned to Alice Martin (caseload now 1 of 40)." in page
    assert "Cases assigned: 1 of 3." in page
    assert list(Case.objects.filter(assigned_to=alice)) == [fine]

    # Assigned meanwhile: no longer waiting.
    page = assign(client, [fine])
    assert f"Case {fine.reference} was not assigned: it is no longer waiting for an investigator." in page


def test_one_case_with_its_own_button(client):
    now = timezone.now()
    bruno = investigator("ON", "Bruno Tremblay")
    first, second = waiting_case("ON", now=now, risk=80), waiting_case("ON", now=now, risk=70)
    queue = client.get("/en/staff/workload/").content.decode()
    assert f'name="only" value="{second.pk}"' in queue

    response = client.post("/en/staff/workload/assign/", {
        "only": second.pk, "case": [first.pk], f"version-{second.pk}": second.version,
        f"version-{first.pk}": first.version, "how": "chosen"}, follow=True)

    assert Case.objects.get(pk=second.pk).assigned_to == bruno
    assert Case.objects.get(pk=first.pk).assigned_to is None
    assert f"Case {second.reference} assigned to Bruno Tremblay" in response.content.decode()


def test_a_chosen_investigator_must_have_room_and_training(client):
    now = timezone.now()
    full = investigator("ON", "Chloé Full", open_cases=1)
    InvestigatorCapacity.objects.create(investigator=full, capacity=1)
    untrained = investigator("ON", "Denis Untrained", courses=())
    alice = investigator("ON", "Alice Martin", open_cases=5)
    quebec = investigator("QC", "Québec Investigator")
    case = waiting_case("ON", now=now, risk=50)

    page = assign(client, [case], how="chosen", investigator=full.pk)
    assert (f"Case {case.reference} was not assigned: Chloé Full has no room left "
            "(caseload 1 of 1).") in page
    page = assign(client, [case], how="chosen", investigator=untrained.pk)
    assert (f"Case {case.reference} was not assigned: Denis Untrained has not completed the training "
            "this case requires.") in page
    # Another region's investigator is not even offered.
    response = client.post("/en/staff/workload/assign/", {"case": [case.pk], "how": "chosen",
                                                          "investigator": quebec.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Case.objects.get(pk=case.pk).assigned_to is None

    page = assign(client, [case], how="chosen", investigator=alice.pk)
    assert f"Case {case.reference} assigned to Alice Martin (caseload now 6 of 40)." in page


def test_mistakes_in_the_form_are_explained(client):
    case = waiting_case("ON", now=timezone.now(), risk=50)
    investigator("ON")

    response = client.post("/en/staff/workload/assign/", {"how": "suggested"})
    assert response.status_code == 400
    assert "Tick at least one case to assign." in response.content.decode()

    response = client.post("/en/staff/workload/assign/", {"case": [case.pk], "how": "chosen"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the investigator to assign the cases to." in page
    assert f'value="{case.pk}" id="case-{case.pk}" checked' in page  # the ticks are kept
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_a_team_lead_never_reaches_another_regions_case(client):
    now = timezone.now()
    investigator("ON")
    investigator("QC")
    ours = waiting_case("ON", now=now, risk=10)
    theirs = waiting_case("QC", now=now, risk=99)

    assert theirs.reference not in client.get("/en/staff/workload/").content.decode()
    for payload in ({"case": [ours.pk, theirs.pk], "how": "suggested"}, {"only": theirs.pk},
                    {"case": ["999999"]}, {"case": ["abc"]}):
        assert client.post("/en/staff/workload/assign/", payload).status_code == 404

    assert Case.objects.filter(assigned_to__isnull=False).count() == 0  # nothing half-done
    assert client.get("/en/staff/workload/assign/").status_code == 405


def test_assigning_another_regions_case_is_refused_as_missing_and_audited(client, lead):
    now = timezone.now()
    investigator("QC")
    theirs = waiting_case("QC", now=now, risk=99)
    assert client.post("/en/staff/workload/assign/", {"only": theirs.pk}).status_code == 404
    [denial] = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED)
    assert denial.actor_id == lead.pk and denial.object_id == str(theirs.pk)
    assert denial.detail["permission"] == "workload.assign_case"
    assert Case.objects.get(pk=theirs.pk).assigned_to is None
