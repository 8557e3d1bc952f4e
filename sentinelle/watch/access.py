"""The only way pages reach an alert of the download watch, and decide what
may be done with it: the permission is decided by `watch/rules.py` through
`lib.access`, every refusal is audited. An alert about staff outside one's
region is missing (404), like one that does not exist."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from sentinelle.lib.access import check_perm, get_object_for_user, visible_to
from sentinelle.watch.models import Alert

VIEW = "watch.view_alerts"
ACKNOWLEDGE = "watch.acknowledge_alert"
CHANGE_RULES = "watch.change_rules"


def alerts_for(user: Any) -> models.QuerySet[Alert]:
    """The alerts `user` may see (those about staff of their region outside National HQ)."""
    return visible_to(user, Alert.objects.select_related("user", "user__region", "rule", "acknowledged_by"))


def access_alert(user: Any, pk: int, perm: str, *, request: HttpRequest | None = None) -> Alert:
    return get_object_for_user(user, perm, alerts_for(user), request=request, pk=pk)


def check(user: Any, perm: str, alert: Alert | None = None, *, request: HttpRequest | None = None) -> None:
    """PermissionDenied (403, audited) unless `user` may do `perm` (on `alert`,
    one they may see already)."""
    check_perm(user, perm, alert, request=request)
