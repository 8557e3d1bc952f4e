"""Who may do what with employers and cases. Every page, API endpoint and file
of this app asks one of these permissions."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import any_staff_role, has_role, is_national, within_reach

# Everybody who works files sees the employers and cases of their region (HQ: all
# regions), and the cases shared with them or their region.
works_files = has_role(
    RoleCode.INTAKE_AGENT,
    RoleCode.INVESTIGATOR,
    RoleCode.TEAM_LEAD,
    RoleCode.QC_REVIEWER,
    RoleCode.NATIONAL_ANALYST,
    RoleCode.PRIVACY_OFFICER,
)
is_investigator = has_role(RoleCode.INVESTIGATOR)
is_team_lead = has_role(RoleCode.TEAM_LEAD)
is_analyst = has_role(RoleCode.NATIONAL_ANALYST)
is_administrator = has_role(RoleCode.ADMINISTRATOR)


@rules.predicate
def is_assignee(user: Any, case: Any) -> bool:
    """No case means a question about cases in general."""
    if case is None:
        return True
    return case.assigned_to_id is not None and case.assigned_to_id == user.pk


@rules.predicate
def is_not_proposer(user: Any, case: Any) -> bool:
    """Nobody approves (or returns) the decision they proposed."""
    if case is None:
        return True
    proposal = case.decisions.filter(status="proposed").first()
    return proposal is None or proposal.proposed_by_id != user.pk


works_cases = (is_investigator | is_team_lead) & within_reach

rules.add_perm("cases.view_employer", works_files & within_reach)
rules.add_perm("cases.change_employer", works_cases)
# The register's figures for risk selection (positions, first approval): team leads of the
# employer's region and national analysts; the import keeps to the employers one may change.
rules.add_perm("cases.change_employer_register", is_team_lead & within_reach | is_analyst)
rules.add_perm("cases.import_employer_register", is_team_lead | is_analyst)
# A case without a worker's report (a proactive inspection, a referral, a follow-up...),
# on an employer of one's region (the object is the employer).
rules.add_perm("cases.open_case", works_cases)
rules.add_perm("cases.merge_employers", (is_team_lead & within_reach) | is_analyst)

rules.add_perm("cases.view_case", works_files & within_reach)
# Activities, documents, letters and the case's own fields.
rules.add_perm("cases.change_case", works_cases)
rules.add_perm("cases.share_case", is_team_lead & within_reach | is_investigator & is_assignee & within_reach)
# The transitions of the life cycle (cases.models.Case).
rules.add_perm("cases.assess_case", works_cases)
rules.add_perm("cases.assign_case", is_team_lead & within_reach)
rules.add_perm("cases.start_inspection", (is_team_lead | is_investigator & is_assignee) & within_reach)
rules.add_perm("cases.propose_decision", (is_team_lead | is_investigator & is_assignee) & within_reach)
rules.add_perm("cases.approve_decision", is_team_lead & within_reach & is_not_proposer)
rules.add_perm("cases.close_case", (is_team_lead | is_investigator & is_assignee) & within_reach)
# Only quality control sends a closed file back, from a review (sentinelle.quality).
rules.add_perm("cases.return_for_correction", has_role(RoleCode.QC_REVIEWER))
rules.add_perm("cases.exclude_case", is_team_lead & within_reach)
rules.add_perm("cases.transfer_case", is_team_lead & within_reach)

rules.add_perm("cases.view_decision_register", works_files)
rules.add_perm("cases.export_decision_register", works_files & (is_team_lead | is_analyst | is_national))
rules.add_perm("cases.manage_guidance", is_analyst | is_administrator)
# The wording of the letters to employers: team leads and national analysts.
rules.add_perm("cases.manage_letter_templates", is_team_lead | is_analyst | is_administrator)

# "My tasks": everybody's own (other apps add theirs, `cases.todo`); a team lead
# also sees the overdue tasks of their region's open cases.
rules.add_perm("cases.view_my_tasks", any_staff_role)
rules.add_perm("cases.view_team_tasks", is_team_lead)
