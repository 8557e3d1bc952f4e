"""Audit events at chosen times, written as the application writes them."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from sentinelle.accounts.models import User
from sentinelle.audit.models import AuditEvent
from sentinelle.watch.models import RuleKind, WatchRule

Action = AuditEvent.Action
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def at(text: str, zone: zoneinfo.ZoneInfo = TORONTO) -> datetime:
    """'2026-02-10 10:00' in a time zone."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def download(user: User, when: datetime, *, case: int = 1, **detail: Any) -> AuditEvent:
    """A case document downloaded, as cases.views_documents records it."""
    return AuditEvent.objects.create(
        actor=user, actor_label=user.email, action=Action.DOWNLOAD, object_type="cases.case",
        object_id=str(case), object_label=f"C-{case}", occurred_at=when, detail={"document": 1, **detail},
    )


def export(user: User, when: datetime) -> AuditEvent:
    """An export with no object (the decision register, a dashboard table)."""
    return AuditEvent.objects.create(actor=user, actor_label=user.email, action=Action.EXPORT,
                                     occurred_at=when, detail={"export": "decision_register", "format": "csv"})


def view(user: User, when: datetime, *, case: int, object_type: str = "cases.case") -> AuditEvent:
    return AuditEvent.objects.create(actor=user, actor_label=user.email, action=Action.VIEW,
                                     object_type=object_type, object_id=str(case), occurred_at=when)


def set_threshold(kind: str, threshold: int) -> None:
    WatchRule.objects.filter(kind=kind).update(threshold=threshold)


def only(kind: str, threshold: int) -> None:
    """Only this rule enabled, with this threshold."""
    WatchRule.objects.exclude(kind=kind).update(enabled=False)
    WatchRule.objects.filter(kind=kind).update(threshold=threshold, enabled=True)


__all__ = ["Action", "RuleKind", "at", "download", "export", "only", "set_threshold", "view"]
