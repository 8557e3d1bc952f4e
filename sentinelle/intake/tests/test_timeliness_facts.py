"""The day of its first report that a case keeps for the dashboard's timeliness
figures stays equal to the one its reports give, whatever the steps taken."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Min
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentinelle.cases.models import Case, CaseStatus
from sentinelle.intake import facts, triage
from sentinelle.intake.models import Report
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.lib.references import new_reference
from sentinelle.test import create_employer, create_staff, example_count, sign_in

pytestmark = pytest.mark.django_db


def _received(day: date) -> Report:
    report = make_report("QC")
    Report.objects.filter(pk=report.pk).update(submitted_on=day)
    report.refresh_from_db()
    return report


def _recomputed(case: Case) -> date | None:
    return Report.objects.filter(case=case).aggregate(first=Min("submitted_on"))["first"]


def _kept(case: Case) -> date | None:
    return Case.objects.values_list("first_report_on", flat=True).get(pk=case.pk)


def test_opening_and_joining_through_the_pages_keep_the_first_report_day():
    lead = create_staff("team_lead", region_code="QC")
    client = Client()
    sign_in(client, lead)
    employer = create_employer("QC")
    first = _received(date(2026, 3, 10))
    client.post(f"/en/staff/reports/{first.pk}/match/", {"match-employer": employer.pk})
    assert client.post(f"/en/staff/reports/{first.pk}/open-case/").status_code == 302
    case = Report.objects.get(pk=first.pk).case
    assert _kept(case) == date(2026, 3, 10)

    later, earlier = _received(date(2026, 3, 20)), _received(date(2026, 3, 2))
    for report, expected in ((later, date(2026, 3, 10)), (earlier, date(2026, 3, 2))):
        client.post(f"/en/staff/reports/{report.pk}/match/", {"match-employer": employer.pk})
        assert client.post(f"/en/staff/reports/{report.pk}/join-case/", {"join-case": case.pk}).status_code == 302
        assert _kept(case) == expected == _recomputed(case)


def test_a_case_opened_without_a_report_keeps_none_until_one_joins():
    lead = create_staff("team_lead", region_code="QC")
    employer = create_employer("QC")
    from django.utils import timezone

    case = Case.objects.create(reference=new_reference("C"), employer=employer, region=employer.region,
                               status=CaseStatus.ASSIGNED, opened_at=timezone.now())
    assert _kept(case) is None
    report = _received(timezone.localdate() + timedelta(days=3))  # after the opening: still the start
    triage.match_employer(report, employer, actor=lead)
    triage.join_case(report, case, actor=lead)
    assert _kept(case) == report.submitted_on


@settings(max_examples=example_count(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(["open", "join"]), st.integers(0, 3), st.integers(-60, 60)),
                      min_size=1, max_size=8))
def test_kept_facts_equal_the_recomputed_ones_after_any_steps(steps):
    lead = create_staff("team_lead", region_code="QC")
    employer = create_employer("QC")
    cases: list[Case] = []
    for action, which, offset in steps:
        report = _received(date(2026, 6, 1) + timedelta(days=offset))
        triage.match_employer(report, employer, actor=lead)
        if action == "open" or not cases:
            cases.append(triage.open_case(report, actor=lead))
        else:
            triage.join_case(report, cases[which % len(cases)], actor=lead)
    for case in cases:
        assert _kept(case) == _recomputed(case)
    kept = dict(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", "first_report_on"))
    facts.first_reports([c.pk for c in cases])  # recomputed from the reports in one statement
    assert dict(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", "first_report_on")) == kept
