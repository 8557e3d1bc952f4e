"""Opening a case without a worker's report (seed 000, priority 2): a proactive
inspection, a partner's referral, a follow-up of an earlier non-compliance or a
request from the minister's office. One function, one transaction, one audit
event; a case born of a report is opened by triage instead."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Case, CaseOrigin, CaseStatus, Employer
from sentinelle.cases.workflow import CaseError
from sentinelle.lib.references import new_reference

# The origins a case may be opened with here: a worker's report opens its case from the report.
WITHOUT_REPORT = [origin for origin in CaseOrigin if origin != CaseOrigin.WORKER_REPORT]
MAX_RISK_SCORE = 32_767
MAX_SUMMARY = 10_000


def origin_refusal(origin: str) -> str | None:
    """Why a case cannot be opened without a report with this origin, or None."""
    if origin == CaseOrigin.WORKER_REPORT:
        return str(_("A case about a worker's report is opened from the report, in triage."))
    if origin not in CaseOrigin.values:
        return str(_("“%(origin)s” is not an origin of a case. The origins are: %(origins)s.")
                   % {"origin": origin, "origins": ", ".join(o.value for o in WITHOUT_REPORT)})
    return None


@transaction.atomic
def open_case_without_report(employer: Employer, *, origin: str, actor: Any, summary: str = "",
                             risk_score: int = 0, now: datetime | None = None,
                             request: HttpRequest | None = None, **audit: Any) -> Case:
    """A new case (status "new") on `employer`, in its region, with its origin.
    The caller has checked that `actor` may open a case on this employer
    (`cases.open_case`). `audit` adds what led to it to the audit event."""
    if problem := origin_refusal(origin):
        raise CaseError(problem, field="origin")
    current = Employer.objects.select_related("merged_into").get(pk=employer.pk)
    if current.merged_into_id is not None:
        raise CaseError(_("This employer was merged into %(kept)s: open the case on the employer that was kept.")
                        % {"kept": current.merged_into}, field="employer")
    if "\x00" in summary or len(summary) > MAX_SUMMARY:
        raise CaseError(_("The summary must be text of at most %(max)d characters.") % {"max": MAX_SUMMARY},
                        field="summary")
    case = Case.objects.create(
        reference=new_reference("C"),
        employer=current,
        region_id=current.region_id,
        status=CaseStatus.NEW,
        origin=origin,
        opened_at=now or timezone.now(),
        opened_by=actor,
        risk_score=max(0, min(int(risk_score), MAX_RISK_SCORE)),
        summary=summary.strip(),
    )
    record(Action.CREATE, actor=actor, obj=case, request=request, opened="without_report", origin=origin,
           employer=current.pk, **audit)
    return case
