"""How many tries a client of the worker's pages has left: token buckets kept in
the database (`ClientAllowance`), so that every app server counts the same, and
changed only by single UPDATE statements, so that two requests at once never
both spend the same try.

A bucket holds at most `burst` tries and gets one back every `seconds_per_try`.
A try is taken *before* the work it pays for (a receipt code checked, a report
filed) and given back when it should cost nothing (the right code, the same
report sent again), so parallel requests cannot go beyond the bucket.

The follow-up page (wrong receipt codes): 10 tries at once, then one every 10
minutes (FOLLOW_UP_TRIES_BURST, FOLLOW_UP_MINUTES_PER_TRY). Nobody waits more than
10 minutes for the next try, and a shared address (farm housing's one Wi-Fi) is
never locked for an hour. Guessing stays hopeless: at most 10 + 144 tries a day,
about 52,600 a year from one address (an IPv6 client counts by its /64). A code
is one of 10^20; with a million reports on file a guess finds one with odds of
10^-14, so an address finds one with odds of about 5 x 10^-10 a year, and a
hundred thousand addresses with odds of about 5 x 10^-5 a year, each guess costing
the server a deliberate Argon2id check (`receipts`).

The report form (REPORTS_PER_HOUR, 20): 20 reports at once, then one every 3
minutes. A real worker never meets it; a flood of reports from one client does.

The bucket's key carries the day (`lib.throttle.client_key`); a new day's bucket
starts where yesterday's stands, so midnight gives no fresh burst."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Least
from django.db.models.lookups import GreaterThanOrEqual
from django.http import HttpRequest

from sentinelle.intake.models import ClientAllowance
from sentinelle.lib import throttle

# A bucket untouched this long is full again anyway: its row is deleted.
STALE_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class Policy:
    scope: str
    burst: int
    seconds_per_try: float


def follow_up(scope: str = "follow-up") -> Policy:
    """Wrong receipt codes: the worker's follow-up, or another follow-up by code
    (a staff disclosure's) at the same pace in a bucket of its own `scope`."""
    return Policy(scope, settings.FOLLOW_UP_TRIES_BURST, settings.FOLLOW_UP_MINUTES_PER_TRY * 60)


def reports() -> Policy:
    return Policy("report", settings.REPORTS_PER_HOUR, 3600 / settings.REPORTS_PER_HOUR)


@dataclass(frozen=True)
class Allowance:
    granted: bool
    tokens: float
    seconds_per_try: float

    @property
    def left(self) -> int:
        """Whole tries left now."""
        return max(0, math.floor(self.tokens + 1e-9))

    @property
    def wait_minutes(self) -> int:
        """Minutes until the next try (0 when one is left now), rounded up."""
        if self.left:
            return 0
        return max(1, math.ceil((1 - self.tokens) * self.seconds_per_try / 60 - 1e-9))


def now() -> float:
    """The clock of the buckets (seconds since the epoch)."""
    return time.time()


def _level(policy: Policy, at: float) -> models.Func:
    refilled = F("tokens") + (Value(at) - F("stamp")) / Value(float(policy.seconds_per_try))
    return Least(Value(float(policy.burst)), refilled, output_field=models.FloatField())


def _in_python(policy: Policy, tokens: float, stamp: float, at: float) -> float:
    return min(float(policy.burst), tokens + max(0.0, at - stamp) / policy.seconds_per_try)


def _create(request: HttpRequest, policy: Policy, key: str, at: float) -> None:
    """Today's row, started where yesterday's stands (or full)."""
    yesterday = throttle.client_key(request, policy.scope, throttle._today() - timedelta(days=1))
    before = ClientAllowance.objects.filter(key=yesterday).values_list("tokens", "stamp").first()
    start = _in_python(policy, *before, at) if before else float(policy.burst)
    ClientAllowance.objects.filter(stamp__lt=at - STALE_SECONDS).delete()
    try:
        with transaction.atomic():
            ClientAllowance.objects.create(key=key, tokens=start, stamp=at)
    except IntegrityError:
        pass  # another request of the same client made it first


def _spend(policy: Policy, key: str, at: float) -> tuple[float, float] | None:
    """One UPDATE: a try taken only if one is there when the row is written. The
    row's new (tokens, stamp), returned by the same statement, or None when no try
    was taken (no row yet, or none left)."""
    level = _level(policy, at)
    fields = ClientAllowance._meta
    tokens, stamp = fields.get_field("tokens"), fields.get_field("stamp")
    # The UPDATE returns the row (RETURNING, through the queryset's `_update`, as
    # `Model.save()` does): no second query to read the level, and no transaction
    # around the two. Both databases return rows from an UPDATE.
    rows = (ClientAllowance.objects.filter(key=key)
            .filter(GreaterThanOrEqual(level, Value(1.0)))
            ._update([(tokens, None, level - Value(1.0)), (stamp, None, Value(at))],  # type: ignore[attr-defined]
                     returning_fields=[tokens, stamp]))
    return (float(rows[0][0]), float(rows[0][1])) if rows else None


def take(request: HttpRequest, policy: Policy) -> Allowance:
    """Take one try if one is left; `granted` says whether it was."""
    at = now()
    key = throttle.client_key(request, policy.scope)
    spent = _spend(policy, key, at)
    if spent is not None:  # the usual case: one statement
        return Allowance(True, _in_python(policy, *spent, at), policy.seconds_per_try)
    rows = ClientAllowance.objects.filter(key=key).values_list("tokens", "stamp")
    with transaction.atomic():
        row = rows.first()
        if row is None:  # the client's first try today
            _create(request, policy, key, at)
            spent = _spend(policy, key, at)
            row = spent or rows.get()
    return Allowance(spent is not None, _in_python(policy, *row, at), policy.seconds_per_try)


def give_back(request: HttpRequest, policy: Policy) -> None:
    """The try taken cost nothing after all (the right code, a report sent again)."""
    key = throttle.client_key(request, policy.scope)
    ClientAllowance.objects.filter(key=key).update(
        tokens=Least(Value(float(policy.burst)), F("tokens") + Value(1.0), output_field=models.FloatField())
    )


def paid[T](request: HttpRequest, policy: Policy, find: Callable[[], T | None]) -> tuple[T | None, Allowance]:
    """What `find()` finds (the row of a receipt code), paid for with one try of
    the client's bucket, given back when it finds something: only a wrong code
    costs a try. None, without calling `find`, when no try is left."""
    allowed = take(request, policy)
    if not allowed.granted:
        return None, allowed
    found = find()
    if found is not None:
        give_back(request, policy)
    return found, allowed


def current(request: HttpRequest, policy: Policy) -> Allowance:
    """The tries left, without taking one."""
    at = now()
    row = ClientAllowance.objects.filter(key=throttle.client_key(request, policy.scope)).values_list(
        "tokens", "stamp").first()
    tokens = _in_python(policy, *row, at) if row else float(policy.burst)
    return Allowance(tokens >= 1, tokens, policy.seconds_per_try)
