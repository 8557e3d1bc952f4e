"""Who may do what in training.

Everyone with a staff role sees the courses and their own completions; team
leads see and record those of their region's staff; national analysts and
administrators, everybody's. The objects asked about are staff members (a
completion is asked about through its staff member)."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.models import RoleCode
from sentinelle.accounts.rules import any_staff_role, has_role, is_active_staff

is_team_lead = has_role(RoleCode.TEAM_LEAD)
is_national_manager = has_role(RoleCode.NATIONAL_ANALYST, RoleCode.ADMINISTRATOR)


def _staff_member(obj: Any) -> Any:
    return getattr(obj, "user", obj)


@rules.predicate
def is_self(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    return is_active_staff(user) and _staff_member(obj).pk == user.pk


@rules.predicate
def same_region(user: Any, obj: Any) -> bool:
    """No object means a question about staff members in general."""
    if obj is None:
        return True
    member = _staff_member(obj)
    return is_active_staff(user) and user.region_id is not None and member.region_id == user.region_id


rules.add_perm("training.view_course", any_staff_role)
rules.add_perm("training.view_completion", is_national_manager | is_team_lead & same_region
               | any_staff_role & is_self)
rules.add_perm("training.record_completion", is_national_manager | is_team_lead & same_region)
rules.add_perm("training.import_completions", is_national_manager | is_team_lead)
rules.add_perm("training.view_untrained", is_national_manager | is_team_lead)
# The courses activities require and the mandatory-by dates: reference data (admin site).
rules.add_perm("training.manage_requirements", is_national_manager)
# The courses that the investigators' recent quality-review errors point to
# (team leads: their region's investigators; national managers: everybody's).
rules.add_perm("training.view_courses_from_errors", is_national_manager | is_team_lead)
# Signing one's own attestation of a course (the object, if any, is the staff member).
rules.add_perm("training.sign_attestation", any_staff_role & is_self)
# The equipment register: every staff member sees it and checks out equipment for
# their own use (team leads and national managers, for the staff within their reach;
# the object, if any, is the staff member who uses it).
rules.add_perm("training.view_equipment", any_staff_role)
rules.add_perm("training.lend_equipment", is_national_manager | is_team_lead & same_region
               | any_staff_role & is_self)
