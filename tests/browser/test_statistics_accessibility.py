"""The public statistics page passes axe-core with no violation in French and
English, renders in Spanish and Tagalog, and works without JavaScript."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import Region
from sentinelle.cases.models import Sector
from sentinelle.forecast import quarters
from sentinelle.intake.models import Report

from .conftest import NewPage, assert_accessible
from .test_accessibility import OFFICIAL_LANGUAGES, WORKER_LANGUAGES, open_page

pytestmark = pytest.mark.browser
_n = itertools.count(1)


def some_reports() -> None:
    region = Region.objects.get(code="QC")
    sector = Sector.objects.order_by("naics_code").first()
    last = quarters.last_complete(timezone.localdate())
    reports = []
    for quarter, count in ((last, 12), (last - 1, 3), (last - 2, 7)):
        for k in range(count):
            n = next(_n)
            reports.append(Report(
                reference=f"R-S-{n:08d}", idempotency_key=f"s{n}", receipt_lookup=f"sl{n}", receipt_verifier="v",
                employer_name="Ferme", description="x", region=region, employer_province="QC", sector=sector,
                submitted_on=quarters.first_day(quarter) + datetime.timedelta(days=k),
            ))
    Report.objects.bulk_create(reports)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_statistics_page(page: Page, language: str) -> None:
    some_reports()
    open_page(page, f"/{language}/statistics/")
    assert page.locator("table.data").count() == 6
    assert page.locator("table.data abbr", has_text="x").count() > 0  # the 3 and its complements
    assert_accessible(page)


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_statistics_page_without_javascript(new_page: NewPage, language: str) -> None:
    some_reports()
    page = new_page(java_script_enabled=False)
    open_page(page, f"/{language}/statistics/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("table.data").count() == 6
    assert_accessible(page)
