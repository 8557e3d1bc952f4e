"""The dashboard and the public statistics read at a glance, in a browser: on a
laptop (1366 × 768) the charts sit side by side in a grid that uses the width;
selecting a region's bar narrows the dashboard to that region, and so does its
link in the table with JavaScript off; the public charts are drawn from the
tables, which stay readable without JavaScript; axe-core finds no violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from sentinelle.test import create_staff, region

from .conftest import NewPage, assert_accessible, sign_in
from .test_accessibility import OFFICIAL_LANGUAGES, open_page
from .test_dashboard_charts import analyst, some_figures
from .test_statistics_accessibility import some_reports

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


def columns_of(page: Page, selector: str) -> int:
    return int(page.evaluate(f"""() => new Set([...document.querySelectorAll('{selector}')]
        .map(el => Math.round(el.getBoundingClientRect().left))).size"""))


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_charts_use_the_width_and_a_bar_narrows_the_dashboard(new_page: NewPage, language: str) -> None:
    some_figures()
    page = new_page(viewport=LAPTOP)
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/dashboard/?fiscal_year=2024")
    page.locator("canvas[data-chart-for]").first.wait_for()
    assert columns_of(page, ".panel-grid > .chart-panel") >= 3
    assert columns_of(page, ".key-figures > .key-figure") >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    # Every table is there for screen readers, folded under its chart.
    assert page.locator(".chart-panel details table.data").count() >= 12
    assert not page.locator("#table-completions_region").is_visible()
    assert_accessible(page)

    canvas = page.locator('canvas[data-chart-for="table-completions_region"]')
    canvas.wait_for()
    # The first bar (the first region of the table): where Chart.js drew it.
    x, y = page.evaluate("""() => {
        const canvas = document.querySelector('canvas[data-chart-for="table-completions_region"]');
        const bar = Chart.getChart(canvas).getDatasetMeta(0).data[0];
        return [bar.x, (bar.y + bar.base) / 2];
    }""")
    first = page.locator("#table-completions_region tbody th").first.inner_text()
    with page.expect_navigation():
        canvas.click(position={"x": x, "y": y})
    assert "region=" in page.url
    assert page.locator("#period").inner_text().startswith(first)
    assert page.locator("#table-completions_region tbody tr").count() == 1
    assert_accessible(page)


def test_without_javascript_a_region_of_a_table_narrows_the_dashboard(new_page: NewPage) -> None:
    some_figures()
    page = new_page(java_script_enabled=False, viewport=LAPTOP)
    sign_in(page, analyst())
    open_page(page, "/en/staff/dashboard/?fiscal_year=2024")
    panel = page.locator("section.chart-panel", has=page.locator("#table-completions_region"))
    panel.locator("summary").click()
    ontario = region("ON").name
    with page.expect_navigation():
        panel.get_by_role("link", name=ontario).click()
    assert f"region={region('ON').pk}" in page.url
    assert page.locator("#period").inner_text().startswith(ontario)
    assert page.locator("#key-completed .key-value").inner_text() == "2"
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_public_statistics_are_drawn_from_their_tables(new_page: NewPage, language: str) -> None:
    some_reports()
    page = new_page(viewport=LAPTOP)
    open_page(page, f"/{language}/statistics/")
    page.locator('canvas[data-chart-for="table-reports-province"]').wait_for()
    # Drawn: the table folds under its chart, still in the page.
    assert page.locator("details:has(#table-reports-province)").get_attribute("open") is None
    assert columns_of(page, ".panel-grid > .chart-panel") >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert_accessible(page)

    without = new_page(java_script_enabled=False, viewport=LAPTOP)
    open_page(without, f"/{language}/statistics/")
    assert without.locator("#table-reports-province").is_visible()  # open without JavaScript
    assert without.locator("canvas").count() == 0
    assert_accessible(without)


def test_a_regional_lead_sees_the_same_layout(new_page: NewPage) -> None:
    some_figures()
    page = new_page(viewport=LAPTOP)
    sign_in(page, create_staff("team_lead", region_code="QC"))
    open_page(page, "/en/staff/dashboard/?fiscal_year=2024")
    page.locator("canvas[data-chart-for]").first.wait_for()
    assert page.locator("#period").inner_text().startswith(region("QC").name)
    assert_accessible(page)
