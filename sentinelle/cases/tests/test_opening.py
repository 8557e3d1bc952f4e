"""Cases born without a report (from the employer's page and through the API,
with their origin), and the register's figures for risk selection (changed by
hand, imported by CSV all or nothing with line-numbered errors)."""

from __future__ import annotations

import html
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import Case, CaseOrigin, CaseStatus, Employer
from sentinelle.test import api_token_for, create_case, create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


def _api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}", HTTP_ACCEPT_LANGUAGE="en")


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/cases", json.dumps(body), content_type="application/json")


def _page(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_a_case_made_without_origin_is_a_workers_report():
    assert create_case("QC").origin == CaseOrigin.WORKER_REPORT


@pytest.mark.parametrize("origin", ["proactive_risk", "proactive_random", "partner_referral", "follow_up",
                                    "minister_request"])
def test_the_api_opens_a_case_with_its_origin(origin):
    lead = create_staff("team_lead", region_code="QC")
    employer = create_employer("QC")
    answer = _post(_api(lead), {"employer_id": employer.pk, "origin": origin, "summary": "Asked on 3 March."})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["origin"] == origin and body["status"] == "new" and body["region"] == "QC"
    case = Case.objects.get(reference=body["reference"])
    assert case.employer == employer and case.opened_by == lead and case.summary == "Asked on 3 March."
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="create", detail__origin=origin).exists()


def test_the_api_refuses_what_the_pages_refuse():
    investigator = create_staff("investigator", region_code="QC")
    quebec, ontario = create_employer("QC"), create_employer("ON")
    api = _api(investigator)
    assert _post(api, {"employer_id": ontario.pk, "origin": "follow_up"}).status_code == 404
    assert _post(api, {"employer_id": 987654321, "origin": "follow_up"}).status_code == 404
    refused = _post(api, {"employer_id": quebec.pk, "origin": "worker_report"})
    assert refused.status_code == 400 and "from the report" in refused.json()["detail"]
    unknown = _post(api, {"employer_id": quebec.pk, "origin": "whim"})
    assert unknown.status_code == 400 and "not an origin" in unknown.json()["detail"]
    assert _post(_api(create_staff("intake_agent", region_code="QC")),
                 {"employer_id": quebec.pk, "origin": "follow_up"}).status_code == 403
    merged = create_employer("QC", merged_into=quebec)
    assert _post(api, {"employer_id": merged.pk, "origin": "follow_up"}).status_code == 400
    assert not Case.objects.exists()


def test_a_case_is_opened_from_the_employers_page_and_waits_in_the_queue():
    lead = create_staff("team_lead", region_code="QC")
    employer = create_employer("QC")
    client = _page(lead)
    page = client.get(f"/en/staff/employers/{employer.pk}/")
    assert f"/en/staff/employers/{employer.pk}/open-case/" in page.content.decode()
    answer = client.post(f"/en/staff/employers/{employer.pk}/open-case/",
                         {"origin": "minister_request", "summary": "Question from the minister's office."})
    assert answer.status_code == 302
    case = Case.objects.get()
    assert case.origin == CaseOrigin.MINISTER_REQUEST and case.status == CaseStatus.NEW
    queue = client.get("/en/staff/workload/")
    assert case.reference in queue.content.decode()
    detail = client.get(f"/fr/staff/cases/{case.reference}/").content.decode()
    assert "Demande du cabinet du ministre" in detail


def test_another_regions_employer_cannot_be_given_a_case():
    lead = create_staff("team_lead", region_code="QC")
    ontario = create_employer("ON")
    client = _page(lead)
    assert client.post(f"/en/staff/employers/{ontario.pk}/open-case/", {"origin": "follow_up"}).status_code == 404
    wrong = client.post(f"/en/staff/employers/{create_employer('QC').pk}/open-case/", {"origin": "worker_report"})
    assert wrong.status_code == 400
    assert not Case.objects.exists()


# The register's figures -----------------------------------------------------------------------


