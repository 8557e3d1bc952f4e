"""The dashboard at a glance: key figures with their target, how far the year has
come and the change since the same period of the year before; each chart with its
table one click away and its downloads; a region, sector or month of a table
narrows the dashboard to it; a chart with nothing to draw is a sentence."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from lxml import html as lxml_html
from lxml.html import HtmlElement

from sentinelle.cases.models import CaseStatus
from sentinelle.dashboard.models import Metric, Target
from sentinelle.test import create_staff, region, sign_in

from .factories import at, case, open_case, report, sectors

pytestmark = pytest.mark.django_db


def completed(code: str, closed: date, sector_index: int = 0, days: int = 30) -> None:
    sector = sectors()[sector_index]
    case(code, sector, opened_at=at(closed - timedelta(days=days + 5)),
         decision_approved_at=at(closed - timedelta(days=1)), status=CaseStatus.CLOSED, closed_at=at(closed))


@pytest.fixture
def analyst_client(client: Client) -> Client:
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    return client


def page(client: Client, query: str = "", language: str = "en") -> HtmlElement:
    response = client.get(f"/{language}/staff/dashboard/{query}")
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def text_of(element: HtmlElement) -> str:
    return " ".join(" ".join(element.itertext()).split())


def by_id(root: HtmlElement, id_: str) -> HtmlElement:
    found = root.xpath(f'//*[@id="{id_}"]')
    assert found, id_
    return found[0]


def key_figure(root: HtmlElement, name: str) -> str:
    return text_of(by_id(root, f"key-{name}"))


def has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def row_links(root: HtmlElement, table: str) -> dict[str, str]:
    return {text_of(a): a.get("href") for a in root.xpath(f'//table[@id="table-{table}"]/tbody//th/a')}


def panel_of(root: HtmlElement, table: str) -> HtmlElement:
    return by_id(root, f"{table}-title").getparent()


def test_each_key_figure_shows_its_target_its_progress_and_the_change_since_last_year(analyst_client: Client) -> None:
    for day in (date(2023, 5, 10), date(2023, 6, 1)):  # two a year earlier
        completed("QC", day)
    for day in (date(2024, 5, 10), date(2024, 5, 20), date(2024, 6, 1), date(2024, 7, 1), date(2024, 8, 1)):
        completed("QC", day)
    Target.objects.update_or_create(fiscal_year=2024, region=None, metric=Metric.CASES_COMPLETED,
                                    defaults={"value": Decimal(20)})

    root = page(analyst_client, "?fiscal_year=2024&quarter=1")
    text = key_figure(root, "completed")
    assert "Cases completed 3 " in text  # April to June 2024
    assert "Target of the year: 20" in text
    # The year so far (to the end of June) has 3 of 20: 15 %.
    assert "reached so far: 15.0%" in text
    assert "+1 since the same period last year (2)" in text
    bar = by_id(root, "key-completed").xpath(".//progress")[0]
    assert bar.get("value") == "15" and bar.get("max") == "100"
    assert bar.get("aria-labelledby") == "key-completed-target"

    # No target for reports: no bar; the change is still told.
    report("QC", date(2024, 5, 2))
    reports = key_figure(page(analyst_client, "?fiscal_year=2024&quarter=1&region="), "reports")
    assert "Target" not in reports


def test_every_table_is_one_click_away_with_its_downloads_and_feeds_its_chart(analyst_client: Client) -> None:
    completed("QC", date(2024, 6, 3))
    open_case("QC", sectors()[0], 10)
    root = page(analyst_client, "?fiscal_year=2024")
    panels = root.xpath(f'//div[{has_class("panel-grid")}]/section[{has_class("chart-panel")}]')
    assert len(panels) >= 13
    for panel in panels:
        title = text_of(panel.xpath(f'.//*[{has_class("panel-title")}]')[0])
        tables = panel.xpath(f'.//details[{has_class("panel-table")}]//table')
        if not tables:
            assert panel.xpath(f'.//*[{has_class("chart-empty")}]'), title
            continue
        assert text_of(tables[0].xpath("caption")[0]) == title
        links = [a.get("href") for a in panel.xpath(f'.//*[{has_class("exports")}]//a')]
        assert any(".csv" in link for link in links) and any(".xlsx" in link for link in links), title
        if tables[0].get("data-chart"):
            # The chart is drawn in the panel, from the table (which stays in the page).
            assert panel.xpath(f'.//*[@data-chart-slot="{tables[0].get("id")}"]'), title
    palette = by_id(root, "chart-palette")
    assert palette.tag == "script" and palette.get("type") == "application/json"


def test_a_region_sector_or_month_of_a_table_narrows_the_dashboard_to_it(analyst_client: Client) -> None:
    completed("QC", date(2024, 6, 3), sector_index=0)
    completed("ON", date(2024, 9, 3), sector_index=1)
    first, second = sectors()
    open_case("QC", first, 10)
    open_case("ON", second, 10)

    root = page(analyst_client, "?fiscal_year=2024&sector=")
    by_region = row_links(root, "completions_region")
    assert set(by_region) == {region("QC").name, region("ON").name}
    narrowed = parse_qs(urlsplit(by_region[region("ON").name]).query)
    assert narrowed["region"] == [str(region("ON").pk)] and narrowed["fiscal_year"] == ["2024"]
    after = page(analyst_client, by_region[region("ON").name])
    assert text_of(by_id(after, "period")).startswith(region("ON").name)
    assert key_figure(after, "completed").startswith("Cases completed 1 ")

    by_sector = row_links(root, "inventory_sector")
    assert parse_qs(urlsplit(by_sector[str(second.name)]).query)["sector"] == [str(second.pk)]
    assert key_figure(page(analyst_client, by_sector[str(second.name)]), "inventory").startswith("Open cases today 1 ")

    months = row_links(root, "completions_month")
    assert len(months) == 12
    june = page(analyst_client, months["2024-06"])
    assert "from 2024-06-01 to 2024-06-30" in text_of(by_id(june, "period"))
    assert key_figure(june, "completed").startswith("Cases completed 1 ")
    assert list(row_links(june, "completions_month")) == ["2024-06"]


def test_a_month_that_is_not_one_is_refused_with_a_message(analyst_client: Client) -> None:
    response = analyst_client.get("/en/staff/dashboard/?fiscal_year=2024&month=13")
    assert response.status_code == 400
    assert "Month" in response.content.decode()


def test_a_chart_with_nothing_to_draw_is_a_sentence(analyst_client: Client) -> None:
    # Survey answers exist as a table (every rating, all zero) but draw nothing.
    root = page(analyst_client, "?fiscal_year=2024")
    survey = panel_of(root, "satisfaction")
    assert survey.xpath(f'.//*[{has_class("chart-empty")}]')
    assert not survey.xpath(".//*[@data-chart-slot] | .//table[@data-chart]")
    assert survey.xpath(".//table")  # the table is still there, with its zeros
    # An empty table: a sentence, no chart, no download.
    empty = panel_of(root, "completions_region")
    assert "No figures for this period" in text_of(empty)
    assert not empty.xpath(f'.//canvas | .//*[@data-chart-slot] | .//*[{has_class("exports")}]')


def test_the_french_page_says_it_all_in_french(analyst_client: Client) -> None:
    completed("QC", date(2024, 6, 3))
    root = page(analyst_client, "?fiscal_year=2024", language="fr")
    text = key_figure(root, "completed")
    assert re.search(r"depuis la même période (de )?l’an dernier", text), text
    assert text_of(root.xpath(f'//details[{has_class("panel-table")}]/summary')[1]).startswith("Tableau des chiffres")
