"""Each rule raises an alert at its threshold + 1 and not at its threshold,
counted in the time zone of the person's region; a second run changes nothing."""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sentinelle.accounts.models import Notification, Region
from sentinelle.test import create_staff
from sentinelle.watch import engine
from sentinelle.watch.models import Alert, CheckedDeparture, RuleKind, WatchCursor, WatchRule
from sentinelle.watch.tasks import watch_downloads

from .factories import TORONTO, at, download, export, only, view

pytestmark = pytest.mark.django_db

HALIFAX = zoneinfo.ZoneInfo("America/Halifax")
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


@pytest.fixture
def officer():
    return create_staff("privacy_officer", region_code="HQ", full_name="Isabelle Privacy")


@pytest.fixture
def agent():
    return create_staff("investigator", region_code="QC", full_name="Amélie Investigator")


def alerts(kind: str | None = None) -> list[Alert]:
    found = Alert.objects.order_by("window_start")
    return list(found.filter(rule__kind=kind) if kind else found)


def test_the_default_rules_are_loaded():
    assert {r.kind: r.threshold for r in WatchRule.objects.all()} == {
        "volume_hour": 30, "volume_day": 100, "off_hours": 5, "many_cases": 40, "leaving": 0}
    assert all(r.enabled for r in WatchRule.objects.all())


def test_volume_in_an_hour_fires_above_the_threshold(agent, officer):
    only(RuleKind.VOLUME_HOUR, 5)
    for minute in range(0, 50, 10):  # 5 downloads between 10:00 and 10:40
        download(agent, at(f"2026-02-10 10:{minute:02d}"), case=minute)
    engine.run(at("2026-02-10 10:45"))
    assert alerts() == []

    export(agent, at("2026-02-10 10:59"))  # the 6th in the same hour
    engine.run(at("2026-02-10 11:40"))
    [alert] = alerts()
    assert (alert.user, alert.count, alert.threshold) == (agent, 6, 5)
    assert (alert.window_start, alert.window_end) == (at("2026-02-10 10:00"), at("2026-02-10 11:00"))
    assert alert.summary == {"actions": {"download": 5, "export": 1}, "objects": 5}


def test_volume_in_an_hour_counts_clock_hours(agent):
    only(RuleKind.VOLUME_HOUR, 5)
    for minute in (31, 35, 40, 45, 50, 55):  # 6 in the 10 o'clock hour
        download(agent, at(f"2026-02-10 10:{minute:02d}"))
    for minute in (1, 2, 3, 4, 5):  # 5 in the 11 o'clock hour
        download(agent, at(f"2026-02-10 11:{minute:02d}"))
    engine.run(at("2026-02-10 12:00"))
    [alert] = alerts()
    assert alert.window_start == at("2026-02-10 10:00") and alert.count == 6


def test_volume_in_a_day_fires_above_the_threshold(agent):
    only(RuleKind.VOLUME_DAY, 8)
    for hour in range(8, 16):  # 8 downloads, one an hour from 08:00 to 15:00
        download(agent, at(f"2026-02-10 {hour:02d}:15"), case=hour)
    engine.run(at("2026-02-10 15:30"))
    assert alerts() == []
    download(agent, at("2026-02-10 17:15"))
    engine.run(at("2026-02-10 18:10"))
    [alert] = alerts()
    assert alert.count == 9
    assert (alert.window_start, alert.window_end) == (at("2026-02-10 00:00"), at("2026-02-11 00:00"))
    # The next day starts a new count.
    download(agent, at("2026-02-11 08:00"))
    engine.run(at("2026-02-11 09:00"))
    assert len(alerts()) == 1


