"""The public statistics drawn as charts from their tables: a hidden count is
never given to a chart; a table with nothing to show is a sentence, not an empty
chart; and the figures are kept like the dashboard's, so a visit does not
compute them again."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from lxml import html as lxml_html

from sentinelle.forecast import quarters

from .factories import report, sectors

pytestmark = pytest.mark.django_db


def reports_in_last_quarter(count: int) -> None:
    day = quarters.first_day(quarters.last_complete(timezone.localdate()))
    first, _second = sectors()
    for _ in range(count):
        report("QC", day, sector=first)


def test_hidden_counts_never_reach_a_chart(client: Client) -> None:
    reports_in_last_quarter(3)  # fewer than 5: hidden
    root = lxml_html.fromstring(client.get("/en/statistics/").content.decode())
    hidden = root.xpath('//td[abbr]')
    assert hidden, "the small count is hidden"
    assert all(cell.get("data-value") == "" for cell in hidden)
    # Nothing else in the reports tables is shown but zeros: nothing to draw.
    for slug in ("reports-province", "reports-sector"):
        table = root.xpath(f'//table[@id="table-{slug}"]')[0]
        assert table.get("data-chart") is None
        panel = root.xpath(f'//*[@id="{slug}-title"]')[0].getparent()
        assert "Nothing to draw" in " ".join(panel.itertext())
        assert not panel.xpath(".//*[@data-chart-slot]")


def test_a_table_with_shown_counts_is_drawn_from_them(client: Client) -> None:
    reports_in_last_quarter(12)
    root = lxml_html.fromstring(client.get("/fr/statistics/").content.decode())
    table = root.xpath('//table[@id="table-reports-sector"]')[0]
    assert table.get("data-chart") == "bar"
    assert root.xpath('//*[@data-chart-slot="table-reports-sector"]')
    series = table.xpath("thead//th[@data-series]")
    assert len(series) == 4  # the four quarters; never the total
    values = [cell.get("data-value") for cell in table.xpath("tbody/tr/td") if cell.get("data-value")]
    assert "12" in values
    assert root.xpath('//script[@id="chart-palette"][@type="application/json"]')


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_the_figures_are_kept_like_the_dashboards(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    reports_in_last_quarter(12)
    first = client.get("/en/statistics/").content.decode()
    reports_in_last_quarter(10)
    with django_assert_max_num_queries(3):  # the kept figures, no count again
        again = client.get("/en/statistics/").content.decode()
    assert re.findall(r'data-value="(\d+)"', first) == re.findall(r'data-value="(\d+)"', again)
    # Counted once for every language: a page in another language shows the same
    # kept figures (not counted again), labelled in it.
    with django_assert_max_num_queries(3):
        spanish = client.get("/es/statistics/").content.decode()
    assert re.findall(r'data-value="(\d+)"', spanish) == re.findall(r'data-value="(\d+)"', first)
    assert 'lang="es"' in spanish and "Denuncias recibidas" in spanish


@override_settings(DASHBOARD_FIGURES_SECONDS=0)
def test_without_keeping_each_visit_counts_afresh(client: Client) -> None:
    reports_in_last_quarter(12)
    client.get("/en/statistics/")
    reports_in_last_quarter(10)
    assert 'data-value="22"' in client.get("/en/statistics/").content.decode()


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_the_warming_job_keeps_them_in_every_language(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from sentinelle.dashboard.tasks import keep_dashboard_warm

    reports_in_last_quarter(12)
    keep_dashboard_warm.call()
    for language in ("fr", "en", "es", "tl"):
        with django_assert_max_num_queries(3):
            assert 'data-value="12"' in client.get(f"/{language}/statistics/").content.decode()
