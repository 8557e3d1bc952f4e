"""The lived workload: the monthly check-in of investigators and intake agents,
and what team leads read of it: aggregates of their team for a month, never one
person's answer, and nothing at all for a group of fewer than MIN_GROUP answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts.models import RoleCode
from sentinelle.audit.services import Action, record
from sentinelle.workload.models import CheckIn, Heaviness, LivedItem

# Fewer answers than this in a group, and nothing about the group is shown.
MIN_GROUP = 5
ANSWERING_ROLES = (RoleCode.INVESTIGATOR, RoleCode.INTAKE_AGENT)


class CheckInError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def month_of(day: date | None = None) -> date:
    return (day or timezone.localdate()).replace(day=1)


def previous_months(count: int, *, today: date | None = None) -> list[date]:
    """This month and the `count - 1` before it, newest first."""
    month, months = month_of(today), []
    for _i in range(count):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months


def answered(user: Any, month: date) -> CheckIn | None:
    pk = getattr(user, "pk", None)
    return None if pk is None else CheckIn.objects.filter(user_id=pk, month=month).first()


@transaction.atomic
def submit(user: Any, *, heaviness: int, items: Iterable[LivedItem], month: date | None = None,
           request: HttpRequest | None = None) -> CheckIn:
    """`user`'s check-in for the month (this month unless said); one per person per
    month. The audit event says a check-in was made, not what it says."""
    month = month_of(month)
    if heaviness not in Heaviness.values:
        raise CheckInError(_("Choose how heavy the month felt, on the scale from 1 to 5."))
    if answered(user, month) is not None:
        raise CheckInError(_("You already answered the check-in for %(month)s. Nothing was changed.")
                           % {"month": month.strftime("%Y-%m")})
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(user=user, month=month, region_id=user.region_id,
                                             heaviness=heaviness)
    except IntegrityError as clash:
        raise CheckInError(_("You already answered the check-in for %(month)s. Nothing was changed.")
                           % {"month": month.strftime("%Y-%m")}) from clash
    checkin.items.set(list(items))
    record(Action.CREATE, actor=user, request=request, workload_checkin=month.strftime("%Y-%m"))
    return checkin


@dataclass(frozen=True)
class Count:
    item: Any
    count: int


@dataclass(frozen=True)
class Aggregate:
    """The answers of a group for a month; `shown` is False (and every figure
    empty) when the group has fewer than MIN_GROUP answers."""

    region: Any
    month: date
    shown: bool
    answers: int = 0
    average: float | None = None
    levels: tuple[Count, ...] = ()
    factors: tuple[Count, ...] = ()
    tasks: tuple[Count, ...] = ()


def aggregate(region: Any, month: date) -> Aggregate:
    """The check-ins of `region`'s team for `month`, summed up."""
    return aggregates([region], [month])[0][0]


def aggregates(regions: Sequence[Any], months: Sequence[date]) -> list[list[Aggregate]]:
    """The aggregate of each region's team (a row) for each month (a column), in
    two queries whatever the number of regions and months."""
    groups: dict[tuple[int | None, date], list[CheckIn]] = {}
    for checkin in CheckIn.objects.filter(region__in=regions, month__in=months).prefetch_related("items"):
        groups.setdefault((checkin.region_id, checkin.month), []).append(checkin)
    return [[_summed(region, month, groups.get((region.pk, month), [])) for month in months] for region in regions]


def _summed(region: Any, month: date, checkins: list[CheckIn]) -> Aggregate:
    if len(checkins) < MIN_GROUP:
        return Aggregate(region=region, month=month, shown=False)
    items = {item.pk: item for c in checkins for item in c.items.all()}
    ticked: Counter[int] = Counter(item.pk for c in checkins for item in c.items.all())
    levels = Counter(c.heaviness for c in checkins)

    def counts(kind: str) -> tuple[Count, ...]:
        chosen = [i for i in items.values() if i.kind == kind]
        return tuple(Count(i, ticked[i.pk]) for i in sorted(chosen, key=lambda i: (-ticked[i.pk], i.position)))

    return Aggregate(
        region=region, month=month, shown=True, answers=len(checkins),
        average=round(sum(c.heaviness for c in checkins) / len(checkins), 1),
        levels=tuple(Count(Heaviness(level).label, levels[level]) for level in Heaviness.values),
        factors=counts(LivedItem.Kind.FACTOR), tasks=counts(LivedItem.Kind.TASK),
    )
