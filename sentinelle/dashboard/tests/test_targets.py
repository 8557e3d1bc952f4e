"""Targets: seeded for the demo years, edited by national analysts (national and
regional, with clear messages for wrong values, every change audited), and the
progress and projection the dashboard shows against them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import CaseStatus
from sentinelle.dashboard.models import Metric, Target
from sentinelle.dashboard.periods import Period, current_fiscal_year
from sentinelle.dashboard.stats import Figures, Scope
from sentinelle.dashboard.tables import table
from sentinelle.dashboard.targets import target_value
from sentinelle.demo.dashboard import seed_demo_targets
from sentinelle.test import create_staff, region, sign_in

from .factories import at, case, sectors

pytestmark = pytest.mark.django_db


def test_the_seed_targets_of_the_demo_years() -> None:
    current = current_fiscal_year()
    years = set(Target.objects.filter(region__isnull=True).values_list("fiscal_year", flat=True))
    assert set(range(current - 10, current + 1)) <= years
    today = timezone.localdate()
    assert target_value("cases_completed", today) == Decimal("3000")
    assert target_value("inventory", today) == Decimal("2000")
    assert target_value("quality_rate", today) == Decimal("0.90")
    assert target_value("quality_rate", date(current - 3, 5, 1)) == Decimal("0.80")
    assert target_value("escalations_24h", today) is not None
    assert target_value("unknown", today) is None
    assert target_value("inventory", date(1990, 1, 1)) is None
    assert seed_demo_targets() == 0  # already there: nothing doubled


def test_a_regional_target_before_the_national_one() -> None:
    quebec = region("QC").pk
    year = current_fiscal_year()
    Target.objects.create(fiscal_year=year, region_id=quebec, metric=Metric.QUALITY_RATE, value=Decimal("0.85"))
    today = timezone.localdate()
    assert target_value("quality_rate", today, region_id=quebec) == Decimal("0.85")
    assert target_value("quality_rate", today, region_id=region("ON").pk) == Decimal("0.90")
    assert target_value("quality_rate", today) == Decimal("0.90")


def completions(code: str, days: list[date]) -> None:
    first, _second = sectors()
    for day in days:
        case(code, first, opened_at=at(day - timedelta(days=30)), decision_approved_at=at(day), status=CaseStatus.CLOSED,
             closed_at=at(day))


def test_progress_and_projection() -> None:
    completions("QC", [date(2024, 5, 1) + timedelta(days=n) for n in range(10)])
    completions("ON", [date(2024, 8, 1), date(2024, 12, 1)])
    Target.objects.filter(fiscal_year=2024, region__isnull=True, metric=Metric.CASES_COMPLETED).update(value=30)

    # Half-way through the year (September 30: 183 days of 365): 11 completed, 11 × 365 / 183 projected.
    halfway = Figures(Period.of(2024, today=date(2024, 9, 30)))
    progress = {item.metric: item for item in halfway.progress()}
    completed = progress[Metric.CASES_COMPLETED]
    assert completed.so_far == 11
    assert completed.projected == round(11 * 365 / 183) == 22
    assert completed.target == Decimal("30") and completed.on_track is False
    rows = {row[0]: row for row in table(halfway, "targets").rows}
    assert rows[Metric.CASES_COMPLETED.label][1:4] == [30.0, 11, 22]
    assert rows[Metric.CASES_COMPLETED.label][4] == "Not on track"
    assert progress[Metric.INVENTORY].target == Decimal("2000") and progress[Metric.INVENTORY].on_track is True

    # A quarter's progress is that of its fiscal year to the end of the quarter.
    second_quarter = Figures(Period.of(2024, 2))
    assert second_quarter.year_to_date.period.end == date(2024, 9, 30)
    assert {i.metric: i for i in second_quarter.progress()}[Metric.CASES_COMPLETED].projected == 22

    # The whole year, over: the projection is what was done.
    year = {item.metric: item for item in Figures(Period.of(2024)).progress()}
    assert year[Metric.CASES_COMPLETED].so_far == year[Metric.CASES_COMPLETED].projected == 12

    # A region: its own count target only, the national share and days otherwise.
    quebec = Figures(Period.of(2024), Scope(region_id=region("QC").pk))
    regional = {item.metric: item for item in quebec.progress()}
    assert regional[Metric.CASES_COMPLETED].so_far == 10
    assert regional[Metric.CASES_COMPLETED].target is None
    assert regional[Metric.DAYS_TO_DECISION].target == Decimal("120")
    Target.objects.create(fiscal_year=2024, region=region("QC"), metric=Metric.CASES_COMPLETED, value=8)
    quebec = Figures(Period.of(2024), Scope(region_id=region("QC").pk))
    assert {i.metric: i for i in quebec.progress()}[Metric.CASES_COMPLETED].on_track is True


def analyst():  # type: ignore[no-untyped-def]
    return create_staff("national_analyst", region_code="HQ")


def test_the_analyst_edits_the_targets(client: Client) -> None:
    sign_in(client, analyst())
    year = current_fiscal_year()
    response = client.get(f"/en/staff/dashboard/targets/?fiscal_year={year}")
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: ("" if value is None else str(value)) for name, value in form.initial.items()}
    data.update({name: ("" if field.initial is None else str(field.initial)) for name, field in form.fields.items()})
    assert data["national-quality_rate"] == "90"  # shares in percent
    data.update({"fiscal_year": str(year), "national-cases_completed": "3200", "QC-inventory": "450",
                 "QC-escalations_24h": "95", "QC-escalations_48h": "100"})
    response = client.post("/en/staff/dashboard/targets/", data)
    assert response.status_code == 302
    assert Target.objects.get(fiscal_year=year, region__isnull=True, metric="cases_completed").value == 3200
    assert Target.objects.get(fiscal_year=year, region=region("QC"), metric="inventory").value == 450
    assert target_value("escalations_24h", timezone.localdate(), region_id=region("QC").pk) == Decimal("0.95")
    events = AuditEvent.objects.filter(object_type__icontains="target")
    assert events.count() == 4

    # Removing a regional target.
    data["QC-inventory"] = ""
    client.post("/en/staff/dashboard/targets/", data)
    assert not Target.objects.filter(fiscal_year=year, region=region("QC"), metric="inventory").exists()


def test_wrong_targets_are_explained_and_nothing_saved(client: Client) -> None:
    sign_in(client, analyst())
    year = current_fiscal_year()
    before = list(Target.objects.values_list("pk", "value"))
    response = client.post("/en/staff/dashboard/targets/", {
        "fiscal_year": str(year), "national-cases_completed": "-5", "national-quality_rate": "120",
        "ON-inventory": "lots", "ON-escalations_24h": "90", "ON-escalations_48h": "80",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "A percentage cannot be more than 100." in page
    assert "Enter a whole number of cases, such as 3000." in page
    assert "cannot be lower than the share met within 24 hours" in page
    assert list(Target.objects.values_list("pk", "value")) == before
    response = client.get("/en/staff/dashboard/targets/?fiscal_year=1900", follow=True)
    assert "Choose a fiscal year from the list." in response.content.decode()


def test_only_analysts_and_administrators_edit_targets(client: Client) -> None:
    sign_in(client, create_staff("team_lead", region_code="ON"))
    assert client.get("/en/staff/dashboard/targets/").status_code == 403
    assert client.post("/en/staff/dashboard/targets/", {"national-inventory": "1"}).status_code == 403


def test_a_target_edit_on_a_stale_page_is_a_conflict_and_loses_nothing(client: Client) -> None:
    """Two analysts open the targets of the year; the first saves. The second's
    save, on the page as it was, is answered with the conflict: the first one's
    target stays, the second one's typing is shown again, and nothing is audited for it."""
    year = current_fiscal_year()
    page = f"/en/staff/dashboard/targets/?fiscal_year={year}"
    other = Client()
    sign_in(client, analyst())
    sign_in(other, analyst())

    def as_opened(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
        form = response.context["form"]
        data = {name: "" if field.initial is None else str(field.initial) for name, field in form.fields.items()}
        data.update({name: "" if value is None else str(value) for name, value in form.initial.items()})
        return {**data, "fiscal_year": str(year)}

    first, second = as_opened(client.get(page)), as_opened(other.get(page))
    assert first["stamp"] and first["stamp"] == second["stamp"]
    assert client.post("/en/staff/dashboard/targets/", {**first, "national-cases_completed": "3300"}).status_code == 302
    events = AuditEvent.objects.filter(object_type="dashboard.target").count()

    response = other.post("/en/staff/dashboard/targets/", {**second, "national-cases_completed": "2700"})
    assert response.status_code == 200
    shown = response.content.decode()
    assert "Somebody else saved this in the meantime" in shown.replace("&#x27;", "'")
    assert 'value="2700"' in shown  # what the second analyst typed, to check and save again
    assert Target.objects.get(fiscal_year=year, region__isnull=True, metric="cases_completed").value == 3300
    assert AuditEvent.objects.filter(object_type="dashboard.target").count() == events
    assert response.context["form"]["stamp"].value() != second["stamp"]
