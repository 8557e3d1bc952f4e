"""Panels that apps above the dashboard add to its page, without the dashboard
importing them: each registers, in its AppConfig.ready(), a function of the
period shown that returns the template to include and its context (or None)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sentinelle.dashboard.periods import Period

Provider = Callable[[Period], dict[str, Any] | None]
_providers: list[Provider] = []


def panel(provider: Provider) -> None:
    """Add a panel: `provider(period)` returns {"template": ..., **context} or None."""
    _providers.append(provider)


def panels(period: Period) -> list[dict[str, Any]]:
    return [shown for shown in (provider(period) for provider in _providers) if shown is not None]
