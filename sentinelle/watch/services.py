"""Every change made on the download watch pages: acknowledging an alert and
tuning the rules. Each is one transaction that checks the version the privacy
officer saw (`Conflict` when somebody saved in between) and writes its audit
event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from sentinelle.audit.services import Action, record
from sentinelle.lib.locking import claim
from sentinelle.watch.models import Alert, WatchRule


def acknowledge_alert(alert: Alert, *, note: str, actor: Any, expected_version: int | None,
                      request: Any = None) -> Alert:
    """The alert is acknowledged with what was checked, at its count now: more
    events afterwards open it again."""
    with transaction.atomic():
        if expected_version is not None:
            claim(alert, expected_version)
        alert.acknowledged_by = actor
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_count = alert.count
        alert.note = note.strip()
        alert.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledged_count", "note", "updated_at"])
        record(Action.UPDATE, actor=actor, obj=alert, request=request, acknowledged=True, note=alert.note,
               count=alert.count)
    return alert


def update_rules(changes: list[tuple[WatchRule, int, dict[str, Any]]], *, actor: Any, request: Any = None) -> None:
    """Each (rule, version seen, changed values): all saved, or none when one of
    the rules was saved by somebody else meanwhile."""
    with transaction.atomic():
        for rule, expected_version, values in changes:
            claim(rule, expected_version)
            saved = WatchRule.objects.get(pk=rule.pk)
            before = {name: getattr(saved, name) for name in values}
            for name, value in values.items():
                setattr(saved, name, value)
            saved.updated_by = actor
            saved.save(update_fields=[*values, "updated_by", "updated_at"])
            record(Action.UPDATE, actor=actor, obj=saved, request=request, before=before, after=values)
