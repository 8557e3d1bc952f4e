"""Who may do what with reports, escalations and referrals.

Region is the report's (or the escalation's) region; National HQ reaches every
region (`within_reach`)."""

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import has_role, within_reach

# Intake agents and team leads triage; investigators read the reports behind their cases.
triages_reports = has_role(RoleCode.INTAKE_AGENT, RoleCode.TEAM_LEAD)
reads_reports = has_role(RoleCode.INTAKE_AGENT, RoleCode.TEAM_LEAD, RoleCode.INVESTIGATOR)
leads_a_team = has_role(RoleCode.TEAM_LEAD)

rules.add_perm("intake.view_report", reads_reports & within_reach)
rules.add_perm("intake.triage_report", triages_reports & within_reach)
# A report received by telephone, in person, at an outreach site or from a partner.
rules.add_perm("intake.record_report", triages_reports)
rules.add_perm("intake.message_worker", triages_reports & within_reach)
# Anyone who reads a report and sees a danger may start the 24-hour clock.
rules.add_perm("intake.open_escalation", reads_reports & within_reach)
# The escalation board, measures taken and referrals to partner authorities.
rules.add_perm("intake.manage_escalation", leads_a_team & within_reach)
# Triage weights are the national analysts' to tune (seed 000: risk-based targeting).
rules.add_perm("intake.change_riskrule", has_role(RoleCode.ADMINISTRATOR, RoleCode.NATIONAL_ANALYST))

# The referral strategy. Whoever reads a report may refer it to a partner; on a
# case, those who work it (investigators and team leads of its region, or to whom
# it is shared); the referring team (tip line, investigators, team leads) follows
# what became of a referral of its region.
works_cases = has_role(RoleCode.INVESTIGATOR, RoleCode.TEAM_LEAD)
rules.add_perm("intake.refer_report", reads_reports & within_reach)
rules.add_perm("intake.refer_case", works_cases & within_reach)
# A danger found during an inspection: the case's escalation, same clock as a report's.
rules.add_perm("intake.escalate_case", works_cases & within_reach)
rules.add_perm("intake.view_referral", has_role(RoleCode.INTAKE_AGENT, RoleCode.TEAM_LEAD, RoleCode.INVESTIGATOR,
                                                RoleCode.NATIONAL_ANALYST) & within_reach)
rules.add_perm("intake.follow_referral", reads_reports & within_reach)
# The referral register (page, exports, API): team leads of their region, national analysts everywhere.
rules.add_perm("intake.view_referral_register", has_role(RoleCode.TEAM_LEAD, RoleCode.NATIONAL_ANALYST))
