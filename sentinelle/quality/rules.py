"""Who may do what in quality.

QC reviewers review the files assigned to them; national analysts edit the
sampling plan, the targeted rules and the checklist, assign reviewers and see
every rate; team leads see the rates of their region.

Once a review is complete (never before), the file's investigator and the team
leads of its region read it; the investigator acknowledges it or disagrees, and
the quality lead (a national analyst: they lead quality control) answers a
disagreement."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import has_role, in_users_region, is_national

is_reviewer = has_role(RoleCode.QC_REVIEWER)
is_analyst = has_role(RoleCode.NATIONAL_ANALYST)
is_team_lead = has_role(RoleCode.TEAM_LEAD)


@rules.predicate
def is_assigned_reviewer(user: Any, selection: Any) -> bool:
    """No selection means a question about reviews in general."""
    if selection is None:
        return True
    return selection.reviewer_id is not None and selection.reviewer_id == user.pk


rules.add_perm("quality.view_review_list", is_reviewer | is_analyst)
# One review: its reviewer, and the analysts who oversee the reviews (read-only).
rules.add_perm("quality.view_selection", is_reviewer & is_assigned_reviewer | is_analyst)
rules.add_perm("quality.review_selection", is_reviewer & is_assigned_reviewer)
rules.add_perm("quality.assign_reviewer", is_analyst)
rules.add_perm("quality.view_plan", is_analyst | is_reviewer | is_team_lead)
rules.add_perm("quality.manage_plan", is_analyst)
rules.add_perm("quality.view_rates", is_analyst | is_team_lead)
# Rates of every region, rather than the user's own.
rules.add_perm("quality.view_all_rates", is_analyst)

is_quality_lead = is_analyst


@rules.predicate
def review_is_complete(user: Any, selection: Any) -> bool:
    """No selection means a question about reviews in general."""
    return selection is None or selection.status == "done"


@rules.predicate
def is_files_investigator(user: Any, selection: Any) -> bool:
    if selection is None:
        return True
    return selection.case.assigned_to_id is not None and selection.case.assigned_to_id == user.pk


# A selection's region is its file's (`Selection.region_id`); an observation's and an agent's, their own.
in_region_of = is_national | in_users_region

rules.add_perm("quality.view_review_feedback", review_is_complete & (
    is_files_investigator | is_team_lead & in_region_of | is_quality_lead))
rules.add_perm("quality.respond_to_review", review_is_complete & is_files_investigator)
rules.add_perm("quality.answer_disagreement", is_quality_lead)


# Service-quality observation: the quality lead sets and approves the rollout;
# team leads and QC reviewers observe the agents of their region (National HQ
# every region); the agent reads their own observations; the quality lead
# reads the results of every region, a team lead those of their region.


@rules.predicate
def is_observed_agent(user: Any, observation: Any) -> bool:
    return observation is not None and observation.agent_id == user.pk


@rules.predicate
def is_observer(user: Any, observation: Any) -> bool:
    return observation is not None and observation.observer_id == user.pk


rules.add_perm("quality.view_observation_plan", is_analyst | is_reviewer | is_team_lead)
rules.add_perm("quality.manage_observation_plan", is_analyst)
rules.add_perm("quality.observe", (is_team_lead | is_reviewer) & in_region_of)
rules.add_perm("quality.view_observation", is_observed_agent | is_observer | is_analyst
               | (is_team_lead | is_reviewer) & in_region_of)
rules.add_perm("quality.view_observation_results", is_analyst | is_team_lead)
rules.add_perm("quality.view_all_observation_results", is_analyst)
rules.add_perm("quality.view_observation_list", has_role(RoleCode.INTAKE_AGENT) | is_analyst | is_team_lead
               | is_reviewer)
