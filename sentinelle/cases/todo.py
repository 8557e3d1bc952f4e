""""My tasks": what a staff member has to do, by due date, gathered from every app
that assigns work.

Cases contributes the tasks a staff member owns and the document requests of the
cases assigned to them; an app above cases (a working group's action items, say)
contributes its own by registering a `Source` in its `AppConfig.ready()`, as
quality fills `cases.steps`. Each source answers with a few indexed queries, so
the page stays fast whatever the size of the register.

A document request sent to an employer that is past its due date suggests the
next step: a reminder letter first, then the guidance for a non-response
(`next_step`, `guidance.NONRESPONSE_TOPIC`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.models import (
    Activity,
    ActivityKind,
    Case,
    Document,
    DocumentKind,
    LetterKind,
)
from sentinelle.lib.access import visible_to

# Rows of the team lead's list: past this, the page says how many more there are.
TEAM_LIMIT = 200


@dataclass(frozen=True)
class NextStep:
    """What to do about an overdue document request."""

    kind: str  # "reminder_letter" or "nonresponse"
    label: Any
    url: str


@dataclass(frozen=True)
class Item:
    """One line of "my tasks"."""

    kind: Any  # what it is, in words ("Task", "Document request", ...)
    title: str
    due_on: datetime.date | None
    url: str
    context: str = ""  # where it belongs: a case reference, a working group
    owner: str = ""  # whose it is (the team lead's list)
    next_step: NextStep | None = None
    key: str = field(default="", compare=False)  # stable id, for pages and tests

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on is not None and self.due_on < today

    def is_due(self, today: datetime.date) -> bool:
        return self.due_on == today


# (user, today) -> the items; the team source answers with the overdue items of
# the user's team (empty for anyone who leads none).
Source = Callable[[Any, datetime.date], Iterable[Item]]


@dataclass(frozen=True)
class Provider:
    mine: Source
    team_overdue: Source | None = None


_providers: dict[str, Provider] = {}


def provide(name: str, mine: Source, *, team_overdue: Source | None = None) -> None:
    """Register the items an app contributes (once, from its ready())."""
    _providers[name] = Provider(mine, team_overdue)


def order(items: Iterable[Item]) -> list[Item]:
    """Overdue first (the oldest due date first), then by due date, then those without one."""
    return sorted(items, key=lambda item: (item.due_on is None, item.due_on or datetime.date.max, item.title))


def my_items(user: Any, today: datetime.date) -> list[Item]:
    return order(item for provider in _providers.values() for item in provider.mine(user, today))


def team_overdue(user: Any, today: datetime.date) -> list[Item]:
    return order(item for provider in _providers.values() if provider.team_overdue
                 for item in provider.team_overdue(user, today))


# What cases contributes ---------------------------------------------------------------


def _within_reach(activities: Any, user: Any) -> Any:
    """Only what the user may open: the open cases they see (`lib.access.visible_to`)."""
    return activities.filter(case__in=visible_to(user, Case.objects.open()))


def pending_tasks(user: Any) -> Any:
    """The tasks the user owns and has not done."""
    return _within_reach(Activity.objects.filter(kind=ActivityKind.TASK, owner=user, done_at__isnull=True), user)


def pending_requests(user: Any) -> Any:
    """The document requests of the cases assigned to the user whose documents have not come."""
    return _within_reach(Activity.objects.filter(kind=ActivityKind.DOCUMENT_REQUEST, received_on__isnull=True,
                                                 case__assigned_to=user), user)


def reminder_letters_sent(request_ids: Iterable[int]) -> set[int]:
    """The document requests (ids) on which a letter was filed since the request,
    that is, the reminder letter of `next_step`."""
    ids = list(request_ids)
    if not ids:
        return set()
    return set(Document.objects.filter(activity_id__in=ids, kind=DocumentKind.LETTER)
               .values_list("activity_id", flat=True))


def next_step(request: Activity, today: datetime.date, *, reminded: bool) -> NextStep | None:
    """An overdue document request calls for a reminder letter; once one was sent,
    for the guidance on an employer who does not answer. None while it is not overdue."""
    if request.kind != ActivityKind.DOCUMENT_REQUEST or not request.is_overdue(today):
        return None
    if not reminded:
        url = reverse("cases:letter_create", args=[request.case.reference])
        return NextStep("reminder_letter", _("Send a reminder letter"),
                        f"{url}?kind={LetterKind.DOCUMENT_REMINDER}&request={request.pk}")
    return NextStep("nonresponse", _("Follow the guidance for a non-response"),
                    reverse("cases:activity_detail", args=[request.case.reference, request.pk]) + "#next-step")


def _item(activity: Activity, today: datetime.date, *, reminded: set[int], owner: str = "") -> Item:
    case = activity.case
    title = (activity.notes.strip().splitlines() or [""])[0][:120] or str(case.employer.legal_name)
    return Item(
        kind=activity.get_kind_display(), title=title, due_on=activity.due_on,
        url=reverse("cases:activity_detail", args=[case.reference, activity.pk]),
        context=case.reference, owner=owner,
        next_step=next_step(activity, today, reminded=activity.pk in reminded), key=f"activity-{activity.pk}",
    )


COLUMNS = ("case__reference", "case__employer__legal_name", "owner__full_name", "case__assigned_to__full_name")


def _rows(queryset: Any, limit: int | None = None) -> list[Activity]:
    rows = (queryset.select_related("case", "case__employer", "owner", "case__assigned_to")
            .only("kind", "notes", "due_on", "received_on", "done_at", "case_id", "owner_id", *COLUMNS)
            .order_by("due_on", "pk"))
    return list(rows[:limit] if limit else rows)


def case_tasks(user: Any, today: datetime.date) -> list[Item]:
    rows = _rows(pending_tasks(user)) + _rows(pending_requests(user))
    reminded = reminder_letters_sent(a.pk for a in rows if a.kind == ActivityKind.DOCUMENT_REQUEST
                                     and a.is_overdue(today))
    return [_item(a, today, reminded=reminded) for a in rows]


def team_case_tasks(user: Any, today: datetime.date) -> list[Item]:
    """A team lead's: the overdue tasks and document requests on the open cases of their region."""
    if not user.has_perm("cases.view_team_tasks"):
        return []
    overdue = Activity.objects.filter(
        kind__in=[ActivityKind.TASK, ActivityKind.DOCUMENT_REQUEST], due_on__lt=today, done_at__isnull=True,
        received_on__isnull=True, case__in=Case.objects.open().in_region_of(user),
    )
    rows = _rows(overdue, TEAM_LIMIT)
    reminded = reminder_letters_sent(a.pk for a in rows if a.kind == ActivityKind.DOCUMENT_REQUEST)
    return [_item(a, today, reminded=reminded,
                  owner=str(a.owner.full_name if a.kind == ActivityKind.TASK and a.owner
                            else a.case.assigned_to.full_name if a.case.assigned_to else ""))
            for a in rows]


provide("cases", case_tasks, team_overdue=team_case_tasks)
