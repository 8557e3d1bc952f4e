"""The one change the dashboard makes: an analyst sets the targets of a fiscal
year. Every other page of the app only reads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sentinelle.audit.services import Action, record
from sentinelle.dashboard.models import Target
from sentinelle.dashboard.snapshot import forget
from sentinelle.dashboard.targets import targets_of_year
from sentinelle.lib.locking import Conflict, serialize, stamp_of

TargetValues = dict[tuple[int | None, str], Decimal | None]


def set_targets(fiscal_year: int, wanted: TargetValues, *, seen: str | None, actor: Any,
                request: HttpRequest | None = None) -> int:
    """Create, change or remove the targets of `fiscal_year` that differ from
    `wanted` (by region id, None for national, and metric; None: no target),
    each change audited, in one transaction; the number changed.

    `seen` is the stamp (`lib.locking.stamp_of`) of the targets as the analyst
    saw them: if somebody saved the year's targets since, `Conflict` is raised
    and nothing is written. Saves of the same year wait for each other."""
    with transaction.atomic():
        serialize(f"targets:{fiscal_year}")
        current = targets_of_year(fiscal_year)
        if seen not in (None, "", stamp_of(current)):
            raise Conflict()
        changed = 0
        for (region_id, metric), value in wanted.items():
            old = current.get((region_id, metric))
            if old == value or (old is not None and value is not None and old.compare(value) == 0):
                continue
            scope: dict[str, Any] = {"region_id": region_id} if region_id is not None else {"region__isnull": True}
            existing = Target.objects.filter(fiscal_year=fiscal_year, metric=metric, **scope).first()
            detail: dict[str, Any] = {"fiscal_year": fiscal_year, "region": region_id, "metric": metric,
                                      "old": str(old) if old is not None else None,
                                      "new": str(value) if value is not None else None}
            if value is None:
                if existing is not None:
                    record(Action.UPDATE, actor=actor, request=request, obj=existing, removed=True, **detail)
                    existing.delete()
            elif existing is None:
                target = Target.objects.create(fiscal_year=fiscal_year, region_id=region_id, metric=metric,
                                               value=value, updated_by=actor, updated_at=timezone.now())
                record(Action.CREATE, actor=actor, request=request, obj=target, **detail)
            else:
                existing.value, existing.updated_by, existing.updated_at = value, actor, timezone.now()
                existing.save(update_fields=["value", "updated_by", "updated_at"])
                record(Action.UPDATE, actor=actor, request=request, obj=existing, **detail)
            changed += 1
    if changed:
        forget()  # the progress against the targets must show the new ones now
    return changed
