"""The forecast page passes axe-core with no violation, in French and in English:
with a stored run (tables and the charts drawn from them) and the confirmation
before a new run."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import Region
from sentinelle.forecast import compute, quarters
from sentinelle.forecast.models import ForecastRun
from sentinelle.intake.models import Report
from sentinelle.test import create_staff

from .conftest import assert_accessible, sign_in
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser
_n = itertools.count(1)


def a_stored_run() -> None:
    """Three years of Quebec reports with a summer peak, then a run."""
    region = Region.objects.get(code="QC")
    today = timezone.localdate()
    last = quarters.last_complete(today)
    reports = []
    for quarter in range(last - 11, last + 1):
        for k in range(8 + (6 if quarter % 4 == 1 else 0)):
            n = next(_n)
            reports.append(Report(
                reference=f"R-B-{n:08d}", idempotency_key=f"b{n}", receipt_lookup=f"bl{n}", receipt_verifier="v",
                employer_name="Ferme", description="x", region=region,
                submitted_on=quarters.first_day(quarter) + datetime.timedelta(days=k * 9),
            ))
    Report.objects.bulk_create(reports)
    compute.execute(ForecastRun.objects.create(), today=today)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_forecast_page_with_a_run(page: Page, language: str) -> None:
    a_stored_run()
    sign_in(page, create_staff("national_analyst", region_code="HQ"), language=language)
    open_page(page, f"/{language}/staff/forecasts/")
    assert page.locator("table.forecast-table").count() == 5
    page.locator("#region-qc-chart").wait_for(state="visible")  # drawn by the page's script
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_forecast_confirmation(page: Page, language: str) -> None:
    sign_in(page, create_staff("national_analyst", region_code="HQ"), language=language)
    open_page(page, f"/{language}/staff/forecasts/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/forecasts/run/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/staff/forecasts/")
    assert page.locator("[role=status]").is_visible()
    assert ForecastRun.objects.count() == 1
    assert_accessible(page)
