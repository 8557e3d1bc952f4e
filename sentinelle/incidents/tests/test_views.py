"""The incident pages: privacy officers only; an incident recorded through the
three-section form with its measures; every change in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.incidents.models import Incident, Notice, NoticeKind, RegisterEntry
from sentinelle.incidents.notices import generate_notice
from sentinelle.test import create_staff, sign_in

from .factories import complete_incident

pytestmark = pytest.mark.django_db


def paths(incident: Incident, notice: Notice) -> list[str]:
    base = f"/en/staff/incidents/{incident.pk}"
    return ["/en/staff/incidents/", "/en/staff/incidents/new/", "/en/staff/incidents/register/",
            "/en/staff/incidents/register/export.csv", "/en/staff/incidents/register/export.xlsx",
            f"{base}/", f"{base}/edit/", f"{base}/notices/commission/new/", f"{base}/notices/{notice.pk}/pdf/"]


@pytest.mark.parametrize("role", ["investigator", "team_lead", "national_analyst", "administrator",
                                  "intake_agent", "qc_reviewer"])
def test_other_roles_are_refused(personas, role):
    from datetime import date

    incident = complete_incident(personas.privacy_officer)
    notice = generate_notice(incident, NoticeKind.COMMISSION, language="en", given_on=date(2026, 3, 6),
                             actor=personas.privacy_officer)
    entries = RegisterEntry.objects.count()
    client = Client()
    sign_in(client, create_staff(role, region_code="HQ"))
    for path in paths(incident, notice):
        assert client.get(path).status_code in {403, 404}, path
    for path in (f"/en/staff/incidents/{incident.pk}/conclusion/", f"/en/staff/incidents/{incident.pk}/register/"):
        assert client.post(path, {"serious_harm": "no", "reason": "x"}).status_code in {403, 404}, path
    incident.refresh_from_db()
    assert incident.serious_harm is True and RegisterEntry.objects.count() == entries
    assert AuditEvent.objects.filter(action="permission_denied", detail__permission__startswith="incidents.").exists()
    assert not AuditEvent.objects.filter(action="download").exists()


def test_anonymous_visitors_are_sent_to_sign_in(personas):
    incident = complete_incident(personas.privacy_officer)
    response = Client().get(f"/en/staff/incidents/{incident.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


def test_the_officer_sees_every_page(personas):
    from datetime import date

    incident = complete_incident(personas.privacy_officer)
    notice = generate_notice(incident, NoticeKind.COMMISSION, language="en", given_on=date(2026, 3, 6),
                             actor=personas.privacy_officer)
    client = Client()
    sign_in(client, personas.privacy_officer)
    for path in paths(incident, notice):
        assert client.get(path).status_code == 200, path
    assert AuditEvent.objects.filter(action="view", object_id=str(incident.pk)).exists()


def test_an_incident_recorded_through_the_three_sections(personas):
    client = Client()
    sign_in(client, personas.privacy_officer)
    data = {
        "title": "Laptop stolen from a car", "circumstances": "An inspector's laptop was stolen from a car.",
        "information_concerned": "Interview notes: names, phone numbers, employers.",
        "occurred_on": "2026-05-10", "learned_on": "2026-05-11", "persons_concerned": "17",
        "persons_in_quebec": "17", "discovered_how": "The inspector reported it.",
        "notification_measures": "Letters by post.", "suggested_measures": "Be wary of calls claiming to be us.",
        "sensitivity": "2", "malicious_use": "3", "consequences": "2", "probability": "2",
        "harm_explanation": "Workers could be identified by their employer.",
        "body_name": "Sentinelle", "contact_name": "Isabelle Privacy", "contact_email": "prp@sentinelle.example",
        "measures-TOTAL_FORMS": "2", "measures-INITIAL_FORMS": "0", "measures-MIN_NUM_FORMS": "0",
        "measures-MAX_NUM_FORMS": "1000",
        "measures-0-kind": "reduce", "measures-0-description": "Remote wipe of the laptop.",
        "measures-0-responsible_unit": "IT security", "measures-0-planned_on": "2026-05-11",
        "measures-0-done_on": "2026-05-11",
        "measures-1-kind": "reduce",  # a blank extra row, as the browser sends it
    }
    response = client.post("/en/staff/incidents/new/", data, follow=True)
    incident = Incident.objects.get()
    assert f"Incident {incident.reference} recorded." in response.content.decode()
    assert (incident.persons_concerned, incident.probability, incident.grid_conclusion) == (17, 2, True)
    assert incident.created_by == personas.privacy_officer
    measure = incident.measures.get()
    assert (measure.responsible_unit, str(measure.done_on)) == ("IT security", "2026-05-11")
    event = AuditEvent.objects.get(action="create", object_type="incidents.incident")
    assert "measures" in event.detail["fields"] and "title" in event.detail["fields"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": ""}, "title", "This field is required."),
    ({"learned_on": "2026-05-01"}, "learned_on", "The body cannot have learned of the incident before it happened."),
    ({"occurred_until": "2026-05-09"}, "occurred_until", "The end of the period is before its start."),
    ({"persons_in_quebec": "30"}, "persons_in_quebec", "There cannot be more persons in Quebec than persons concerned."),
    ({"occurred_on": "2999-01-01", "learned_on": ""}, "occurred_on", "This date is in the future."),
    ({"sensitivity": "7"}, "sensitivity", "Select a valid choice."),
])
def test_bad_input_is_explained(personas, changes, field, message):
    client = Client()
    sign_in(client, personas.privacy_officer)
    data = {"title": "Laptop", "circumstances": "Stolen.", "occurred_on": "2026-05-10", "learned_on": "2026-05-11",
            "persons_concerned": "17", "persons_in_quebec": "12", "body_name": "Sentinelle",
            "measures-TOTAL_FORMS": "0", "measures-INITIAL_FORMS": "0", **changes}
    response = client.post("/en/staff/incidents/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Incident.objects.exists()


def test_a_changed_incident_corrects_its_register_entry(personas):
    from sentinelle.incidents.register import record_entry

    from .factories import edit_data

    incident = complete_incident(personas.privacy_officer)
    first = record_entry(incident, actor=personas.privacy_officer)
    client = Client()
    sign_in(client, personas.privacy_officer)
    data = edit_data(client, incident)
    data["persons_concerned"] = "44"
    response = client.post(f"/en/staff/incidents/{incident.pk}/edit/", data, follow=True)
    assert f"Incident {incident.reference} saved." in response.content.decode()
    latest = RegisterEntry.objects.current().get(incident=incident)
    assert latest.corrects == first and latest.persons_concerned == 44
    assert "persons_concerned" in latest.correction_reason
    event = AuditEvent.objects.filter(action="update", object_id=str(incident.pk)).latest("id")
    assert event.detail["fields"] == ["persons_concerned"]


def test_the_register_button_names_what_is_missing(personas):
    incident = complete_incident(personas.privacy_officer, learned_on=None)
    client = Client()
    sign_in(client, personas.privacy_officer)
    page = client.get(f"/en/staff/incidents/{incident.pk}/").content.decode()
    assert "Before this incident can be recorded in the register, these fields (art. 7) are needed:" in page
    assert "<li>Date the body learned of the incident</li>" in page
    response = client.post(f"/en/staff/incidents/{incident.pk}/register/", {"reason": ""})
    assert response.status_code == 400
    assert "(art. 7) are missing: Date the body learned of the incident." in response.content.decode()
