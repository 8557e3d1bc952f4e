"""The work queue in a browser: a team lead ticks cases and assigns them to the
suggested investigators; the queue, the priority on the case page, the caseload
page, the capacity form and the sector weights page pass axe-core with no
violation, in French and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.cases.models import Case, CaseStatus
from sentinelle.test import create_staff
from sentinelle.workload.tests.factories import investigator, waiting_case

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def assign_ticked(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form button.button").click()


def lead() -> User:
    return create_staff("team_lead", region_code="ON", full_name="Daniel Lead")


def some_cases() -> list[Case]:
    now = timezone.now()
    return [
        waiting_case("ON", now=now, risk=60, escalation="open", sector="1112", age=timedelta(days=12, hours=1)),
        waiting_case("ON", now=now, risk=80, age=timedelta(days=2)),
        waiting_case("ON", now=now, risk=30, age=timedelta(days=5)),
        waiting_case("ON", now=now, risk=95, status=CaseStatus.NEW),
    ]


def test_a_team_lead_assigns_a_batch_from_the_queue(page: Page) -> None:
    alice = investigator("ON", "Alice Martin", open_cases=1)
    bruno = investigator("ON", "Bruno Tremblay", open_cases=0)
    urgent, high, low, new = some_cases()
    sign_in(page, lead())
    open_page(page, "/en/staff/workload/")
    assert page.locator("table.data tbody tr").count() == 4

    for case in (urgent, high, new):
        page.get_by_label(f"Select case {case.reference}").check()
    assign_ticked(page)

    messages = page.locator(".messages").inner_text()
    assert "Cases assigned: 2 of 3." in messages
    assert f"Case {urgent.reference} assigned to Bruno Tremblay (caseload now 1 of 40)." in messages
    assert f"Case {high.reference} assigned to Alice Martin (caseload now 2 of 40)." in messages
    assert f"Case {new.reference} was not assigned: it is new and must be assessed first." in messages
    assert page.locator("table.data tbody tr").count() == 2  # low and new wait on
    assert Case.objects.get(pk=urgent.pk).assigned_to == bruno
    assert Case.objects.get(pk=high.pk).assigned_to == alice
    assert Case.objects.get(pk=low.pk).assigned_to is None
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_queue_with_cases_and_after_a_mistake(page: Page, language: str) -> None:
    investigator("ON", "Alice Martin", open_cases=1)
    urgent = some_cases()[0]
    sign_in(page, lead(), language=language)
    open_page(page, f"/{language}/staff/workload/")
    assert page.locator("table.data tbody tr").count() == 4
    assert_accessible(page)

    # The case page shows the same rules.
    open_page(page, f"/{language}/staff/cases/{urgent.reference}/")
    assert page.locator("#priority-title").is_visible()
    assert "142" in page.locator(".priority-rules").inner_text()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/workload/")

    page.locator('input[name="case"]').first.check()
    page.locator('input[name="how"][value="chosen"]').check()
    assign_ticked(page)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_caseload_page_and_the_capacity_form(page: Page, language: str) -> None:
    alice = investigator("ON", "Alice Martin", open_cases=2)
    investigator("ON", "Bruno Tremblay")
    sign_in(page, lead(), language=language)
    open_page(page, f"/{language}/staff/workload/caseload/")
    assert page.locator("table.data tbody tr").count() == 2
    assert_accessible(page)

    open_page(page, f"/{language}/staff/workload/caseload/{alice.pk}/capacity/")
    page.fill('input[name="capacity"]', "900")
    submit(page, "capacity")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_sector_weights_page(page: Page, language: str) -> None:
    sign_in(page, create_staff("national_analyst", region_code="HQ"), language=language)
    open_page(page, f"/{language}/staff/workload/sector-weights/")
    assert_accessible(page)

    page.fill('input[name="weight_4841"]', "250")
    submit(page, "weight_4841")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    page.fill('input[name="weight_4841"]', "25")
    submit(page, "weight_4841")
    assert page.url.endswith(f"/{language}/staff/workload/sector-weights/")
    assert page.locator(".notice-success").first.is_visible()
    assert_accessible(page)