def test_previews_count_as_downloads_and_plain_case_views_do_not(agent):
    only(RuleKind.VOLUME_DAY, 2)
    view(agent, at("2026-02-10 09:00"), case=1)
    view(agent, at("2026-02-10 09:01"), case=2)
    view(agent, at("2026-02-10 09:02"), case=3)
    engine.run(at("2026-02-10 09:05"))
    assert alerts() == []
    # Two previews and an export: 3 > 2.
    from sentinelle.audit.models import AuditEvent
    for n in (1, 2):
        AuditEvent.objects.create(actor=agent, actor_label=agent.email, action="view", object_type="cases.case",
                                  object_id="1", occurred_at=at(f"2026-02-10 09:1{n}"),
                                  detail={"document": n, "version": 1, "preview": True})
    export(agent, at("2026-02-10 09:20"))
    engine.run(at("2026-02-10 10:10"))
    [alert] = alerts()
    assert alert.count == 3


def test_off_hours_fires_above_the_threshold(agent):
    only(RuleKind.OFF_HOURS, 2)
    # Tuesday: 06:59 and 19:00 are outside working hours; 07:00 and 18:59 are not.
    for moment in ("2026-02-10 07:00", "2026-02-10 18:59", "2026-02-10 06:59", "2026-02-10 19:00"):
        download(agent, at(moment))
    engine.run(at("2026-02-10 20:00"))
    assert alerts() == []
    download(agent, at("2026-02-10 23:30"))
    engine.run(at("2026-02-10 23:50"))
    [alert] = alerts()
    assert alert.count == 3
    assert alert.window_start == at("2026-02-10 00:00")


def test_weekends_are_off_hours(agent):
    only(RuleKind.OFF_HOURS, 0)
    download(agent, at("2026-02-14 11:00"))  # a Saturday, late morning
    engine.run(at("2026-02-14 12:00"))
    [alert] = alerts()
    assert alert.count == 1 and alert.window_start == at("2026-02-14 00:00")


def test_off_hours_are_counted_in_the_time_zone_of_the_persons_region():
    only(RuleKind.OFF_HOURS, 0)
    Region.objects.filter(code="WST").update(time_zone="America/Vancouver")
    in_halifax = create_staff("investigator", region_code="ATL", full_name="Liam Halifax")
    in_vancouver = create_staff("investigator", region_code="WST", full_name="Harpreet Vancouver")
    moment = at("2026-02-10 20:30", HALIFAX)  # 20:30 in Halifax is 16:30 in Vancouver
    assert moment.astimezone(VANCOUVER).hour == 16
    download(in_halifax, moment)
    download(in_vancouver, moment)
    engine.run(moment + timedelta(hours=1))
    [alert] = alerts()
    assert alert.user == in_halifax
    assert alert.window_start == at("2026-02-10 00:00", HALIFAX)

    # 20:30 in Vancouver is 00:30 the next day in Halifax: outside working hours for both.
    later = at("2026-02-10 20:30", VANCOUVER)
    download(in_halifax, later)
    download(in_vancouver, later)
    engine.run(later + timedelta(hours=1))
    assert {(a.user.full_name, a.window_start) for a in alerts()} == {
        ("Liam Halifax", at("2026-02-10 00:00", HALIFAX)),
        ("Liam Halifax", at("2026-02-11 00:00", HALIFAX)),
        ("Harpreet Vancouver", at("2026-02-10 00:00", VANCOUVER)),
    }


def test_many_different_cases_fires_above_the_threshold(agent):
    only(RuleKind.MANY_CASES, 3)
    for case in (1, 2, 3):
        for minute in (0, 10, 20):  # each case opened three times: still 3 cases
            view(agent, at(f"2026-02-10 09:{minute:02d}"), case=case)
    view(agent, at("2026-02-10 10:00"), case=1, object_type="cases.employer")  # not a case
    engine.run(at("2026-02-10 10:05"))
    assert alerts() == []
    view(agent, at("2026-02-10 10:30"), case=4, object_type="intake.report")  # a 4th: a report
    engine.run(at("2026-02-10 11:10"))
    [alert] = alerts()
    assert alert.count == 4
    assert alert.summary == {"actions": {"view": 10}, "objects": 4}
    assert len(alert.event_ids) == 10


