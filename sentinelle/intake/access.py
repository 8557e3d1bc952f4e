"""Who reaches a report or an escalation: the one place the staff pages of the
tip line decide it, on `lib.access.get_object_for_user` (the rules are in
`intake/rules.py`).

A report that does not exist and one the staff member may not read answer the
same (404), so that nobody learns which reports exist outside their region; a
report they may read but not act on in the way asked answers 403. Every refusal
is written to the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from sentinelle.intake.models import Escalation, Referral, Report
from sentinelle.lib.access import get_object_for_user

VIEW_REPORT = "intake.view_report"
MANAGE_ESCALATION = "intake.manage_escalation"


def _reports() -> QuerySet[Report]:
    # What the report page shows of the report itself, in the one query.
    return Report.objects.select_related("region", "sector", "employer", "employer__region", "case",
                                         "exclusion_rule", "recorded_by")


def access_report(user: Any, pk: Any, perm: str, *, request: HttpRequest | None = None) -> Report:
    """The report `pk`, for what `perm` allows (`intake.view_report`,
    `intake.triage_report`, `intake.message_worker`, `intake.open_escalation`).
    Raises Http404 when it is missing or not readable, PermissionDenied when it
    is readable but `perm` is not granted on it; both audited."""
    return get_object_for_user(user, perm, _reports(), seen_with=VIEW_REPORT, request=request, pk=pk)


def access_escalation(user: Any, pk: Any, *, request: HttpRequest | None = None) -> Escalation:
    """The escalation `pk`, for a team lead who manages escalations of its
    region (National HQ: every region); Http404, audited, otherwise."""
    return get_object_for_user(
        user, MANAGE_ESCALATION,
        Escalation.objects.select_related("report", "case", "case__employer", "region", "opened_by",
                                          "measures_recorded_by"),
        request=request, pk=pk,
    )


VIEW_REFERRAL = "intake.view_referral"


def access_referral(user: Any, pk: Any, perm: str = VIEW_REFERRAL, *, request: HttpRequest | None = None
                    ) -> Referral:
    """The referral `pk`, for what `perm` allows (`intake.view_referral`,
    `intake.follow_referral`): 404 when missing or out of reach, 403 when seen but
    `perm` is refused; both audited."""
    return get_object_for_user(
        user, perm,
        Referral.objects.select_related("partner", "region", "communicated_by", "outcome_by", "report", "case",
                                        "case__employer", "escalation"),
        seen_with=VIEW_REFERRAL, request=request, pk=pk,
    )
