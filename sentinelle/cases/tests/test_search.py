"""The staff search finds a case by its number, an employer by its name (whatever
the accents and capitals, in French and English) or business number, a report by
the reference the worker quotes, and a case by the words of its notes; it never
shows what the user's region and role do not reach, and the same on SQLite and
PostgreSQL (run this file on both, see scripts/with_postgres.sh)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import Activity, ActivityKind
from sentinelle.cases.search import GROUP_SIZE, accent_insensitive_pattern, reference_prefixes
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_case, create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC")


@pytest.fixture
def client_qc(investigator):
    client = Client()
    sign_in(client, investigator)
    return client


def found(client: Client, query: str, language: str = "en") -> str:
    response = client.get(f"/{language}/staff/search/", {"q": query})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def case_link(case) -> str:
    return f'href="/en/staff/cases/{case.reference}/"'


def note(case, author, text: str, *, findings: str = "") -> Activity:
    return Activity.objects.create(case=case, kind=ActivityKind.NOTE, occurred_at=timezone.now(), author=author,
                                   notes=text, findings=findings)


# Employers -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["cote", "COTÉ", "Côté", "fermes cote", "  FERMES   côte "])
def test_a_french_name_is_found_whatever_its_accents_and_capitals(client_qc, query):
    create_employer("QC", legal_name="Fermes Côté inc.")
    assert "Fermes Côté inc." in found(client_qc, query)


@pytest.mark.parametrize("query", ["erabliere", "ÉRABLIÈRE", "Erabliere du nord"])
def test_a_name_beginning_with_an_accent_is_found_without_it(client_qc, query):
    create_employer("QC", legal_name="Érablière du Nord")
    assert "Érablière du Nord" in found(client_qc, query)


@pytest.mark.parametrize("query", ["maple", "MAPLE LEAF", "leaf greenhouses"])
def test_an_english_operating_name_is_found(client_qc, query):
    create_employer("QC", legal_name="9123-4567 Québec inc.", operating_name="Maple Leaf Greenhouses")
    assert "Maple Leaf Greenhouses" in found(client_qc, query)


def test_an_employer_is_found_by_the_start_of_its_business_number(client_qc):
    create_employer("QC", legal_name="Serres Lachance", business_number="123456789RT0001")
    create_employer("QC", legal_name="Autre Ferme", business_number="987654321RT0001")
    page = found(client_qc, "12345 6789")
    assert "Serres Lachance" in page
    assert "Autre Ferme" not in page


def test_more_than_twenty_employers_are_cut_with_a_hint(client_qc):
    for n in range(GROUP_SIZE + 3):
        create_employer("QC", legal_name=f"Ferme Gagnon {n:02d}")
    page = found(client_qc, "gagnon")
    assert page.count("Ferme Gagnon") == GROUP_SIZE
    assert f"Only the first {GROUP_SIZE} are shown" in page


def test_a_merged_duplicate_is_not_offered(client_qc):
    kept = create_employer("QC", legal_name="Fermes Côté inc.")
    create_employer("QC", legal_name="Fermes Cote", merged_into=kept)
    page = found(client_qc, "fermes cote")
    assert "Fermes Côté inc." in page
    assert "Fermes Cote<" not in page and "Fermes Cote " not in page


# Cases and reports by reference ----------------------------------------------------------


def test_a_case_is_found_by_its_number_exact_partial_lowercase_or_spaced(client_qc):
    case = create_case("QC")
    other = create_case("QC")
    year, body = case.reference.split("-")[1:]
    for query in [case.reference, case.reference.lower(), case.reference[:-3], f"c {year} {body}",
                  f" {case.reference} "]:
        page = found(client_qc, query)
        assert case_link(case) in page, query
    assert case_link(other) not in found(client_qc, case.reference)


def test_a_report_is_found_by_the_reference_the_worker_quotes(client_qc):
    report = make_report("QC")
    page = found(client_qc, report.reference.lower())
    assert f'href="/en/staff/reports/{report.pk}/"' in page


def test_reports_are_not_searched_for_a_role_that_cannot_read_them():
    report = make_report("QC")
    reviewer = create_staff("qc_reviewer", region_code="QC")
    client = Client()
    sign_in(client, reviewer)
    page = found(client, report.reference)
    assert f"/reports/{report.pk}/" not in page
    assert "Reports by reference" not in page


# Words of the notes --------------------------------------------------------------------


@pytest.mark.parametrize("query", ["eric", "ÉRIC", "Éric", "eric tremblay", "TREMBLAY"])
def test_a_case_is_found_by_a_name_in_its_notes_whatever_the_accents(client_qc, investigator, query):
    case = create_case("QC")
    note(case, investigator, "Entrevue avec Éric Tremblay, contremaître.")
    create_case("QC")
    page = found(client_qc, query)
    assert f"/en/staff/cases/{case.reference}/" in page


def test_findings_summary_and_assessment_are_searched_too(client_qc, investigator):
    in_findings = create_case("QC")
    note(in_findings, investigator, "Visite.", findings="Dortoir sans détecteur de fumée.")
    in_summary = create_case("QC", summary="Heures supplémentaires non payées.")
    in_assessment = create_case("QC", assessment="Crédible : douze travailleurs touchés.")
    assert case_link(in_findings) in found(client_qc, "detecteur de fumee")
    assert case_link(in_summary) in found(client_qc, "SUPPLEMENTAIRES")
    assert case_link(in_assessment) in found(client_qc, "credible")


def test_an_accented_query_finds_plain_text_and_ligatures_match(client_qc, investigator):
    plain = create_case("QC")
    note(plain, investigator, "Met with the foreman, Rene.")
    ligature = create_case("QC")
    note(ligature, investigator, "Agence de main-d’œuvre sans permis.")
    assert case_link(plain) in found(client_qc, "René")
    assert case_link(ligature) in found(client_qc, "main-d'oeuvre")


def test_words_that_are_not_in_the_notes_find_nothing(client_qc, investigator):
    case = create_case("QC", summary="Logement insalubre.")
    note(case, investigator, "Entrevue avec Éric.")
    page = found(client_qc, "erica")
    assert case_link(case) not in page
    assert "No case notes contain these words." in page


# Reach -------------------------------------------------------------------------------


def test_another_regions_cases_employers_and_reports_never_appear(client_qc, investigator):
    ontario = create_employer("ON", legal_name="Fermes Côté Ontario")
    ontario_case = create_case("ON", employer=ontario, summary="Salaires impayés à Éric.")
    note(ontario_case, create_staff("investigator", region_code="ON"), "Entrevue avec Éric.")
    ontario_report = make_report("ON")
    quebec_case = create_case("QC")
    note(quebec_case, investigator, "Entrevue avec Éric.")

    page = found(client_qc, "eric")
    assert case_link(quebec_case) in page
    assert case_link(ontario_case) not in page
    assert "Fermes Côté Ontario" not in found(client_qc, "cote")
    assert f"/cases/{ontario_case.reference}/" not in found(client_qc, ontario_case.reference)
    assert f"/reports/{ontario_report.pk}/" not in found(client_qc, ontario_report.reference)


def test_a_case_shared_with_the_region_is_found(client_qc, investigator):
    from sentinelle.cases import workflow
    from sentinelle.test import region

    lead_on = create_staff("team_lead", region_code="ON")
    ontario_case = create_case("ON", summary="Salaires impayés.")
    workflow.share(ontario_case, actor=lead_on, reason="Workers moved to Quebec.", region=region("QC"))
    assert case_link(ontario_case) in found(client_qc, "salaires impayes")


# The box itself ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_too_short_query_gets_a_clear_message(client_qc, language):
    response = client_qc.get(f"/{language}/staff/search/", {"q": " é "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    if language == "en":
        assert "Enter at least 2 characters to search." in page


def test_the_empty_page_shows_only_the_box(client_qc):
    response = client_qc.get("/en/staff/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert not AuditEvent.objects.filter(detail__search="staff").exists()


def test_a_search_is_audited_without_its_text(client_qc, investigator):
    client_qc.get("/en/staff/search/", {"q": "Éric Tremblay"})
    event = AuditEvent.objects.get(detail__search="staff")
    assert event.actor == investigator
    assert event.detail["query_length"] == len("Éric Tremblay")
    assert "Tremblay" not in str(event.detail) and "Tremblay" not in event.path


def test_a_role_without_access_to_files_may_not_search():
    client = Client()
    sign_in(client, create_staff(region_code="QC"))
    assert client.get("/en/staff/search/", {"q": "cote"}).status_code == 403


# The pattern on its own ------------------------------------------------------------------


def test_reference_prefixes_read_spaces_as_dashes_or_nothing():
    assert reference_prefixes(" c 2026 ab ") == ["C-2026-AB", "C2026AB"]
    assert reference_prefixes("C-2026-AB") == ["C-2026-AB"]


def test_the_pattern_holds_only_literal_characters_that_both_databases_read_alike():
    import re

    pattern = accent_insensitive_pattern("Côté (2024) 50% [x]")
    assert re.search(pattern, "COTE (2024) 50% [X]")
    assert re.search(pattern, "côté  (2024)\u00a050% [x]")
    assert not re.search(pattern, "cote 2024")
