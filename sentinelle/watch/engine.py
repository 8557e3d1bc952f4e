"""The rules of the download watch, evaluated over the audit log.

A run reads only what was recorded since the previous one:

1. one aggregate query over the new events (`occurred_at` index): for each staff
   member who accessed something, the time of their first and last new event;
2. one query for those staff members (with their region, for its time zone, and
   their end date);
3. for each of them, one query for their events of the local days touched
   (`audit_actor_time_idx`, (actor, occurred_at)): a day of one person's activity,
   whatever the size of the log;
4. the alerts already raised for those days (one query for everyone), then one
   insert or update per alert that is new or has grown (and, for a new alert,
   the notification to the privacy officers);
5. people whose end date was set or changed since the last run: one query to
   find them, then one query each for their downloads back to 30 days before
   the date (once per date).

Every rule is a function of one person's events of one local day, so that the
same events always give the same alerts: a second run, or a run on another
server, finds the alert of each (person, rule, window) already there (a unique
constraint guarantees it) and changes nothing."""

from __future__ import annotations

import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.models import AuditEvent
from sentinelle.watch.models import Alert, CheckedDeparture, RuleKind, WatchCursor, WatchRule

Action = AuditEvent.Action

CURSOR_KEY = "downloads"
# Events are read again this far behind the cursor: an event written by a
# transaction that committed late (its occurred_at earlier than the cursor) is
# still seen. Reading an event twice changes nothing.
OVERLAP = timedelta(minutes=10)
# The first run looks this far back.
FIRST_LOOK_BACK = timedelta(days=1)
# When an end date is set, the earlier downloads are read back this far at most.
MAX_LOOK_BACK = timedelta(days=90)

WORKDAY_START = time(7, 0)
WORKDAY_END = time(19, 0)
LEAVING_DAYS_BEFORE = 30

# Objects about a case: a case (its page, documents, summary, letters) or a report.
CASE_TYPES = ("cases.case", "intake.report")
# The events the watch reads: every download and export, and every view of a case or report.
WATCHED = Q(action__in=[Action.DOWNLOAD, Action.EXPORT]) | Q(action=Action.VIEW, object_type__in=CASE_TYPES)


@dataclass(frozen=True)
class Event:
    id: int
    occurred_at: datetime
    action: str
    object_type: str
    object_id: str
    detail: dict[str, Any]

    @property
    def is_download(self) -> bool:
        """A copy of a document leaves the system: a download, an export or the
        preview of a document's content."""
        return self.action in (Action.DOWNLOAD, Action.EXPORT) or (
            self.action == Action.VIEW and bool(self.detail.get("preview"))
        )

    @property
    def case_object(self) -> tuple[str, str] | None:
        return (self.object_type, self.object_id) if self.object_type in CASE_TYPES and self.object_id else None


@dataclass(frozen=True)
class Context:
    """What a rule knows of the person and the day."""

    zone: zoneinfo.ZoneInfo
    day: date
    leaves_on: date | None


@dataclass
class Finding:
    kind: str
    window_start: datetime
    window_end: datetime
    count: int
    events: list[Event] = field(default_factory=list)


