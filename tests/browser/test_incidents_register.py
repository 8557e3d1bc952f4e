"""A privacy officer records a confidentiality incident through the three
sections of the form, rates the grid, confirms the conclusion and generates the
notice to the Commission; the list, the form (blank, after a mistake), the
incident page, the notice form and the register pass axe-core with no
violation, in French and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from sentinelle.incidents.models import Incident, Notice, RegisterEntry
from sentinelle.test import create_staff

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_an_officer_records_an_incident_and_notifies_the_commission(page: Page, language: str) -> None:
    officer = create_staff("privacy_officer", region_code="HQ", full_name="Isabelle Privacy")
    sign_in(page, officer, language=language)
    base = f"/{language}/staff/incidents/"

    open_page(page, base)
    assert_accessible(page)

    page.locator(f'main a[href="{base}new/"]').click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    # A mistake first: nothing entered.
    submit(page, "title")
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)

    # Section 1: description of the incident.
    page.fill('[name="title"]', "Liste envoyée au mauvais employeur")
    page.fill('[name="circumstances"]', "Un enquêteur a envoyé la liste des travailleurs à un autre employeur.")
    page.fill('[name="information_concerned"]', "Noms et numéros de permis de travail.")
    page.fill('[name="occurred_on"]', "2026-03-02")
    page.fill('[name="learned_on"]', "2026-03-04")
    page.fill('[name="persons_concerned"]', "42")
    page.fill('[name="persons_in_quebec"]', "40")
    page.fill('[name="discovered_how"]', "L’employeur destinataire a téléphoné.")
    # Section 2: treatment plan, a measure, and the grid.
    page.fill('[name="measures-0-description"]', "Destruction du courriel confirmée par écrit.")
    page.fill('[name="measures-0-responsible_unit"]', "Direction régionale du Québec")
    page.fill('[name="measures-0-planned_on"]', "2026-03-04")
    page.fill('[name="measures-0-done_on"]', "2026-03-05")
    page.fill('[name="notification_measures"]', "Une lettre à chaque travailleur.")
    page.fill('[name="suggested_measures"]', "Signaler tout contact inhabituel.")
    page.check('input[name="sensitivity"][value="3"]')
    page.check('input[name="malicious_use"][value="3"]')
    page.check('input[name="consequences"][value="2"]')
    page.check('input[name="probability"][value="2"]')
    # Section 3 and the contact person.
    page.fill('[name="harm_explanation"]', "L’employeur pourrait exercer des représailles.")
    page.fill('[name="contact_name"]', "Isabelle Privacy")
    page.fill('[name="contact_email"]', "prp@sentinelle.example")
    submit(page, "title")

    incident = Incident.objects.get()
    assert page.url.endswith(f"{base}{incident.pk}/")
    assert page.locator("[role=status], .notice-success").first.is_visible()
    assert incident.measures.count() == 1 and incident.grid_conclusion is True
    assert_accessible(page)

    # The officer confirms the grid's conclusion.
    page.check('input[name="serious_harm"][value="yes"]')
    submit(page, "serious_harm")
    incident.refresh_from_db()
    assert incident.serious_harm is True and not incident.overridden
    assert RegisterEntry.objects.filter(incident=incident).count() == 1
    assert_accessible(page)

    # The notice to the Commission.
    page.locator(f'a[href="{base}{incident.pk}/notices/commission/new/"]').click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.fill('[name="given_on"]', "2026-03-06")
    submit(page, "given_on")
    notice = Notice.objects.get(incident=incident)
    assert notice.kind == "commission" and str(notice.given_on) == "2026-03-06"
    assert page.locator(f'a[href="{base}{incident.pk}/notices/{notice.pk}/pdf/"]').is_visible()
    assert RegisterEntry.objects.current().get(incident=incident).commission_notified_on == notice.given_on
    assert_accessible(page)

    open_page(page, f"{base}register/")
    assert page.locator("table.data tbody tr").count() == 2
    assert_accessible(page)

    open_page(page, base)
    assert page.locator("table.data tbody tr").count() == 1
    assert_accessible(page)
