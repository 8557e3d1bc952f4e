"""A working group's quarterly written update or annual report (seed 003) as a
PDF, in French or English, generated from the group's data over the report's
period: its members, the meetings held with their attendance and decisions, the
priority areas of its work plan with their validation, progress and risk flags,
and its action items; then the secretariat's narrative. Made and kept by the
task worker once the report is approved (`report.keep_documents`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sentinelle.governance.models import (
    ActionItem,
    ActionStatus,
    GroupReport,
    GroupReportDocument,
    Meeting,
    PriorityArea,
)
from sentinelle.governance.report import LANGUAGES, keep_documents
from sentinelle.lib.pdf import font_faces, html_to_pdf


def group_report_context(report: GroupReport) -> dict[str, Any]:
    """What the report says of its group over its period, read now."""
    group, start, end = report.group, report.period_start, report.period_end
    meetings = list(Meeting.objects.filter(group=group, held_on__gte=start, held_on__lte=end)
                    .annotate(present=Count("attendance", filter=Q(attendance__present=True)))
                    .order_by("held_on", "pk"))
    areas = list(PriorityArea.objects.filter(group=group).prefetch_related("updates"))
    progress = []
    for area in areas:
        updates = [u for u in area.updates.all()  # type: ignore[attr-defined]
                   if start <= timezone.localdate(u.written_at) <= end]
        progress.append({"area": area, "updates": sorted(updates, key=lambda u: (u.written_at, u.pk)),
                         "risks": sum(u.risk_flag for u in updates)})
    # The action items decided in the period, and those still open from before it.
    actions = list(ActionItem.objects.filter(meeting__group=group, meeting__held_on__lte=end)
                   .filter(Q(meeting__held_on__gte=start) | ~Q(status=ActionStatus.DONE))
                   .select_related("owner", "meeting").order_by("due_on", "pk"))
    members = [m for m in group.members.select_related("seat").all()  # type: ignore[attr-defined]
               if m.term_starts_on <= end and m.term_ends_on >= start and (m.left_on is None or m.left_on >= start)]
    return {
        "group": group, "members": members, "meetings": meetings, "areas": progress, "actions": actions,
        "risk_count": sum(item["risks"] for item in progress),
        "done_count": sum(a.status == ActionStatus.DONE for a in actions),
        "overdue_count": sum(a.status != ActionStatus.DONE and a.due_on < end for a in actions),
    }


def group_report_pdf(report: GroupReport, *, language: str, step: Callable[[int], None] = lambda n: None) -> bytes:
    """The PDF of `report` in `language`, from the group's data of this moment."""
    if language not in LANGUAGES:
        raise ValueError(language)
    other = "en" if language == "fr" else "fr"
    with translation.override(language):
        context = group_report_context(report)
        step(30)
        html = render_to_string("governance/group_report_pdf.html", {
            **context, "report": report, "language": language, "fonts": font_faces(),
            "narrative": [(name, getattr(report, f"{name}_{language}") or getattr(report, f"{name}_{other}"))
                          for name in report.NARRATIVE],
            "made_at": timezone.now(),
        })
        step(50)
        return html_to_pdf(html)


def make_group_documents(report_id: int) -> str:
    """Make and keep the approved working-group report's PDFs, French and English."""
    return keep_documents(GroupReport, GroupReportDocument, report_id, group_report_pdf)
