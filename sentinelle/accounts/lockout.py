"""How django-axes names the account a failed sign-in is counted against."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username")
    if not name and request is not None:
        name = request.POST.get("login") or request.POST.get("email")
    return str(name or "").strip().lower()
