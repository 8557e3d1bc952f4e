"""The dashboard's panels after its charts and tables. Each is a function of the
period and scope shown that returns the template to include and its context (or
None): the dashboard registers those of the apps below it (the referrals, the
inspections) in its AppConfig.ready(), and the apps above, which it must not
import, register theirs in their own (governance: the service standards)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sentinelle.dashboard.periods import Period
from sentinelle.dashboard.stats import Scope
from sentinelle.intake.referral_register import by_partner_and_outcome
from sentinelle.workload.estimates import dashboard_figures

Provider = Callable[[Period, Scope], dict[str, Any] | None]
_providers: list[Provider] = []


def panel(provider: Provider) -> None:
    """Add a panel: `provider(period, scope)` returns {"template": ..., **context} or None."""
    _providers.append(provider)


def panels(period: Period, scope: Scope) -> list[dict[str, Any]]:
    return [shown for shown in (provider(period, scope) for provider in _providers) if shown is not None]


def referrals(period: Period, scope: Scope) -> dict[str, Any]:
    """Referrals to partner authorities by partner and outcome, per quarter of the fiscal year (one region or all)."""
    return {"template": "intake/staff/_referral_figure.html",
            "figure": by_partner_and_outcome(period.fiscal_year, region_id=scope.region_id)}


def inspections(period: Period, scope: Scope) -> dict[str, Any]:
    """Cases by origin and the non-compliance found by the inspection plans (region and sector)."""
    return {"template": "workload/includes/dashboard_inspections.html",
            "inspections": dashboard_figures(fiscal_year=period.fiscal_year, start=period.start, end=period.end,
                                             region_id=scope.region_id, sector_id=scope.sector_id)}
