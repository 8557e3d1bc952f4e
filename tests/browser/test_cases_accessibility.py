"""The investigator's pages pass axe-core with no violation, in French and in
English: the case list, a full case page, each step's form, each kind of
activity, an activity after a concurrent edit, the case's fields and sharing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from sentinelle.cases import workflow
from sentinelle.cases.forms import RECORDABLE_KINDS
from sentinelle.cases.models import ActivityKind, Case, CaseStatus, Outcome
from sentinelle.test import create_case, create_staff, region, train

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def a_worked_case() -> tuple[Case, dict]:
    team = {
        "lead": create_staff("team_lead", region_code="QC", full_name="Louise Leblanc"),
        "investigator": create_staff("investigator", region_code="QC", full_name="Inès Gagnon"),
    }
    train(team["investigator"], "unannounced_inspection")
    case = create_case("QC")
    case = workflow.move(case, "assess", actor=team["lead"], assessment="Crédible : 12 travailleurs.")
    case = workflow.move(case, "assign", actor=team["lead"], investigator=team["investigator"])
    case = workflow.move(case, "start_inspection", actor=team["investigator"])
    workflow.add_activity(case, ActivityKind.INSPECTION, {
        "announced": False, "place": "Rang 4", "participants": "Inès Gagnon", "findings": "No drinking water.",
    }, actor=team["investigator"])
    workflow.add_activity(case, ActivityKind.TASK, {
        "owner": team["investigator"], "due_on": "2026-12-01", "notes": "Call the consulate.",
    }, actor=team["investigator"])
    workflow.share(case, actor=team["lead"], reason="Employer also in Ontario.", region=region("ON"))
    case = workflow.move(case, "propose_decision", actor=team["investigator"], outcome=Outcome.BAN,
                         grounds="Repeated housing violations.", ban_years=2)
    return case, team


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_case_list_and_case_page(page: Page, language: str) -> None:
    case, team = a_worked_case()
    sign_in(page, team["lead"], language=language)
    open_page(page, f"/{language}/staff/cases/?scope=region&status=all")
    assert page.get_by_role("link", name=case.reference).is_visible()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/cases/?status=nonsense")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/cases/{case.reference}/")
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_step_forms_with_and_without_mistakes(page: Page, language: str) -> None:
    case, team = a_worked_case()
    sign_in(page, team["lead"], language=language)
    open_page(page, f"/{language}/staff/cases/{case.reference}/steps/approve_decision/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/cases/{case.reference}/steps/return_decision/")
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    fresh = create_case("QC")
    for step in ("assess", "exclude", "transfer"):
        open_page(page, f"/{language}/staff/cases/{fresh.reference}/steps/{step}/")
        assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_activity_forms_of_every_kind(page: Page, language: str) -> None:
    lead = create_staff("team_lead", region_code="QC")
    case = create_case("QC", status=CaseStatus.IN_INSPECTION, assigned_to=lead)
    sign_in(page, lead, language=language)
    for kind in RECORDABLE_KINDS:
        open_page(page, f"/{language}/staff/cases/{case.reference}/activities/new/{kind.value}/")
        assert_accessible(page)
    page.fill('textarea[name="notes"]', "")
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_conflict_on_an_activity_and_on_the_case(page: Page, language: str) -> None:
    case, team = a_worked_case()
    activity = case.activities.get(kind=ActivityKind.TASK)
    sign_in(page, team["investigator"], language=language)
    open_page(page, f"/{language}/staff/cases/{case.reference}/activities/{activity.pk}/")
    workflow.update_activity(activity, {"notes": "Consulate called."}, actor=team["lead"],
                             expected_version=activity.version)
    page.fill('textarea[name="notes"]', "Consulate will call back.")
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Consulate called.").is_visible()
    assert_accessible(page)

    open_page(page, f"/{language}/staff/cases/{case.reference}/edit/")
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_sharing_form_after_a_mistake(page: Page, language: str) -> None:
    case, team = a_worked_case()
    sign_in(page, team["lead"], language=language)
    open_page(page, f"/{language}/staff/cases/{case.reference}/sharing/")
    assert_accessible(page)
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
