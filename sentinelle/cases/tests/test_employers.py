"""The employer register: the list searched whatever the accents, without merged
duplicates; the employer's page with its whole history in a bounded number of
queries; merging a duplicate, which keeps all history and is refused when it
makes no sense or reaches beyond the user's regions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.merge import MergeRefused, merge_employers, survivor
from sentinelle.cases.models import Case, Decision, DecisionStatus, Employer, Outcome
from sentinelle.intake.models import Allegation, Report
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_case, create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return create_staff("team_lead", region_code="QC")


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def client_lead(lead):
    return client_for(lead)


def report_on(employer: Employer, *, case: Case | None = None, allegations=(Allegation.WAGES,)) -> Report:
    report = make_report(employer.region.code, allegations=allegations)
    Report.objects.filter(pk=report.pk).update(employer=employer, case=case)
    report.refresh_from_db()
    return report


def approved_decision(case: Case, *, by, approver, amount: str = "15000") -> Decision:
    return Decision.objects.create(
        case=case, outcome=Outcome.PENALTY, grounds="Overtime unpaid.", penalty_amount=Decimal(amount),
        status=DecisionStatus.APPROVED, proposed_by=by, approved_by=approver, approved_at=timezone.now(),
        region=case.region,
    )


def history(employer: Employer, lead, *, cases: int = 1) -> list[Case]:
    investigator = create_staff("investigator", region_code=employer.region.code, full_name="Amélie Enquêtrice")
    made = []
    for _ in range(cases):
        case = create_case(employer.region.code, employer=employer, assigned_to=investigator)
        report_on(employer, case=case, allegations=(Allegation.WAGES, Allegation.HOUSING))
        approved_decision(case, by=investigator, approver=lead)
        made.append(case)
    return made


# The list --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["cote", "COTÉ"])
def test_the_list_finds_names_whatever_the_accents(client_lead, query):
    create_employer("QC", legal_name="Fermes Côté inc.")
    create_employer("QC", legal_name="Érablière du Nord")
    page = client_lead.get("/en/staff/employers/", {"q": query}).content.decode()
    assert "Fermes Côté inc." in page
    assert "Érablière du Nord" not in page
    assert "1 employer" in page


def test_the_list_finds_a_business_number_prefix_and_hides_merged_duplicates(client_lead):
    kept = create_employer("QC", legal_name="Serres Lachance", business_number="123456789RT0001")
    create_employer("QC", legal_name="Serres Lachance (doublon)", business_number="123456789RT0002",
                    merged_into=kept)
    page = client_lead.get("/en/staff/employers/", {"q": "123456789"}).content.decode()
    assert "Serres Lachance<" in page
    assert "doublon" not in page
    assert "doublon" not in client_lead.get("/en/staff/employers/").content.decode()


def test_the_list_shows_only_the_users_region(client_lead):
    create_employer("ON", legal_name="Ontario Greenhouses")
    create_employer("QC", legal_name="Serres du Québec")
    page = client_lead.get("/en/staff/employers/").content.decode()
    assert "Serres du Québec" in page
    assert "Ontario Greenhouses" not in page


def test_the_unfiltered_list_pages_without_counting_the_register(client_lead, settings):
    for n in range(52):
        create_employer("QC", legal_name=f"Ferme {n:03d}")
    with CaptureQueriesContext(connection) as queries:
        first = client_lead.get("/en/staff/employers/").content.decode()
    employer_queries = [q["sql"] for q in queries.captured_queries if 'FROM "cases_employer"' in q["sql"]]
    assert not any("COUNT(" in q.upper() for q in employer_queries)
    assert employer_queries and all('ORDER BY "cases_employer"."search_name"' in q for q in employer_queries)
    assert "Ferme 000" in first and "Ferme 050" not in first
    assert 'rel="next"' in first
    second = client_lead.get("/en/staff/employers/", {"page": "2"}).content.decode()
    assert "Ferme 050" in second and "Ferme 051" in second and 'rel="next"' not in second
    assert client_lead.get("/en/staff/employers/", {"page": "nonsense"}).status_code == 200


# The employer's page -------------------------------------------------------------------


def test_the_page_shows_identity_and_history(client_lead, lead):
    employer = create_employer(
        "QC", legal_name="9123-4567 Québec inc.", operating_name="Fermes Côté", business_number="912345678RT0001",
        street_address="12, rang Saint-Paul", city="Saint-Rémi", postal_code="J0L 2L0", phone="450-555-0101",
    )
    (case,) = history(employer, lead)
    report = Report.objects.get(case=case)
    page = client_lead.get(f"/en/staff/employers/{employer.pk}/").content.decode()
    for text in ["9123-4567 Québec inc.", "Fermes Côté", "912345678RT0001", employer.sector.naics_code,
                 employer.sector.name_en, "12, rang Saint-Paul", "Saint-Rémi", "J0L 2L0", "450-555-0101",
                 "Housing, Wages or unpaid hours", "Amélie Enquêtrice", "$15,000.00",
                 "Non-compliant: administrative monetary penalty"]:
        assert text in page, text
    assert f'href="/en/staff/cases/{case.reference}/"' in page
    assert f'href="/en/staff/reports/{report.pk}/"' in page
    assert AuditEvent.objects.filter(action="view", object_type="cases.employer", object_id=str(employer.pk)).exists()


def test_the_page_takes_the_same_number_of_queries_however_long_the_history(client_lead, lead,
                                                                           django_assert_max_num_queries):
    def employer_with(cases: int, merged_cases: int) -> Employer:
        employer, duplicate = create_employer("QC"), create_employer("QC")
        history(employer, lead, cases=cases)
        history(duplicate, lead, cases=merged_cases)
        merge_employers(employer, duplicate, actor=lead)
        return employer

    small, large = employer_with(1, 1), employer_with(6, 3)
    with CaptureQueriesContext(connection) as few:
        client_lead.get(f"/en/staff/employers/{small.pk}/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client_lead.get(f"/en/staff/employers/{large.pk}/")
    assert response.content.decode().count('href="/en/staff/cases/C-') == 9
    assert len(few.captured_queries) <= 22


def test_another_regions_employer_is_not_found(client_lead):
    ontario = create_employer("ON")
    assert client_lead.get(f"/en/staff/employers/{ontario.pk}/").status_code == 404


def test_a_role_that_cannot_read_reports_sees_no_report(lead):
    employer = create_employer("QC")
    history(employer, lead)
    page = client_for(create_staff("qc_reviewer", region_code="QC")).get(
        f"/en/staff/employers/{employer.pk}/").content.decode()
    assert "/staff/reports/" not in page
    assert "Your role does not give access to the reports of workers." in page


# Merging ---------------------------------------------------------------------------------


def test_merging_moves_the_whole_history_and_keeps_the_duplicate(client_lead, lead):
    kept = create_employer("QC", legal_name="Les Fermes Côté", business_number="")
    duplicate = create_employer("QC", legal_name="Fermes Cote", business_number="912345678RT0001",
                                phone="450-555-0101")
    kept_cases = history(kept, lead)
    moved_cases = history(duplicate, lead, cases=2)
    loose_report = report_on(duplicate)

    found = client_lead.get(f"/en/staff/employers/{kept.pk}/merge/", {"q": "912345"}).content.decode()
    assert f"/en/staff/employers/{kept.pk}/merge/{duplicate.pk}/" in found

    confirm = client_lead.get(f"/en/staff/employers/{kept.pk}/merge/{duplicate.pk}/").content.decode()
    assert "3 reports move to the kept employer." in confirm
    assert "2 cases move to the kept employer, with their decisions." in confirm

    response = client_lead.post(f"/en/staff/employers/{kept.pk}/merge/{duplicate.pk}/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/staff/employers/{kept.pk}/"
    assert "Fermes Cote is merged into Les Fermes Côté. Reports moved: 3. Cases moved: 2." in page

    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert duplicate.merged_into == kept
    assert Employer.objects.filter(pk=duplicate.pk).exists()
    assert set(Case.objects.filter(employer=kept)) == {*kept_cases, *moved_cases}
    assert Report.objects.filter(employer=kept).count() == 4
    assert Report.objects.get(pk=loose_report.pk).employer == kept
    assert not Case.objects.filter(employer=duplicate).exists()
    assert (kept.business_number, kept.phone) == ("912345678RT0001", "450-555-0101")
    assert kept.legal_name == "Les Fermes Côté"
    for case in moved_cases:
        assert f'href="/en/staff/cases/{case.reference}/"' in page
        assert case.reference in page

    events = AuditEvent.objects.filter(detail__merge="employers")
    assert {(e.object_id, e.actor_id) for e in events} == {(str(kept.pk), lead.pk), (str(duplicate.pk), lead.pk)}
    detail = events.first().detail
    assert (detail["kept"], detail["duplicate"]) == (kept.pk, duplicate.pk)
    assert detail["moved"]["intake.report"] == 3 and detail["moved"]["cases.case"] == 2


def test_the_duplicates_page_says_where_its_history_went(client_lead, lead):
    kept, duplicate = create_employer("QC", legal_name="Fermes Côté inc."), create_employer("QC")
    merge_employers(kept, duplicate, actor=lead)
    page = client_lead.get(f"/en/staff/employers/{duplicate.pk}/").content.decode()
    assert f'merged into <a href="/en/staff/employers/{kept.pk}/">Fermes Côté inc.</a>' in page
    assert "Find the duplicate" not in page


def test_a_chain_of_merges_leads_to_the_last_employer_with_all_history(client_lead, lead):
    a, b, c = (create_employer("QC", legal_name=name) for name in ("Ferme A", "Ferme B", "Ferme C"))
    (case_a,) = history(a, lead)
    merge_employers(b, a, actor=lead)
    merge_employers(c, b, actor=lead)
    a.refresh_from_db()
    assert survivor(a) == c
    assert Case.objects.get(pk=case_a.pk).employer == c
    page_a = client_lead.get(f"/en/staff/employers/{a.pk}/").content.decode()
    assert f'href="/en/staff/employers/{c.pk}/">Ferme C</a>' in page_a
    page_c = client_lead.get(f"/en/staff/employers/{c.pk}/").content.decode()
    assert "Ferme A" in page_c and "Ferme B" in page_c
    assert f'href="/en/staff/cases/{case_a.reference}/"' in page_c


def test_merging_an_employer_into_itself_is_refused(client_lead):
    employer = create_employer("QC")
    response = client_lead.post(f"/en/staff/employers/{employer.pk}/merge/{employer.pk}/")
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()
    employer.refresh_from_db()
    assert employer.merged_into is None


def test_merging_into_or_from_an_already_merged_employer_is_refused(client_lead, lead):
    kept, merged, other = create_employer("QC"), create_employer("QC"), create_employer("QC")
    merge_employers(kept, merged, actor=lead)
    into_merged = client_lead.post(f"/en/staff/employers/{merged.pk}/merge/{other.pk}/")
    assert into_merged.status_code == 400
    assert "was itself merged into another one" in into_merged.content.decode()
    from_merged = client_lead.post(f"/en/staff/employers/{other.pk}/merge/{merged.pk}/")
    assert from_merged.status_code == 400
    assert "already merged into another employer" in from_merged.content.decode()
    other.refresh_from_db()
    assert other.merged_into is None


def test_merging_an_employer_of_another_region_is_refused(client_lead, lead):
    kept, ontario = create_employer("QC"), create_employer("ON", legal_name="Ontario Farms")
    history(ontario, create_staff("team_lead", region_code="ON"))
    response = client_lead.post(f"/en/staff/employers/{kept.pk}/merge/{ontario.pk}/")
    # As if there were no such employer: the id of another region's employer is not confirmed.
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no such employer in the register." in page and "Ontario Farms" not in page
    assert not Case.objects.filter(employer=kept).exists()
    search = client_lead.get(f"/en/staff/employers/{kept.pk}/merge/", {"q": "ontario"}).content.decode()
    assert "No other employer you can reach matches this search." in search
    with pytest.raises(MergeRefused):
        merge_employers(kept, ontario, actor=lead)


def test_a_national_analyst_merges_across_regions(lead):
    analyst = create_staff("national_analyst", region_code="HQ")
    kept, ontario = create_employer("QC"), create_employer("ON")
    (case,) = history(ontario, lead)
    response = client_for(analyst).post(f"/en/staff/employers/{kept.pk}/merge/{ontario.pk}/")
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).employer == kept


def test_an_investigator_may_not_merge():
    investigator = create_staff("investigator", region_code="QC")
    kept, duplicate = create_employer("QC"), create_employer("QC")
    client = client_for(investigator)
    assert "Find the duplicate" not in client.get(f"/en/staff/employers/{kept.pk}/").content.decode()
    assert client.post(f"/en/staff/employers/{kept.pk}/merge/{duplicate.pk}/").status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_a_too_short_duplicate_search_gets_a_clear_message(client_lead):
    kept = create_employer("QC")
    response = client_lead.get(f"/en/staff/employers/{kept.pk}/merge/", {"q": "a"})
    assert response.status_code == 400
    assert "Enter at least 2 characters" in response.content.decode()


def test_triage_never_offers_a_merged_duplicate_and_matches_the_employer_kept():
    from sentinelle.intake import triage

    lead = create_staff("team_lead", region_code="QC")
    kept = create_employer("QC", legal_name="Serres Lachance inc.", city="Saint-Rémi", province="QC")
    duplicate = create_employer("QC", legal_name="Les Serres Lachance", city="Saint-Rémi", province="QC")
    merge_employers(kept, duplicate, actor=lead)
    report = make_report("QC", (Allegation.WAGES,), employer_name="Serres Lachance")

    offered = [s.employer.pk for s in triage.suggest_employers(report, user=lead)]
    assert kept.pk in offered and duplicate.pk not in offered
    duplicate.refresh_from_db()
    assert triage.match_employer(report, duplicate, actor=lead).employer_id == kept.pk