def test_the_figures_are_changed_by_hand_and_audited():
    lead = create_staff("team_lead", region_code="QC")
    employer = create_employer("QC")
    client = _page(lead)
    url = f"/en/staff/employers/{employer.pk}/register/"
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = client.post(url, {"approved_positions": "12", "first_approved_on": future})
    assert refused.status_code == 400 and "in the future" in refused.content.decode()
    assert client.post(url, {"approved_positions": "-1"}).status_code == 400
    assert client.post(url, {"approved_positions": "12", "first_approved_on": "2021-05-04"}).status_code == 302
    employer.refresh_from_db()
    assert (employer.approved_positions, employer.first_approved_on) == (12, date(2021, 5, 4))
    assert AuditEvent.objects.filter(object_id=str(employer.pk), action="update").exists()
    # An investigator reads them; only team leads and analysts change them.
    investigator = create_staff("investigator", region_code="QC")
    assert _page(investigator).get(url).status_code == 403
    assert _page(create_staff("team_lead", region_code="ON")).get(url).status_code == 404


def test_figures_saved_from_a_stale_page_are_a_conflict_and_save_nothing():
    from sentinelle.cases.employer_register import saved_values
    from sentinelle.lib.locking import stamp_of

    lead = create_staff("team_lead", region_code="QC")
    employer = create_employer("QC")
    client = _page(lead)
    url = f"/en/staff/employers/{employer.pk}/register/"
    shown = stamp_of(saved_values(employer))
    assert client.post(url, {"approved_positions": "7", "stamp": shown}).status_code == 302

    stale = client.post(url, {"approved_positions": "12", "first_approved_on": "2021-05-04", "stamp": shown})

    page = html.unescape(stale.content.decode())
    assert stale.status_code == 400
    assert "Somebody else saved this in the meantime" in page and "Saved in the meantime by somebody else: “7”" in page
    employer.refresh_from_db()
    assert (employer.approved_positions, employer.first_approved_on) == (7, None)
    assert client.post(url, {"approved_positions": "12", "stamp": stamp_of(saved_values(employer))}).status_code == 302


def _upload(client: Client, text: str, language: str = "en") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/{language}/staff/employers/import/",
                       {"file": SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")})


def test_the_import_is_all_or_nothing_with_the_number_of_each_wrong_line():
    lead = create_staff("team_lead", region_code="QC")
    first = create_employer("QC", business_number="111111111RP0001")
    second = create_employer("QC", business_number="222222222RP0001")
    create_employer("ON", business_number="333333333RP0001")
    client = _page(lead)
    bad = _upload(client, "business number,positions,first approval\n"
                          "111111111RP0001,14,2020-01-31\n"
                          "\n"
                          "222222222RP0001,many,2020-02-30\n"
                          "333333333RP0001,3,\n"
                          "999999999RP0001,3,\n"
                          "111111111RP0001,4,\n")
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Nothing was imported: 4 problems" in html
    assert "Line 4: “many” is not a whole number of positions; “2020-02-30” is not a date" in html
    assert "Line 5: the employer 333333333RP0001 is not one you may change" in html
    assert "Line 6: no employer of the register has the business number 999999999RP0001" in html
    assert "Line 7: the business number 111111111RP0001 is already on line 2" in html
    first.refresh_from_db()
    assert first.approved_positions == 0 and first.first_approved_on is None

    good = _upload(client, "numéro d'entreprise;postes;date de la première approbation\n"
                           "111111111RP0001;14;2020-01-31\n"
                           "222 222 222 rp0001;3;\n", language="fr")
    assert good.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.approved_positions, first.first_approved_on) == (14, date(2020, 1, 31))
    assert (second.approved_positions, second.first_approved_on) == (3, None)
    assert AuditEvent.objects.filter(detail__imported=2).exists()


@pytest.mark.parametrize("text, message", [
    ("", "file is empty."),
    ("name,positions\nA,3\n", "Not found: business number"),
    ("business number,positions,first approval\n", "no rows under its first line"),
])
def test_a_file_that_cannot_be_read_says_why(text, message):
    client = _page(create_staff("national_analyst", region_code="HQ"))
    answer = _upload(client, text)
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not Employer.objects.filter(approved_positions__gt=0).exists()
