"""Coming back with the receipt code: status, messages, replies, and the token
bucket on wrong codes (a burst of tries, then one every few minutes, never an hour
locked out).

The buckets' clock is `intake.allowance.now`, set by the tests (no sleeping)."""

from __future__ import annotations

import ipaddress
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory

from sentinelle.intake import allowance, receipts
from sentinelle.intake.models import Attachment, Message, Report, ReportStatus
from sentinelle.intake.services import send_staff_message
from sentinelle.intake.tests.test_public_helpers import file_report, png_bytes, receipt_code_of
from sentinelle.lib import throttle
from sentinelle.test import create_staff

pytestmark = pytest.mark.django_db
URL = "/en/follow-up/"
REPLY_URL = "/en/follow-up/reply/"
NOT_FOUND = "We could not find a report with this code. Check the 20 digits."


@pytest.fixture(autouse=True)
def _clean_cache_and_files(tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}
    cache.clear()


@pytest.fixture
def filed() -> tuple[Report, str]:
    response = file_report(Client())
    return Report.objects.get(), receipt_code_of(response)


def wrong_code() -> str:
    return receipts.new_receipt_code()


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_a_right_code_shows_the_status_and_the_staff_message_and_marks_it_read(filed):
    report, code = filed
    officer = create_staff("investigator", region_code="QC")
    message = send_staff_message(report, "Bonjour. Combien de travailleurs sont logés avec vous ?", actor=officer)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.CASE_OPENED)

    # Any spacing, with or without dashes.
    response = Client().post(URL, {"code": code.replace(" ", "")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Combien de travailleurs sont logés avec vous ?" in html
    assert "Because of your report, we opened an inspection." in html
    assert "Message from an officer" in html
    assert officer.full_name not in html and officer.email not in html
    assert "Inspection opened" not in html  # the staff word, not the worker's sentence
    assert f'name="code" value="{code.replace(" ", "-")}"' in html
    assert "no-store" in response["Cache-Control"]
    message.refresh_from_db()
    assert message.read_by_worker_on is not None


@pytest.mark.parametrize("status", list(ReportStatus))
def test_every_status_has_a_plain_sentence(filed, status):
    report, code = filed
    Report.objects.filter(pk=report.pk).update(status=status)
    html = Client().post(URL, {"code": code}).content.decode()
    assert re.search(r"<h2>Where your report is</h2>\s*<p>[A-Z][^<]{20,}\.</p>", html)


def test_a_reply_is_stored_as_from_the_worker_with_its_file(filed):
    report, code = filed
    dashed = code.replace(" ", "-")
    response = Client().post(REPLY_URL, {"code": dashed, "body": "Nous sommes douze.",
                                         "attachments": [SimpleUploadedFile("maison.png", png_bytes())]})
    assert response.status_code == 200
    assert "Your message was sent." in response.content.decode()
    message = Message.objects.get(report=report)
    assert message.from_worker and message.body == "Nous sommes douze." and message.author is None
    assert message.sent_at is None  # the day only, like the report
    # The file name is encrypted at rest: compared in Python, not by the database.
    assert "maison.png" in [a.original_name for a in Attachment.objects.filter(report=report)]
    assert "Nous sommes douze." in response.content.decode()


def test_a_reply_with_a_lying_file_is_refused_and_the_text_kept(filed):
    _report, code = filed
    response = Client().post(REPLY_URL, {"code": code, "body": "Voici la photo.",
                                         "attachments": [SimpleUploadedFile("photo.jpg", b"plain text")]})
    html = response.content.decode()
    assert "“photo.jpg” is not a photo, a PDF or an office document." in html
    assert "Voici la photo." in html
    assert not Message.objects.exists()


def test_an_empty_reply_asks_for_a_message_or_a_file(filed):
    _report, code = filed
    response = Client().post(REPLY_URL, {"code": code, "body": "  "})
    assert "Write a message or add a file." in response.content.decode()
    assert not Message.objects.exists()


def test_a_reply_with_a_changed_code_is_refused_and_counted(filed):
    _report, _code = filed
    response = client_at("203.0.113.9").post(REPLY_URL, {"code": wrong_code(), "body": "Hello"})
    assert NOT_FOUND in response.content.decode()
    assert not Message.objects.exists()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert allowance.current(request, allowance.follow_up()).left == 9


def test_a_wrong_code_says_so_and_keeps_what_was_typed():
    typed = "12345 67890 12345 67890"
    response = Client().post(URL, {"code": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert NOT_FOUND in html
    assert f'value="{typed}"' in html
    assert re.search(r'name="code"[^>]*aria-invalid="true"', html)


def test_a_code_that_is_not_twenty_digits_is_a_typo_and_costs_no_try():
    client = client_at("203.0.113.10")
    for _try in range(15):
        response = client.post(URL, {"code": "1234 5678"})
        assert "A receipt code has 20 digits." in response.content.decode()
    assert response.status_code == 200


def test_ten_wrong_codes_then_even_the_right_code_waits_but_other_workers_get_in(filed, settings):
    _report, code = filed
    assert settings.FOLLOW_UP_TRIES_BURST == 10
    guesser = client_at("203.0.113.66")
    for tried in range(1, 11):
        response = guesser.post(URL, {"code": wrong_code()})
        assert response.status_code == 200
        assert NOT_FOUND in response.content.decode()
        left = 10 - tried
        if left:
            assert (f"You can try {left} more time{'s' if left > 1 else ''} now; "
                    "after that, one try every 10 minutes.") in response.content.decode()
        else:
            assert "That was the last try for now. You can try again in 10 minutes." in response.content.decode()

    blocked = guesser.post(URL, {"code": code})
    assert blocked.status_code == 429
    assert "Too many tries" in blocked.content.decode() and "1-866-602-9448" in blocked.content.decode()
    assert "the next try is possible in 10 minutes" in blocked.content.decode()
    assert guesser.post(REPLY_URL, {"code": code, "body": "x"}).status_code == 429
    assert not Message.objects.exists()

    worker = client_at("192.0.2.44")
    response = worker.post(URL, {"code": code})
    assert response.status_code == 200 and "Where your report is" in response.content.decode()


class Clock:
    """The buckets' clock, moved by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = 1_800_000_000.0
        monkeypatch.setattr(allowance, "now", lambda: self.at)

    def forward(self, seconds: float) -> None:
        self.at += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_after_the_burst_one_try_comes_back_every_ten_minutes_never_an_hour(filed, clock):
    _report, code = filed
    guesser = client_at("203.0.113.67")
    for _try in range(10):
        guesser.post(URL, {"code": wrong_code()})
    assert guesser.post(URL, {"code": code}).status_code == 429
    clock.forward(9 * 60)
    refused = guesser.post(URL, {"code": wrong_code()})
    assert refused.status_code == 429 and "the next try is possible in 1 minute." in refused.content.decode()
    clock.forward(60)
    # One try is back: a wrong guess uses it, and the next waits ten minutes again.
    response = guesser.post(URL, {"code": wrong_code()})
    assert response.status_code == 200
    assert "That was the last try for now. You can try again in 10 minutes." in response.content.decode()
    assert guesser.post(URL, {"code": code}).status_code == 429
    clock.forward(10 * 60)
    assert guesser.post(URL, {"code": code}).status_code == 200
    # The right code cost nothing: it can be used again at once.
    assert guesser.post(URL, {"code": code}).status_code == 200


def test_another_worker_on_the_same_connection_gets_in_with_the_right_code_once_a_try_is_back(filed, clock):
    """Farm housing: one Wi-Fi, one address. Someone guessed; the worker waits
    minutes, not an hour."""
    _report, code = filed
    guesser, worker = client_at("203.0.113.70"), client_at("203.0.113.70")
    for _try in range(12):
        guesser.post(URL, {"code": wrong_code()})
    assert worker.post(URL, {"code": code}).status_code == 429
    clock.forward(10 * 60)
    response = worker.post(URL, {"code": code})
    assert response.status_code == 200 and "Where your report is" in response.content.decode()
    assert worker.post(REPLY_URL, {"code": code, "body": "Merci."}).status_code == 200
    assert Message.objects.filter(from_worker=True).count() == 1


def test_in_a_day_one_connection_gets_at_most_the_burst_and_one_try_every_ten_minutes(filed, clock):
    _report, _code = filed
    guesser = client_at("203.0.113.71")
    tried = 0
    for _minute in range(0, 24 * 60, 5):  # a try every five minutes for a day
        if guesser.post(URL, {"code": wrong_code()}).status_code == 200:
            tried += 1
        clock.forward(300)
    assert tried <= 10 + 24 * 60 // 10
    assert tried >= 24 * 60 // 10


def test_right_codes_do_not_reset_the_count(filed):
    _report, code = filed
    guesser = client_at("203.0.113.68")
    for _try in range(9):
        guesser.post(URL, {"code": wrong_code()})
    assert guesser.post(URL, {"code": code}).status_code == 200
    guesser.post(URL, {"code": wrong_code()})
    assert guesser.post(URL, {"code": code}).status_code == 429


def test_the_client_is_known_by_a_keyed_hash_that_changes_every_day():
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="198.51.100.77")
    other = factory.get("/", REMOTE_ADDR="198.51.100.78")
    today, yesterday = date(2026, 3, 2), date(2026, 3, 1)
    key = throttle.client_key(one, "follow-up", today)
    assert "198.51.100.77" not in key
    assert key != throttle.client_key(one, "follow-up", yesterday)
    assert key != throttle.client_key(other, "follow-up", today)
    assert key != throttle.client_key(one, "another-scope", today)
    assert re.fullmatch(r"follow-up:[0-9a-f]{64}", key)


def test_midnight_gives_no_fresh_burst_the_new_day_starts_where_yesterday_stands(monkeypatch, clock):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")
    policy = allowance.follow_up()
    monkeypatch.setattr(throttle, "_today", lambda: date(2026, 3, 1))
    for _try in range(10):
        assert allowance.take(request, policy).granted
    monkeypatch.setattr(throttle, "_today", lambda: date(2026, 3, 1) + timedelta(days=1))
    assert not allowance.take(request, policy).granted
    clock.forward(10 * 60)
    assert allowance.take(request, policy).granted
    assert not allowance.take(request, policy).granted


def test_an_ipv6_client_counts_by_its_64_bit_prefix():
    factory = RequestFactory()
    first = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    same_network = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other_network = factory.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    mapped = factory.get("/", REMOTE_ADDR="::ffff:198.51.100.77")
    assert throttle.client_address(first) == throttle.client_address(same_network) == "2001:db8:1:2::/64"
    assert throttle.client_address(other_network) != throttle.client_address(first)
    assert throttle.client_address(mapped) == "198.51.100.77"


def test_behind_a_trusted_load_balancer_the_client_is_the_hop_it_saw(settings):
    factory = RequestFactory()
    forged = "203.0.113.66, 198.51.100.7"  # the client wrote the first address itself
    via_balancer = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forged)
    settings.TRUSTED_PROXIES = []
    assert throttle.client_address(via_balancer) == "10.0.0.2"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert throttle.client_address(via_balancer) == "198.51.100.7"
    # Anyone else sending the header is not believed.
    direct = factory.get("/", REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert throttle.client_address(direct) == "192.0.2.5"


def _every_value_in_the_database() -> dict[str, str]:
    dump: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = [repr(value) for row in cursor.fetchall() for value in row]
    return {table: "\n".join(values) for table, values in dump.items()}


def test_neither_the_address_nor_the_daily_key_is_in_the_database(filed):
    _report, _code = filed
    address = "198.51.100.77"
    guesser = client_at(address)
    for _try in range(11):
        guesser.post(URL, {"code": wrong_code()})
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    key = throttle.client_key(request, "follow-up")
    secret = throttle.daily_key(throttle._today())
    forms_of_address = {address, str(int(ipaddress.ip_address(address))), ipaddress.ip_address(address).packed.hex()}
    dump = _every_value_in_the_database()
    for table, text in dump.items():
        for form in forms_of_address:
            assert form not in text, (table, form)
        assert secret.hex() not in text, table
        if table != "intake_clientallowance":
            assert key.split(":")[-1] not in text, table
    # The bucket is there, under the keyed hash only.
    assert key.split(":")[-1] in dump["intake_clientallowance"]
    assert allowance.current(request, allowance.follow_up()).left == 0
