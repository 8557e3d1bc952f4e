"""The one rule for the time of what a worker does without an account.

A worker's report, message or file arrives at a moment that, to the minute, can be
matched with a shift roster ("who was on a break at 14:37?"). So the moment a worker
acts is kept, and shown to staff, only to the hour it fell in (local time), floored:
14:37 becomes 14:00. Everything that starts from that moment starts from the
floored hour, so a clock counted from it (the 24-hour target and 48-hour deadline of
an escalation) can only fall due earlier than from the real minute, never later: the
worker in danger never gets less protection from the rule.

Staff members' own actions keep their exact time: they are what the audit log and
the download watch are for."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def to_the_hour(moment: datetime | None = None) -> datetime:
    """The start of the local hour `moment` (now by default) falls in; never later than it."""
    local = timezone.localtime(moment or timezone.now())
    return local.replace(minute=0, second=0, microsecond=0)
