"""Equipment and the ethics officer's training in a browser: an intake agent is
refused a mobile outreach kit, the refusal naming the course, keeps what they
chose, and checks the kit out once trained and attested; an administrator sees
the officer's training overdue on the ethics page and opens the designation
notice form. Every page passes axe-core with no violation, in French and in English."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import RoleCode
from sentinelle.ethics.tests.factories import designate
from sentinelle.test import create_staff
from sentinelle.training.attestations import sign_attestation
from sentinelle.training.models import Completion, Equipment, EquipmentKind, EquipmentLoan

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser
COURSE = {"en": "Field equipment: safe use, health and safety",
          "fr": "Équipement de terrain\u00a0: utilisation sécuritaire, santé et sécurité"}


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_an_agent_is_refused_the_kit_until_trained_and_attested(page: Page, language: str) -> None:
    agent = create_staff(RoleCode.INTAKE_AGENT, region_code="QC", full_name="Inès Gagnon")
    kit = Equipment.objects.create(kind=EquipmentKind.objects.get(code="outreach_kit"), asset_tag="KIT-QC-01")
    sign_in(page, agent, language=language)
    path = f"/{language}/staff/training/equipment/"
    open_page(page, path)
    assert_accessible(page)
    start = timezone.localdate() + timedelta(days=7)
    page.select_option("select[name=equipment]", str(kit.pk))
    page.fill("input[name=starts_on]", start.isoformat())
    page.fill("input[name=ends_on]", (start + timedelta(days=2)).isoformat())
    response = submit(page, "equipment")
    assert response is not None and response.status == 400
    assert COURSE[language] in page.locator("[role=alert]").inner_text()
    assert page.input_value("input[name=starts_on]") == start.isoformat()
    assert_accessible(page)

    course = kit.kind.course
    Completion.objects.create(user=agent, course=course, completed_on=date(2026, 3, 2))
    sign_attestation(agent, course)
    response = submit(page, "equipment")
    assert response is not None and response.status == 200 and page.url.endswith(path)
    assert EquipmentLoan.objects.get().user == agent
    assert page.get_by_role("row").filter(has_text="KIT-QC-01").filter(has_text="Inès Gagnon").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_an_administrator_sees_the_officers_training_and_the_notice_form(page: Page, language: str) -> None:
    officer = create_staff(RoleCode.INVESTIGATOR, region_code="HQ", full_name="Patrice Éthier")
    designate(officer, starts_on=timezone.localdate() - timedelta(days=220))
    admin = create_staff(RoleCode.ADMINISTRATOR, region_code="HQ")
    sign_in(page, admin, language=language)
    open_page(page, f"/{language}/staff/ethics/")
    table = page.locator("table.training-owed")
    assert "Patrice Éthier" in table.inner_text()
    assert {"en": "Overdue", "fr": "En retard"}[language] in table.inner_text()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/ethics/designations/notice/")
    assert page.input_value("input[name=on]") == timezone.localdate().isoformat()
    assert_accessible(page)
