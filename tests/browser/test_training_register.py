"""The training register in a browser: a team lead imports completions from a
CSV file (after a file with a wrong line, which imports nothing) and sees the
list of who is not yet trained shrink; the course list, a course page, the
import page (after a mistake too), the completion form and the list pass
axe-core with no violation, in French and in English."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import Role, User
from sentinelle.test import create_staff, train
from sentinelle.training.models import Completion, Course, MandatoryTraining

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def quebec_team() -> dict[str, User]:
    lead = create_staff("team_lead", region_code="QC", full_name="Louise Leblanc", email="louise@sentinelle.test")
    team = {
        "lead": lead,
        "ines": create_staff("investigator", region_code="QC", full_name="Inès Gagnon", email="ines@sentinelle.test"),
        "marc": create_staff("investigator", region_code="QC", full_name="Marc Roy", email="marc@sentinelle.test"),
        "owen": create_staff("investigator", region_code="ON", full_name="Owen Smith", email="owen@sentinelle.test"),
    }
    investigator = Role.objects.get(code="investigator")
    yesterday = timezone.localdate() - timedelta(days=1)
    for code in ("unannounced_inspection", "interviews_evidence"):
        MandatoryTraining.objects.create(role=investigator, course=Course.objects.get(code=code),
                                         mandatory_by=yesterday)
    train(team["marc"], "interviews_evidence")
    return team


def rows_shown(page: Page) -> int:
    return page.locator("table.data tbody tr").count()


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_team_lead_imports_completions_and_the_untrained_list_shrinks(page: Page, language: str,
                                                                          tmp_path: Path) -> None:
    team = quebec_team()
    sign_in(page, team["lead"], language=language)
    open_page(page, f"/{language}/staff/training/not-yet-trained/")
    # Inès lacks both courses, Marc one; Owen is in Ontario.
    assert rows_shown(page) == 3
    assert page.get_by_role("cell", name="Owen Smith").count() == 0
    assert_accessible(page)

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("courriel,cours,date de réussite\n"
                     "ines@sentinelle.test,unannounced_inspection,2025-03-04\n"
                     "marc@sentinelle.test,unannounced_inspection,4 mars 2025\n", encoding="utf-8")
    open_page(page, f"/{language}/staff/training/completions/import/")
    assert_accessible(page)
    page.set_input_files('input[name="file"]', str(wrong))
    submit(page, "file")
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    # The wrong line (3) and what is wrong in it; the good line 2 is not listed.
    wrong_lines = alert.inner_text()
    assert re.search(r"\b3\b", wrong_lines) and "4 mars 2025" in wrong_lines
    assert not re.search(r"\b2\b", wrong_lines)
    assert Completion.objects.filter(user=team["ines"]).count() == 0
    assert_accessible(page)

    good = tmp_path / "good.csv"
    good.write_text("\ufeffemail,course,completion date\n"
                    "ines@sentinelle.test,unannounced_inspection,2025-03-04\n"
                    "ines@sentinelle.test,interviews_evidence,2025-03-05\n", encoding="utf-8")
    page.set_input_files('input[name="file"]', str(good))
    submit(page, "file")
    assert page.url.endswith(f"/{language}/staff/training/not-yet-trained/")
    confirmation = page.get_by_role("status").inner_text()
    assert confirmation.startswith("2 ") and " 0 " in confirmation
    # Only Marc's unannounced-inspection course is left.
    assert rows_shown(page) == 1
    assert page.get_by_role("cell", name="Marc Roy").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_course_pages_and_the_completion_form(page: Page, language: str) -> None:
    team = quebec_team()
    Course.objects.get(code="unannounced_inspection").sessions.create(
        held_on=timezone.localdate() + timedelta(days=20), place="Montréal", trainer="Sophie Tardif")
    train(team["ines"], "unannounced_inspection")
    sign_in(page, team["lead"], language=language)

    open_page(page, f"/{language}/staff/training/")
    assert Course.objects.count() >= 9  # the reference data's courses, the ethics officer's and field equipment's too
    assert rows_shown(page) == Course.objects.count()  # every course of the reference data
    assert_accessible(page)

    open_page(page, f"/{language}/staff/training/courses/unannounced_inspection/")
    assert page.get_by_role("cell", name="Inès Gagnon").is_visible()
    assert page.get_by_role("cell", name="Sophie Tardif").is_visible()
    assert_accessible(page)

    open_page(page, f"/{language}/staff/training/completions/new/?course=case_summary")
    page.fill('input[name="completed_on"]', "")
    submit(page, "completed_on")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.select_option('select[name="member"]', str(team["marc"].pk))
    page.fill('input[name="completed_on"]', "2025-06-01")
    submit(page, "completed_on")
    assert page.url.endswith(f"/{language}/staff/training/courses/case_summary/")
    assert page.get_by_role("cell", name="Marc Roy").is_visible()
    assert_accessible(page)
