"""How a page reaches one file selected for review, its completed review and
one observation, through `lib.access.get_object_for_user`: one the user may not
see is missing (404), as one that does not exist; every refusal is audited. And
the observations a staff member sees (the rule `quality.view_observation`, as a filter)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from sentinelle.accounts.models import RoleCode
from sentinelle.lib.access import get_object_for_user
from sentinelle.quality.models import Observation, Selection

VIEW_SELECTION = "quality.view_selection"
VIEW_REVIEW_FEEDBACK = "quality.view_review_feedback"

SELECTIONS = Selection.objects.select_related("case", "case__region", "case__employer", "case__employer__sector",
                                              "case__assigned_to", "reviewer", "rule", "draw")
OBSERVATIONS = Observation.objects.select_related("agent", "observer", "region", "rollout")


def access_selection(user: Any, pk: int, perm: str = VIEW_SELECTION, *,
                     request: HttpRequest | None = None) -> Selection:
    return get_object_for_user(user, perm, SELECTIONS, request=request, pk=pk)


def completed_review_of(case: Any, user: Any) -> Selection | None:
    """The selection of `case` if `user` may read its completed review; None
    otherwise. Not audited: the case page only leaves the panel out."""
    selection = SELECTIONS.filter(case_id=case.pk).first()
    return selection if selection is not None and user.has_perm(VIEW_REVIEW_FEEDBACK, selection) else None


def access_observation(user: Any, pk: int, *, request: HttpRequest | None = None) -> Observation:
    return get_object_for_user(user, "quality.view_observation", OBSERVATIONS, request=request, pk=pk)


def observations_visible_to(user: Any) -> QuerySet[Observation]:
    """Every observation for those who see every region's results; else the
    user's own (observed or observing) and, for team leads and QC reviewers,
    those of their region (National HQ: every region)."""
    if user.has_perm("quality.view_all_observation_results"):
        return OBSERVATIONS.all()
    observers = user.has_role(RoleCode.TEAM_LEAD, RoleCode.QC_REVIEWER)
    if observers and user.is_national:
        return OBSERVATIONS.all()
    mine = Q(agent=user) | Q(observer=user)
    return OBSERVATIONS.filter(mine | Q(region_id=user.region_id) if observers else mine)
