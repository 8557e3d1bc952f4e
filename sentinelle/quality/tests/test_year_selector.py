"""The fiscal-year selector of the rates page shows the year whose figures the
page shows, whether a year was chosen or not."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.dashboard.periods import fiscal_year_label, fiscal_year_of
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


def selected_year(page: str) -> str:
    select = re.search(r'<select name="fiscal_year".*?</select>', page, re.S)
    assert select is not None
    chosen = re.findall(r'<option value="(\d+)"[^>]*selected', select.group(0))
    assert len(chosen) == 1, select.group(0)
    return fiscal_year_label(int(chosen[0]))


@pytest.mark.parametrize("query", ["", "?region=", "?fiscal_year=", "?fiscal_year={last}"])
def test_the_selector_shows_the_year_shown(client: Client, query: str) -> None:
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    current = fiscal_year_of(timezone.localdate())
    page = client.get("/en/staff/quality/rates/" + query.format(last=current - 1)).content.decode()
    shown = re.search(r"Fiscal year (\d{4}-\d{4})", page)
    assert shown is not None
    assert selected_year(page) == shown.group(1)
    assert shown.group(1) == fiscal_year_label(current - 1 if "{last}" in query else current)


@pytest.mark.parametrize("query", ["", "?region=", "?sector=&quarter=2"])
def test_the_dashboards_selector_shows_the_year_shown(client: Client, query: str) -> None:
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    page = client.get("/en/staff/dashboard/" + query).content.decode()
    shown = re.search(r'id="period">[^<]*?, (\d{4}-\d{4})', page)
    assert shown is not None
    assert selected_year(page) == shown.group(1) == fiscal_year_label(fiscal_year_of(timezone.localdate()))
