"""The only way pages reach a measure of the action plan or a quarterly report:
the permission is decided by `governance/rules.py` through `lib.access`, a refusal
is audited; one may not see is missing (404), one seen but not open to the
action asked is refused (403)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sentinelle.governance.models import GroupReport, Measure, Meeting, QuarterlyReport, WorkingGroup
from sentinelle.lib.access import get_object_for_user

VIEW_PLAN = "governance.view_plan"
VIEW_REPORTS = "governance.view_reports"


def access_measure(user: Any, pk: int, perm: str, *, request: HttpRequest | None = None) -> Measure:
    measures = Measure.objects.select_related("priority__plan", "owner", "region")
    return get_object_for_user(user, perm, measures, seen_with=VIEW_PLAN, request=request, pk=pk)


def access_report(user: Any, pk: int, perm: str, *, request: HttpRequest | None = None) -> QuarterlyReport:
    reports = QuarterlyReport.objects.select_related("author", "reviewed_by", "approved_by")
    return get_object_for_user(user, perm, reports, seen_with=VIEW_REPORTS, request=request, pk=pk)


VIEW_GROUPS = "governance.view_groups"


def access_group(user: Any, pk: int, perm: str, *, request: HttpRequest | None = None) -> WorkingGroup:
    return get_object_for_user(user, perm, WorkingGroup.objects.all(), seen_with=VIEW_GROUPS, request=request, pk=pk)


def access_meeting(user: Any, group: WorkingGroup, pk: int, perm: str, *,
                   request: HttpRequest | None = None) -> Meeting:
    """A meeting of `group` (a meeting of another group is missing)."""
    return get_object_for_user(user, perm, Meeting.objects.filter(group=group).select_related("group"),
                               seen_with=VIEW_GROUPS, request=request, pk=pk)


def access_group_report(user: Any, group: WorkingGroup, pk: int, perm: str, *,
                        request: HttpRequest | None = None) -> GroupReport:
    """A report of `group` (a report of another group is missing)."""
    reports = GroupReport.objects.filter(group=group).select_related("group", "author", "reviewed_by", "approved_by")
    return get_object_for_user(user, perm, reports, seen_with=VIEW_GROUPS, request=request, pk=pk)
