"""Reports sent from one client: a bucket of REPORTS_PER_HOUR (20) that refills
over the hour, shared by every app server (a database row), answered with 429,
a clear message in the worker's language and every answer kept.

The bucket's clock is `intake.allowance.now`, set by the tests (no sleeping)."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.utils import translation

from sentinelle.intake import allowance
from sentinelle.intake.models import ClientAllowance, Report
from sentinelle.intake.tests.test_public_helpers import (
    answers,
    current_step,
    file_report,
    receipt_code_of,
    send_data,
    walk_to_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}


@pytest.fixture
def clock(monkeypatch):
    moment = {"at": 1_800_000_000.0}
    monkeypatch.setattr(allowance, "now", lambda: moment["at"])
    return moment


def _says(language: str, singular: str, plural: str, number: int, **params) -> str:
    with translation.override(language):
        return html.escape(translation.ngettext(singular, plural, number) % params)


WAIT = ("Many reports were sent from this connection in the last hour. Your answers are kept: "
        "press “Send my report” again in %(minutes)s minute. Choose your files again if you added some. "
        "If you need help now, call the tip line at %(phone)s.",
        "Many reports were sent from this connection in the last hour. Your answers are kept: "
        "press “Send my report” again in %(minutes)s minutes. Choose your files again if you added some. "
        "If you need help now, call the tip line at %(phone)s.")


def test_twenty_reports_an_hour_is_the_default(settings):
    assert settings.REPORTS_PER_HOUR == 20


@pytest.mark.parametrize("language", ["es", "tl", "fr", "en"])
def test_past_the_limit_a_report_waits_with_every_answer_kept_in_the_workers_language(
        settings, clock, language):
    settings.REPORTS_PER_HOUR = 2
    worker = Client(REMOTE_ADDR="203.0.113.90")
    for _report in range(2):
        file_report(worker, language=language)
    given = answers(employer_name="Ferme Distincte Rivière")
    review = walk_to_review(worker, language=language, given=given)
    response = worker.post(f"/{language}/report/", send_data(review))
    assert response.status_code == 429
    page = response.content.decode()
    assert _says(language, *WAIT, 30, minutes=30, phone=settings.TIP_LINE_PHONE) in page
    assert current_step(response) == "review"
    assert "Ferme Distincte Rivière" in page  # nothing typed is lost
    assert Report.objects.count() == 2

    # Another connection is not slowed; and this one sends once a report is back.
    file_report(Client(REMOTE_ADDR="192.0.2.91"), language=language)
    clock["at"] += 30 * 60
    again = worker.post(f"/{language}/report/", send_data(response))
    assert again.status_code == 200 and receipt_code_of(again)
    assert Report.objects.filter(employer_name="Ferme Distincte Rivière").count() == 1


def test_sending_the_same_report_again_costs_nothing(settings, clock):
    settings.REPORTS_PER_HOUR = 2
    worker = Client(REMOTE_ADDR="203.0.113.92")
    data = send_data(walk_to_review(worker))
    codes = {receipt_code_of(worker.post("/en/report/", data)) for _retry in range(4)}
    assert len(codes) == 1 and Report.objects.count() == 1
    file_report(worker)
    assert Report.objects.count() == 2


def test_the_count_is_a_database_row_under_a_keyed_hash_shared_by_every_server(settings, clock):
    settings.REPORTS_PER_HOUR = 1
    file_report(Client(REMOTE_ADDR="203.0.113.93"))
    row = ClientAllowance.objects.get(key__startswith="report:")
    assert "203.0.113.93" not in row.key and row.tokens < 1
    # A second app server reads the same row: a client object with no shared memory.
    other_server = Client(REMOTE_ADDR="203.0.113.93")
    review = walk_to_review(other_server)
    assert other_server.post("/en/report/", send_data(review)).status_code == 429
