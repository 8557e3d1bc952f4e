"""Background work of the tip line (run by the task worker, `manage.py db_worker`).

`send_escalation_reminders` runs every five minutes: it re-enqueues itself each
time, and `manage.py schedule_reminders` starts the chain."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sentinelle.accounts import notifications
from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.intake.models import Escalation
from sentinelle.lib.schedule import enqueue_once

INTERVAL = timedelta(minutes=5)
# The advisory lock taken while the next run is scheduled (any fixed number).
SCHEDULE_LOCK = 0x5E471E11

# (name, time before the target_at it is due). The reminders are sent in this
# order; one found late sends only the latest one due and counts the earlier ones
# as sent, so a lead is never flooded after a pause of the worker.
REMINDERS: list[tuple[str, timedelta]] = [
    ("12h", timedelta(hours=12)),
    ("2h", timedelta(hours=2)),
    ("target", timedelta(0)),
    # The 48-hour deadline is the program's hard limit: a breach is reported too.
    ("deadline", -(Escalation.DEADLINE - Escalation.TARGET)),
]


def due_reminders(escalation: Escalation, now: datetime) -> list[str]:
    """The reminders whose time has come, earliest first (pure: no database)."""
    return [name for name, before in REMINDERS if now >= escalation.target_at - before]


def team_leads_for(region: Region) -> list[User]:
    """The team leads of the region; National HQ's when the region has none, so
    that a reminder always reaches someone."""
    leads = list(User.objects.filter(is_active=True, region=region, roles__code=RoleCode.TEAM_LEAD).distinct())
    if leads or region.is_national:
        return leads
    return list(User.objects.filter(is_active=True, region__code=Region.NATIONAL,
                                    roles__code=RoleCode.TEAM_LEAD).distinct())


def _send(escalation: Escalation, kind: str, lead: User) -> None:
    zone = zoneinfo.ZoneInfo(lead.region.time_zone if lead.region else settings.TIME_ZONE)
    with translation.override(lead.preferred_language), timezone.override(zone):
        hours = 12 if kind == "12h" else 2
        link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse("reports:escalation", args=[escalation.pk])
        context = {
            "user": lead, "escalation": escalation, "kind": kind, "hours": hours, "link": link,
            "target": timezone.localtime(escalation.target_at).strftime("%Y-%m-%d %H:%M %Z"),
            "deadline": timezone.localtime(escalation.deadline_at).strftime("%Y-%m-%d %H:%M %Z"),
        }
        subject = render_to_string("intake/staff/email/reminder_subject.txt", context).strip()
        body = render_to_string("intake/staff/email/reminder_body.txt", context)
    send_mail(subject, body, None, [lead.email])


def _remind(escalation_id: int, now: datetime) -> int:
    """Send the reminder due for one escalation, at most once, whatever the
    number of workers: the row is locked while it is checked, marked and sent (on
    SQLite the write transaction, begun IMMEDIATE, serializes the same way). If
    sending fails, the mark is rolled back and the next run tries again."""
    with transaction.atomic():
        escalation = (
            Escalation.objects.select_for_update().select_related("report", "region")
            .filter(pk=escalation_id, met_at__isnull=True).first()
        )
        if escalation is None:
            return 0
        due = due_reminders(escalation, now)
        sent = list(escalation.reminders_sent or [])
        if not due or due[-1] in sent:
            return 0
        escalation.reminders_sent = sent + [name for name in due if name not in sent]
        escalation.save(update_fields=["reminders_sent"])
        leads = team_leads_for(escalation.region)
        notifications.notify(leads, f"escalation_{due[-1]}", {"reference": escalation.report.reference},
                             url_name="reports:escalation", url_args=[escalation.pk])
        for lead in leads:
            _send(escalation, due[-1], lead)
    return len(leads)


def schedule_next_run(run_after: datetime) -> bool:
    """Enqueue the next run unless one is waiting already; True when enqueued."""
    return enqueue_once(send_escalation_reminders, run_after, lock=SCHEDULE_LOCK)


@task
def send_escalation_reminders(now: datetime | None = None) -> int:
    """Notify the team leads of each open escalation's region, in the app and by
    e-mail, 12 h and 2 h before its 24-hour target, when the target passes and
    when the 48-hour deadline passes; each reminder once. Returns the number of
    e-mails sent.

    `now` is for tests; the worker calls it without arguments."""
    now = now or timezone.now()
    sent = 0
    try:
        # Escalations within 12 hours of their target, or past it, and not met.
        candidates = Escalation.objects.filter(
            met_at__isnull=True, target_at__lte=now + REMINDERS[0][1]
        ).values_list("pk", flat=True)
        for escalation_id in list(candidates):
            sent += _remind(escalation_id, now)
    finally:
        # Whatever happened, the watch goes on.
        schedule_next_run(now + INTERVAL)
    return sent
