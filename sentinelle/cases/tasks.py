"""Background work of cases (run by the task worker, `manage.py db_worker`).

`send_task_reminders` runs every hour: the day before a task or a document
request is due, and on the day itself, it reminds whoever must act (the task's
owner; for a document request, the case's investigator) in the app and by
e-mail. Each reminder goes once, whatever the number of servers and runs: its
`TaskReminder` row is inserted under a unique constraint, with the activity
locked, before anything is sent; a server that finds it there sends nothing."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sentinelle.accounts import notifications
from sentinelle.accounts.models import User
from sentinelle.cases.models import (
    OPEN_CASE_STATUSES,
    PENDING,
    Activity,
    ActivityKind,
    ReminderKind,
    TaskReminder,
)
from sentinelle.lib.schedule import recurring

INTERVAL = datetime.timedelta(hours=1)


def reminder_due(due_on: datetime.date | None, today: datetime.date) -> str | None:
    """The reminder of `today` for something due on `due_on`: the day before, on
    the day, or none (pure: no database). A late run never sends the day-before
    reminder on the day itself."""
    if due_on == today + datetime.timedelta(days=1):
        return ReminderKind.EVE
    if due_on == today:
        return ReminderKind.DUE
    return None


def recipient_of(activity: Activity) -> User | None:
    """Who must act: a task's owner; a document request's investigator."""
    if activity.kind == ActivityKind.TASK:
        return activity.owner
    return activity.case.assigned_to


def _send(activity: Activity, kind: str, user: User) -> None:
    zone = zoneinfo.ZoneInfo(user.region.time_zone if user.region else settings.TIME_ZONE)
    with translation.override(user.preferred_language), timezone.override(zone):
        link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse(
            "cases:activity_detail", args=[activity.case.reference, activity.pk])
        context = {"user": user, "activity": activity, "kind": kind, "link": link,
                   "case": activity.case, "due_on": activity.due_on}
        subject = render_to_string("cases/email/task_reminder_subject.txt", context).strip()
        body = render_to_string("cases/email/task_reminder_body.txt", context)
    send_mail(subject, body, None, [user.email])


def remind(activity_id: int, today: datetime.date) -> bool:
    """Send today's reminder about one task or document request, at most once:
    True when this call sent it. If sending fails, the claim is rolled back with
    it and the next run tries again."""
    with transaction.atomic():
        activity = (Activity.objects.select_for_update(of=("self",))
                    .select_related("case", "owner__region", "case__assigned_to__region")
                    .filter(PENDING, pk=activity_id, case__status__in=OPEN_CASE_STATUSES).first())
        if activity is None:
            return False
        kind = reminder_due(activity.due_on, today)
        user = recipient_of(activity)
        if kind is None or activity.due_on is None or user is None or not user.is_active:
            return False
        try:
            with transaction.atomic():
                TaskReminder.objects.create(activity=activity, kind=kind, due_on=activity.due_on)
        except IntegrityError:
            return False  # sent already, by this server or another
        notifications.notify([user], f"{activity.kind}_{kind}", {"reference": activity.case.reference},
                             url_name="cases:activity_detail", url_args=[activity.case.reference, activity.pk])
        _send(activity, kind, user)
    return True


def remind_all(today: datetime.date) -> int:
    """Every reminder due today; returns the number sent by this call."""
    candidates: list[int] = []
    for due_on, kind in ((today, ReminderKind.DUE), (today + datetime.timedelta(days=1), ReminderKind.EVE)):
        sent = TaskReminder.objects.filter(activity=OuterRef("pk"), kind=kind, due_on=due_on)
        candidates += Activity.objects.filter(
            PENDING, due_on=due_on, case__status__in=OPEN_CASE_STATUSES,
        ).exclude(Exists(sent)).values_list("pk", flat=True)
    return sum(remind(pk, today) for pk in candidates)


@recurring(every=INTERVAL, title="Task reminders")
def send_task_reminders() -> int:
    """The day before and on the due date of each pending task and document
    request, remind whoever must act, once. Returns the number sent."""
    return remind_all(timezone.localdate())