def test_leaving_counts_every_download_from_30_days_before_the_end_date(agent):
    only(RuleKind.LEAVING, 0)
    agent.leaves_on = date(2026, 3, 12)
    agent.save()
    download(agent, at("2026-02-09 10:00"))  # 31 days before: not yet
    engine.run(at("2026-02-09 11:00"))
    assert alerts() == []
    download(agent, at("2026-02-10 10:00"))  # 30 days before
    engine.run(at("2026-02-10 11:00"))
    [alert] = alerts()
    assert alert.count == 1 and alert.window_start == at("2026-02-10 00:00")
    download(agent, at("2026-03-13 10:00"))  # after the end date too
    engine.run(at("2026-03-13 11:00"))
    assert [a.window_start for a in alerts()] == [at("2026-02-10 00:00"), at("2026-03-13 00:00")]


def test_leaving_fires_above_its_threshold(agent):
    only(RuleKind.LEAVING, 2)
    agent.leaves_on = date(2026, 2, 20)
    agent.save()
    download(agent, at("2026-02-10 10:00"))
    download(agent, at("2026-02-10 10:05"))
    engine.run(at("2026-02-10 10:10"))
    assert alerts() == []
    download(agent, at("2026-02-10 10:30"))
    engine.run(at("2026-02-10 11:10"))
    [alert] = alerts()
    assert alert.count == 3


def test_an_end_date_set_later_looks_back_at_the_downloads_already_made(agent):
    only(RuleKind.LEAVING, 0)
    download(agent, at("2026-02-03 10:00"))
    download(agent, at("2026-02-03 10:10"))
    download(agent, at("2026-02-10 09:00"))
    engine.run(at("2026-02-10 12:00"))
    assert alerts() == []
    agent.leaves_on = date(2026, 2, 27)  # announced on the 10th: the 3rd is within 30 days
    agent.save()
    engine.run(at("2026-02-10 12:10"))  # no new event
    assert [(a.window_start, a.count) for a in alerts()] == [
        (at("2026-02-03 00:00"), 2), (at("2026-02-10 00:00"), 1)]
    assert CheckedDeparture.objects.get(user=agent).leaves_on == date(2026, 2, 27)
    engine.run(at("2026-02-10 12:20"))
    assert len(alerts()) == 2


def test_running_twice_or_on_two_servers_raises_each_alert_once(agent, officer):
    only(RuleKind.VOLUME_HOUR, 1)
    download(agent, at("2026-02-10 10:00"))
    download(agent, at("2026-02-10 10:01"))
    first = engine.run(at("2026-02-10 10:30"))
    assert first.raised == 1
    second = engine.run(at("2026-02-10 10:30"))
    assert (second.raised, second.grown) == (0, 0)
    # Another server, whose cursor is behind, reads the same events again.
    WatchCursor.objects.all().delete()
    third = engine.run(at("2026-02-10 10:40"))
    assert (third.raised, third.grown) == (0, 0)
    assert len(alerts()) == 1
    assert Notification.objects.filter(user=officer).count() == 1


def test_an_acknowledged_alert_with_more_events_opens_again(agent, officer):
    only(RuleKind.VOLUME_HOUR, 1)
    download(agent, at("2026-02-10 10:00"))
    download(agent, at("2026-02-10 10:01"))
    engine.run(at("2026-02-10 10:30"))
    alert = Alert.objects.get()
    alert.acknowledged_by, alert.acknowledged_at, alert.acknowledged_count = officer, at("2026-02-10 10:31"), 2
    alert.note = "Checked with the team lead."
    alert.save()
    assert not Alert.objects.get().is_open and Alert.objects.open().count() == 0
    download(agent, at("2026-02-10 10:45"))
    result = engine.run(at("2026-02-10 10:50"))
    assert (result.raised, result.grown) == (0, 1)
    alert.refresh_from_db()
    assert alert.count == 3 and alert.is_open and alert.new_since_acknowledged == 1
    assert alert.note == "Checked with the team lead."
    assert list(Notification.objects.filter(user=officer).values_list("kind", flat=True).order_by("pk")) == [
        "watch_volume_hour", "watch_reopened"]


