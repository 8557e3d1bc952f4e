"""The download watch in the browser: a privacy officer sees an alert, reads its
events and acknowledges it with a note; the list, the alert and the rule pages
pass axe-core with no violation, in French and in English."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff
from sentinelle.watch import engine
from sentinelle.watch.models import Alert, WatchRule

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def officer() -> User:
    return create_staff("privacy_officer", region_code="HQ", full_name="Isabelle Privacy")


def an_alert() -> Alert:
    """Six downloads by an investigator late yesterday evening: above the
    off-hours threshold (5)."""
    agent = create_staff("investigator", region_code="QC", full_name="Olivier Tremblay")
    zone = zoneinfo.ZoneInfo("America/Toronto")
    yesterday = timezone.localdate() - timedelta(days=1)
    start = datetime.combine(yesterday, datetime.min.time(), tzinfo=zone).replace(hour=21)
    for k in range(6):
        AuditEvent.objects.create(actor=agent, actor_label=agent.email, action="download", object_type="cases.case",
                                  object_id=str(k + 1), object_label=f"C-2026-{k + 1:05d}",
                                  occurred_at=start + timedelta(minutes=k), detail={"document": k + 1})
    WatchRule.objects.exclude(kind="off_hours").update(enabled=False)
    engine.run(start + timedelta(hours=1))
    return Alert.objects.get()


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_privacy_officer_acknowledges_an_alert(page: Page, language: str) -> None:
    alert = an_alert()
    sign_in(page, officer(), language=language)
    open_page(page, f"/{language}/staff/watch/")
    assert page.locator("table.data tbody tr").count() == 1
    assert_accessible(page)

    page.locator(f'table.data a[href$="/staff/watch/{alert.pk}/"]').click()
    page.wait_for_url(f"**/staff/watch/{alert.pk}/")
    assert page.locator("#events-caption").is_visible()
    assert page.locator('table.data a[href*="/staff/audit/?who="]').count() == 6
    assert_accessible(page)

    submit(page, "note")  # no note: refused in words
    assert page.get_by_role("alert").is_visible()
    assert page.locator('[aria-invalid="true"]').count() == 1
    assert_accessible(page)

    page.fill('textarea[name="note"]', "Checked with the team lead: a hearing the next morning.")
    submit(page, "note")
    assert page.url.endswith(f"/{language}/staff/watch/{alert.pk}/")
    assert page.get_by_text("Checked with the team lead: a hearing the next morning.").is_visible()
    assert page.locator('textarea[name="note"]').count() == 0
    assert_accessible(page)
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None and not alert.is_open

    open_page(page, f"/{language}/staff/watch/?status=acknowledged")
    assert page.locator("table.data tbody tr").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_rule_settings(page: Page, language: str) -> None:
    sign_in(page, officer(), language=language)
    open_page(page, f"/{language}/staff/watch/rules/")
    assert page.locator("table.data tbody tr").count() == 5
    assert_accessible(page)

    page.fill('input[name="form-0-threshold"]', "-3")
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    page.fill('input[name="form-0-threshold"]', "12")
    submit(page)
    assert page.locator('input[name="form-0-threshold"]').input_value() == "12"
    assert_accessible(page)
    assert WatchRule.objects.get(kind="volume_hour").threshold == 12
