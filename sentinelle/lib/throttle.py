"""Knowing a client without keeping who the client is.

A client is known only by a keyed hash of its address: HMAC-SHA-256 with a key
derived from SECRET_KEY and the date, so the key changes every day and yesterday's
allowance cannot be linked to today's. The address itself is never written
anywhere: not to the database, not to a log. What a client may still do (a token
bucket under that hash) is kept in the database by `sentinelle.intake.allowance`,
so that several app servers count together.

Counting is per client, never per target (per report, per account): nobody can use
up anybody else's tries."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


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


def client_key(request: HttpRequest, scope: str, day: date | None = None) -> str:
    """The client's name for `scope` on `day` (today by default): a keyed hash, never the address."""
    day = day or _today()
    digest = hmac.new(daily_key(day), f"{scope}\0{client_address(request)}".encode(), hashlib.sha256)
    return f"{scope}:{digest.hexdigest()}"
