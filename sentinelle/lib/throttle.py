"""Counting failures per client without keeping who the client is.

A client is known only by a keyed hash of its address: HMAC-SHA-256 with a key
derived from SECRET_KEY and the date, so the key changes every day and yesterday's
counters cannot be linked to today's. The count lives in Django's shared cache
(the database cache, so that several app servers count together) and expires at
the end of its window. The address itself is never written anywhere: not to the
database, not to the cache, not to a log.

Counting is per client, never per target (per report, per account): a client that
guesses wrong is slowed down, and nobody can lock anybody else out."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

HOUR = 3600


def peer_address(request: HttpRequest) -> str:
    """The address of the client. Behind load balancers named in TRUSTED_PROXIES,
    it is the last address of X-Forwarded-For that is not one of them (the one the
    first trusted proxy saw); otherwise the socket's peer. A client cannot forge it:
    what it writes in X-Forwarded-For comes before the trusted hops."""
    remote = request.META.get("REMOTE_ADDR") or ""
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


def client_address(request: HttpRequest) -> str:
    """The address the request came from (see `peer_address`). An IPv6 client
    usually holds a whole /64, so the /64 is what counts."""
    raw = peer_address(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def daily_key(day: date) -> bytes:
    """The HMAC key of a day (UTC), derived from SECRET_KEY; never stored."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"sentinelle.throttle:{day.isoformat()}".encode(), hashlib.sha256
    ).digest()


def _today() -> date:
    # An aware datetime in UTC (USE_TZ): the key turns at midnight UTC.
    return timezone.now().date()


def cache_key(request: HttpRequest, scope: str, day: date | None = None) -> str:
    day = day or _today()
    digest = hmac.new(daily_key(day), f"{scope}\0{client_address(request)}".encode(), hashlib.sha256)
    return f"throttle:{scope}:{digest.hexdigest()}"


def _count(value: object, now: float) -> int:
    """A stored value is (window end, count); an ended window counts nothing."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] > now:
        return int(value[1])
    return 0


def failures(request: HttpRequest, scope: str) -> int:
    """Failures of this client in its current window. Just after midnight the
    window opened yesterday is still running under yesterday's key: count both."""
    today = _today()
    now = time.time()
    values = cache.get_many([cache_key(request, scope, today), cache_key(request, scope, today - timedelta(days=1))])
    return sum(_count(value, now) for value in values.values())


def is_limited(request: HttpRequest, scope: str, limit: int) -> bool:
    return failures(request, scope) >= limit


def add_failure(request: HttpRequest, scope: str, *, window: int = HOUR) -> int:
    """Count one failure; the count ends `window` seconds after the first one.

    Two requests of the same client at the same instant may count once: the
    database cache has no atomic increment. That errs by one try at most per
    race, which does not matter against guessing 20-digit codes."""
    key = cache_key(request, scope)
    now = time.time()
    value = cache.get(key)
    ends = value[0] if isinstance(value, tuple) and len(value) == 2 and value[0] > now else now + window
    count = _count(value, now) + 1
    cache.set(key, (ends, count), timeout=max(1, int(ends - now) + 1))
    return failures(request, scope)
