"""Governance in a browser, in French and in English, every page passing axe-core
with no violation: a manager updates a measure of the action plan and drafts the
quarterly report, which a second manager reviews and a third approves (its PDFs
made by the task, then downloadable); the secretariat records a working group's
meeting with its agenda, the declarations of conflicts of interest before the
agenda, the minutes and an action item."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.governance.models import (
    Declaration,
    Measure,
    Meeting,
    QuarterlyReport,
    ReportStatus,
    StatusUpdate,
)
from sentinelle.governance.tasks import make_report_pdfs
from sentinelle.governance.tests.factories import add_member, working_group
from sentinelle.test import create_staff

from .conftest import NewPage, assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def _click(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_manager_updates_a_measure_and_three_managers_carry_the_quarterly_report(new_page: NewPage,
                                                                                   language: str) -> None:
    author = create_staff("manager", region_code="HQ", full_name="Annie Author")
    reviewer = create_staff("manager", region_code="HQ", full_name="Rémi Reviewer")
    approver = create_staff("manager", region_code="HQ", full_name="Alice Approver")
    base = f"/{language}/staff/governance/"
    measure = Measure.objects.get(code="2.1", priority__plan__fiscal_year=2021)

    page = new_page()
    sign_in(page, author, language=language)
    open_page(page, base)
    assert_accessible(page)
    _click(page, f'main a[href="{base}measures/{measure.pk}/"]')
    assert_accessible(page)
    # A mistake first: more than 100 %.
    page.select_option('[name="status"]', "at_risk")
    page.fill('[name="percent_done"]', "160")
    page.fill('[name="note"]', "Inventory rising in the West.")
    submit(page, "note")
    assert page.get_by_role("alert").first.is_visible()
    assert page.locator('[name="note"]').input_value() == "Inventory rising in the West."
    assert_accessible(page)
    page.fill('[name="percent_done"]', "60")
    submit(page, "note")
    assert page.url.endswith(f"{base}measures/{measure.pk}/")
    update = StatusUpdate.objects.get(measure=measure)
    assert (update.status, update.percent_done, update.written_by) == ("at_risk", 60, author)
    assert "Inventory rising in the West." in page.content()
    assert_accessible(page)

    open_page(page, f"{base}reports/")
    assert_accessible(page)
    today = timezone.localdate()
    fiscal_year = today.year if today.month >= 4 else today.year - 1
    page.select_option('[name="fiscal_year"]', str(fiscal_year))
    page.select_option('[name="quarter"]', "1")
    submit(page, "quarter")
    report = QuarterlyReport.objects.get()
    assert page.url.endswith(f"{base}reports/{report.pk}/")
    page.fill('[name="highlights_fr"]', "Inventaire sain.")
    page.fill('[name="highlights_en"]', "Healthy inventory.")
    page.fill('[name="risks_fr"]', "Taux de qualité sous la cible.")
    page.fill('[name="risks_en"]', "Quality rate below target.")
    submit(page, "highlights_fr")
    assert_accessible(page)
    assert page.locator('form[action$="/review/"]').count() == 0  # the author is told why instead

    page = new_page()
    sign_in(page, reviewer, language=language)
    open_page(page, f"{base}reports/{report.pk}/")
    _click(page, 'form[action$="/review/"] button')
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.REVIEWED, reviewer)
    assert_accessible(page)

    page = new_page()
    sign_in(page, approver, language=language)
    open_page(page, f"{base}reports/{report.pk}/")
    _click(page, 'form[action$="/approve/"] button')
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert page.locator("progress").is_visible()
    assert_accessible(page)
    make_report_pdfs.call(report.pk)
    open_page(page, f"{base}reports/{report.pk}/")
    assert page.locator(f'a[href="{base}reports/{report.pk}/fr.pdf"]').is_visible()
    assert page.locator("progress").count() == 0
    assert_accessible(page)
    open_page(page, f"{base}reports/")
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_secretariat_records_a_meeting_with_declarations_before_the_agenda(page: Page, language: str) -> None:
    secretariat = create_staff("secretariat", region_code="HQ", full_name="Sophie Secretariat")
    group = working_group(secretariat)
    start = timezone.localdate() - datetime.timedelta(days=30)
    ana = add_member(group, "Ana Chair", role="co_chair", start=start)
    ben = add_member(group, "Ben Chair", role="co_chair", start=start)
    sign_in(page, secretariat, language=language)
    base = f"/{language}/staff/governance/groups/{group.pk}/"
    open_page(page, base)
    assert page.locator('[data-warning="empty_seat"]').is_visible()
    assert_accessible(page)

    page.locator('form[action$="/meetings/"]').locator("xpath=ancestor::details").locator("summary").click()
    page.fill('[name="held_on"]', timezone.localdate().isoformat())
    page.fill('[name="agenda"]', "1. Sondage sur la santé du secteur\n2. Plan de travail")
    submit(page, "agenda")
    meeting = Meeting.objects.get()
    assert page.url.endswith(f"{base}meetings/{meeting.pk}/")
    assert_accessible(page)

    # Ben is present but has not declared: refused, and the agenda stays closed.
    page.check(f'[name="present_{ana.pk}"]')
    page.select_option(f'[name="conflict_{ana.pk}"]', "no")
    page.check(f'[name="present_{ben.pk}"]')
    submit(page, f"present_{ana.pk}")
    assert page.get_by_role("alert").first.is_visible()
    assert not Declaration.objects.exists()
    assert_accessible(page)
    page.select_option(f'[name="conflict_{ben.pk}"]', "yes")
    page.fill(f'[name="details_{ben.pk}"]', "Siège au conseil d’un organisme financé.")
    submit(page, f"present_{ana.pk}")
    assert Declaration.objects.filter(meeting=meeting).count() == 2
    _click(page, 'form[action$="/open/"] button')
    meeting.refresh_from_db()
    assert meeting.agenda_opened_at is not None
    assert_accessible(page)

    page.fill('[name="minutes"]', "Tour de table; sondage présenté.")
    page.fill('[name="decisions"]', "Adopter le plan de travail.")
    submit(page, "minutes")
    page.fill('[name="description"]', "Diffuser le résumé du sondage.")
    page.select_option('[name="owner"]', str(ana.pk))
    page.fill('[name="due_on"]', (timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    submit(page, "description")
    meeting.refresh_from_db()
    assert meeting.minutes and meeting.action_items.count() == 1
    assert "Diffuser le résumé du sondage." in page.content()
    assert_accessible(page)
    open_page(page, base)
    assert "Diffuser le résumé du sondage." in page.content()
    assert_accessible(page)