def day_bounds(day: date, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return start, end


def is_off_hours(moment: datetime, zone: zoneinfo.ZoneInfo) -> bool:
    local = moment.astimezone(zone)
    return local.weekday() >= 5 or not (WORKDAY_START <= local.time() < WORKDAY_END)


def _above(kind: str, threshold: int, start: datetime, end: datetime, events: list[Event],
           count: int | None = None) -> list[Finding]:
    count = len(events) if count is None else count
    return [Finding(kind, start, end, count, events)] if count > threshold else []


def volume_in_an_hour(events: Sequence[Event], ctx: Context, threshold: int) -> list[Finding]:
    """Downloads in one clock hour (local time) above the threshold."""
    hours: dict[datetime, list[Event]] = defaultdict(list)
    for event in events:
        if event.is_download:
            local = event.occurred_at.astimezone(ctx.zone)
            hours[local.replace(minute=0, second=0, microsecond=0)].append(event)
    found: list[Finding] = []
    for start, items in sorted(hours.items()):
        # Through UTC, so that the hour after a change of time is right too.
        utc_start = start.astimezone(zoneinfo.ZoneInfo("UTC"))
        found += _above(RuleKind.VOLUME_HOUR, threshold, utc_start, utc_start + timedelta(hours=1), items)
    return found


def volume_in_a_day(events: Sequence[Event], ctx: Context, threshold: int) -> list[Finding]:
    """Downloads in one day (local) above the threshold."""
    start, end = day_bounds(ctx.day, ctx.zone)
    return _above(RuleKind.VOLUME_DAY, threshold, start, end, [e for e in events if e.is_download])


def off_hours(events: Sequence[Event], ctx: Context, threshold: int) -> list[Finding]:
    """Downloads before 07:00, from 19:00 or on a weekend, local time of the
    person's region, above the threshold in one day."""
    start, end = day_bounds(ctx.day, ctx.zone)
    late = [e for e in events if e.is_download and is_off_hours(e.occurred_at, ctx.zone)]
    return _above(RuleKind.OFF_HOURS, threshold, start, end, late)


def many_cases(events: Sequence[Event], ctx: Context, threshold: int) -> list[Finding]:
    """Different cases and reports opened or downloaded in one day above the threshold."""
    start, end = day_bounds(ctx.day, ctx.zone)
    involved = [e for e in events if e.case_object is not None]
    distinct = len({e.case_object for e in involved})
    return _above(RuleKind.MANY_CASES, threshold, start, end, involved, count=distinct)


def leaving(events: Sequence[Event], ctx: Context, threshold: int) -> list[Finding]:
    """Downloads in the 30 days before the end date, or after it (the guide on
    leaving the department: nothing may be taken along)."""
    if ctx.leaves_on is None or ctx.day < ctx.leaves_on - timedelta(days=LEAVING_DAYS_BEFORE):
        return []
    start, end = day_bounds(ctx.day, ctx.zone)
    return _above(RuleKind.LEAVING, threshold, start, end, [e for e in events if e.is_download])


RULES: dict[str, Callable[[Sequence[Event], Context, int], list[Finding]]] = {
    RuleKind.VOLUME_HOUR: volume_in_an_hour,
    RuleKind.VOLUME_DAY: volume_in_a_day,
    RuleKind.OFF_HOURS: off_hours,
    RuleKind.MANY_CASES: many_cases,
    RuleKind.LEAVING: leaving,
}


def evaluate_day(events: Sequence[Event], ctx: Context, rules: Iterable[WatchRule]) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        found += RULES[rule.kind](events, ctx, rule.threshold)
    return found


def zone_of(user: User) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(user.region.time_zone if user.region else settings.TIME_ZONE)


def local_days(first: datetime, last: datetime, zone: zoneinfo.ZoneInfo) -> list[date]:
    day, until = first.astimezone(zone).date(), last.astimezone(zone).date()
    days = []
    while day <= until:
        days.append(day)
        day += timedelta(days=1)
    return days


def events_of(user_id: int, start: datetime, end: datetime) -> list[Event]:
    """One person's watched events in [start, end): a range scan of audit_actor_time_idx."""
    rows = (
        AuditEvent.objects.filter(WATCHED, actor_id=user_id, occurred_at__gte=start, occurred_at__lt=end)
        .order_by("occurred_at", "id")
        .values_list("id", "occurred_at", "action", "object_type", "object_id", "detail")
    )
    return [Event(pk, at, action, otype, oid, detail if isinstance(detail, dict) else {})
            for pk, at, action, otype, oid, detail in rows]


def summarize(events: Sequence[Event]) -> dict[str, Any]:
    by_action = Counter(e.action for e in events)
    return {
        "actions": dict(sorted(by_action.items())),
        "objects": len({(e.object_type, e.object_id) for e in events if e.object_id}),
    }


@dataclass
class RunResult:
    events_read: int = 0
    people: int = 0
    raised: int = 0
    grown: int = 0
    alerts: list[Alert] = field(default_factory=list)


def _recipients(alert: Alert) -> list[User]:
    """Privacy officers, never the person concerned; administrators when no other
    privacy officer is there."""
    officers = list(User.objects.filter(is_active=True, roles__code=RoleCode.PRIVACY_OFFICER)
                    .exclude(pk=alert.user_id).distinct())
    if officers:
        return officers
    return list(User.objects.filter(is_active=True, roles__code=RoleCode.ADMINISTRATOR)
                .exclude(pk=alert.user_id).distinct())


def _notify(alert: Alert, kind: str) -> None:
    from sentinelle.accounts import notifications

    notifications.notify(
        _recipients(alert), kind,
        {"user": str(alert.user), "count": alert.count, "date": f"{alert.window_start.astimezone(zone_of(alert.user)):%Y-%m-%d}"},
        url_name="watch:alert_detail", url_args=[alert.pk],
    )


def _store(user: User, rule: WatchRule, finding: Finding, existing: Alert | None, result: RunResult) -> None:
    ids = [e.id for e in finding.events[: Alert.MAX_EVENTS]]
    values = {
        "window_end": finding.window_end, "count": finding.count, "event_ids": ids,
        "summary": summarize(finding.events),
        "first_event_at": finding.events[0].occurred_at, "last_event_at": finding.events[-1].occurred_at,
    }
    if existing is None:
        try:
            with transaction.atomic():
                alert = Alert.objects.create(user=user, rule=rule, window_start=finding.window_start,
                                             threshold=rule.threshold, **values)
        except IntegrityError:
            # Raised meanwhile by another server: its alert stands.
            existing = Alert.objects.get(user=user, rule=rule, window_start=finding.window_start)
        else:
            alert.user = user
            _notify(alert, f"watch_{rule.kind}")
            result.raised += 1
            result.alerts.append(alert)
            return
    if finding.count <= existing.count:
        return
    was_open = existing.is_open
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save(update_fields=[*values, "updated_at"])
    existing.user = user
    result.grown += 1
    result.alerts.append(existing)
    if not was_open:
        _notify(existing, "watch_reopened")


def watch_person(user: User, days: Iterable[date], rules: list[WatchRule], result: RunResult,
                 existing: dict[tuple[int, datetime], Alert] | None = None) -> None:
    """Evaluate `rules` on the person's events of these local days (one query)
    and raise or update the alerts. `existing`: the person's alerts of those days
    by (rule id, window start), when the caller has read them already."""
    zone = zone_of(user)
    days = sorted(set(days))
    if not days:
        return
    start, end = day_bounds(days[0], zone)[0], day_bounds(days[-1], zone)[1]
    by_day: dict[date, list[Event]] = defaultdict(list)
    for event in events_of(user.pk, start, end):
        by_day[event.occurred_at.astimezone(zone).date()].append(event)
    if existing is None:
        existing = {
            (a.rule_id, a.window_start): a
            for a in Alert.objects.filter(user=user, window_start__gte=start, window_start__lt=end)
        }
    for day in days:
        if not by_day.get(day):
            continue
        ctx = Context(zone=zone, day=day, leaves_on=user.leaves_on)
        for rule in rules:
            for finding in RULES[rule.kind](by_day[day], ctx, rule.threshold):
                _store(user, rule, finding, existing.get((rule.pk, finding.window_start)), result)


def run(now: datetime | None = None) -> RunResult:
    """Read the audit log since the last run and raise the alerts due."""
    now = now or timezone.now()
    result = RunResult()
    with transaction.atomic():
        # The cursor row is locked for the whole run: two servers take turns.
        cursor = WatchCursor.objects.select_for_update().filter(key=CURSOR_KEY).first()
        if cursor is None:
            cursor, _created = WatchCursor.objects.get_or_create(
                key=CURSOR_KEY, defaults={"read_until": now - FIRST_LOOK_BACK})
        since = min(cursor.read_until - OVERLAP, now)
        rules = list(WatchRule.objects.filter(enabled=True))
        active = list(
            AuditEvent.objects.filter(WATCHED, actor__isnull=False, occurred_at__gt=since, occurred_at__lte=now)
            .order_by().values("actor_id")
            .annotate(first=Min("occurred_at"), last=Max("occurred_at"), n=Count("id"))
        )
        spans = {row["actor_id"]: (row["first"], row["last"]) for row in active}
        people = {u.pk: u for u in User.objects.filter(pk__in=spans).select_related("region")}
        days: dict[int, set[date]] = defaultdict(set)
        for user_id, (first, last) in spans.items():
            if user_id in people:
                days[user_id].update(local_days(first, last, zone_of(people[user_id])))
        result.events_read = sum(row["n"] for row in active)
        # The alerts already raised for those days, for everyone at once.
        existing: dict[int, dict[tuple[int, datetime], Alert]] = defaultdict(dict)
        if spans:
            earliest = min(first for first, _last in spans.values()) - timedelta(days=2)
            for alert in Alert.objects.filter(user_id__in=list(days), window_start__gte=earliest):
                existing[alert.user_id][(alert.rule_id, alert.window_start)] = alert
        for user_id, user_days in days.items():
            watch_person(people[user_id], user_days, rules, result, existing[user_id])
        leaving_rules = [rule for rule in rules if rule.kind == RuleKind.LEAVING]
        departures = _departures_to_check() if leaving_rules else []
        for user in departures:
            # The downloads made before the end date was known, once per date.
            if user.leaves_on is None:
                continue
            zone = zone_of(user)
            first = max(datetime.combine(user.leaves_on - timedelta(days=LEAVING_DAYS_BEFORE), time(0), tzinfo=zone),
                        now - MAX_LOOK_BACK)
            if first <= now:
                watch_person(user, local_days(first, now, zone), leaving_rules, result)
            CheckedDeparture.objects.update_or_create(user=user, defaults={"leaves_on": user.leaves_on})
        result.people = len(days.keys() | {user.pk for user in departures})
        cursor.read_until = max(cursor.read_until, now)
        cursor.last_run_at = now
        cursor.last_events_read = result.events_read
        cursor.last_alerts_raised = result.raised
        cursor.save()
    return result


def _departures_to_check() -> list[User]:
    """People with an end date whose earlier downloads have not been looked at for that date."""
    checked = CheckedDeparture.objects.filter(user_id=OuterRef("pk"), leaves_on=OuterRef("leaves_on"))
    return list(User.objects.filter(leaves_on__isnull=False).exclude(Exists(checked)).select_related("region"))
