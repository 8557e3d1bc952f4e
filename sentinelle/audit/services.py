"""The one call every app uses to write to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.lib.anonymity import to_the_hour

Action = AuditEvent.Action


def _client_address(request: HttpRequest) -> str | None:
    from sentinelle.lib.throttle import peer_address

    return peer_address(request) or None


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
    occurred_at: datetime | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. `actor` is a staff member (or None for an anonymous
    attempt); `obj` the protected object concerned, if any.

    The client address is recorded only for a request made by a staff member or a
    staff sign-in attempt, never for a worker's request. An event no staff member
    caused (a worker's request, an automatic step) is stamped with the hour only
    (`lib.anonymity`); `occurred_at` stamps an event with a moment already
    reduced so (a report's arrival, recorded by an intake agent)."""
    request_user = getattr(request, "user", None)
    if actor is None and request_user is not None and request_user.is_authenticated:
        actor = request_user
    is_staff_event = actor is not None or action in {
        Action.SIGN_IN_FAILED,
        Action.SECOND_FACTOR_FAILED,
        Action.LOCKED_OUT,
    }
    region = getattr(obj, "region", None) if obj is not None else None
    if occurred_at is None:
        occurred_at = to_the_hour() if not is_staff_event else timezone.now()
    return AuditEvent.objects.create(
        occurred_at=occurred_at,
        action=action,
        actor=actor,
        actor_label=actor_label or (getattr(actor, "email", "") if actor is not None else ""),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        region_code=getattr(region, "code", "") or "",
        path=(request.path[:300] if request is not None else ""),
        ip_address=_client_address(request) if request is not None and is_staff_event else None,
        detail=detail,
    )


def record_refusal(sender: Any, *, user: Any, perm: str, obj: models.Model | None, request: HttpRequest | None,
                   **kwargs: Any) -> None:
    """A permission refused (the `lib.access.access_refused` signal)."""
    record(Action.PERMISSION_DENIED, actor=user if user.is_authenticated else None,
           obj=obj, request=request, permission=perm)


def record_admin_save(sender: Any, *, request: HttpRequest, obj: models.Model, fields: list[str], change: bool,
                      **kwargs: Any) -> None:
    """Reference data saved on the admin site (the `lib.admin.reference_data_saved` signal)."""
    record(Action.UPDATE if change else Action.CREATE, obj=obj, request=request, fields=fields)
