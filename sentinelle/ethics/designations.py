"""Who is the ethics officer on a given day, and the days ahead left without one.

A day is covered when an officer is designated for it and, if the officer is
recorded absent that day, a substitute is designated for it too. Reading the
disclosures is open to the officer and the substitute designated today (and to
nobody else, whatever their role)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from sentinelle.ethics.models import COVERAGE_DAYS, Absence, Designation, Post
from sentinelle.training.models import CourseCode
from sentinelle.training.obligations import Obligation


def _not_over(day: date) -> Q:
    """Designations still running on `day`, or to come (no end, or an end from that day)."""
    return Q(ends_on__isnull=True) | Q(ends_on__gte=day)


def _on(day: date) -> Q:
    return Q(starts_on__lte=day) & _not_over(day)


@dataclass(frozen=True)
class OnDuty:
    officer: Designation | None
    substitute: Designation | None
    officer_absent: bool

    @property
    def reachable(self) -> Designation | None:
        """The one to go to that day: the substitute while the officer is away."""
        if self.officer_absent or self.officer is None:
            return self.substitute
        return self.officer

    @property
    def readers(self) -> set[Any]:
        """The users who read and handle disclosures that day: officer and substitute."""
        return {d.user for d in (self.officer, self.substitute) if d is not None}


def on_duty(day: date | None = None) -> OnDuty:
    day = day or timezone.localdate()
    current: dict[str, Designation] = {}
    # The latest designation for a post wins over an earlier one still running.
    for designation in Designation.objects.filter(_on(day)).select_related("user").order_by("starts_on", "pk"):
        current[designation.post] = designation
    return OnDuty(officer=current.get(Post.OFFICER), substitute=current.get(Post.SUBSTITUTE),
                  officer_absent=Absence.objects.filter(starts_on__lte=day, ends_on__gte=day).exists())


def is_designated(user: Any, day: date | None = None) -> bool:
    """The officer or the substitute on duty `day` (today): a designation replaced
    by a later one for the same post opens nothing, as on the ethics page."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user in on_duty(day).readers


@dataclass(frozen=True)
class Gap:
    day: date
    absent: bool  # the officer is away and no substitute is designated

    def __str__(self) -> str:
        when = date_format(self.day, "DATE_FORMAT")
        if self.absent:
            return gettext("The ethics officer is absent on %(day)s and no substitute is designated.") % {
                "day": when}
        return gettext("No ethics officer is designated on %(day)s.") % {"day": when}


def coverage_gaps(start: date | None = None, days: int = COVERAGE_DAYS) -> list[Gap]:
    """The days from `start` (today) to `days` ahead that are not covered."""
    start = start or timezone.localdate()
    end = start + timedelta(days=days - 1)
    overlapping = Q(starts_on__lte=end) & _not_over(start)
    designations = list(Designation.objects.filter(overlapping))
    absences = list(Absence.objects.filter(starts_on__lte=end, ends_on__gte=start))
    gaps = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        officer = any(d.post == Post.OFFICER and d.covers(day) for d in designations)
        if not officer:
            gaps.append(Gap(day, absent=False))
            continue
        absent = any(a.starts_on <= day <= a.ends_on for a in absences)
        if absent and not any(d.post == Post.SUBSTITUTE and d.covers(day) for d in designations):
            gaps.append(Gap(day, absent=True))
    return gaps


def navigation_warning(user: Any) -> str | None:
    """For administrators, the navigation's item says when a day ahead is not covered."""
    if not user.has_perm("ethics.manage_designations"):
        return None
    gaps = coverage_gaps()
    if not gaps:
        return None
    return gettext("Ethics and disclosure: no ethics officer on %(day)s") % {
        "day": date_format(gaps[0].day, "DATE_FORMAT")}


def training_obligations(today: date) -> list[Obligation]:
    """The officer and the substitute owe the ethics officer's course from the
    start of their designation (the earliest one still running or to come, when
    they hold several): `training.obligations` computes when it is due."""
    since: dict[int, Designation] = {}
    for designation in Designation.objects.filter(_not_over(today), user__is_active=True).select_related(
            "user").order_by("starts_on", "pk"):
        since.setdefault(designation.user_id, designation)
    return [Obligation(d.user, CourseCode.ETHICS_OFFICER, d.starts_on, d.get_post_display())
            for d in since.values()]
