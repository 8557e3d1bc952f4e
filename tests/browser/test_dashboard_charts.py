"""The national dashboard in a browser: a national analyst filters it, reads a
chart's table (the table is there, and the chart drawn from it when JavaScript
runs) and downloads a table as Excel; the dashboard and the targets page pass
axe-core with no violation, in French and in English."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.cases.models import CaseStatus
from sentinelle.dashboard.tests.factories import at, case, escalation, open_case, report, sectors
from sentinelle.intake.models import SurveyResponse
from sentinelle.test import create_staff, region

from .conftest import assert_accessible, sign_in, sign_in_through_pages, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def analyst() -> User:
    return create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")


def some_figures() -> None:
    first, second = sectors()
    for code, count in (("QC", 5), ("ON", 2)):
        for n in range(count):
            closed = date(2024, 6, 3) + timedelta(days=n * 9)
            case(code, first if n % 2 else second, opened_at=at(closed - timedelta(days=50)),
                 assessed_at=at(closed - timedelta(days=40)), inspection_started_at=at(closed - timedelta(days=20)),
                 decision_approved_at=at(closed - timedelta(days=1)), status=CaseStatus.CLOSED, closed_at=at(closed))
    for age in (3, 45, 200, 500):
        open_case("QC", first, age)
    escalation("QC", at(date(2024, 7, 1)), met_after=timedelta(hours=5))
    report("ON", date(2024, 8, 1), channel="phone", language="en")
    SurveyResponse.objects.create(rating=4, language="fr", answered_on=date(2024, 8, 1))


def test_the_analyst_filters_reads_a_chart_and_downloads_excel(page: Page) -> None:
    some_figures()
    sign_in_through_pages(page, analyst())
    open_page(page, "/en/staff/dashboard/")
    page.select_option('select[name="fiscal_year"]', "2024")
    page.select_option('select[name="region"]', str(region("QC").pk))
    submit(page, "fiscal_year")
    assert "fiscal_year=2024" in page.url

    table = page.locator("#table-completions_region")
    # The table is one click away, under its chart.
    assert not table.is_visible()
    page.locator("details:has(#table-completions_region) > summary").click()
    assert table.is_visible()
    assert table.locator("caption").inner_text() == "Cases completed by region"
    assert table.locator("tbody tr").count() == 1
    assert table.locator("tbody th").inner_text() == region("QC").name
    assert table.locator("tbody td").first.inner_text() == "5"
    canvas = page.locator('canvas[data-chart-for="table-completions_region"]')
    canvas.wait_for()
    assert canvas.get_attribute("role") == "img"
    assert (canvas.bounding_box() or {}).get("width", 0) > 100
    assert page.locator("canvas[data-chart-for]").count() >= 5

    with page.expect_download() as download_info:
        page.locator('a[href*="export/completions_region.xlsx"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Region", "Cases completed"]
    assert rows[1] == [region("QC").name, 5]


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_dashboard_is_accessible(page: Page, language: str) -> None:
    some_figures()
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/dashboard/?fiscal_year=2024")
    page.locator("canvas[data-chart-for]").first.wait_for()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_dashboard_with_a_wrong_filter_is_accessible(page: Page, language: str) -> None:
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/dashboard/?quarter=9", status=400)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_targets_page_is_accessible(page: Page, language: str) -> None:
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/dashboard/targets/")
    assert_accessible(page)

    page.fill('input[name="national-quality_rate"]', "150")
    submit(page, "national-quality_rate")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    page.fill('input[name="national-quality_rate"]', "85")
    submit(page, "national-quality_rate")
    assert page.locator(".notice-success, [role=status]").first.is_visible()
    assert_accessible(page)
