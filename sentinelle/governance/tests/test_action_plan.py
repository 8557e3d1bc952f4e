"""The action plan: seed 000's plan as reference data in French and English, the
managers' board (attention first, filters, exports), a measure's update with its
dated history, its evidence, its progress measured from the dashboard, and
residual measures flagged until closed."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.governance.models import Measure, MeasureStatus, Priority, StatusUpdate
from sentinelle.governance.tests.factories import manager, new_measure, new_plan, seed_plan
from sentinelle.test import create_case, create_staff, sign_in

pytestmark = pytest.mark.django_db


def _current_fy() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def update_data(measure: Measure, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "status": measure.status, "percent_done": measure.percent_done, "owner": measure.owner_id or "",
        "unit": measure.unit, "due_on": measure.due_on.isoformat(), "indicator": measure.indicator,
        "indicator_target": measure.indicator_target if measure.indicator_target is not None else "",
        "note": "Progress reviewed at the monthly meeting.", "version": measure.version,
    }
    data.update(changes)
    return data


def test_seed_plan_is_loaded_in_french_and_english(client) -> None:
    plan = seed_plan()
    priorities = list(plan.priorities.order_by("number"))
    assert [p.number for p in priorities] == [1, 2, 3, 4]
    assert "dans les 24 heures" in priorities[0].title_fr and "within 24 hours" in priorities[0].title_en
    assert "80 %" in priorities[2].target_fr and priorities[2].due_on == datetime.date(2022, 9, 30)
    assert Measure.objects.filter(priority__plan=plan).count() >= 10
    quality = Measure.objects.get(priority__plan=plan, code="3.1")
    assert quality.indicator == "quality_rate" and quality.indicator_target == Decimal("0.9")
    sign_in(client, manager())
    french = client.get(f"/fr/staff/governance/measures/{quality.pk}/").content.decode()
    english = client.get(f"/en/staff/governance/measures/{quality.pk}/").content.decode()
    assert "Améliorer la méthodologie et le processus de contrôle de la qualité" in french
    assert "Improve the quality control methodology" in english


def test_the_board_puts_late_and_at_risk_first_and_flags_residual_measures(client) -> None:
    fy = _current_fy()
    _plan, priority = new_plan(fy)
    today = timezone.localdate()
    on_track = new_measure(priority, "1.1", status=MeasureStatus.ON_TRACK)
    at_risk = new_measure(priority, "1.2", status=MeasureStatus.AT_RISK)
    overdue = new_measure(priority, "1.3", status=MeasureStatus.ON_TRACK,
                          starts_on=today - datetime.timedelta(days=30), due_on=today - datetime.timedelta(days=1))
    done = new_measure(priority, "1.4", status=MeasureStatus.DONE, percent_done=100)
    sign_in(client, manager())
    response = client.get("/en/staff/governance/", {"priority": priority.pk})
    assert response.status_code == 200
    order = [row["measure"].pk for row in response.context["rows"]]
    assert order == [overdue.pk, at_risk.pk, on_track.pk, done.pk]
    assert "Overdue" in response.content.decode()
    # The seed's plan ended on 2022-03-31: its open measures are residual, flagged until closed.
    residual = Measure.objects.get(priority__plan=seed_plan(), code="2.1")
    response = client.get("/en/staff/governance/", {"priority": residual.priority_id})
    rows = {row["measure"].pk: row for row in response.context["rows"]}
    assert rows[residual.pk]["residual"] is True
    assert "Residual: followed until closed" in response.content.decode()
    closed = Measure.objects.get(priority__plan=seed_plan(), code="2.2")
    assert rows[closed.pk]["residual"] is False


def test_an_open_measure_becomes_residual_when_its_plan_year_ends() -> None:
    _plan, priority = new_plan(2030)
    measure = new_measure(priority, status=MeasureStatus.ON_TRACK)
    assert not measure.is_residual(datetime.date(2031, 3, 31))
    assert measure.is_residual(datetime.date(2031, 4, 1))
    measure.status = MeasureStatus.DONE
    assert not measure.is_residual(datetime.date(2031, 4, 1))


def test_board_filters_by_unit_and_owner(client) -> None:
    _plan, priority = new_plan(_current_fy())
    owner = manager(full_name="Odile Owner")
    mine = new_measure(priority, "1.1", unit="Quality", owner=owner)
    new_measure(priority, "1.2", unit="Training")
    sign_in(client, manager())
    by_unit = client.get("/en/staff/governance/", {"unit": "Quality"}).context["rows"]
    assert [row["measure"].pk for row in by_unit] == [mine.pk]
    by_owner = client.get("/en/staff/governance/", {"owner": owner.pk}).context["rows"]
    assert [row["measure"].pk for row in by_owner] == [mine.pk]
    bad = client.get("/en/staff/governance/", {"owner": "nobody"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()


def test_a_manager_updates_a_measure_and_the_history_keeps_who_and_when(client) -> None:
    _plan, priority = new_plan(_current_fy())
    measure = new_measure(priority)
    writer = manager(full_name="Maryse Manager")
    sign_in(client, writer)
    response = client.post(f"/en/staff/governance/measures/{measure.pk}/",
                           update_data(measure, status="at_risk", percent_done=40,
                                       note="Two investigators on leave."))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.percent_done, measure.version) == ("at_risk", 40, 2)
    update = StatusUpdate.objects.get(measure=measure)
    assert (update.status, update.percent_done, update.written_by) == ("at_risk", 40, writer)
    page = client.get(f"/en/staff/governance/measures/{measure.pk}/").content.decode()
    assert "Two investigators on leave." in page and "Maryse Manager" in page
    assert AuditEvent.objects.filter(action="update", object_type="governance.measure",
                                     object_id=str(measure.pk), actor=writer).exists()
    # Done means 100 % and closes the measure.
    client.post(f"/en/staff/governance/measures/{measure.pk}/", update_data(measure, status="done", percent_done=70))
    measure.refresh_from_db()
    assert (measure.percent_done, measure.closed_on) == (100, timezone.localdate())
    assert measure.updates.count() == 2


def test_bad_input_is_explained_and_nothing_is_saved(client) -> None:
    _plan, priority = new_plan(_current_fy())
    measure = new_measure(priority)
    sign_in(client, manager())
    response = client.post(f"/fr/staff/governance/measures/{measure.pk}/",
                           update_data(measure, percent_done=150, due_on="2000-01-01", note="Essai"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "inférieure ou égale à 100" in page and "Essai" in page
    measure.refresh_from_db()
    assert (measure.percent_done, measure.version) == (0, 1) and not measure.updates.exists()


def test_a_stale_page_does_not_overwrite_a_newer_update(client) -> None:
    _plan, priority = new_plan(_current_fy())
    measure = new_measure(priority)
    sign_in(client, manager())
    stale = update_data(measure, percent_done=10)
    assert client.post(f"/en/staff/governance/measures/{measure.pk}/", update_data(measure, percent_done=50)
                       ).status_code == 302
    response = client.post(f"/en/staff/governance/measures/{measure.pk}/", stale)
    assert response.status_code == 409
    measure.refresh_from_db()
    assert measure.percent_done == 50 and measure.updates.count() == 1


def test_a_measure_linked_to_an_indicator_shows_the_measured_value(client) -> None:
    _plan, priority = new_plan(_current_fy())
    measure = new_measure(priority, indicator="inventory", indicator_target=Decimal("4"))
    for _ in range(3):
        create_case("QC")
    create_case("ON")
    sign_in(client, manager())
    response = client.get(f"/en/staff/governance/measures/{measure.pk}/")
    measured = response.context["measured"]
    assert (measured.value, measured.target, measured.percent) == (4, Decimal("4"), 100)
    create_case("QC")
    response = client.get(f"/en/staff/governance/measures/{measure.pk}/")
    assert response.context["measured"].value == 5 and response.context["measured"].percent == 80
    assert "5 / 4 (80 % of the target)" in " ".join(response.content.decode().split())


def test_a_measure_without_its_own_target_takes_the_dashboard_s(client) -> None:
    from sentinelle.dashboard.models import Target

    fy = _current_fy()
    Target.objects.update_or_create(fiscal_year=fy, region=None, metric="cases_completed",
                                    defaults={"value": Decimal("1234")})
    _plan, priority = new_plan(fy)
    measure = new_measure(priority, indicator="cases_completed")
    sign_in(client, manager())
    measured = client.get(f"/en/staff/governance/measures/{measure.pk}/").context["measured"]
    assert measured.target == Decimal("1234") and measured.value == 0


def test_evidence_links_are_kept_and_checked(client) -> None:
    _plan, priority = new_plan(_current_fy())
    measure = new_measure(priority)
    sign_in(client, manager())
    url = f"/en/staff/governance/measures/{measure.pk}/evidence/"
    assert client.post(url, {"label": "Dashboard", "url": "/en/staff/dashboard/"}).status_code == 302
    assert client.post(url, {"label": "Minutes", "url": "https://example.org/minutes.pdf"}).status_code == 302
    bad = client.post(url, {"label": "Script", "url": "javascript:alert(1)"})
    assert bad.status_code == 400 and "https://" in bad.content.decode()
    assert list(measure.evidence.values_list("url", flat=True)) == ["/en/staff/dashboard/",
                                                                    "https://example.org/minutes.pdf"]


def test_who_may_update_which_measure(client) -> None:
    _plan, priority = new_plan(_current_fy())
    national = new_measure(priority, "1.1")
    regional_manager = manager("QC")
    quebec = new_measure(priority, "1.2", region=regional_manager.region)
    owned = new_measure(priority, "1.3", owner=regional_manager)
    sign_in(client, regional_manager)
    assert client.post(f"/en/staff/governance/measures/{national.pk}/", update_data(national)).status_code == 403
    assert client.post(f"/en/staff/governance/measures/{quebec.pk}/", update_data(quebec)).status_code == 302
    assert client.post(f"/en/staff/governance/measures/{owned.pk}/", update_data(owned)).status_code == 302
    lead = create_staff("team_lead", region_code="HQ")
    sign_in(client, lead)
    assert client.get(f"/en/staff/governance/measures/{national.pk}/").status_code == 200
    assert client.post(f"/en/staff/governance/measures/{national.pk}/", update_data(national)).status_code == 403
    sign_in(client, create_staff("investigator", region_code="HQ"))
    assert client.get("/en/staff/governance/").status_code == 403
    # No role that reads the plan: refused whatever the measure, as for one that does not exist.
    assert client.get(f"/en/staff/governance/measures/{national.pk}/").status_code == 403
    assert client.get("/en/staff/governance/measures/987654/").status_code == 403
    national.refresh_from_db()
    assert national.version == 1


def test_exports_are_filtered_and_formula_safe(client) -> None:
    from openpyxl import load_workbook

    _plan, priority = new_plan(_current_fy())
    new_measure(priority, "1.1", title_en="=HYPERLINK(\"http://evil\")", unit="Formulas")
    new_measure(priority, "1.2", unit="Other")
    sign_in(client, manager())
    response = client.get("/en/staff/governance/plan.csv", {"unit": "Formulas"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "'=HYPERLINK" in lines[1]
    response = client.get("/en/staff/governance/plan.xlsx", {"unit": "Formulas"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2 and str(sheet.cell(2, 3).value).startswith("'=")
    assert AuditEvent.objects.filter(action="export", detail__export="action_plan").count() == 2
    assert client.get("/en/staff/governance/plan.pdf").status_code == 404


def test_priorities_keep_their_smart_fields() -> None:
    plan, priority = new_plan(_current_fy())
    assert priority.indicator_en and priority.target_fr and priority.due_on == plan.ends_on
    assert Priority.objects.filter(plan=plan).count() == 1
