"""The tip-line reports on the pages of cases, read without importing intake.

A report points at its case and its employer, and triage makes cases from
reports, so intake sits on the floor above cases. The case page, the case
summary, the employer page and the search still show the reports linked to
them: intake says how to read them by filling this registry in its
`AppConfig.ready()` (see `intake.case_pages`), as quality and training fill
`cases.steps`. Without it, cases shows no report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from sentinelle.cases.models import Case


@dataclass(frozen=True)
class Reports:
    # Every report, for the search by reference (the caller limits it to what the user may see).
    every: Callable[[], QuerySet[Any]]
    # The reports about these employers (ids), with their case and their allegations, newest first.
    of_employers: Callable[[Sequence[int]], QuerySet[Any]]
    # The labels of the allegation categories of the case's reports, each once, in the form's order.
    allegation_labels: Callable[[Case], list[Any]]
    # What the case's reports led to, for its timeline: (when, "escalation" or "referral", the row).
    timeline: Callable[[Case], list[tuple[datetime, str, Any]]]


_reports: list[Reports] = []


def register(reports: Reports) -> None:
    """Tell cases how to read the reports (once, from the tip line's ready())."""
    _reports[:] = [reports]


def reports() -> Reports | None:
    """How to read the reports; None when no app keeps reports."""
    return _reports[0] if _reports else None
