"""`seed_demo` builds a small realistic dataset, and only once with --once."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.cases.models import Employer
from sentinelle.intake import escalation as escalations
from sentinelle.intake.models import Channel, Escalation, Message, Referral, Report, ReportStatus
from sentinelle.intake.receipts import check_receipt_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_seed_demo_covers_every_role_region_sector_family_and_province(var_dir, capsys):
    call_command("seed_demo", employers=300, seed=7, reports=0)

    staff = User.objects.prefetch_related("roles").select_related("region")
    assert {code for u in staff for code in u.role_codes} == set(RoleCode.values)
    assert {u.region.code for u in staff} == set(Region.objects.values_list("code", flat=True))

    assert Employer.objects.count() == 300
    naics = set(Employer.objects.values_list("sector__naics_code", flat=True))
    # agriculture, food processing, accommodation and food services, construction,
    # caregiving, fish processing
    for prefix in ("111", "311", "72", "23", "8141", "3117"):
        assert any(code.startswith(prefix) for code in naics), prefix
    assert Employer.objects.values("province").distinct().count() >= 9
    quebec = Employer.objects.filter(province="QC").first()
    assert quebec.region.code == "QC"
    assert quebec.legal_name.endswith("inc.")

    accounts = json.loads((var_dir / "demo_accounts.json").read_text())
    assert len(accounts) == staff.count()
    assert (var_dir / "demo_accounts.json").stat().st_mode & 0o077 == 0


def test_demo_accounts_sign_in_with_their_printed_password_and_code(var_dir):
    import pyotp
    from django.test import Client

    call_command("seed_demo", employers=5, reports=0)
    account = json.loads((var_dir / "demo_accounts.json").read_text())[0]
    client = Client()
    assert client.post("/fr/accounts/login/", {"login": account["email"], "password": account["password"]}).status_code == 302
    code = pyotp.TOTP(account["totp_secret"]).now()
    assert client.post("/fr/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/fr/staff/").status_code == 200


def _counts() -> tuple[int, ...]:
    return (Report.objects.count(), Escalation.objects.count(), Message.objects.count(), Referral.objects.count())


def test_seed_demo_once_does_not_redo_what_is_done(var_dir, capsys):
    call_command("seed_demo", employers=20, once=True)
    before = (var_dir / "demo_accounts.json").read_text()
    receipts_before = (var_dir / "demo_receipts.json").read_text()
    counts = _counts()
    assert counts[0] == 60
    call_command("seed_demo", employers=20, once=True)
    assert Employer.objects.count() == 20
    assert _counts() == counts
    assert (var_dir / "demo_accounts.json").read_text() == before
    assert (var_dir / "demo_receipts.json").read_text() == receipts_before
    assert "already loaded" in capsys.readouterr().out

    # Without --once, staff credentials are reset and employers added, but no report is made twice.
    call_command("seed_demo", employers=20)
    assert _counts() == counts
    assert (var_dir / "demo_receipts.json").read_text() == receipts_before


def test_same_seed_gives_the_same_employers(var_dir):
    from sentinelle.demo.base import build_employers

    build_employers(50, seed=11)
    first = list(Employer.objects.order_by("id").values_list("legal_name", "city", "province"))
    Employer.objects.all().delete()
    build_employers(50, seed=11)
    second = list(Employer.objects.order_by("id").values_list("legal_name", "city", "province"))
    assert first == second


# Tip-line reports -----------------------------------------------------------------

REFERENCE = re.compile(r">(R-\d{4}-[A-Z0-9]{8})</a>")


@pytest.fixture
def demo_accounts(var_dir) -> dict[str, dict[str, str]]:
    call_command("seed_demo", employers=60, once=True)
    accounts = json.loads((var_dir / "demo_accounts.json").read_text())
    return {a["full_name"]: a for a in accounts}


def _signed_in(account: dict[str, str]) -> Client:
    import pyotp

    client = Client()
    response = client.post("/en/accounts/login/", {"login": account["email"], "password": account["password"]})
    assert response.status_code == 302
    response = client.post("/en/accounts/2fa/authenticate/", {"code": pyotp.TOTP(account["totp_secret"]).now()})
    assert response.status_code == 302
    return client


def test_every_regions_triage_queue_has_reports_in_several_languages(demo_accounts):
    languages: set[str] = set()
    escalated = False
    # The people who triage: intake agents in Quebec and Ontario, team leads elsewhere.
    for name in ("Sylvie Côté", "Grace Mensah", "Claire LeBlanc", "Sarah Thompson"):
        account = demo_accounts[name]
        response = _signed_in(account).get("/en/staff/reports/")
        assert response.status_code == 200
        html = response.content.decode()
        references = REFERENCE.findall(html)
        assert len(references) >= 3, name
        reports = Report.objects.filter(reference__in=references).select_related("region")
        assert {r.region.code for r in reports} == {account["region"]}
        languages |= {r.language for r in reports}
        escalated = escalated or "Escalation open" in html
    assert languages == {"fr", "en", "es", "tl"}
    assert escalated


def test_demo_reports_look_like_a_tip_line_s_intake(demo_accounts):
    reports = Report.objects.all()
    assert reports.count() == 60
    assert set(reports.values_list("channel", flat=True)) == set(Channel.values)
    assert set(reports.values_list("anonymous", flat=True)) == {True, False}
    assert reports.values("employer_province").distinct().count() >= 7
    sectors = Counter(code[:2] for code in reports.values_list("sector__naics_code", flat=True))
    assert sectors.most_common(1)[0][0] == "11"  # agriculture
    assert sectors["11"] > reports.count() / 2
    assert len(set(reports.values_list("allegations__category", flat=True))) >= 7
    today = timezone.localdate()
    assert reports.filter(submitted_on=today).exists()
    assert reports.filter(submitted_on__lte=today - timedelta(days=40)).exists()
    assert not reports.filter(submitted_on__lt=today - timedelta(days=61)).exists()
    # Scores come from the triage rules; a few reports are triaged already, none has a case.
    assert reports.filter(risk_score__gt=0).count() == 60
    assert any(term["kind"] == "repeat_employer" for r in reports for term in r.risk_explanation)
    assert reports.filter(status=ReportStatus.IN_REVIEW).exists()
    assert reports.filter(case__isnull=False).count() == 0
    assert Message.objects.filter(from_worker=True).exists()


def test_demo_reports_taken_in_person_name_a_service_point_of_their_province(demo_accounts):
    in_person = Report.objects.filter(channel=Channel.IN_PERSON).select_related("service_point")
    assert in_person.exists()
    for report in in_person:
        assert report.service_point is not None and report.service_point.province == report.employer_province
    assert not Report.objects.exclude(channel=Channel.IN_PERSON).filter(service_point__isnull=False).exists()


def test_escalation_board_shows_an_overdue_escalation_and_a_met_one_with_its_referral(demo_accounts):
    now = timezone.now()
    # The escalations the workers' urgent answers opened (an inspection's escalation of a case aside).
    demo_escalations = list(Escalation.objects.filter(report__isnull=False).select_related("report"))
    states = Counter(escalations.status_of(e, now) for e in demo_escalations)
    assert states["overdue"] == 1 and states["breached"] == 1 and states["met"] == 1 and states["open"] >= 2
    # Every one was opened by the worker's own answer to an urgency question.
    assert all(e.report.is_urgent and e.opened_by is None for e in demo_escalations)

    met = Escalation.objects.get(met_at__isnull=False)
    referral = met.referrals.select_related("partner").get()
    assert met.measures and met.met_within_target()
    assert referral.partner.code == "cnesst" and referral.reply

    html = _signed_in(demo_accounts["Daniel Wong"]).get("/en/staff/reports/escalations/").content.decode()
    assert "escalation is past its 24-hour target" in html
    assert "Overdue: the 24-hour target has passed" in html
    html = _signed_in(demo_accounts["Nathalie Roy"]).get("/en/staff/reports/escalations/").content.decode()
    assert met.report.reference in html.split("Met in the last")[1]


def test_printed_demo_receipt_codes_open_their_reports(demo_accounts, var_dir, capsys):
    capsys.readouterr()
    call_command("demo_accounts")
    printed = capsys.readouterr().out.split("Demo receipt codes")[1]
    found = re.findall(r"report (R-\d{4}-[A-Z0-9]{8})\s+receipt code: (\d{5}-\d{5}-\d{5}-\d{5})", printed)
    assert len(found) == 3
    languages = []
    for reference, code in found:
        report = check_receipt_code(code)
        assert report is not None and report.reference == reference
        languages.append(report.language)
        assert report.messages.filter(from_worker=False).exists()
        assert report.messages.filter(from_worker=True).exists()
    assert sorted(languages) == ["es", "fr", "tl"]
    assert (var_dir / "demo_receipts.json").stat().st_mode & 0o077 == 0

    # The worker's view: the follow-up page shows the officer's message.
    reference, code = found[0]
    report = Report.objects.get(reference=reference)
    response = Client().post(f"/{report.language}/follow-up/", {"code": code})
    assert response.status_code == 200
    officer = report.messages.filter(from_worker=False).first()
    assert escape(officer.body) in response.content.decode()


def test_same_seed_gives_the_same_reports():
    from sentinelle.demo.reports import plan_reports

    now = timezone.now()

    def plan(seed: int) -> list[tuple[str, str, str, str]]:
        return [(p.key, p.language, p.province, p.fields["description"])
                for p in plan_reports(60, seed=seed, now=now, employers=[])]

    assert plan(11) == plan(11)
    assert plan(11) != plan(12)
