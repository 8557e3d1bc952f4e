"""Triage: match the report to an employer of the register, then open a case,
join an open case of that employer, or close the report with a reason."""

from __future__ import annotations

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import Case, CaseStatus, Employer, Sector
from sentinelle.intake import triage
from sentinelle.intake.models import Allegation, ClosingReason, ExclusionRule, Report, ReportStatus
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.lib.references import new_reference
from sentinelle.test import create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return create_staff("team_lead", region_code="QC", full_name="Louise Lead")


@pytest.fixture
def client(lead) -> Client:
    client = Client()
    sign_in(client, lead)
    return client


def _url(report: Report, action: str = "") -> str:
    return f"/en/staff/reports/{report.pk}/{action + '/' if action else ''}"


def _register() -> dict[str, Employer]:
    return {
        "right": create_employer("QC", legal_name="9123-4567 Québec inc.", operating_name="Les Serres Lachance",
                                 city="Saint-Rémi", province="QC", phone="(450) 555-0142"),
        "same_city": create_employer("QC", legal_name="Ferme Beauregard", city="Saint-Rémi", province="QC"),
        "similar_name": create_employer("QC", legal_name="Serres Lachapelle ltée", city="Mirabel", province="QC"),
        "other_word": create_employer("QC", legal_name="Transport Lachance", city="Laval", province="QC"),
        "other_province": create_employer("ON", legal_name="Serres Lachance Ontario", city="Leamington",
                                          province="ON"),
    }


# Suggestions ----------------------------------------------------------------------


def test_the_right_employer_is_suggested_first_with_its_reasons(lead):
    register = _register()
    report = make_report("QC", employer_name="Serres Lachance", employer_city="Saint-Remi",
                         employer_phone="450-555-0142")
    suggestions = triage.suggest_employers(report, user=lead)
    assert suggestions[0].employer == register["right"]
    assert "Same city" in suggestions[0].reasons and "Same telephone number" in suggestions[0].reasons
    assert register["other_province"] not in [s.employer for s in suggestions]
    assert len(suggestions) <= 5


def test_name_similarity_ignores_legal_forms_accents_and_word_order():
    assert triage.name_similarity("Les Serres Lachance inc.", "SERRES LACHANCE LTÉE") == 1.0
    assert triage.name_similarity("Lachance, Serres", "Serres Lachance") == 1.0
    assert triage.name_similarity("Ferme Dubé", "Ferme Dube et fils") >= 0.9
    assert triage.name_similarity("Ferme Dubé", "Transport Gagnon") < 0.5


def test_a_phone_number_alone_finds_the_employer(lead):
    register = _register()
    report = make_report("QC", employer_name="the greenhouse", employer_city="", employer_phone="1 450 555 0142")
    assert triage.suggest_employers(report, user=lead)[0].employer == register["right"]


def test_a_search_replaces_the_reported_name(client):
    register = _register()
    report = make_report("QC", employer_name="les serres", employer_city="")
    html = client.get(_url(report) + "?employer_q=Beauregard").content.decode()
    assert "Ferme Beauregard" in html
    assert str(register["right"]) not in html.split("Step 2")[0].split("Search the register")[1]


def test_suggestions_are_shown_on_the_report_page(client):
    register = _register()
    report = make_report("QC", employer_name="Serres Lachance", employer_city="Saint-Rémi")
    html = client.get(_url(report)).content.decode()
    assert f'value="{register["right"].pk}"' in html
    assert "Name 100 % similar; Same city" in html


# Matching ---------------------------------------------------------------------------


