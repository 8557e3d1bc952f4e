"""Service standards measured from the data (acknowledged at once, urgent within
24 hours, follow-up answered within N working days) against their targets, in
the quarterly report; and the satisfaction survey recorded by an intake agent
after a phone or in-person report, channel kept and never linked to the report."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.dashboard.periods import Period
from sentinelle.governance.models import ServiceStandard
from sentinelle.governance.standards import follow_up, measure_standards, working_days_between
from sentinelle.intake.models import Message, Report, SurveyResponse
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


def test_working_days_leave_out_weekends_and_holidays() -> None:
    friday = datetime.date(2025, 6, 27)
    assert working_days_between(friday, datetime.date(2025, 6, 30)) == 1  # Monday
    assert working_days_between(friday, datetime.date(2025, 7, 2)) == 2  # Canada Day aside
    assert working_days_between(friday, friday) == 0


def test_the_standards_are_seeded_with_their_targets() -> None:
    standards = {s.code: s for s in ServiceStandard.objects.all()}
    assert set(standards) == {"acknowledged", "urgent_24h", "follow_up"}
    assert standards["follow_up"].working_days == 2 and standards["urgent_24h"].target == Decimal("0.9")


def _thread(report: Report, *days: tuple[bool, datetime.date]) -> None:
    for from_worker, day in days:
        Message.objects.create(report=report, from_worker=from_worker, body="…", sent_on=day)


def test_follow_up_messages_answered_within_the_working_days() -> None:
    report = make_report()
    period = Period.of(2025, 2, today=datetime.date(2026, 1, 1))  # July to September 2025
    _thread(report, (True, datetime.date(2025, 7, 4)), (False, datetime.date(2025, 7, 7)),  # Friday → Monday: met
            (True, datetime.date(2025, 8, 1)), (False, datetime.date(2025, 8, 8)),  # a week later: missed
            (True, datetime.date(2025, 9, 29)))  # unanswered and past its time: missed
    assert follow_up(period, 2, datetime.date(2025, 10, 15)) == (1, 3)
    # Still within its time: not counted yet.
    assert follow_up(period, 2, datetime.date(2025, 9, 30)) == (1, 2)


def test_an_intake_agent_records_a_survey_answer_never_linked_to_a_report(client) -> None:
    agent = create_staff("intake_agent", region_code="QC")
    sign_in(client, agent)
    page = client.get("/fr/staff/governance/survey/")
    assert page.status_code == 200 and "Téléphone" in page.content.decode()
    response = client.post("/en/staff/governance/survey/", {"channel": "phone", "rating": "4", "language": "es"})
    assert response.status_code == 302
    survey = SurveyResponse.objects.get()
    assert (survey.channel, survey.rating, survey.language) == ("phone", 4, "es")
    assert not [f for f in SurveyResponse._meta.get_fields() if f.is_relation]
    assert AuditEvent.objects.filter(actor=agent, action="create", detail__channel="phone").exists()
    bad = client.post("/en/staff/governance/survey/", {"channel": "web", "rating": "9"})
    assert bad.status_code == 400 and SurveyResponse.objects.count() == 1
    sign_in(client, create_staff("investigator", region_code="QC"))
    assert client.post("/en/staff/governance/survey/", {"channel": "phone", "rating": "4", "language": "fr"}
                       ).status_code == 403


def test_the_standards_page_shows_each_standard_against_its_target(client) -> None:
    sign_in(client, create_staff("manager", region_code="HQ"))
    response = client.get("/en/staff/governance/standards/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "An urgent report is acted on within 24 hours" in page and "2 working days" in page
    first_period, measured = response.context["rows"][0]
    assert [m.standard.code for m in measured] == ["acknowledged", "urgent_24h", "follow_up"]
    assert measure_standards(first_period)[0].counted == 0
    make_report()
    acknowledged = measure_standards(first_period)[0]
    assert (acknowledged.met, acknowledged.counted, acknowledged.value) == (1, 1, 1.0)


def test_the_dashboard_shows_the_service_standards_and_the_survey_by_channel(client) -> None:
    SurveyResponse.objects.create(rating=5, language="fr", channel="phone", answered_on=timezone.localdate())
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    response = client.get("/en/staff/dashboard/")
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200 and "An urgent report is acted on within 24 hours" in page
    assert "Satisfaction survey by channel" in page and "<th scope=\"row\">Telephone</th><td>1</td><td>5.00</td>" in page


def test_the_api_lists_measures_and_reports_to_those_who_read_them(client) -> None:
    from sentinelle.test import api_token_for

    manager = create_staff("manager", region_code="HQ")
    headers = {"Authorization": f"Bearer {api_token_for(manager)}"}
    measures = client.get("/api/v1/governance/measures?limit=100", headers=headers).json()
    assert measures["count"] >= 11
    residual = next(item for item in measures["items"] if item["code"] == "2.1")
    assert residual["residual"] is True and residual["title_fr"].startswith("Mettre en place une stratégie")
    assert client.get("/api/v1/governance/reports", headers=headers).json()["count"] == 0
    outsider = {"Authorization": f"Bearer {api_token_for(create_staff('investigator', region_code='HQ'))}"}
    assert client.get("/api/v1/governance/measures", headers=outsider).status_code == 403
