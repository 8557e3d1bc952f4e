"""Who may see and do what on the staff pages of the tip line."""

from __future__ import annotations

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.intake.models import Report, ReportStatus
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_a_team_lead_cannot_open_a_report_of_another_region_and_the_attempt_is_recorded(personas):
    report = make_report("QC")
    client = _client(personas.team_lead_on)
    assert client.get(f"/en/staff/reports/{report.pk}/").status_code == 404
    denied = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_DENIED, object_id=str(report.pk))
    assert denied.actor == personas.team_lead_on
    assert denied.detail["permission"] == "intake.view_report"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_id=str(report.pk)).exists()


def test_a_team_lead_of_the_region_sees_the_report_and_the_view_is_recorded(personas):
    report = make_report("ON")
    response = _client(personas.team_lead_on).get(f"/en/staff/reports/{report.pk}/")
    assert response.status_code == 200
    assert report.reference in response.content.decode()
    view = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_id=str(report.pk))
    assert view.actor == personas.team_lead_on and view.object_type == "intake.report"


def test_national_headquarters_reaches_every_region():
    lead_hq = create_staff("team_lead", region_code="HQ")
    reports = [make_report(code) for code in ("QC", "ON", "ATL")]
    client = _client(lead_hq)
    for report in reports:
        assert client.get(f"/en/staff/reports/{report.pk}/").status_code == 200
    html = client.get("/en/staff/reports/").content.decode()
    assert all(report.reference in html for report in reports)


def test_an_investigator_may_read_a_report_of_their_region_but_not_triage_it(personas):
    report = make_report("QC")
    employer = create_employer("QC")
    client = _client(personas.investigator_qc)
    page = client.get(f"/en/staff/reports/{report.pk}/")
    assert page.status_code == 200
    assert "Step 1" not in page.content.decode()  # no triage actions offered

    assert client.post(f"/en/staff/reports/{report.pk}/match/", {"match-employer": employer.pk}).status_code == 403
    assert client.post(f"/en/staff/reports/{report.pk}/open-case/").status_code == 403
    assert client.post(f"/en/staff/reports/{report.pk}/close/", {"close-reason": "not_enough"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and report.employer is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED,
                                     detail__permission="intake.triage_report").count() == 3
    # Nor record a report or see the escalation board.
    assert client.get("/en/staff/reports/new/").status_code == 403
    assert client.get("/en/staff/reports/escalations/").status_code == 403


def test_an_investigator_of_another_region_gets_not_found(personas):
    report = make_report("ON")
    assert _client(personas.investigator_qc).get(f"/en/staff/reports/{report.pk}/").status_code == 404


def test_an_intake_agent_triages_but_does_not_manage_escalations():
    agent = create_staff("intake_agent", region_code="QC")
    report = make_report("QC", danger_now="yes")
    client = _client(agent)
    html = client.get(f"/en/staff/reports/{report.pk}/").content.decode()
    assert "Step 1" in html
    escalation = report.escalations.get()
    assert client.get(f"/en/staff/reports/escalations/{escalation.pk}/").status_code == 403
    assert client.get("/en/staff/reports/referrals/").status_code == 403


@pytest.mark.parametrize("path", ["/en/staff/reports/", "/en/staff/reports/new/", "/en/staff/reports/escalations/",
                                  "/en/staff/reports/referrals/"])
def test_an_outsider_is_refused_everywhere(personas, path):
    assert _client(personas.outsider).get(path).status_code == 403


def test_an_outsider_cannot_reach_a_report_even_of_their_region(personas):
    report = make_report("ON")
    client = _client(personas.outsider)
    assert client.get(f"/en/staff/reports/{report.pk}/").status_code == 403
    assert client.post(f"/en/staff/reports/{report.pk}/message/", {"message-body": "Hi"}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in():
    report = make_report("QC")
    for path in (f"/en/staff/reports/{report.pk}/", f"/en/staff/reports/{report.pk}/open-case/"):
        response = Client().post(path) if path.endswith("open-case/") else Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")


def test_staff_never_see_a_contact_detail_the_worker_did_not_give(personas):
    anonymous = make_report("ON", contact_name="Juan Pérez", contact_phone="514-555-0199")
    named = make_report("ON", anonymous=False, contact_name="Maria Santos", contact_phone="438-555-0111",
                        contact_method="whatsapp")
    client = _client(personas.team_lead_on)
    html = client.get(f"/en/staff/reports/{anonymous.pk}/").content.decode()
    assert "Anonymous" in html
    assert "Juan" not in html and "514-555-0199" not in html
    html = client.get(f"/en/staff/reports/{named.pk}/").content.decode()
    assert "Maria Santos" in html and "438-555-0111" in html and "WhatsApp" in html
    assert "Anonymous:" not in html
    assert Report.objects.get(pk=anonymous.pk).contact_name == ""


@pytest.mark.parametrize("path", ["", "message/", "escalate/", "match/", "new-employer/", "open-case/", "join-case/",
                                  "close/"])
def test_each_refused_report_access_leaves_one_audit_entry(personas, path):
    """A team lead of another region, on a report's page or any of its actions:
    404 (as a missing report), one refusal in the audit log, and nothing done."""
    report = make_report("QC")
    client = _client(personas.team_lead_on)
    url = f"/en/staff/reports/{report.pk}/{path}"
    response = client.post(url) if path else client.get(url)
    assert response.status_code == 404
    denied = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED, object_id=str(report.pk))
    assert denied.count() == 1
    assert denied.get().actor == personas.team_lead_on
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RECEIVED
    assert not report.escalations.exists() and not report.messages.exists()


def test_a_report_readable_but_not_to_triage_is_refused_once_with_403(personas):
    report = make_report("QC")
    client = _client(personas.investigator_qc)
    assert client.post(f"/en/staff/reports/{report.pk}/join-case/").status_code == 403
    denied = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_DENIED, actor=personas.investigator_qc)
    assert denied.detail["permission"] == "intake.triage_report"
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RECEIVED
