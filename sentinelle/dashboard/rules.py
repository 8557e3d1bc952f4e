"""Who may do what in dashboard.

Team leads, national analysts, quality control reviewers and administrators see
the dashboard and its exports; regional people see their own region only, national
analysts and anyone at National HQ see every region. National analysts and
administrators set the targets."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import has_role, is_active_staff

dashboard_roles = has_role(RoleCode.TEAM_LEAD, RoleCode.NATIONAL_ANALYST, RoleCode.QC_REVIEWER,
                           RoleCode.ADMINISTRATOR)
target_roles = has_role(RoleCode.NATIONAL_ANALYST, RoleCode.ADMINISTRATOR)


@rules.predicate
def sees_every_region(user: Any) -> bool:
    return is_active_staff(user) and (user.is_national or user.has_role(RoleCode.NATIONAL_ANALYST))


rules.add_perm("dashboard.view_dashboard", dashboard_roles)
rules.add_perm("dashboard.view_all_regions", dashboard_roles & sees_every_region)
rules.add_perm("dashboard.manage_targets", target_roles)