def test_match_then_open_a_case(client, lead):
    register = _register()
    report = make_report("QC", (Allegation.HEALTH_SAFETY,), danger_now="yes")

    response = client.post(_url(report, "match"), {"match-employer": register["right"].pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.employer == register["right"] and report.status == ReportStatus.IN_REVIEW
    assert report.triaged_at is not None
    assert "matched to Les Serres Lachance" in client.get(response["Location"]).content.decode()

    response = client.post(_url(report, "open-case"))
    assert response.status_code == 302
    report.refresh_from_db()
    case = Case.objects.get()
    assert report.case == case and report.status == ReportStatus.CASE_OPENED
    assert (case.employer, case.region.code, case.status, case.opened_by) == (register["right"], "QC",
                                                                             CaseStatus.NEW, lead)
    assert case.risk_score == report.risk_score > 0
    assert case.reference.startswith("C-")
    page = client.get(response["Location"]).content.decode()
    assert f"Case {case.reference} is opened" in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="cases.case",
                                     detail__report=report.reference, actor=lead).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(report.pk),
                                     detail__triage="match_employer").count() == 1


def test_opening_a_case_without_an_employer_is_refused_clearly(client):
    report = make_report("QC")
    response = client.post(_url(report, "open-case"))
    assert response.status_code == 400
    assert "Match the report to an employer of the register first." in response.content.decode()
    assert not Case.objects.exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and report.triaged_at is None


def test_an_employer_out_of_reach_cannot_be_matched(client):
    register = _register()
    report = make_report("QC")
    response = client.post(_url(report, "match"), {"match-employer": register["other_province"].pk})
    assert response.status_code == 400
    assert "Choose an employer among the suggestions" in response.content.decode()
    assert Report.objects.get(pk=report.pk).employer is None


def test_matching_without_a_choice_says_so(client):
    _register()
    report = make_report("QC")
    response = client.post(_url(report, "match"), {})
    assert response.status_code == 400
    assert "Choose an employer among the suggestions" in response.content.decode()


def test_a_new_employer_is_added_from_the_report_and_matched(client, lead):
    report = make_report("QC", employer_name="Ferme Tremblay", employer_city="Sherrington")
    sector = Sector.objects.get(naics_code="1112")
    html = client.get(_url(report)).content.decode()
    assert 'value="Ferme Tremblay"' in html and 'value="Sherrington"' in html  # filled in from the report
    response = client.post(_url(report, "new-employer"), {
        "employer-legal_name": "Ferme Tremblay", "employer-city": "Sherrington", "employer-province": "QC",
        "employer-sector": sector.pk, "employer-phone": "450-555-0199",
    })
    assert response.status_code == 302
    employer = Employer.objects.get(legal_name="Ferme Tremblay")
    assert employer.region.code == "QC" and employer.sector == sector
    report.refresh_from_db()
    assert report.employer == employer and report.status == ReportStatus.IN_REVIEW
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="cases.employer",
                                     object_id=str(employer.pk), actor=lead).exists()


