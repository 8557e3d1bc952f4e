"""The moment a worker's report arrives is kept and shown only to the hour
(`lib.anonymity`): a report filed at 14:37 shows 14:00 everywhere staff can look
(pages, the API, exports, the audit page), and its escalation clock runs from
14:00, so its target and deadline only come earlier.

The clock: `django.utils.timezone.now` set to a chosen moment (the code reads the
time through it), yesterday at 14:37:23 for the worker, then later for staff."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.intake import triage
from sentinelle.intake.models import Escalation, Message, Report
from sentinelle.intake.tests.test_public_helpers import answers, file_report, receipt_code_of
from sentinelle.test import api_token_for, create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


_REAL_NOW = timezone.now


def _yesterday_at(hour: int, minute: int, second: int = 0) -> datetime:
    day = timezone.localdate(_REAL_NOW()) - timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=timezone.get_current_timezone())


ARRIVAL = (14, 37, 23)


def _minute_marks(moment: datetime) -> re.Pattern[str]:
    """The minute of `moment` written any way a page, a file or the API could:
    local or UTC, 14:37, 14h37, 14 h 37, T19:37."""
    hours = {timezone.localtime(moment).hour, moment.astimezone(timezone.UTC).hour}
    hour_12 = {h % 12 or 12 for h in hours}
    minute = f"{moment.minute:02d}"
    either = "|".join(f"0?{h}" for h in sorted(hours | hour_12))
    return re.compile(rf"(?<!\d)(?:{either})\s*[:hH]\s*{minute}(?!\d)")


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def set(self, moment: datetime) -> None:
        self.monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return "\n".join(" ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True))


def test_an_urgent_report_filed_at_14_37_shows_14_00_everywhere_and_its_clock_only_comes_earlier(clock):
    arrival = _yesterday_at(*ARRIVAL)
    clock.set(arrival)
    worker = Client()
    sent = file_report(worker, given=answers(danger_now="yes"))
    code = receipt_code_of(sent)
    # The worker comes back a minute later and adds a message.
    clock.set(arrival + timedelta(minutes=1))
    assert worker.post("/en/follow-up/reply/", {"code": code, "body": "Ils nous menacent encore."}).status_code == 200

    report = Report.objects.get()
    escalation = Escalation.objects.get(report=report)
    hour = _yesterday_at(14, 0)
    assert escalation.opened_at == hour
    assert escalation.target_at == hour + Escalation.TARGET <= arrival + Escalation.TARGET
    assert escalation.deadline_at == hour + Escalation.DEADLINE <= arrival + Escalation.DEADLINE
    worker_events = AuditEvent.objects.filter(actor__isnull=True)
    assert worker_events.count() >= 3  # the report, its escalation, the message
    assert set(worker_events.values_list("occurred_at", flat=True)) == {hour}
    assert Message.objects.get(from_worker=True).sent_at is None

    # Staff work on it two hours later (their own times are exact, at 16:51).
    clock.set(_yesterday_at(16, 51))
    lead = create_staff("team_lead", "intake_agent", region_code="QC")
    officer = create_staff("privacy_officer", region_code="HQ")
    triage.match_employer(report, create_employer("QC"), actor=lead)
    case = triage.open_case(Report.objects.get(pk=report.pk), actor=lead)

    staff = Client()
    sign_in(staff, lead)
    outputs: dict[str, str] = {}
    for language in ("en", "fr"):
        for path in ("staff/reports/", f"staff/reports/{report.pk}/", "staff/reports/escalations/",
                     f"staff/reports/escalations/{escalation.pk}/", f"staff/cases/{case.reference}/",
                     "staff/decisions/"):
            response = staff.get(f"/{language}/{path}")
            assert response.status_code == 200, path
            outputs[f"/{language}/{path}"] = response.content.decode()
    for fmt in ("csv", "xlsx"):
        response = staff.get(f"/en/staff/decisions/export.{fmt}")
        assert response.status_code == 200
        outputs[fmt] = _xlsx_text(response.content) if fmt == "xlsx" else response.content.decode("utf-8-sig")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(lead)}")
    for path in ("cases", f"cases/{case.reference}"):
        response = api.get(f"/api/v1/{path}")
        assert response.status_code == 200, path
        outputs[f"api {path}"] = response.content.decode()
    auditor = Client()
    sign_in(auditor, officer)
    for language in ("en", "fr"):
        response = auditor.get(f"/{language}/staff/audit/")
        assert response.status_code == 200
        outputs[f"audit {language}"] = response.content.decode()

    minute = _minute_marks(arrival)
    following = _minute_marks(arrival + timedelta(minutes=1))
    for where, text in outputs.items():
        assert not minute.search(text), (where, minute.search(text))
        assert not following.search(text), (where, following.search(text))
    assert re.search(r"14:00", outputs[f"/en/staff/reports/escalations/{escalation.pk}/"])
    assert report.reference in outputs["audit en"]


def test_a_report_an_intake_agent_records_keeps_its_arrival_to_the_hour_too(clock):
    arrival = _yesterday_at(9, 43, 5)
    clock.set(arrival)
    agent = create_staff("intake_agent", region_code="QC")
    staff = Client()
    sign_in(staff, agent)
    html = staff.get("/en/staff/reports/new/").content.decode()
    nonce = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    response = staff.post("/en/staff/reports/new/", {
        "idempotency_key": nonce, "channel": "phone", "language": "es", "who": "anonymous",
        "danger_now": "no", "hazard_now": "yes", "employer_name": "Ferme Dubé", "employer_province": "QC",
        "allegations": ["health_safety"], "description": "Pesticides sprayed while we work.",
        "since": "week", "workers_affected": "6-20",
    })
    assert response.status_code == 200
    report = Report.objects.get()
    hour = _yesterday_at(9, 0)
    created = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="intake.report")
    assert created.actor == agent and created.occurred_at == hour
    escalation = Escalation.objects.get(report=report)
    assert escalation.opened_at == hour and escalation.target_at <= arrival + Escalation.TARGET
