"""The register of confidentiality incidents (art. 7): append-only (a correction
is a new entry that refers to the one it corrects), kept at least five years,
and exported to CSV and Excel with the article's columns and values."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from sentinelle.audit.models import AuditEvent
from sentinelle.incidents.models import AppendOnlyError, NoticeKind, RegisterEntry, add_years
from sentinelle.incidents.notices import generate_notice
from sentinelle.incidents.register import (
    RegisterError,
    purge_expired,
    purgeable,
    record_entry,
)
from sentinelle.test import sign_in

from .factories import complete_incident

pytestmark = pytest.mark.django_db


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def test_an_entry_copies_the_incidents_article_7_values(personas):
    incident = complete_incident(personas.privacy_officer)
    entry = record_entry(incident, actor=personas.privacy_officer)
    assert entry is not None
    assert (entry.information_concerned, entry.circumstances) == (incident.information_concerned,
                                                                  incident.circumstances)
    assert (entry.occurred_on, entry.learned_on, entry.persons_concerned) == (date(2026, 3, 2), date(2026, 3, 4), 42)
    assert (entry.sensitivity, entry.malicious_use, entry.consequences, entry.probability) == (3, 3, 3, 2)
    assert entry.serious_harm is True
    assert entry.commission_notified_on is None and entry.persons_notified_on is None
    # The register's words are French, the Commission's language.
    assert entry.measures.splitlines() == [
        f"Deletion of the e-mail confirmed. ({fr('risk reduction')}; Quebec regional office; "
        f"{fr('done on %(date)s') % {'date': '2026-03-05'}})",
        f"Address autocomplete turned off. ({fr('prevention')}; Cybersecurity service; "
        f"{fr('planned for %(date)s') % {'date': '2026-04-01'}})",
    ]
    assert entry.retain_until == date(2031, 3, 4)
    assert AuditEvent.objects.filter(action="create", object_type="incidents.registerentry",
                                     object_id=str(entry.pk)).exists()


def test_entries_cannot_be_changed_or_deleted(personas):
    entry = record_entry(complete_incident(personas.privacy_officer), actor=personas.privacy_officer)
    assert entry is not None
    entry.persons_concerned = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        RegisterEntry.objects.filter(pk=entry.pk).update(persons_concerned=1)
    with pytest.raises(AppendOnlyError):
        RegisterEntry.objects.all().delete()
    assert RegisterEntry.objects.get(pk=entry.pk).persons_concerned == 42


def test_a_correction_is_a_new_entry_that_refers_to_the_previous_one(personas):
    officer = personas.privacy_officer
    incident = complete_incident(officer)
    first = record_entry(incident, actor=officer)
    incident.persons_concerned = 45
    incident.save()
    with translation.override("en"):
        with pytest.raises(RegisterError, match="Say why the register entry is corrected"):
            record_entry(incident, actor=officer)
        second = record_entry(incident, actor=officer, reason="Three more workers found in the attachment.")
        assert second is not None and first is not None
        with pytest.raises(RegisterError, match="already holds these values"):
            record_entry(incident, actor=officer, reason="Again.")
    assert (second.corrects, second.persons_concerned, second.correction_reason) == (
        first, 45, "Three more workers found in the attachment.")
    assert list(RegisterEntry.objects.current()) == [second]
    assert RegisterEntry.objects.get(pk=first.pk).persons_concerned == 42


def test_a_notice_adds_its_date_to_the_register(personas):
    officer = personas.privacy_officer
    incident = complete_incident(officer)
    first = record_entry(incident, actor=officer)
    generate_notice(incident, NoticeKind.COMMISSION, language="fr", given_on=date(2026, 3, 6), actor=officer)
    generate_notice(incident, NoticeKind.PUBLIC, language="fr", given_on=date(2026, 3, 9), actor=officer,
                    condition="no_contact", justification="Twelve workers have left the country.")
    entries = list(RegisterEntry.objects.filter(incident=incident).order_by("id"))
    assert len(entries) == 3
    assert entries[1].corrects == first and entries[1].commission_notified_on == date(2026, 3, 6)
    assert entries[2].corrects == entries[1] and entries[2].public_notice_on == date(2026, 3, 9)
    assert entries[2].public_notice_reason == (
        fr("The body has no contact details for the persons concerned") + " Twelve workers have left the country.")


def test_retention_is_five_years_after_the_later_of_the_incident_and_learning_of_it(personas):
    officer = personas.privacy_officer
    assert complete_incident(officer, occurred_on=date(2025, 6, 1), learned_on=date(2025, 9, 15)).retain_until() \
        == date(2030, 9, 15)
    assert complete_incident(officer, occurred_on=date(2025, 6, 1), occurred_until=date(2025, 12, 1),
                             learned_on=date(2025, 9, 15)).retain_until() == date(2030, 12, 1)
    assert add_years(date(2024, 2, 29), 5) == date(2029, 3, 1)


def test_nothing_is_purgeable_before_five_years(personas):
    officer = personas.privacy_officer
    incident = complete_incident(officer, occurred_on=date(2020, 1, 10), learned_on=date(2020, 2, 3))
    first = record_entry(incident, actor=officer)
    incident.persons_concerned = 50
    incident.save()
    second = record_entry(incident, actor=officer, reason="Recount.")
    assert first is not None and second is not None
    assert first.retain_until == date(2025, 2, 3)

    for day in (date(2020, 2, 3), date(2024, 12, 31), date(2025, 2, 2)):
        assert not purgeable(day).exists()
        assert purge_expired(day) == 0
    assert RegisterEntry.objects.count() == 2

    assert set(purgeable(date(2025, 2, 3))) == {first, second}
    assert purge_expired(date(2025, 2, 3), actor=officer) == 2
    assert not RegisterEntry.objects.exists()
    assert AuditEvent.objects.filter(detail__purged_register_entries=[second.pk, first.pk]).exists()


def test_an_incident_is_purged_only_when_all_its_entries_may_be(personas):
    officer = personas.privacy_officer
    incident = complete_incident(officer, occurred_on=date(2020, 1, 10), learned_on=date(2020, 2, 3))
    record_entry(incident, actor=officer)
    incident.learned_on = date(2021, 5, 1)  # learned later than first written: kept longer
    incident.save()
    record_entry(incident, actor=officer, reason="The date we learned of it was wrong.")
    assert not purgeable(date(2025, 6, 1)).exists()
    assert purgeable(date(2026, 5, 1)).count() == 2


@pytest.fixture
def two_entries(personas):
    officer = personas.privacy_officer
    first = complete_incident(officer, title="First", information_concerned="=HYPERLINK(\"x\") names")
    record_entry(first, actor=officer)
    generate_notice(first, NoticeKind.COMMISSION, language="fr", given_on=date(2026, 3, 6), actor=officer)
    second = complete_incident(officer, title="Second", serious_harm=False, sensitivity=1, malicious_use=1,
                               consequences=2, probability=1, persons_concerned=3, persons_in_quebec=2,
                               occurred_on=date(2025, 12, 30), occurred_until=date(2026, 1, 4),
                               learned_on=date(2026, 1, 5), with_measures=("prevent",))
    record_entry(second, actor=officer)
    return first, second


EXPECTED_HEADERS = [
    "Entry", "Corrects entry", "Reason for the correction", "Incident", "Recorded on",
    "Personal information concerned", "Circumstances", "Date of the incident (or start of the period)",
    "End of the period", "Dates approximate", "Date the body learned of the incident", "Number of persons concerned",
    "Persons concerned in Quebec", "Numbers approximate", "Sensitivity of the information", "Possible malicious uses",
    "Anticipated consequences", "Probability of harmful use", "Risk of serious harm",
    "Notice to the Commission given on", "Notice to the persons concerned given on", "Public notice given on",
    "Why a public notice", "Measures taken", "Kept at least until",
]


def _by_header(row: list) -> dict:
    return dict(zip(EXPECTED_HEADERS, row, strict=True))


def test_the_csv_export_has_the_article_7_columns_and_values(personas, two_entries):
    first, second = two_entries
    client = Client()
    sign_in(client, personas.privacy_officer)
    response = client.get("/en/staff/incidents/register/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="incident-register-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == EXPECTED_HEADERS
    assert len(rows) == 4  # two entries of the first incident (the notice corrected it), one of the second
    original, corrected, other = (_by_header(row) for row in rows[1:])
    assert corrected["Corrects entry"] == original["Entry"]
    assert corrected["Incident"] == first.reference
    assert corrected["Personal information concerned"] == "'=HYPERLINK(\"x\") names"  # kept as text
    assert corrected["Notice to the Commission given on"] == "2026-03-06"
    assert original["Notice to the Commission given on"] == ""
    assert (corrected["Risk of serious harm"], corrected["Sensitivity of the information"]) == ("Yes", "High")
    assert corrected["Date the body learned of the incident"] == "2026-03-04"
    assert corrected["Kept at least until"] == "2031-03-04"
    assert other["Incident"] == second.reference
    assert (other["Date of the incident (or start of the period)"], other["End of the period"]) == (
        "2025-12-30", "2026-01-04")
    assert (other["Number of persons concerned"], other["Persons concerned in Quebec"]) == ("3", "2")
    assert [other[name] for name in EXPECTED_HEADERS[14:19]] == ["Low", "Low", "Medium", "Low", "No"]
    assert other["Measures taken"] == (f"Address autocomplete turned off. ({fr('prevention')}; Cybersecurity service; "
                                       f"{fr('planned for %(date)s') % {'date': '2026-04-01'}})")
    assert other["Kept at least until"] == "2031-01-05"
    assert AuditEvent.objects.filter(action="export", detail__export="incident_register", detail__rows=3).exists()


def test_the_excel_export_in_french(personas, two_entries):
    first, _second = two_entries
    client = Client()
    sign_in(client, personas.privacy_officer)
    response = client.get("/fr/staff/incidents/register/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.values)
    with translation.override("fr"):
        from sentinelle.incidents.register import headers

        assert list(values[0]) == headers()
    assert len(values) == 4
    corrected = dict(zip(EXPECTED_HEADERS, values[2], strict=True))
    assert corrected["Incident"] == first.reference
    assert corrected["Notice to the Commission given on"].date() == date(2026, 3, 6)
    assert corrected["Number of persons concerned"] == 42
    assert corrected["Kept at least until"].date() == date(2031, 3, 4)


def test_the_register_page_lists_the_entries(personas, two_entries):
    first, second = two_entries
    client = Client()
    sign_in(client, personas.privacy_officer)
    page = client.get("/en/staff/incidents/register/").content.decode()
    assert "3 entries" in page
    assert first.reference in page and second.reference in page
    assert "Commission: 2026-03-06" in page
