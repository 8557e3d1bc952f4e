"""Figures kept a while in the shared cache, where every app server finds them:
the dashboard's, the public statistics' and the inspection figures move slowly
and cost a few hundred milliseconds to compute at national scale, so each is
computed once per `kept_seconds()` (`DASHBOARD_FIGURES_SECONDS`, 10 minutes by
default; 0 computes them at every view)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache


def kept_seconds() -> int:
    return int(getattr(settings, "DASHBOARD_FIGURES_SECONDS", 600))


def kept[T](key: str, compute: Callable[[], T], kind: type[T], *, again: bool = False) -> T:
    """The value of `kind` kept under `key`; else (or `again`) `compute()`d now
    and kept for `kept_seconds()`."""
    seconds = kept_seconds()
    if seconds <= 0:
        return compute()
    value = None if again else cache.get(key)
    if not isinstance(value, kind):
        value = compute()
        cache.set(key, value, seconds)
    return value
