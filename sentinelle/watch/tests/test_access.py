"""Reaching an alert goes through `watch.access`, which audits every refusal
exactly once; alerts about staff outside one's region are simply not found."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff, sign_in
from sentinelle.watch.access import ACKNOWLEDGE, CHANGE_RULES, VIEW, access_alert
from sentinelle.watch.models import Alert, WatchRule

pytestmark = pytest.mark.django_db


def _alert(about) -> Alert:
    now = timezone.now()
    return Alert.objects.create(user=about, rule=WatchRule.objects.order_by("pk")[0], window_start=now,
                                window_end=now, count=40, threshold=30, first_event_at=now, last_event_at=now)


def _denied() -> list[tuple[object, str]]:
    return [(e.actor, e.detail["permission"]) for e in AuditEvent.objects.filter(action="permission_denied")]


def test_a_refusal_by_access_alert_is_audited_once(personas):
    alert = _alert(personas.investigator_qc)
    assert access_alert(personas.privacy_officer, alert.pk, VIEW) == alert
    with pytest.raises(Http404):
        access_alert(personas.admin, alert.pk, ACKNOWLEDGE)
    assert _denied() == [(personas.admin, ACKNOWLEDGE)]
    ontario_officer = create_staff("privacy_officer", region_code="ON")
    with pytest.raises(Http404):  # about staff of another region: not found, as if it did not exist
        access_alert(ontario_officer, alert.pk, VIEW)
    assert len(_denied()) == 1


def test_an_administrator_acknowledging_is_refused_and_audited_once(personas):
    alert = _alert(personas.investigator_qc)
    client = Client()
    sign_in(client, personas.admin)
    response = client.post(f"/en/staff/watch/{alert.pk}/acknowledge/", {"note": "Looks fine."})
    assert response.status_code == 403
    assert _denied() == [(personas.admin, ACKNOWLEDGE)]
    assert Alert.objects.get(pk=alert.pk).acknowledged_at is None


def test_an_administrator_changing_the_rules_is_refused_and_audited_once(personas):
    rule = WatchRule.objects.order_by("pk")[0]
    client = Client()
    sign_in(client, personas.admin)
    response = client.post("/en/staff/watch/rules/", {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
                                                      "form-0-id": str(rule.pk), "form-0-threshold": "1"})
    assert response.status_code == 403
    assert _denied() == [(personas.admin, CHANGE_RULES)]
    assert WatchRule.objects.get(pk=rule.pk).threshold == rule.threshold
