"""The 24/48-hour escalation on the staff side: opening one, the board, the
measures and referrals that make it met, and the referral register."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.intake.models import Escalation, Partner, Referral
from sentinelle.intake.tests.test_staff_factories import make_referral, make_report
from sentinelle.test import create_case, create_staff, page_text, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return create_staff("team_lead", region_code="QC", full_name="Louise Lead")


@pytest.fixture
def client(lead) -> Client:
    client = Client()
    sign_in(client, lead)
    return client


def _opened_hours_ago(hours: float, **fields) -> Escalation:
    escalation = make_report("QC", danger_now="yes", **fields).escalations.get()
    opened = timezone.now() - timedelta(hours=hours)
    Escalation.objects.filter(pk=escalation.pk).update(
        opened_at=opened, target_at=opened + Escalation.TARGET, deadline_at=opened + Escalation.DEADLINE)
    escalation.refresh_from_db()
    return escalation


def test_any_reader_of_the_report_may_open_an_escalation():
    investigator = create_staff("investigator", region_code="QC")
    client = Client()
    sign_in(client, investigator)
    report = make_report("QC")
    response = client.post(f"/en/staff/reports/{report.pk}/escalate/", {"escalate-reason": "Worker injured"})
    assert response.status_code == 302
    escalation = report.escalations.get()
    assert escalation.opened_by == investigator and escalation.reason == "Worker injured"
    assert escalation.target_at - escalation.opened_at == timedelta(hours=24)
    assert escalation.deadline_at - escalation.opened_at == timedelta(hours=48)
    assert AuditEvent.objects.filter(action="create", object_type="intake.escalation", actor=investigator).exists()
    # A second one while the first is open is refused, clearly.
    again = client.post(f"/en/staff/reports/{report.pk}/escalate/", {"escalate-reason": "Again"})
    assert again.status_code == 400 and report.escalations.count() == 1
    assert "An escalation is already open for this report." in again.content.decode()


def test_an_escalation_needs_a_reason(client):
    report = make_report("QC")
    response = client.post(f"/en/staff/reports/{report.pk}/escalate/", {"escalate-reason": ""})
    assert response.status_code == 400
    assert not report.escalations.exists()


def test_the_board_orders_by_time_left_and_overdue_ones_cannot_be_missed(client):
    fresh = _opened_hours_ago(1)
    breached = _opened_hours_ago(50)
    overdue = _opened_hours_ago(30)
    html = client.get("/en/staff/reports/escalations/").content.decode()
    order = re.findall(r"Report <span class=\"ref\">(R-\d{4}-[A-Z0-9]{8})</span></a>", html)
    assert order == [breached.report.reference, overdue.report.reference, fresh.report.reference]
    assert "2 escalations are past their 24-hour target" in html
    assert "Breached: the 48-hour deadline has passed" in html
    assert "Overdue: the 24-hour target has passed" in html
    assert "23 h 00 min left" in html or "22 h 59 min left" in html
    assert html.count("notice notice-danger") == 3  # the summary and the two late ones


def test_the_board_is_for_the_leads_region_only(client):
    other = make_report("ON", danger_now="yes").escalations.get()
    html = client.get("/en/staff/reports/escalations/").content.decode()
    assert other.report.reference not in html
    assert client.get(f"/en/staff/reports/escalations/{other.pk}/").status_code == 404


def test_met_only_after_measures_and_a_referral_then_shown_as_met_on_the_board(client, lead):
    escalation = _opened_hours_ago(3, employer_province="QC")
    url = f"/en/staff/reports/escalations/{escalation.pk}/"
    page = client.get(url).content.decode()
    assert "Measures recorded: not yet." in page
    assert "CNESST" in page and "WorkSafeBC" not in page  # Quebec and federal partners only
    assert "Royal Canadian Mounted Police" in page

    response = client.post(url + "measures/", {"measures-measures": "Called the farm; workers moved indoors."})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.measures_recorded_by == lead and not escalation.is_met
    assert "record a referral" in client.get(url).content.decode()

    when = timezone.localtime() - timedelta(minutes=30)
    response = client.post(url + "referrals/", {
        "referral-partner": Partner.objects.get(code="cnesst").pk, "referral-means": "phone",
        "referral-communicated_at": when.strftime("%Y-%m-%dT%H:%M"),
        "referral-what": "Pesticides sprayed on workers in the field.",
    })
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.is_met and escalation.met_at == escalation.measures_recorded_at
    assert escalation.met_within_target()
    assert "The escalation is met" in client.get(url).content.decode()

    board = client.get("/en/staff/reports/escalations/").content.decode()
    assert "No open escalation." in board
    met_section = board.split("Met in the last")[1]
    assert escalation.report.reference in met_section and "<td>Yes</td>" in met_section
    assert AuditEvent.objects.filter(action="create", object_type="intake.referral", actor=lead,
                                     detail__met=True).exists()


def test_a_referral_alone_does_not_meet_it(client, lead):
    escalation = _opened_hours_ago(2)
    make_referral(escalation, lead, timezone.now())
    response = client.post(f"/en/staff/reports/escalations/{escalation.pk}/referrals/", {
        "referral-partner": Partner.objects.get(code="rcmp").pk, "referral-means": "phone",
        "referral-communicated_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "referral-what": "Threats to the workers.",
    })
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert not escalation.is_met and escalation.referrals.count() == 2


def test_a_late_escalation_is_met_late(client, lead):
    escalation = _opened_hours_ago(30)
    make_referral(escalation, lead, timezone.now() - timedelta(hours=1))
    client.post(f"/en/staff/reports/escalations/{escalation.pk}/measures/", {"measures-measures": "Site visit"})
    escalation.refresh_from_db()
    assert escalation.is_met and not escalation.met_within_target() and escalation.met_within_deadline()
    board = client.get("/en/staff/reports/escalations/").content.decode().split("Met in the last")[1]
    assert "<td><strong>No</strong></td>" in board and "<td>Yes</td>" in board


def test_referral_mistakes_are_explained_and_nothing_is_recorded(client):
    escalation = _opened_hours_ago(2, employer_province="QC")
    url = f"/en/staff/reports/escalations/{escalation.pk}/referrals/"
    future = timezone.localtime() + timedelta(days=1)
    response = client.post(url, {
        "referral-partner": Partner.objects.get(code="cnesst").pk, "referral-means": "phone",
        "referral-communicated_at": future.strftime("%Y-%m-%dT%H:%M"), "referral-what": "Unsafe ladder",
    })
    assert response.status_code == 400
    assert "cannot be recorded before it is made" in response.content.decode()
    assert "Unsafe ladder" in response.content.decode()
    # A partner of another province is not offered, and not accepted.
    response = client.post(url, {
        "referral-partner": Partner.objects.get(code="worksafebc").pk, "referral-means": "phone",
        "referral-communicated_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "referral-what": "x",
    })
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_the_reply_is_recorded_later(client, lead):
    escalation = _opened_hours_ago(5)
    referral = make_referral(escalation, lead, timezone.now() - timedelta(hours=4))
    url = f"/en/staff/reports/escalations/{escalation.pk}/referrals/{referral.pk}/"
    assert client.get(url).status_code == 200
    reply_at = timezone.localtime() - timedelta(hours=1)
    response = client.post(url, {"reply": "Inspector sent on site.", "reply_at": reply_at.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.reply == "Inspector sent on site." and referral.reply_at is not None
    too_early = referral.communicated_at - timedelta(hours=1)
    response = client.post(url, {"reply": "x", "reply_at": timezone.localtime(too_early).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 400
    # A referral of another escalation is not reachable through this one.
    other = _opened_hours_ago(1)
    assert client.get(f"/en/staff/reports/escalations/{other.pk}/referrals/{referral.pk}/").status_code == 404


def test_referral_register_filters_by_partner_and_date(client, lead):
    escalation = _opened_hours_ago(40)
    old = make_referral(escalation, lead, timezone.now() - timedelta(days=10), "cnesst")
    recent = make_referral(escalation, lead, timezone.now() - timedelta(hours=1), "rcmp")
    elsewhere = make_referral(make_report("ON", danger_now="yes").escalations.get(), lead, timezone.now(),
                              "on-mol-ohs")

    def shown(query: str = "") -> set[str]:
        html = client.get("/en/staff/reports/referrals/" + query).content.decode()
        found = set()
        for referral in (old, recent, elsewhere):
            if f'<td>{referral.partner.name}</td>' in html:
                found.add(referral.partner.code)
        return found

    assert shown() == {"cnesst", "rcmp"}
    assert shown(f"?partner={Partner.objects.get(code='rcmp').pk}") == {"rcmp"}
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert shown(f"?since={since}") == {"rcmp"}
    assert shown(f"?until={since}") == {"cnesst"}
    assert client.get("/en/staff/reports/referrals/?since=yesterday").status_code == 400


def test_the_navigation_counts_overdue_escalations_for_team_leads(client):
    html = client.get("/en/staff/").content.decode()
    assert ">Escalations</a>" in html
    _opened_hours_ago(30)
    _opened_hours_ago(1)
    assert ">Escalations (1 overdue)</a>" in client.get("/en/staff/").content.decode()


def test_the_case_page_shows_the_escalations_and_referrals_of_its_reports(client, lead):
    escalation = _opened_hours_ago(5)
    report = escalation.report
    case = create_case("QC")
    type(report).objects.filter(pk=report.pk).update(case=case)
    make_referral(escalation, lead, escalation.opened_at + timedelta(hours=2))
    page = client.get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert f"Escalation – {report.reference}" in page_text(page)
    assert "Referral – " in page
    assert "Unsafe pesticide spraying" in page
    # A case with no report shows neither.
    page = client.get(f"/en/staff/cases/{create_case('QC').reference}/").content.decode()
    assert "Escalation – " not in page
    assert "Referral – " not in page
