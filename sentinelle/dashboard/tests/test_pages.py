"""The dashboard page, its exports and its guards: the figures shown and exported
are the data's; a regional team lead never sees another region's numbers; a wrong
filter is explained, never a 500."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from openpyxl import load_workbook

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import CaseStatus
from sentinelle.test import create_staff, region, sign_in

from .factories import at, case, open_case, sectors

pytestmark = pytest.mark.django_db

FY = 2024


def completions(code: str, count: int, *, day: date = date(2024, 6, 3)) -> None:
    first, _second = sectors()
    for n in range(count):
        closed = day + timedelta(days=n)
        case(code, first, opened_at=at(closed - timedelta(days=40)), decision_approved_at=at(closed - timedelta(days=1)),
             status=CaseStatus.CLOSED, closed_at=at(closed))


@pytest.fixture
def world() -> None:
    completions("QC", 7)
    completions("ON", 3)
    first, _second = sectors()
    for age in (5, 40, 400):
        open_case("QC", first, age)
    open_case("ON", first, 100, status=CaseStatus.ASSESSED)


def analyst():  # type: ignore[no-untyped-def]
    return create_staff("national_analyst", region_code="HQ")


def get(client: Client, url: str, language: str = "en"):  # type: ignore[no-untyped-def]
    return client.get(f"/{language}/staff/dashboard/{url}")


def test_the_national_analyst_sees_all_of_canada(client: Client, world: None) -> None:
    sign_in(client, analyst())
    response = get(client, f"?fiscal_year={FY}")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.completed == 10
    assert figures.inventory_total == 4
    page = response.content.decode()
    assert 'data-chart="line"' in page and 'id="table-completions_region"' in page
    rows = {row[0]: row[1] for row in response.context["sections"][0]["tables"][1].rows}
    assert rows == {region("QC").name: 7, region("ON").name: 3}
    assert "vendor/chartjs/chart.umd.min." in page and "dashboard/charts." in page
    assert "<script>" not in page  # no inline script (strict CSP)


def test_filters_by_region_sector_and_quarter(client: Client, world: None) -> None:
    sign_in(client, analyst())
    quebec = region("QC")
    response = get(client, f"?fiscal_year={FY}&region={quebec.pk}")
    assert response.context["figures"].completed == 7
    assert response.context["figures"].inventory_total == 3
    _first, second = sectors()
    response = get(client, f"?fiscal_year={FY}&sector={second.pk}")
    assert response.context["figures"].completed == 0
    response = get(client, f"?fiscal_year={FY}&quarter=2")
    assert response.context["figures"].completed == 0
    response = get(client, f"?fiscal_year={FY}&quarter=1")
    assert response.context["figures"].completed == 10


def test_default_is_the_current_fiscal_year_to_date(client: Client) -> None:
    from django.utils import timezone

    sign_in(client, analyst())
    response = get(client, "")
    period = response.context["period"]
    today = timezone.localdate()
    assert period.end == today and period.start == date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def test_a_regional_team_lead_sees_only_their_region(client: Client, world: None) -> None:
    lead = create_staff("team_lead", region_code="ON")
    sign_in(client, lead)
    quebec = region("QC")
    for query in (f"?fiscal_year={FY}", f"?fiscal_year={FY}&region={quebec.pk}"):
        response = get(client, query)
        assert response.status_code == 200
        assert response.context["figures"].completed == 3
        assert response.context["figures"].inventory_total == 1
        page = response.content.decode()
        assert quebec.name not in page
    assert "your own region only" in page  # the refused region is said

    for fmt in ("csv", "xlsx"):
        response = get(client, f"export/completions_region.{fmt}?fiscal_year={FY}&region={quebec.pk}")
        assert response.status_code == 200
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert [row[0] for row in rows[1:]] == [region("ON").name, "All regions"]
        assert str(rows[1][1]) == "3"


def test_csv_and_xlsx_contain_the_tables_numbers(client: Client, world: None) -> None:
    sign_in(client, analyst())
    response = get(client, f"export/inventory_region.csv?fiscal_year={FY}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Region", "Open cases", "0-30 days"]
    by_region = {row[0]: row[1:] for row in rows[1:]}
    assert by_region[region("QC").name] == ["3", "1", "1", "0", "0", "1"]
    assert by_region[region("ON").name] == ["1", "0", "0", "1", "0", "0"]
    assert by_region["All regions"] == ["4", "1", "1", "1", "0", "1"]

    response = get(client, f"export/completions_month.xlsx?fiscal_year={FY}")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["2024-06"] == 10 and values["2024-04"] == 0 and values["Period"] == 10
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2

    response = get(client, f"export/escalations_region.xlsx?fiscal_year={FY}")
    assert response.status_code == 200  # an empty table exports its headings


def test_wrong_filters_and_unknown_tables(client: Client) -> None:
    sign_in(client, analyst())
    response = get(client, "?fiscal_year=1850&quarter=7&region=abc")
    assert response.status_code == 400
    assert "Correct the filters" in response.content.decode()
    assert get(client, "export/nothing.csv").status_code == 404
    assert get(client, "export/inventory_age.pdf").status_code == 404
    assert get(client, "export/inventory_age.csv?quarter=9").status_code == 400


def test_who_may_see_the_dashboard(client: Client) -> None:
    assert get(client, "").status_code == 302  # sign in first
    investigator = create_staff("investigator", region_code="QC")
    sign_in(client, investigator)
    assert get(client, "").status_code == 403
    assert get(client, "export/inventory_age.csv").status_code == 403
    client.logout()
    reviewer = create_staff("qc_reviewer", region_code="QC")
    sign_in(client, reviewer)
    assert get(client, "").status_code == 200
    assert get(client, "targets/").status_code == 403  # only analysts and administrators set targets


def test_the_page_in_french(client: Client, world: None) -> None:
    sign_in(client, analyst())
    response = get(client, f"?fiscal_year={FY}", language="fr")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="fr"' in page
    assert "Tableau de bord national" in page
