"""Who may do what in governance.

Managers keep the action plan and write the quarterly report to governance; team
leads and national analysts read the plan, and national analysts may review a
report. A manager updates the measures they own, those of their region, and, at
National HQ, every measure. A report is reviewed and approved by people other
than its author (the model's `refusal` says why not)."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import has_role, is_active_staff

is_manager = has_role(RoleCode.MANAGER)
reads_plan = has_role(RoleCode.MANAGER, RoleCode.NATIONAL_ANALYST, RoleCode.TEAM_LEAD)
reads_reports = has_role(RoleCode.MANAGER, RoleCode.NATIONAL_ANALYST)


@rules.predicate
def measure_in_reach(user: Any, measure: Any) -> bool:
    """No measure: a question about measures in general."""
    if measure is None:
        return True
    if not is_active_staff(user):
        return False
    return bool(user.is_national or measure.owner_id == user.pk
                or (measure.region_id is not None and measure.region_id == user.region_id))


rules.add_perm("governance.view_plan", reads_plan)
rules.add_perm("governance.export_plan", reads_plan)
rules.add_perm("governance.update_measure", is_manager & measure_in_reach)
rules.add_perm("governance.view_reports", reads_reports)
rules.add_perm("governance.draft_report", is_manager)
rules.add_perm("governance.review_report", reads_reports)
rules.add_perm("governance.approve_report", is_manager)

# Working groups: the secretariat keeps them (members, meetings, declarations, minutes, work plan,
# practices); managers and national analysts read them.
is_secretariat = has_role(RoleCode.SECRETARIAT)
reads_groups = has_role(RoleCode.SECRETARIAT, RoleCode.MANAGER, RoleCode.NATIONAL_ANALYST)
rules.add_perm("governance.view_groups", reads_groups)
rules.add_perm("governance.manage_groups", is_secretariat)
# Their quarterly written updates and annual reports: the secretariat drafts them; another
# secretariat member or a manager reviews; a manager approves (never the author nor the reviewer).
rules.add_perm("governance.draft_group_report", is_secretariat)
rules.add_perm("governance.review_group_report", is_secretariat | is_manager)
rules.add_perm("governance.approve_group_report", is_manager)

# Service standards: read with the reports; the satisfaction survey recorded by an intake agent after a
# report by phone or in person.
rules.add_perm("governance.record_survey", has_role(RoleCode.INTAKE_AGENT))
