"""The facts about its reports that a case keeps for the dashboard's figures
(`Case.first_report_on`, where the timeliness clock starts). The triage steps
that link a report to a case keep them (`triage.open_case`, `triage.join_case`);
`first_reports` recomputes them after rows written in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Min, OuterRef, Subquery

from sentinelle.cases.models import Case
from sentinelle.intake.models import Report


def first_reports(case_ids: Iterable[int] | None = None) -> int:
    """Recompute the facts from the reports, in one statement, for the cases
    given (all of them by default); returns the number of cases written. Used
    after loading rows in bulk, and to check the kept facts."""
    earliest = (Report.objects.filter(case=OuterRef("pk")).order_by().values("case")
                .annotate(first=Min("submitted_on")).values("first"))
    cases = Case.objects.all()
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    return cases.update(first_report_on=Subquery(earliest))
