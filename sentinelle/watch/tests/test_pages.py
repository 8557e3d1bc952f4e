"""The alert pages: who may see them, the acknowledgement (a note is required,
and it is audited) and the rule settings."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff, sign_in
from sentinelle.watch import engine
from sentinelle.watch.models import Alert, RuleKind, WatchRule

from .factories import at, download, only

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return create_staff("privacy_officer", region_code="HQ", full_name="Isabelle Privacy")


@pytest.fixture
def agent():
    return create_staff("investigator", region_code="QC", full_name="Amélie Investigator")


def raise_alert(user, day: str = "2026-02-10", count: int = 2) -> Alert:
    only(RuleKind.VOLUME_HOUR, count - 1)
    for n in range(count):
        download(user, at(f"{day} 10:{n:02d}"), case=n + 1)
    engine.run(at(f"{day} 10:30"))
    return Alert.objects.get(user=user, window_start=at(f"{day} 10:00"))


def client_for(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_privacy_officers_see_the_alerts_and_others_are_refused(agent, officer):
    alert = raise_alert(agent)
    pages = [reverse("watch:alert_list"), reverse("watch:alert_detail", args=[alert.pk]),
             reverse("watch:rule_settings")]
    client = client_for(officer)
    for url in pages:
        assert client.get(url).status_code == 200
    admin = client_for(create_staff("administrator", region_code="HQ"))
    for url in pages:
        assert admin.get(url).status_code == 200
    for who in (agent, create_staff("team_lead", region_code="HQ"), create_staff(region_code="ON")):
        other = client_for(who)
        for url in pages:
            assert other.get(url).status_code == 403
        assert other.post(reverse("watch:alert_acknowledge", args=[alert.pk]), {"note": "x"}).status_code == 403
    anonymous = Client()
    assert anonymous.get(pages[0]).status_code == 302
    assert AuditEvent.objects.filter(action="permission_denied", detail__permission="watch.view_alerts").count() == 12


def test_the_alert_page_lists_the_events_with_links_to_the_audit_log(agent, officer):
    alert = raise_alert(agent, count=3)
    response = client_for(officer).get(reverse("watch:alert_detail", args=[alert.pk]))
    html = response.content.decode()
    assert "Amélie Investigator" in html
    assert html.count("/staff/audit/?who=") == 3
    first = AuditEvent.objects.get(pk=alert.event_ids[0])
    assert f"who={agent.email.replace('@', '%40')}&amp;action=download&amp;since=2026-02-10&amp;until=2026-02-10" in html
    assert f"Entry {first.pk}" in html and f"until=2026-02-10&amp;event={first.pk}" in html
    # The staff member's local time, with the day of the week.
    assert "Tue 2026-02-10 10:00" in html


def test_acknowledging_requires_a_note_and_is_audited(agent, officer):
    alert = raise_alert(agent)
    client = client_for(officer)
    url = reverse("watch:alert_acknowledge", args=[alert.pk])
    response = client.post(url, {"note": "   "})
    assert response.status_code == 400
    assert "Write a note: an alert is acknowledged with what was checked." in response.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None

    response = client.post(url, {"note": "Asked her team lead: a hearing file for the tribunal."})
    assert response.status_code == 302 and response["Location"].endswith(f"/staff/watch/{alert.pk}/")
    alert.refresh_from_db()
    assert alert.acknowledged_by == officer and alert.acknowledged_count == 2 and not alert.is_open
    assert alert.note == "Asked her team lead: a hearing file for the tribunal."
    event = AuditEvent.objects.get(action="update", object_type="watch.alert", object_id=str(alert.pk))
    assert event.actor == officer
    assert event.detail["note"] == alert.note and event.detail["acknowledged"] is True
    page = client.get(response["Location"]).content.decode()
    assert "Alert acknowledged." in page and "a hearing file for the tribunal" in page


def test_an_administrator_sees_but_does_not_acknowledge(agent, officer):
    alert = raise_alert(agent)
    admin = client_for(create_staff("administrator", region_code="HQ"))
    page = admin.get(reverse("watch:alert_detail", args=[alert.pk])).content.decode()
    assert 'name="note"' not in page and "Only a privacy officer acknowledges alerts." in page
    response = admin.post(reverse("watch:alert_acknowledge", args=[alert.pk]), {"note": "fine"})
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_a_privacy_officer_does_not_acknowledge_an_alert_about_themselves(officer):
    alert = raise_alert(officer)
    client = client_for(officer)
    page = client.get(reverse("watch:alert_detail", args=[alert.pk])).content.decode()
    assert "This alert is about you: another privacy officer acknowledges it." in page
    response = client.post(reverse("watch:alert_acknowledge", args=[alert.pk]), {"note": "All fine."})
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_a_regional_privacy_officer_sees_the_alerts_of_their_region_only(agent):
    in_ontario = create_staff("investigator", region_code="ON", full_name="Priya Ontario")
    quebec_alert, ontario_alert = raise_alert(agent), raise_alert(in_ontario, day="2026-02-11")
    client = client_for(create_staff("privacy_officer", region_code="QC"))
    listing = client.get(reverse("watch:alert_list")).content.decode()
    assert "Amélie Investigator" in listing and "Priya Ontario" not in listing
    assert client.get(reverse("watch:alert_detail", args=[quebec_alert.pk])).status_code == 200
    assert client.get(reverse("watch:alert_detail", args=[ontario_alert.pk])).status_code == 404


def test_the_list_puts_open_alerts_first_and_filters(agent, officer):
    older = raise_alert(agent, day="2026-02-09")
    newer = raise_alert(agent, day="2026-02-10")
    newer.acknowledged_by, newer.acknowledged_count, newer.note = officer, newer.count, "Checked."
    newer.acknowledged_at = at("2026-02-10 12:00")
    newer.save()
    client = client_for(officer)
    page = client.get(reverse("watch:alert_list"))
    assert [a.pk for a in page.context["page"].object_list] == [older.pk, newer.pk]
    assert "1 open alert" in page.content.decode()
    # Periods in the staff member's local time: the hour of the downloads.
    assert "2026-02-09 10:00–11:00" in page.content.decode()
    acknowledged = client.get(reverse("watch:alert_list"), {"status": "acknowledged"})
    assert [a.pk for a in acknowledged.context["page"].object_list] == [newer.pk]
    opened = client.get(reverse("watch:alert_list"), {"status": "open", "who": "amélie"})
    assert [a.pk for a in opened.context["page"].object_list] == [older.pk]
    by_date = client.get(reverse("watch:alert_list"), {"since": "2026-02-10", "until": "2026-02-10"})
    assert [a.pk for a in by_date.context["page"].object_list] == [newer.pk]
    none = client.get(reverse("watch:alert_list"), {"rule": "leaving"})
    assert list(none.context["page"].object_list) == []
    wrong = client.get(reverse("watch:alert_list"), {"since": "yesterday", "rule": "nonsense"})
    assert wrong.status_code == 400
    assert "Correct the filters to see the alerts." in wrong.content.decode()


def _rule_data(changes: dict[str, dict[str, object]]) -> dict[str, object]:
    rules = list(WatchRule.objects.order_by("id"))
    data: dict[str, object] = {"form-TOTAL_FORMS": len(rules), "form-INITIAL_FORMS": len(rules)}
    for n, rule in enumerate(rules):
        values = {"threshold": rule.threshold, "enabled": rule.enabled, **changes.get(rule.kind, {})}
        data[f"form-{n}-id"] = rule.pk
        data[f"form-{n}-threshold"] = values["threshold"]
        if values["enabled"]:
            data[f"form-{n}-enabled"] = "on"
    return data


def test_privacy_officers_change_the_rules_and_it_is_audited(officer):
    client = client_for(officer)
    response = client.post(reverse("watch:rule_settings"),
                           _rule_data({"volume_hour": {"threshold": 12}, "off_hours": {"enabled": False}}))
    assert response.status_code == 302
    rules = {r.kind: r for r in WatchRule.objects.all()}
    assert rules["volume_hour"].threshold == 12 and not rules["off_hours"].enabled
    assert rules["volume_hour"].updated_by == officer
    changes = AuditEvent.objects.filter(action="update", object_type="watch.watchrule").order_by("pk")
    assert [(e.object_id, e.detail["after"]) for e in changes] == [
        (str(rules["volume_hour"].pk), {"threshold": 12}), (str(rules["off_hours"].pk), {"enabled": False})]
    assert changes[0].detail["before"] == {"threshold": 30}


def test_a_wrong_threshold_is_refused_in_words(officer):
    client = client_for(officer)
    response = client.post(reverse("watch:rule_settings"),
                           _rule_data({"volume_hour": {"threshold": -1}, "volume_day": {"threshold": "many"}}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Threshold: Many downloads in one hour: Ensure this value is greater than or equal to 0." in html
    assert "Threshold: Many downloads in one day: Enter a whole number." in html
    assert WatchRule.objects.get(kind="volume_hour").threshold == 30


def test_an_administrator_reads_the_rules_but_does_not_change_them(officer):
    admin = client_for(create_staff("administrator", region_code="HQ"))
    page = admin.get(reverse("watch:rule_settings")).content.decode()
    assert 'name="form-0-threshold"' not in page
    assert admin.post(reverse("watch:rule_settings"), _rule_data({"volume_hour": {"threshold": 1}})).status_code == 403
    assert WatchRule.objects.get(kind="volume_hour").threshold == 30


def test_the_pages_are_in_french_too(agent, officer):
    alert = raise_alert(agent)
    client = client_for(officer, language="fr")
    assert client.get(reverse("watch:alert_list")).status_code == 200
    assert client.get(f"/fr/staff/watch/{alert.pk}/").status_code == 200
    assert client.get("/fr/staff/watch/rules/").status_code == 200
