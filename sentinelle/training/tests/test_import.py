"""Importing completions from a CSV file: every row is checked first; one wrong
row means nothing is imported and each wrong row is named by its line; French
headers work; duplicates are skipped and counted; the import is audited."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff, sign_in
from sentinelle.training.models import Completion, Course

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return {
        "analyst": create_staff("national_analyst", region_code="HQ"),
        "lead": create_staff("team_lead", region_code="QC", email="lead.qc@sentinelle.test"),
        "ines": create_staff("investigator", region_code="QC", email="ines@sentinelle.test"),
        "marc": create_staff("investigator", region_code="QC", email="marc@sentinelle.test"),
        "owen": create_staff("investigator", region_code="ON", email="owen@sentinelle.test"),
    }


def client_for(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def upload(user_or_client, content: str, language: str = "en", name: str = "completions.csv"):
    client = user_or_client if isinstance(user_or_client, Client) else client_for(user_or_client, language)
    return client.post(f"/{language}/staff/training/completions/import/",
                       {"file": SimpleUploadedFile(name, content.encode(), content_type="text/csv")}, follow=True)


def page(response) -> str:
    return html.unescape(response.content.decode())


GOOD = """email,course,completion date
ines@sentinelle.test,unannounced_inspection,2025-03-04
ines@sentinelle.test,interviews_evidence,2025-03-05
marc@sentinelle.test,unannounced_inspection,2025-03-04
owen@sentinelle.test,escalation,2025-01-31
"""


def test_a_good_file_imports_every_row_and_is_audited(staff):
    response = upload(staff["analyst"], GOOD)

    assert response.status_code == 200
    assert "4 completions imported. 0 duplicates skipped" in page(response)
    assert set(Completion.objects.values_list("user__email", "course__code", "completed_on")) == {
        ("ines@sentinelle.test", "unannounced_inspection", date(2025, 3, 4)),
        ("ines@sentinelle.test", "interviews_evidence", date(2025, 3, 5)),
        ("marc@sentinelle.test", "unannounced_inspection", date(2025, 3, 4)),
        ("owen@sentinelle.test", "escalation", date(2025, 1, 31)),
    }
    assert set(Completion.objects.values_list("source", "recorded_by")) == {("imported", staff["analyst"].pk)}
    event = AuditEvent.objects.get(action="create", actor=staff["analyst"])
    assert event.detail == {"training_import": "completions.csv", "imported": 4, "duplicates": 0}


def test_one_bad_row_imports_nothing_and_names_the_line(staff):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    content = GOOD + f"""nobody@sentinelle.test,escalation,2025-02-01
marc@sentinelle.test,first_aid,2025-02-01
marc@sentinelle.test,escalation,04/02/2025
marc@sentinelle.test,escalation,{future}
"""
    response = upload(staff["analyst"], content)

    text = page(response)
    assert response.status_code == 400
    assert "Nothing was imported: 4 problems must be corrected in the file first." in text
    assert "Line 6: no active staff member has the e-mail address “nobody@sentinelle.test”." in text
    assert "Line 7: there is no course with the code “first_aid”" in text
    assert "Line 8: “04/02/2025” is not a date written YYYY-MM-DD." in text
    assert f"Line 9: the completion date {future} is in the future." in text
    for good_line in ("Line 2", "Line 3", "Line 4", "Line 5"):
        assert good_line not in text
    assert Completion.objects.count() == 0
    assert not AuditEvent.objects.filter(action="create").exists()


def test_french_headers_semicolons_and_duplicates(staff):
    Completion.objects.create(user=staff["ines"], course=Course.objects.get(code="escalation"),
                              completed_on=date(2025, 2, 1))
    content = """Courriel;Code du cours;Date de réussite
ines@sentinelle.test;escalation;2025-02-01
INES@sentinelle.test;case_summary;2025-02-02
ines@sentinelle.test;case_summary;2025-02-02
marc@sentinelle.test;case_summary;2025-02-02
"""
    response = upload(staff["analyst"], content, language="fr")

    assert response.status_code == 200
    assert Completion.objects.count() == 3
    assert set(Completion.objects.filter(course__code="case_summary").values_list("user__email", flat=True)) == {
        "ines@sentinelle.test", "marc@sentinelle.test"}
    event = AuditEvent.objects.get(action="create", actor=staff["analyst"])
    assert event.detail["imported"] == 2 and event.detail["duplicates"] == 2


def test_a_team_lead_imports_only_their_regions_staff(staff):
    lead = client_for(staff["lead"])
    response = upload(lead, GOOD)

    assert response.status_code == 400
    assert "Line 5: “owen@sentinelle.test” is not a staff member of your region." in page(response)
    assert Completion.objects.count() == 0

    response = upload(lead, GOOD.replace("owen@sentinelle.test,escalation,2025-01-31\n", ""))
    assert response.status_code == 200 and Completion.objects.count() == 3


@pytest.mark.parametrize(("content", "message"), [
    ("", "The submitted file is empty."),
    ("name,course\nInès,escalation\n", "Not found: e-mail address, completion date."),
    ("email,course,date\n", "The file has no rows under its first line."),
])
def test_a_file_that_cannot_be_read_is_explained(staff, content, message):
    response = upload(staff["analyst"], content)
    assert response.status_code == 400 and message in page(response)


def test_a_file_not_in_utf8_is_explained(staff):
    client = Client()
    sign_in(client, staff["analyst"])
    response = client.post("/en/staff/training/completions/import/", {"file": SimpleUploadedFile(
        "c.csv", "email,course,date\nin\u00e8s@x,escalation,2025-01-01\n".encode("latin-1"))})
    assert response.status_code == 400 and "is not a text (CSV) file in UTF-8" in page(response)


def test_an_investigator_may_not_import(staff):
    client = Client()
    sign_in(client, staff["ines"])
    assert client.get("/en/staff/training/completions/import/").status_code == 403
