"""Courses a staff member owes by a date because of a post they hold, not their
role: the ethics officer and substitute must take the ethics officer's course
within six months of their designation, then again every `Course.refresh_months`
(seed 001: « Dans les six mois suivant sa désignation, le responsable désigné doit
suivre une formation […] Il doit par la suite maintenir ses connaissances à jour,
notamment au moyen de la formation continue »).

The app that knows the post (ethics) says who owes what through `provide`, filled
in its `AppConfig.ready()`; this module computes the due dates from the training
register and shows them on the register and the post's pages."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

# Months after the start of the post within which the course is first due.
FIRST_WITHIN_MONTHS = 6
# Reminders: this many days before the due date, and once it has passed.
REMIND_DAYS_BEFORE = 30


@dataclass(frozen=True)
class Obligation:
    """`user` must have completed the course `course_code` within
    `FIRST_WITHIN_MONTHS` months of `since`, then again as the course says."""

    user: Any
    course_code: str
    since: date
    reason: str | Promise  # what the post is, for the pages


@dataclass(frozen=True)
class Status:
    obligation: Obligation
    course: Any
    due_on: date | None  # None: done, and the course is not taken again
    last_completed_on: date | None
    today: date

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.today

    @property
    def due_soon(self) -> bool:
        return self.due_on is not None and not self.overdue and (self.due_on - self.today).days <= REMIND_DAYS_BEFORE

    @property
    def user(self) -> Any:
        return self.obligation.user


_providers: list[Callable[[date], Iterable[Obligation]]] = []


def provide(provider: Callable[[date], Iterable[Obligation]]) -> None:
    """Register a function giving the obligations that hold on a day."""
    if provider not in _providers:
        _providers.append(provider)


def add_months(day: date, months: int) -> date:
    """The same day `months` months later (the last day of that month when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def due_on(since: date, completions: Iterable[date], refresh_months: int | None) -> date | None:
    """When the course is next due (pure: no database). Only a completion on or
    after `since` counts: the course is taken for the post. Without one, it is due
    `FIRST_WITHIN_MONTHS` months after `since`; after one, `refresh_months` after
    the latest, or never when the course is not taken again."""
    counted = [day for day in completions if day >= since]
    if not counted:
        return add_months(since, FIRST_WITHIN_MONTHS)
    if refresh_months is None:
        return None
    return add_months(max(counted), refresh_months)


def obligations(today: date | None = None) -> list[Obligation]:
    today = today or timezone.localdate()
    return [obligation for provider in _providers for obligation in provider(today)]


def statuses(today: date | None = None, *, users: Iterable[Any] | None = None) -> list[Status]:
    """The status of every obligation holding `today` (those of `users` only, if
    given), from the completions of the register: a fixed number of queries."""
    from sentinelle.training.models import Completion, Course

    today = today or timezone.localdate()
    owed = obligations(today)
    if users is not None:
        wanted = {getattr(user, "pk", user) for user in users}
        owed = [o for o in owed if o.user.pk in wanted]
    if not owed:
        return []
    courses = {c.code: c for c in Course.objects.filter(code__in={o.course_code for o in owed})}
    done: dict[tuple[int, int], list[date]] = {}
    for user_id, course_id, day in Completion.objects.filter(
            user_id__in={o.user.pk for o in owed}, course__in=courses.values()).values_list(
            "user_id", "course_id", "completed_on"):
        done.setdefault((user_id, course_id), []).append(day)
    result = []
    for obligation in owed:
        course = courses.get(obligation.course_code)
        if course is None:
            continue
        days = [d for d in done.get((obligation.user.pk, course.pk), []) if d >= obligation.since]
        result.append(Status(obligation, course, due_on(obligation.since, days, course.refresh_months),
                             max(days, default=None), today))
    return sorted(result, key=lambda s: (s.due_on or date.max, s.user.full_name))
