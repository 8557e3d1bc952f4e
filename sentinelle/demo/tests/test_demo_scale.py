"""The national demo dataset (`seed_demo --scale`), built here at a tiny scale:
its data hold together the way real data would."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Min

from sentinelle.accounts.models import RoleCode, User
from sentinelle.cases.models import (
    OPEN_CASE_STATUSES,
    Activity,
    Case,
    CaseStatus,
    CaseTransition,
    Decision,
    DecisionStatus,
    Employer,
)
from sentinelle.demo import scale
from sentinelle.intake.models import Report, ReportStatus
from sentinelle.intake.receipts import check_receipt_code
from sentinelle.lib.geo import REGION_OF_PROVINCE
from sentinelle.test import data_for_the_module

# The dataset is built once for the tests that read it (`built`), by one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_scale")]

TODAY = date(2026, 11, 23)
TINY = scale.Scale(employers=120, reports=1500, cases=500, activities=5000)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    with data_for_the_module(django_db_blocker, tmp_path_factory.mktemp("demo_scale")):
        yield scale.build(TINY, seed=11, today=TODAY)


# These two build their own data: they come before the tests that share `built`,
# which stays in the database until the end of the module.


def test_seed_demo_with_a_scale_builds_it_with_the_demo_staff(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", "--scale", "0.002", "--reports", "0", "--seed", "5")
    out = capsys.readouterr().out
    assert "400 cases" in out and "4000 activities" in out and "Case with 50 activities in QC" in out
    assert Employer.objects.count() == 100 and Report.objects.count() == 1000
    amelie = User.objects.get(email="amelie.gagnon@demo.sentinelle.example")
    assert Case.objects.filter(assigned_to=amelie).exists()
    showcase = Case.objects.annotate(n=Count("activities")).filter(n=50, region=amelie.region)
    assert showcase.filter(assigned_to=amelie).exists()

    call_command("seed_demo", "--scale", "0.002", "--reports", "0", "--seed", "5", "--once")
    assert "already loaded" in capsys.readouterr().out
    assert Case.objects.count() == 400


def test_seed_demo_refuses_an_unknown_scale():
    with pytest.raises(CommandError, match="national, small or a number"):
        call_command("seed_demo", "--scale", "huge")


def test_it_builds_the_numbers_asked_for(built):
    assert (Employer.objects.count(), Report.objects.count(), Case.objects.count(), Activity.objects.count()) == (
        120, 1500, 500, 5000)
    assert (built.employers, built.reports, built.cases, built.activities) == (120, 1500, 500, 5000)


def test_employers_cases_and_reports_are_in_the_right_region(built):
    for employer in Employer.objects.select_related("region"):
        assert employer.region.code == REGION_OF_PROVINCE[employer.province]
        assert employer.search_name  # the search finds them
    assert not Case.objects.exclude(region=F("employer__region")).exists()
    assert not Report.objects.filter(employer__isnull=False).exclude(region=F("employer__region")).exists()
    assert set(Case.objects.values_list("region__code", flat=True)) == {"ATL", "QC", "ON", "WST"}
    # Reports taken in person name a service point of their province; no other report names one.
    in_person = Report.objects.filter(channel="in_person")
    assert in_person.exists() and not in_person.filter(service_point__isnull=True).exists()
    assert not in_person.exclude(service_point__province=F("employer_province")).exists()
    assert not Report.objects.exclude(channel="in_person").filter(service_point__isnull=False).exists()


def test_every_case_has_its_opening_report_and_reports_point_at_real_cases(built):
    openers = Report.objects.filter(status=ReportStatus.CASE_OPENED)
    assert openers.count() == Case.objects.count()
    assert set(openers.values_list("case_id", flat=True)) == set(Case.objects.values_list("pk", flat=True))
    joined = Report.objects.filter(status=ReportStatus.JOINED_CASE).select_related("case")
    assert all(r.case.employer_id == r.employer_id for r in joined)
    assert not Report.objects.filter(case__isnull=True, status__in=[ReportStatus.CASE_OPENED,
                                                                   ReportStatus.JOINED_CASE]).exists()


def test_each_case_keeps_the_day_of_its_first_report(built):
    first = dict(Report.objects.filter(case__isnull=False).order_by().values("case")
                 .annotate(first=Min("submitted_on")).values_list("case", "first"))
    assert dict(Case.objects.values_list("pk", "first_report_on")) == first


def test_activities_belong_to_cases_and_happen_while_the_case_is_open(built):
    assert not Activity.objects.filter(occurred_at__lt=F("case__opened_at")).exists()
    assert not Activity.objects.filter(case__closed_at__isnull=False, occurred_at__gt=F("case__closed_at")).exists()
    # One case in each region has exactly 50 activities, and it is open.
    for region, reference in built.showcase.items():
        case = Case.objects.get(reference=reference)
        assert case.region.code == region
        assert case.activities.count() == 50


def test_decisions_are_approved_by_a_team_lead_who_did_not_propose_them(built):
    approved = Decision.objects.filter(status=DecisionStatus.APPROVED).select_related("approved_by", "case")
    assert approved.exists()
    for decision in approved:
        assert decision.approved_by_id != decision.proposed_by_id
        assert RoleCode.TEAM_LEAD in decision.approved_by.role_codes
        assert decision.approved_by.region_id == decision.case.region_id
        assert decision.proposed_by_id == decision.case.assigned_to_id
        assert decision.approved_at >= decision.proposed_at
    statuses_with_approval = {CaseStatus.DECISION_APPROVED, CaseStatus.CLOSED}
    assert set(approved.values_list("case__status", flat=True)) <= statuses_with_approval
    assert Decision.objects.filter(status=DecisionStatus.RETURNED).exists()


def test_the_status_of_each_case_follows_its_recorded_steps(built):
    counts = Counter(Case.objects.values_list("status", flat=True))
    assert counts[CaseStatus.CLOSED] > counts[CaseStatus.IN_INSPECTION] > 0
    assert counts[CaseStatus.EXCLUDED] > 0
    last_target = {}
    for case_id, target in CaseTransition.objects.order_by("case_id", "at", "id").values_list("case_id", "target"):
        last_target[case_id] = target
    for case in Case.objects.all():
        assert last_target.get(case.pk, CaseStatus.NEW) == case.status
        assert (case.status in OPEN_CASE_STATUSES) == (case.closed_at is None)
        if case.status not in (CaseStatus.NEW, CaseStatus.ASSESSED, CaseStatus.EXCLUDED):
            assert case.assigned_to is not None
            assert case.assigned_to.region_id == case.region_id


def test_dates_stay_within_the_ten_fiscal_years(built):
    first = datetime(2017, 4, 1, tzinfo=UTC)
    end = datetime(2026, 11, 24, tzinfo=UTC)
    assert Report.objects.filter(submitted_on__lt=first.date()).count() == 0
    assert Report.objects.filter(submitted_on__gt=TODAY).count() == 0
    for model, name in ((Case, "opened_at"), (Case, "closed_at"), (Activity, "occurred_at"),
                        (Decision, "proposed_at"), (CaseTransition, "at")):
        assert not model.objects.filter(**{f"{name}__lt": first}).exists(), (model, name)
        assert not model.objects.filter(**{f"{name}__gte": end}).exists(), (model, name)
    fiscal_years = {d.year if d.month >= 4 else d.year - 1 for d in Report.objects.values_list("submitted_on", flat=True)}
    assert fiscal_years == set(range(2017, 2027))


def test_agriculture_reports_peak_in_summer(built):
    months = Counter(d.month for d in Report.objects.filter(sector__naics_code__startswith="11")
                     .values_list("submitted_on", flat=True))
    summer = sum(months[m] for m in (6, 7, 8)) / 3
    winter = sum(months[m] for m in (12, 1, 2)) / 3
    assert summer > 3 * winter
    # Other sectors do not.
    steady = Counter(d.month for d in Report.objects.filter(sector__naics_code__in=["7225", "8141", "6233"])
                     .values_list("submitted_on", flat=True))
    assert sum(steady[m] for m in (6, 7, 8)) < 2 * sum(steady[m] for m in (12, 1, 2))


def test_open_cases_are_shared_out_evenly_among_the_investigators_of_a_region(built):
    loads = Counter(Case.objects.filter(status__in=OPEN_CASE_STATUSES, assigned_to__isnull=False)
                    .values_list("region_id", "assigned_to_id"))
    by_region: dict[int, list[int]] = {}
    for (region, _user), n in loads.items():
        by_region.setdefault(region, []).append(n)
    for counts in by_region.values():
        assert max(counts) - min(counts) <= 1


def test_reports_have_no_receipt_code_that_opens_them(built):
    assert set(Report.objects.values_list("receipt_verifier", flat=True)) == {"!"}
    assert check_receipt_code("00000-00000-00000-00000") is None


def test_the_same_seed_twice_adds_nothing(built):
    again = scale.build(TINY, seed=11, today=TODAY)
    assert again.already_there
    assert Case.objects.count() == 500

