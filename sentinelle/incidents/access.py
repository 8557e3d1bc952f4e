"""The only way pages reach a confidentiality incident: the permission is
decided by `incidents/rules.py` through `lib.access`, a refusal is audited, and
"missing" and "not allowed" both answer 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sentinelle.incidents.models import Incident
from sentinelle.lib.access import get_object_for_user

VIEW = "incidents.view_incidents"
MANAGE = "incidents.manage_incidents"


def access_incident(user: Any, pk: int, perm: str, *, request: HttpRequest | None = None) -> Incident:
    return get_object_for_user(user, perm, Incident.objects.all(), request=request, pk=pk)
