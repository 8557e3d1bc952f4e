"""Background work of training (run by the task worker, `manage.py db_worker`).

`remind_courses_due` runs every six hours: a staff member who owes a course by a
date because of their post (the ethics officer's training, `training.obligations`)
is reminded in the app and by e-mail `REMIND_DAYS_BEFORE` days before the due
date, and once more when it has passed. Each reminder goes once per due date,
whatever the number of servers and runs: its `ObligationReminder` row is inserted
under a unique constraint before anything is sent; a server that finds it there
sends nothing. A completion moves the due date (or ends the obligation), so no
reminder follows it."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sentinelle.accounts import notifications
from sentinelle.audit.services import Action, record
from sentinelle.lib.schedule import recurring
from sentinelle.training import obligations
from sentinelle.training.models import ObligationReminder, ReminderKind

INTERVAL = datetime.timedelta(hours=6)


def reminder_due(status: obligations.Status) -> str | None:
    """Which reminder the status calls for today (pure: no database)."""
    if status.overdue:
        return ReminderKind.OVERDUE
    if status.due_soon:
        return ReminderKind.SOON
    return None


def _send(status: obligations.Status, kind: str) -> None:
    user = status.user
    zone = zoneinfo.ZoneInfo(user.region.time_zone if user.region else settings.TIME_ZONE)
    with translation.override(user.preferred_language), timezone.override(zone):
        link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse(
            "training:course_detail", args=[status.course.code])
        context = {"user": user, "kind": kind, "course": status.course.name, "due_on": status.due_on,
                   "reason": status.obligation.reason, "link": link}
        subject = render_to_string("training/email/course_due_subject.txt", context).strip()
        body = render_to_string("training/email/course_due_body.txt", context)
    send_mail(subject, body, None, [user.email])


def remind(status: obligations.Status) -> bool:
    """Send the reminder `status` calls for, at most once per due date: True when
    this call sent it. If sending fails, the claim is rolled back with it and the
    next run tries again."""
    kind = reminder_due(status)
    if kind is None or status.due_on is None or not status.user.is_active:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                ObligationReminder.objects.create(user=status.user, course=status.course, due_on=status.due_on,
                                                  kind=kind)
        except IntegrityError:
            return False  # sent already, by this server or another
        notifications.notify([status.user], f"course_{kind}", {
            "course": status.course.name_in(status.user.preferred_language), "due": status.due_on.isoformat()},
            url_name="training:course_detail", url_args=[status.course.code])
        _send(status, kind)
        record(Action.UPDATE, obj=status.user, automatic=True, reminder=f"course_{kind}",
               course=status.course.code, due_on=status.due_on.isoformat())
    return True


def remind_all(today: datetime.date) -> int:
    """Every reminder due today; returns the number sent by this call."""
    return sum(remind(status) for status in obligations.statuses(today))


@recurring(every=INTERVAL, title="Training due reminders")
def remind_courses_due() -> int:
    """Remind whoever owes a course by a date because of their post, before the
    date and once it has passed, once each. Returns the number sent."""
    return remind_all(timezone.localdate())
