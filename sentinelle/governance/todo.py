"""The working groups' share of "My tasks": the open action items whose owner is
a member linked to the signed-in staff member's account, with the group they
belong to. Registered from the app's ready() (`cases.todo.provide`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.todo import Item
from sentinelle.governance.models import ActionItem, ActionStatus


def my_action_items(user: Any, today: datetime.date) -> list[Item]:
    """The open action items the user owns, in the groups they are still a member of."""
    if not getattr(user, "pk", None):
        return []
    rows = (ActionItem.objects.filter(owner__user=user, owner__left_on=None)
            .exclude(status=ActionStatus.DONE)
            .select_related("meeting__group").order_by("due_on", "pk"))
    may_read = user.has_perm("governance.view_groups")
    items = []
    for action in rows:
        group = action.meeting.group
        # Those who may not read the groups' pages still see what they owe.
        url = (reverse("governance:group", args=[group.pk]) + "#actions-title" if may_read
               else reverse("cases:my_tasks") + f"#action-{action.pk}")
        items.append(Item(kind=_("Working-group action"), title=(action.description.strip().splitlines()
                                                                or [""])[0][:120],
                          due_on=action.due_on, url=url, context=str(group.name), key=f"action-{action.pk}"))
    return items
