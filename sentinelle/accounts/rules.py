"""Permission predicates: role, region and explicit sharing.

Every view and API endpoint asks `user.has_perm(<perm>, obj)`; each app declares
its permissions from these predicates in its own `rules.py`. Nothing else decides
who may see what."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.models import RoleCode


@rules.predicate
def is_active_staff(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(*codes: str) -> rules.Predicate:
    name = "has_role:" + ",".join(codes)

    @rules.predicate(name)
    def predicate(user: Any) -> bool:
        return is_active_staff(user) and user.has_role(*codes)

    return predicate


@rules.predicate
def is_national(user: Any) -> bool:
    return is_active_staff(user) and user.is_national


@rules.predicate
def in_users_region(user: Any, obj: Any) -> bool:
    """No object means a question about the kind of object, not one of them."""
    if obj is None:
        return True
    return is_active_staff(user) and user.region_id is not None and obj.region_id == user.region_id


@rules.predicate
def shared_with_user(user: Any, obj: Any) -> bool:
    """Objects that can be shared say so with an `is_shared_with(user)` method."""
    if obj is None or not hasattr(obj, "is_shared_with"):
        return False
    return is_active_staff(user) and bool(obj.is_shared_with(user))


within_reach = is_national | in_users_region | shared_with_user

is_administrator = has_role(RoleCode.ADMINISTRATOR)
is_privacy_officer = has_role(RoleCode.PRIVACY_OFFICER)
any_staff_role = has_role(*RoleCode.values)

rules.add_perm("accounts.use_staff_site", any_staff_role)
rules.add_perm("accounts.manage_api_tokens", any_staff_role)
rules.add_perm("audit.view_auditevent", is_privacy_officer | is_administrator)
rules.add_perm("accounts.use_admin_site", is_administrator)


# Departures (models.Departure). The departing person reads their own checklist
# and alone acknowledges the post-employment rules; team leads and administrators
# of the person's region (National HQ: every region) follow the departures and sign
# off the return of material, never their own; privacy officers read a checklist
# from the download watch's "leaving" alerts.
@rules.predicate
def is_departing_person(user: Any, departure: Any) -> bool:
    return departure is not None and is_active_staff(user) and departure.user_id == user.pk


@rules.predicate
def not_own_departure(user: Any, departure: Any) -> bool:
    return departure is None or (is_active_staff(user) and departure.user_id != user.pk)


follows_departures = has_role(RoleCode.TEAM_LEAD, RoleCode.ADMINISTRATOR, RoleCode.PRIVACY_OFFICER)
signs_off_material = has_role(RoleCode.TEAM_LEAD, RoleCode.ADMINISTRATOR)
departure_in_reach = is_national | in_users_region

rules.add_perm("accounts.view_departures", follows_departures)
rules.add_perm("accounts.view_departure", is_departing_person | (follows_departures & departure_in_reach))
rules.add_perm("accounts.sign_off_material", signs_off_material & departure_in_reach & not_own_departure)
rules.add_perm("accounts.acknowledge_post_employment", is_departing_person)