def test_privacy_officers_are_notified_but_never_about_themselves(agent, officer):
    other = create_staff("privacy_officer", region_code="HQ", full_name="Paul Privacy")
    only(RuleKind.VOLUME_HOUR, 0)
    download(officer, at("2026-02-10 10:00"))
    engine.run(at("2026-02-10 10:30"))
    notes = Notification.objects.all()
    assert [(n.user, n.kind) for n in notes] == [(other, "watch_volume_hour")]
    assert notes[0].target_url.endswith(f"/staff/watch/{Alert.objects.get().pk}/")
    assert "Isabelle Privacy" in notes[0].text


def test_a_run_reads_only_the_new_events(agent):
    only(RuleKind.VOLUME_DAY, 1000)
    for minute in range(5):
        download(agent, at(f"2026-02-10 09:{minute:02d}"))
    assert engine.run(at("2026-02-10 10:00")).events_read == 5
    download(agent, at("2026-02-10 11:00"))
    # Only the events after the cursor (less ten minutes, for late commits) are read.
    assert engine.run(at("2026-02-10 11:30")).events_read == 1
    assert engine.run(at("2026-02-10 12:05")).events_read == 0
    assert WatchCursor.objects.get().read_until == at("2026-02-10 12:05")


def test_a_disabled_rule_raises_nothing(agent):
    only(RuleKind.VOLUME_HOUR, 0)
    WatchRule.objects.filter(kind=RuleKind.VOLUME_HOUR).update(enabled=False)
    download(agent, at("2026-02-10 10:00"))
    engine.run(at("2026-02-10 10:30"))
    assert alerts() == []


def test_the_command_runs_once_and_the_task_reschedules_itself(agent, officer):
    only(RuleKind.VOLUME_HOUR, 0)
    from django.utils import timezone
    download(agent, timezone.now() - timedelta(minutes=5))
    call_command("watch_downloads")
    assert len(alerts()) == 1
    call_command("schedule", stdout=StringIO())
    call_command("schedule", stdout=StringIO())
    waiting = DBTaskResult.objects.filter(task_path=watch_downloads.module_path, status=TaskResultStatus.READY)
    assert waiting.count() == 1
    assert watch_downloads.call(now=timezone.now()) == 0
    assert waiting.count() == 1  # still one waiting run


def test_the_rules_are_pure_functions_of_a_days_events(agent):
    ctx = engine.Context(zone=TORONTO, day=date(2026, 2, 10), leaves_on=None)
    events = [engine.Event(n, at("2026-02-10 20:00"), "download", "", "", {}) for n in range(3)]
    assert [f.count for f in engine.off_hours(events, ctx, 2)] == [3]
    assert engine.off_hours(events, ctx, 3) == []
    assert engine.leaving(events, ctx, 0) == []


def test_a_run_costs_the_same_whatever_the_size_of_the_log(agent, officer):
    """The queries read the new events and one day of each active person, through
    the indexes: older activity in the log adds no query and is not read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    only(RuleKind.VOLUME_HOUR, 1000)
    download(agent, at("2026-02-10 10:00"))
    engine.run(at("2026-02-10 10:30"))  # the first run creates the cursor
    download(agent, at("2026-02-10 10:35"))
    with CaptureQueriesContext(connection) as small:
        engine.run(at("2026-02-10 10:50"))
    others = [create_staff("investigator", region_code="ON") for _ in range(3)]
    from sentinelle.audit.models import AuditEvent
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=others[n % 3], actor_label="x", action="download", object_type="cases.case",
                   object_id=str(n), occurred_at=at("2026-01-05 09:00") + timedelta(minutes=n))
        for n in range(600))
    download(agent, at("2026-02-10 10:55"))
    with CaptureQueriesContext(connection) as large:
        result = engine.run(at("2026-02-10 11:00"))
    assert result.events_read == 1 and result.people == 1
    assert len(large.captured_queries) == len(small.captured_queries)
    person_query = next(q["sql"] for q in large.captured_queries
                        if '"audit_auditevent"."actor_id" =' in q["sql"] and "ORDER BY" in q["sql"])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            plan = " ".join(str(row) for row in cursor.execute("EXPLAIN QUERY PLAN " + person_query).fetchall())
        assert "audit_actor_time_idx" in plan
