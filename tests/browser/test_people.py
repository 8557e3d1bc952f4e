"""People in a browser: an investigator who completed a course signs its
attestation; an investigator answers the monthly workload check-in (a missing
answer first, which keeps what was ticked); a team lead reads the team's lived
workload added up next to caseload and capacity. Every page passes axe-core with
no violation, in French and in English."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from sentinelle.accounts.models import Region, Role, User
from sentinelle.test import create_staff
from sentinelle.training.models import Attestation, Completion, Course
from sentinelle.workload import lived
from sentinelle.workload.models import CheckIn, LivedItem

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_an_investigator_signs_an_attestation_and_answers_the_check_in(page: Page, language: str) -> None:
    ines = create_staff("investigator", region_code="QC", full_name="Inès Gagnon", email="ines@sentinelle.test")
    Completion.objects.create(user=ines, course=Course.objects.get(code="escalation"), completed_on=date(2026, 3, 2))
    sign_in(page, ines, language=language)

    open_page(page, f"/{language}/staff/training/courses/escalation/")
    assert_accessible(page)
    page.locator("#id_confirm").check()
    submit(page, "confirm")
    assert Attestation.objects.filter(user=ines, course__code="escalation").count() == 1
    assert_accessible(page)

    open_page(page, f"/{language}/staff/workload/check-in/")
    assert_accessible(page)
    factor = LivedItem.objects.get(code="interruptions")
    page.locator(f'input[name="factors"][value="{factor.pk}"]').check()
    submit(page, "heaviness")
    assert page.get_by_role("alert").first.is_visible()
    assert page.locator(f'input[name="factors"][value="{factor.pk}"]').is_checked()
    assert_accessible(page)
    page.locator('input[name="heaviness"][value="4"]').check()
    submit(page, "heaviness")
    assert CheckIn.objects.get(user=ines).heaviness == 4
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_team_lead_reads_the_teams_lived_workload(page: Page, language: str) -> None:
    lead = create_staff("team_lead", region_code="QC", full_name="Louise Leblanc", email="louise@sentinelle.test")
    region, role = Region.objects.get(code="QC"), Role.objects.get(code="investigator")
    for number in range(6):
        member = User.objects.create(email=f"member{number}@sentinelle.test", full_name=f"Member {number}",
                                     region=region)
        member.roles.set([role])
        lived.submit(member, heaviness=3, items=[LivedItem.objects.get(code="staff_shortage")])
    sign_in(page, lead, language=language)

    open_page(page, f"/{language}/staff/workload/caseload/")

    section = page.locator("section", has=page.locator("#lived-QC"))
    assert section.is_visible()
    assert "6" in section.inner_text() and LivedItem.objects.get(code="staff_shortage").name_in(language) \
        in section.inner_text()
    assert_accessible(page)
