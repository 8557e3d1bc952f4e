"""Demo data of the download watch (called by seed_demo after the demo staff exist):
a few days of ordinary downloads, and two people whose activity raises alerts —
an investigator who downloads a large batch one evening, and one who is leaving."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import User
from sentinelle.audit.models import AuditEvent
from sentinelle.watch import engine
from sentinelle.watch.models import Alert, WatchRule

BATCH_DOWNLOADER = "Olivier Tremblay"
LEAVING = "Harpreet Gill"
ORDINARY = ("Amélie Gagnon", "Priya Sharma", "Liam MacDonald")


def _event(user: User, when: datetime, action: str, case: int, **detail: object) -> AuditEvent:
    return AuditEvent(actor=user, actor_label=user.email, action=action, object_type="cases.case",
                      object_id=str(case), object_label=f"Dossier démo {case}",
                      region_code=user.region.code if user.region else "", occurred_at=when,
                      path="/staff/cases/", detail={"demo": True, **detail})


@transaction.atomic
def seed_watch(today: date | None = None) -> int:
    """Write the demo audit events (once) and run the rules over their days;
    returns the number of alerts raised. Running it again adds nothing."""
    from sentinelle.demo.base import _email_for

    today = today or timezone.localdate()
    staff = {u.full_name: u for u in User.objects.filter(
        email__in=[_email_for(n) for n in (BATCH_DOWNLOADER, LEAVING, *ORDINARY)]).select_related("region")}
    if BATCH_DOWNLOADER not in staff or LEAVING not in staff:
        return 0
    if not AuditEvent.objects.filter(detail__demo=True, actor__in=staff.values()).exists():
        events: list[AuditEvent] = []
        yesterday = today - timedelta(days=1)
        for n, name in enumerate(ORDINARY):
            if name in staff:
                zone = engine.zone_of(staff[name])
                for k in range(4):
                    when = datetime.combine(yesterday, time(9 + 2 * k, 10 * n), tzinfo=zone)
                    events.append(_event(staff[name], when, AuditEvent.Action.DOWNLOAD, 100 + k, document=k + 1))
        # 36 documents of 12 cases between 20:05 and 20:40 the evening before.
        batch = staff[BATCH_DOWNLOADER]
        zone = engine.zone_of(batch)
        for k in range(36):
            when = datetime.combine(yesterday, time(20, 5 + k), tzinfo=zone)
            events.append(_event(batch, when, AuditEvent.Action.DOWNLOAD, 200 + k % 12, document=k + 1, version=1))
        # Leaving in two weeks; a few downloads two days ago.
        leaving = staff[LEAVING]
        leaving.leaves_on = today + timedelta(days=14)
        leaving.save(update_fields=["leaves_on"])
        zone = engine.zone_of(leaving)
        for k in range(3):
            when = datetime.combine(today - timedelta(days=2), time(14, 15 * k), tzinfo=zone)
            events.append(_event(leaving, when, AuditEvent.Action.DOWNLOAD, 300 + k, document=1, version=1))
        AuditEvent.objects.bulk_create(events)
    before = Alert.objects.count()
    rules = list(WatchRule.objects.filter(enabled=True))
    result = engine.RunResult()
    for user in staff.values():
        engine.watch_person(user, [today - timedelta(days=2), today - timedelta(days=1)], rules, result)
    return Alert.objects.count() - before


__all__ = ["seed_watch"]