def test_a_new_employer_needs_a_sector_and_a_city_and_keeps_what_was_typed(client):
    report = make_report("QC", employer_name="Ferme Tremblay", employer_city="")
    response = client.post(_url(report, "new-employer"), {
        "employer-legal_name": "Ferme Tremblay et fils", "employer-province": "QC",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Ferme Tremblay et fils"' in html
    assert "<details open>" in html
    assert not Employer.objects.exists()


def test_a_new_employer_must_be_of_the_users_region(client):
    report = make_report("QC")
    response = client.post(_url(report, "new-employer"), {
        "employer-legal_name": "Farm in Ontario", "employer-city": "Leamington", "employer-province": "ON",
        "employer-sector": Sector.objects.first().pk,
    })
    assert response.status_code == 400
    assert "only add employers of your own region" in response.content.decode()
    assert not Employer.objects.exists()


# Joining a case ---------------------------------------------------------------------


def _case(employer: Employer, status: str = CaseStatus.ASSIGNED, risk: int = 5) -> Case:
    from django.utils import timezone

    return Case.objects.create(reference=new_reference("C"), employer=employer, region=employer.region,
                               status=status, opened_at=timezone.now(), risk_score=risk)


def test_join_an_open_case_of_the_same_employer(client):
    employer = create_employer("QC")
    open_case = _case(employer)
    _case(employer, CaseStatus.CLOSED)
    report = make_report("QC", (Allegation.ABUSE,))
    client.post(_url(report, "match"), {"match-employer": employer.pk})
    html = client.get(_url(report)).content.decode()
    assert open_case.reference in html

    response = client.post(_url(report, "join-case"), {"join-case": open_case.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.case == open_case and report.status == ReportStatus.JOINED_CASE and report.triaged_at
    open_case.refresh_from_db()
    assert open_case.risk_score == report.risk_score  # a graver report raises the case
    assert "added to case" in client.get(response["Location"]).content.decode()


def test_a_closed_case_or_another_employers_case_cannot_be_joined(client):
    employer = create_employer("QC")
    closed = _case(employer, CaseStatus.CLOSED)
    elsewhere = _case(create_employer("QC"))
    report = make_report("QC")
    client.post(_url(report, "match"), {"match-employer": employer.pk})
    for case in (closed, elsewhere):
        response = client.post(_url(report, "join-case"), {"join-case": case.pk})
        assert response.status_code == 400
    report.refresh_from_db()
    assert report.case is None and report.status == ReportStatus.IN_REVIEW


def test_joining_needs_an_employer_first(lead):
    report = make_report("QC")
    with pytest.raises(triage.TriageError, match="employer of the register first"):
        triage.join_case(report, _case(create_employer("QC")), actor=lead)


# Closing ----------------------------------------------------------------------------


def test_close_with_a_reason(client, lead):
    report = make_report("QC")
    response = client.post(_url(report, "close"), {"close-reason": ClosingReason.NOT_ENOUGH})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.closing_reason == "not_enough"
    assert report.triaged_at is not None
    assert "The report is closed." in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(object_id=str(report.pk), detail__triage="close", actor=lead).exists()


def test_an_exclusion_needs_an_active_exclusion_rule(client):
    report = make_report("QC")
    response = client.post(_url(report, "close"), {"close-reason": ClosingReason.EXCLUSION})
    assert response.status_code == 400
    assert "Choose the exclusion rule that applies." in response.content.decode()

    retired = ExclusionRule.objects.get(code="past-period")
    retired.active = False
    retired.save()
    response = client.post(_url(report, "close"), {"close-reason": "exclusion", "close-exclusion_rule": retired.pk})
    assert response.status_code == 400
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RECEIVED

    rule = ExclusionRule.objects.get(code="not-tfwp")
    response = client.post(_url(report, "close"), {"close-reason": "exclusion", "close-exclusion_rule": rule.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.closing_reason == "exclusion" and report.exclusion_rule == rule


def test_a_retired_exclusion_rule_is_refused_by_the_service_too(lead):
    rule = ExclusionRule.objects.get(code="past-period")
    ExclusionRule.objects.filter(pk=rule.pk).update(active=False)
    with pytest.raises(triage.TriageError):
        triage.close_report(make_report("QC"), ClosingReason.EXCLUSION, actor=lead, exclusion_rule=rule)


def test_a_triaged_report_cannot_be_triaged_again(client):
    employer = create_employer("QC")
    report = make_report("QC")
    client.post(_url(report, "close"), {"close-reason": ClosingReason.DUPLICATE})
    assert client.post(_url(report, "match"), {"match-employer": employer.pk}).status_code == 400
    assert client.post(_url(report, "open-case")).status_code == 400
    assert "already been triaged" in client.post(_url(report, "open-case")).content.decode()
    report.refresh_from_db()
    assert report.employer is None and report.closing_reason == "duplicate"
    assert not Case.objects.exists()


def test_messages_to_the_worker(client, lead):
    report = make_report("QC")
    response = client.post(_url(report, "message"), {"message-body": "Can you tell us the address of the farm?"})
    assert response.status_code == 302
    message = report.messages.get()
    assert message.author == lead and not message.from_worker
    html = client.get(_url(report)).content.decode()
    assert "Can you tell us the address of the farm?" in html and "Louise Lead" in html
    assert client.post(_url(report, "message"), {"message-body": ""}).status_code == 400
    assert report.messages.count() == 1
