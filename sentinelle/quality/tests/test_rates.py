"""The quality rate: the share of reviewed files of the random sample without
substantial error, per quarter of the fiscal year, with Wilson's 95 % interval,
against the target in force; targeted reviews never count in it."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from statsmodels.stats.proportion import proportion_confint

from sentinelle.dashboard.targets import target_value
from sentinelle.quality import rates, review, sampling
from sentinelle.quality.models import (
    Answer,
    ChecklistItem,
    RuleKind,
    Selection,
    TargetRule,
    fiscal_year_of,
    quarter_bounds,
    quarter_of,
)
from sentinelle.quality.review import Response
from sentinelle.test import create_staff, region, sign_in

from .factories import close_a_file, regional_team, sample_everything

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("good", "reviewed"), [
    (0, 1), (1, 1), (0, 7), (7, 7), (3, 10), (45, 50), (87, 100), (912, 1000), (1, 3), (19, 20),
])
def test_wilson_intervals_match_statsmodels(good, reviewed):
    low, high = rates.wilson_interval(good, reviewed)
    expected_low, expected_high = proportion_confint(good, reviewed, alpha=0.05, method="wilson")
    assert low == pytest.approx(expected_low, abs=1e-12)
    assert high == pytest.approx(expected_high, abs=1e-12)


def test_no_review_means_no_rate_and_no_interval():
    assert rates.wilson_interval(0, 0) is None
    today = timezone.localdate()
    [quarter] = rates.quarterly_rates(today, today)
    assert (quarter.reviewed, quarter.rate, quarter.low, quarter.high) == (0, None, None, None)


def test_fiscal_quarters_run_from_april():
    assert quarter_bounds(2026, 1) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert quarter_bounds(2026, 4) == (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    assert (fiscal_year_of(datetime.date(2027, 3, 31)), quarter_of(datetime.date(2027, 3, 31))) == (2026, 4)
    labels = [r.label for r in rates.quarterly_rates(datetime.date(2026, 5, 1), datetime.date(2027, 4, 2))]
    assert labels == ["2026-2027 Q1", "2026-2027 Q2", "2026-2027 Q3", "2026-2027 Q4", "2027-2028 Q1"]


def reviewed_files(team, reviewer, verdicts: list[bool], **kwargs) -> list[Selection]:
    """Files closed, drawn and reviewed: True for a substantial error."""
    substantial = ChecklistItem.objects.filter(substantial=True).first()
    done = []
    for has_error in verdicts:
        selection = Selection.objects.get(case=close_a_file(team, **kwargs))
        if selection.reviewer_id != reviewer.pk:
            review.assign_reviewer(selection, reviewer, actor=reviewer)
        answers = {item.pk: Response(Answer.MET) for item in review.checklist()}
        if has_error:
            answers[substantial.pk] = Response(Answer.ERROR, "Wrong outcome for the facts found.")
        done.append(review.submit_review(selection, answers, actor=reviewer))
    return done


def test_a_substantial_error_counts_against_the_rate_even_once_corrected():
    analyst = create_staff("national_analyst", region_code="HQ")
    reviewer = create_staff("qc_reviewer", region_code="HQ")
    quebec, ontario = regional_team("QC"), regional_team("ON")
    sample_everything(analyst)
    reviewed_files(quebec, reviewer, [False, False, True])
    reviewed_files(ontario, reviewer, [False, True], region_code="ON")
    # One more file drawn but not reviewed yet: not counted.
    close_a_file(quebec)
    # A targeted file with an error: never in the random sample's rate.
    sampling.suspend(actor=analyst, reason="Pause.")
    sampling.resume(actor=analyst, reason="Go on.")
    sampling.set_rate(fiscal_year_of(timezone.localdate()), quarter_of(timezone.localdate()), 0, actor=analyst)
    sampling.add_rule(TargetRule(kind=RuleKind.REGION, region=region("QC"), reason="Audit."), actor=analyst)
    targeted = reviewed_files(quebec, reviewer, [True])
    assert targeted[0].basis == "targeted"

    today = timezone.localdate()
    [quarter] = rates.quarterly_rates(today, today)
    assert (quarter.reviewed, quarter.without_substantial_error) == (5, 3)
    assert quarter.rate == pytest.approx(3 / 5)
    expected = proportion_confint(3, 5, alpha=0.05, method="wilson")
    assert (quarter.low, quarter.high) == pytest.approx(expected)
    assert quarter.target == target_value("quality_rate", quarter.start)

    [quebec_quarter] = rates.quarterly_rates(today, today, region_id=region("QC").pk)
    assert (quebec_quarter.reviewed, quebec_quarter.without_substantial_error) == (3, 2)

    by_region = {row.label: (row.reviewed, row.without_substantial_error)
                 for row in rates.breakdown("region", today, today)}
    assert by_region == {"Quebec": (3, 2), "Ontario": (2, 1)}
    by_investigator = {row.label: row.reviewed for row in rates.breakdown("investigator", today, today)}
    assert by_investigator == {"Investigator QC": 3, "Investigator ON": 2}
    [error] = rates.error_types(today, today)
    assert (error.errors, error.reviewed) == (2, 5)


def test_a_file_counts_in_the_quarter_it_was_closed():
    analyst = create_staff("national_analyst", region_code="HQ")
    reviewer = create_staff("qc_reviewer", region_code="HQ")
    sample_everything(analyst)
    [earlier, _later] = reviewed_files(regional_team("QC"), reviewer, [True, False])
    start, _end = quarter_bounds(fiscal_year_of(timezone.localdate()), quarter_of(timezone.localdate()))
    Selection.objects.filter(pk=earlier.pk).update(selected_at=timezone.make_aware(
        datetime.datetime.combine(start - timedelta(days=10), datetime.time(12))))

    last, this = rates.quarterly_rates(start - timedelta(days=1), start)
    assert (last.reviewed, last.without_substantial_error) == (1, 0)
    assert (this.reviewed, this.without_substantial_error) == (1, 1)


def test_the_rates_page_shows_national_figures_to_analysts_and_the_region_to_team_leads():
    analyst = create_staff("national_analyst", region_code="HQ")
    reviewer = create_staff("qc_reviewer", region_code="HQ")
    sample_everything(analyst)
    quebec, ontario = regional_team("QC"), regional_team("ON")
    reviewed_files(quebec, reviewer, [False, True])
    reviewed_files(ontario, reviewer, [False], region_code="ON")

    client = Client()
    sign_in(client, analyst)
    page = client.get("/en/staff/quality/rates/").content.decode()
    assert "Investigator QC" in page and "Investigator ON" in page
    target = target_value("quality_rate", quarter_bounds(fiscal_year_of(timezone.localdate()),
                                                         quarter_of(timezone.localdate()))[0])
    assert ("No target" in page) if target is None else (f"{round(target * 100)}%" in page)
    # 2 of 3 files without substantial error.
    assert "66.7%" in page
    # The error type points to the training course that addresses it.
    code = ChecklistItem.objects.filter(substantial=True).first().course_code
    assert f'href="/en/staff/training/courses/{code}/"' in page

    lead = Client()
    sign_in(lead, quebec["lead"])
    response = lead.get("/en/staff/quality/rates/?region=ON")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Investigator QC" in page and "Investigator ON" not in page
    assert "50.0%" in page

    assert client.get("/en/staff/quality/rates/?fiscal_year=1999").status_code == 400
