"""The only way pages reach a disclosure: the permission is decided by
`ethics/rules.py` through `lib.access`, a refusal is audited (by reference only),
and "missing" and "not allowed" both answer 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sentinelle.ethics.models import Disclosure
from sentinelle.lib.access import get_object_for_user

VIEW = "ethics.view_disclosures"
HANDLE = "ethics.handle_disclosures"


def access_disclosure(user: Any, pk: int, perm: str, *, request: HttpRequest | None = None) -> Disclosure:
    return get_object_for_user(user, perm, Disclosure.objects.all(), request=request, pk=pk)
