"""Who may do what in workload."""

from __future__ import annotations

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import has_role, in_users_region, within_reach

is_team_lead = has_role(RoleCode.TEAM_LEAD)
is_analyst = has_role(RoleCode.NATIONAL_ANALYST)
is_administrator = has_role(RoleCode.ADMINISTRATOR)

# The queue of unassigned cases: a team lead sees their region, national analysts every region.
rules.add_perm("workload.view_queue", is_team_lead | is_analyst)
# Assigning from the queue: the team lead of the case's region (the object is the case).
rules.add_perm("workload.assign_case", is_team_lead & within_reach)
rules.add_perm("workload.change_sector_weights", is_analyst | is_administrator)
# The caseload of investigators: team leads (their region), analysts and administrators.
rules.add_perm("workload.view_caseload", is_team_lead | is_analyst | is_administrator)
# The object is the investigator: the team lead of their region, or an administrator.
rules.add_perm("workload.change_capacity", is_team_lead & in_users_region | is_administrator)

# Inspection plans (seed 000, priority 2). The object is the plan: a team lead sees and
# draws the plans of their region; national analysts every plan, national ones included.
rules.add_perm("workload.view_plans", is_team_lead | is_analyst)
rules.add_perm("workload.view_plan", is_team_lead & in_users_region | is_analyst)
rules.add_perm("workload.manage_plan", is_team_lead & in_users_region | is_analyst)
# The employer risk rules are reference data that national analysts tune (admin site).
rules.add_perm("workload.change_employerriskrule", is_analyst | is_administrator)
# The monthly lived-workload check-in: investigators and intake agents answer their own.
rules.add_perm("workload.answer_checkin", has_role(RoleCode.INVESTIGATOR, RoleCode.INTAKE_AGENT))
# The aggregated answers of a team (never one person's): its team lead; analysts, every team.
rules.add_perm("workload.view_lived_workload", is_team_lead | is_analyst)
