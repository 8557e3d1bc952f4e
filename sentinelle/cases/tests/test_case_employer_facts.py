"""A case keeps its employer's sector and province (the dashboard's figures by
sector and the public statistics by province read them from the case): the
database keeps them whoever writes the case — created, saved whole with a stale
copy, written in bulk, moved to another employer by a merge — and when the
employer's sector or province changes. On SQLite a migration that rebuilds
the cases' or employers' table drops its triggers: these tests then fail."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sentinelle.cases.merge import merge_employers
from sentinelle.cases.models import Case, Sector
from sentinelle.dashboard.periods import Period, current_fiscal_year
from sentinelle.dashboard.stats import Figures, Scope
from sentinelle.dashboard.tables import inventory_sector_table
from sentinelle.lib.references import new_reference
from sentinelle.test import create_case, create_employer, create_staff

pytestmark = pytest.mark.django_db


def _sectors() -> tuple[Sector, Sector]:
    first, second = Sector.objects.order_by("naics_code")[:2]
    return first, second


def _kept(case: Case) -> int | None:
    return Case.objects.values_list("sector_id", flat=True).get(pk=case.pk)


def _province(case: Case) -> str:
    return Case.objects.values_list("province", flat=True).get(pk=case.pk)


def test_a_new_case_takes_its_employers_sector():
    _first, second = _sectors()
    case = create_case("QC", employer=create_employer("QC", sector=second))
    assert _kept(case) == second.pk
    assert _province(case) == "QC"


def test_cases_written_in_bulk_take_their_employers_sector():
    first, second = _sectors()
    employers = [create_employer("QC", sector=first), create_employer("ON", sector=second)]
    made = Case.objects.bulk_create([
        Case(reference=new_reference("C"), employer=employer, region=employer.region, opened_at=timezone.now())
        for employer in employers])
    assert [_kept(case) for case in made] == [first.pk, second.pk]
    assert [_province(case) for case in made] == ["QC", "ON"]


def test_a_case_saved_whole_with_a_stale_sector_keeps_its_employers():
    first, second = _sectors()
    case = create_case("QC", employer=create_employer("QC", sector=second))
    case.sector = first  # a stale or wrong copy in memory
    case.province = "BC"
    case.summary = "Unpaid overtime, and no rest day."
    case.save()
    assert _kept(case) == second.pk
    assert _province(case) == "QC"


def test_an_employers_sector_change_reaches_its_cases():
    first, second = _sectors()
    employer = create_employer("QC", sector=first)
    cases = [create_case("QC", employer=employer) for _n in range(3)]
    other = create_case("QC", employer=create_employer("QC", sector=first))
    employer.sector = second
    employer.save()
    assert [_kept(case) for case in cases] == [second.pk] * 3
    assert _kept(other) == first.pk
    employer.province = "NB"  # the address corrected
    employer.save(update_fields=["province"])
    assert [_province(case) for case in cases] == ["NB"] * 3
    assert [_kept(case) for case in cases] == [second.pk] * 3
    assert _province(other) == "QC"


def test_a_merge_moves_the_cases_into_the_kept_employers_sector():
    first, second = _sectors()
    kept, duplicate = create_employer("QC", sector=first), create_employer("QC", sector=second, province="ON")
    case = create_case("QC", employer=duplicate)
    assert _province(case) == "ON"
    merge_employers(kept, duplicate, actor=create_staff("team_lead", region_code="QC"))
    assert _kept(case) == first.pk
    assert _province(case) == "QC"


def test_the_dashboards_open_cases_by_sector_follow_the_employers_sector():
    first, second = _sectors()
    employer = create_employer("QC", sector=first)
    create_case("QC", employer=employer)
    create_case("QC", employer=employer)

    def open_by_sector() -> dict[str, int]:
        table = inventory_sector_table(Figures(Period.of(current_fiscal_year()), Scope()))
        return {row[0]: row[1] for row in table.rows}

    assert open_by_sector() == {first.name: 2}
    employer.sector = second
    employer.save()
    assert open_by_sector() == {second.name: 2}
    narrowed = Figures(Period.of(current_fiscal_year()), Scope(sector_id=second.pk))
    assert narrowed.inventory_total == 2
    assert Figures(Period.of(current_fiscal_year()), Scope(sector_id=first.pk)).inventory_total == 0
