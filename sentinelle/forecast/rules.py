"""Who may do what in forecast.

Team leads see the forecast rows of their own region
(`ForecastSeries.objects.visible_to`); national analysts, administrators and
anyone at National HQ see every region and all of Canada. Analysts and
administrators may start a new run."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import has_role

is_team_lead = has_role(RoleCode.TEAM_LEAD)
is_analyst = has_role(RoleCode.NATIONAL_ANALYST)
is_administrator = has_role(RoleCode.ADMINISTRATOR)

rules.add_perm("forecast.view_forecast", is_team_lead | is_analyst | is_administrator)
rules.add_perm("forecast.run_forecast", is_analyst | is_administrator)


@rules.predicate
def is_national(user: Any) -> bool:
    return bool(getattr(user, "is_national", False))


rules.add_perm("forecast.view_every_region", is_analyst | is_administrator | is_national)
