"""Background work of the tip line (run by the task worker, `manage.py db_worker`).

`send_escalation_reminders` runs every five minutes: it re-enqueues itself each
time. `remind_unanswered_referrals` runs every hour: the referring team hears of
a partner that has not replied after `REFERRAL_REPLY_DAYS` days, once. `purge_expired_records` runs once a day the same way: the retention of
reports that never became cases (`purge_reports`) and every other retention step
an app registers (`lib.retention`). `manage.py schedule` starts both chains."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sentinelle.accounts import notifications
from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.intake import referrals
from sentinelle.intake.models import Attachment, Escalation, Referral, ReferralOutcome, Report, ReportStatus
from sentinelle.lib import retention
from sentinelle.lib.schedule import chain, enqueue_once, recurring

INTERVAL = timedelta(minutes=5)

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
            # The escalation's row only: its report or case may be missing (an outer join).
            Escalation.objects.select_for_update(of=("self",)).select_related("report", "case", "region")
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
        notifications.notify(leads, f"escalation_{due[-1]}", {"reference": escalation.subject_reference},
                             url_name="reports:escalation", url_args=[escalation.pk])
        for lead in leads:
            _send(escalation, due[-1], lead)
    return len(leads)


def schedule_next_run(run_after: datetime) -> bool:
    """Enqueue the next run unless one is waiting already; True when enqueued."""
    return enqueue_once(send_escalation_reminders, run_after)


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


chain(send_escalation_reminders, "Escalation reminders")


# Partners that have not replied ------------------------------------------------------

REFERRAL_INTERVAL = timedelta(hours=1)


def referring_team(referral: Referral) -> list[User]:
    """Who hears that a partner has not replied: whoever made the referral, the
    investigator of its case, and the team leads of its region."""
    people: dict[int, User] = {}
    candidates = [referral.communicated_by]
    case = referral.case or (referral.report.case if referral.report_id and referral.report else None)  # type: ignore[union-attr]
    if case is not None and case.assigned_to is not None:
        candidates.append(case.assigned_to)
    if referral.region is not None:
        candidates += team_leads_for(referral.region)
    for user in candidates:
        if user is not None and user.is_active:
            people.setdefault(user.pk, user)
    return list(people.values())


def _send_referral_reminder(referral: Referral, user: User, days: int) -> None:
    zone = zoneinfo.ZoneInfo(user.region.time_zone if user.region else settings.TIME_ZONE)
    with translation.override(user.preferred_language), timezone.override(zone):
        link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse("reports:referral_detail", args=[referral.pk])
        context = {"user": user, "referral": referral, "partner": referral.partner.name, "days": days, "link": link,
                   "reference": referral.subject_reference,
                   "sent": timezone.localtime(referral.communicated_at).strftime("%Y-%m-%d")}
        subject = render_to_string("intake/staff/email/referral_reminder_subject.txt", context).strip()
        body = render_to_string("intake/staff/email/referral_reminder_body.txt", context)
    send_mail(subject, body, None, [user.email])


def _remind_referral(referral_id: int, now: datetime, days: int) -> int:
    """Claim the referral's one reminder and send it. The claim is a conditional
    update (the reminder not out yet, the partner still silent): of two servers
    running at once, one updates the row and the other finds it claimed. If
    sending fails, the claim is rolled back and the next run tries again."""
    with transaction.atomic():
        claimed = Referral.objects.filter(
            pk=referral_id, outcome=ReferralOutcome.SENT, reminder_sent_at__isnull=True,
        ).update(reminder_sent_at=now)
        if not claimed:
            return 0
        referral = Referral.objects.select_related(
            "partner", "region", "communicated_by", "case__assigned_to", "report__case__assigned_to",
            "escalation__report", "escalation__case").get(pk=referral_id)
        team = referring_team(referral)
        notifications.notify(team, "referral_no_reply",
                             {"reference": referral.subject_reference, "days": days},
                             url_name="reports:referral_detail", url_args=[referral.pk])
        for user in team:
            _send_referral_reminder(referral, user, days)
        record(Action.UPDATE, obj=referral, automatic=True, reminder="no_reply", recipients=len(team))
    return len(team)


@recurring(every=REFERRAL_INTERVAL, title="Referral reminders")
def remind_unanswered_referrals(now: datetime | None = None) -> int:
    """Remind the referring team, in the app and by e-mail, of each referral
    whose partner has not replied (still only sent) after `REFERRAL_REPLY_DAYS`
    days; once per referral, whatever the number of servers. Returns the number
    of people reminded. `now` is for tests."""
    now = now or timezone.now()
    days = referrals.reply_days()
    reminded = 0
    for referral_id in list(referrals.unanswered(now, days).order_by("communicated_at").values_list("pk", flat=True)):
        reminded += _remind_referral(referral_id, now, days)
    return reminded


# Retention ----------------------------------------------------------------------

PURGE_INTERVAL = timedelta(days=1)
# Reports removed per transaction (each with its own audit entry).
PURGE_BATCH = 500
# Triage is over: nothing more will be done with the report. A report that
# became (or joined) a case is kept with the case.
FINISHED = (ReportStatus.CLOSED,)


@dataclass(frozen=True)
class Purge:
    references: list[str]
    files: int
    kept_on_hold: list[str]

    @property
    def count(self) -> int:
        return len(self.references)


def expired_reports(today: date, days: int | None = None) -> QuerySet[Report]:
    """Reports past their retention on `today`: no case, triage over, received
    more than `days` (REPORT_RETENTION_DAYS) days ago, and no escalation still
    open. Those named by an open access request are left out by `purge_reports`."""
    days = settings.REPORT_RETENTION_DAYS if days is None else days
    if days <= 0:
        return Report.objects.none()
    return Report.objects.filter(
        case__isnull=True, status__in=FINISHED, submitted_on__lt=today - timedelta(days=days),
    ).exclude(
        Exists(Escalation.objects.filter(report=OuterRef("pk"), met_at__isnull=True))
    ).order_by("submitted_on", "pk")


def purge_reports(today: date | None = None, *, days: int | None = None, dry_run: bool = False) -> Purge:
    """Remove the reports past their retention with everything they hold: their
    allegations, messages, attachments (the files too, once the removal is
    committed), and their escalations (all met) with the referrals. One audit
    entry per batch gives the count and the references only: no text, no names."""
    today = today or timezone.localdate()
    days = settings.REPORT_RETENTION_DAYS if days is None else days
    texts = retention.held_texts()
    references: list[str] = []
    held: list[str] = []
    files = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            # Locked and checked again in the transaction: a report joined to a
            # case or escalated meanwhile is no longer taken.
            batch = list(expired_reports(today, days).filter(pk__gt=last_pk).order_by("pk")
                         .select_for_update()[:PURGE_BATCH])
            if not batch:
                break
            last_pk = batch[-1].pk
            on_hold = [r for r in batch if any(r.reference.upper() in text for text in texts)]
            held += [r.reference for r in on_hold]
            gone = [r for r in batch if r not in on_hold]
            if not gone or dry_run:
                references += [r.reference for r in gone]
                files += Attachment.objects.filter(report__in=gone).count()
                continue
            ids = [r.pk for r in gone]
            names = [n for n in Attachment.objects.filter(report_id__in=ids).values_list("file", flat=True) if n]
            Referral.objects.filter(Q(escalation__report_id__in=ids) | Q(report_id__in=ids)).delete()
            Escalation.objects.filter(report_id__in=ids).delete()
            # Allegations, messages and attachment rows go with the report (CASCADE).
            Report.objects.filter(pk__in=ids).delete()
            record(Action.UPDATE, purged_reports=[r.reference for r in gone], count=len(gone),
                   files=len(names), retention_days=days)
            # The files once the rows are surely gone: a failed removal leaves a
            # file without a row, which the sweeper finds, never a row without its file.
            transaction.on_commit(lambda names=names: _delete_files(names))  # type: ignore[misc]
            references += [r.reference for r in gone]
            files += len(names)
    return Purge(references, files, held)


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # left for the sweeper (a file without a row)
            continue


@recurring(every=PURGE_INTERVAL, title="Daily purge")
def purge_expired_records() -> int:
    """Once a day: every retention step (the reports past their retention,
    `purge_reports`, and those other apps register). Returns the number of
    reports removed."""
    return int(retention.purge(timezone.localdate())["reports"].count)


retention.purge_step("reports", purge_reports)
