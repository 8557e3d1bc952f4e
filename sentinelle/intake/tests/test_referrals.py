"""The referral strategy: a referral from a report, a case, an escalation, or a
report closed as outside the program's jurisdiction; its outcome followed
(sent → acknowledged → action taken / no action / no reply); the reminder when a
partner has not replied, sent once; inbound referrals; escalation from a case."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from sentinelle.accounts.models import Notification
from sentinelle.audit.models import AuditEvent
from sentinelle.intake import referrals, triage
from sentinelle.intake.models import (
    ClosingReason,
    Escalation,
    Partner,
    Referral,
    ReferralOrigin,
    ReferralOutcome,
    Report,
    ReportStatus,
)
from sentinelle.intake.referral_register import by_partner_and_outcome
from sentinelle.intake.tasks import remind_unanswered_referrals, send_escalation_reminders
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import api_token_for, at_once, create_case, create_staff, page_text, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return create_staff("intake_agent", region_code="QC", full_name="Sylvie Agente")


@pytest.fixture
def lead():
    return create_staff("team_lead", region_code="QC", full_name="Chantal Chef", email="chef@sentinelle.test")


@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC", full_name="Ines Enquêteuse")


def _partner(code: str) -> Partner:
    return Partner.objects.get(code=code)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# The partners -------------------------------------------------------------------------------


def test_the_partners_include_every_body_of_seed_002_and_both_bodies_of_each_province_and_territory():
    federal = set(Partner.objects.filter(province="").values_list("name_en", flat=True))
    assert {"Employment and Social Development Canada", "Immigration, Refugees and Citizenship Canada",
            "Canada Border Services Agency", "Royal Canadian Mounted Police", "Global Affairs Canada",
            "Health Canada", "Agriculture and Agri-Food Canada"} <= federal
    assert _partner("gac").name_fr == "Affaires mondiales Canada"
    for province in ("NL", "PE", "NS", "NB", "QC", "ON", "MB", "SK", "AB", "BC", "YT", "NT", "NU"):
        kinds = set(Partner.objects.filter(province=province, active=True).values_list("kind", flat=True))
        assert {Partner.Kind.EMPLOYMENT_STANDARDS, Partner.Kind.OHS} <= kinds, province
    for partner in Partner.objects.all():
        assert partner.name_en.strip() and partner.name_fr.strip()


# Closing a report as outside the program's jurisdiction ----------------------------------------


def test_closing_a_report_as_outside_the_jurisdiction_asks_which_body_and_refers_it(client, agent):
    sign_in(client, agent)
    report = make_report("QC")
    url = f"/en/staff/reports/{report.pk}/close/"
    page = client.post(url, {"close-reason": ClosingReason.NO_JURISDICTION})
    assert page.status_code == 400
    assert "Choose the authority the report goes to." in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and not Referral.objects.exists()

    answer = client.post(url, {"close-reason": ClosingReason.NO_JURISDICTION, "close-partner": _partner("cnesst-ns").pk,
                               "close-referral_means": "portal", "close-referral_what": "Complaint about wages."})
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.closing_reason == ClosingReason.NO_JURISDICTION
    referral = Referral.objects.get()
    assert (referral.origin, referral.report, referral.partner.code, referral.means, referral.what) == (
        ReferralOrigin.NO_JURISDICTION, report, "cnesst-ns", "portal", "Complaint about wages.")
    assert referral.outcome == ReferralOutcome.SENT and referral.region == report.region
    assert referral.communicated_by == agent
    page = client.get(f"/en/staff/reports/{report.pk}/").content.decode()
    assert "Report outside the program&#x27;s jurisdiction" in page or "Report outside the program's jurisdiction" in page


def test_the_closing_and_its_referral_are_one_transaction(agent):
    report = make_report("QC")
    gone = _partner("rcmp")
    Partner.objects.filter(pk=gone.pk).update(active=False)
    gone.refresh_from_db()
    with pytest.raises(triage.TriageError):
        triage.close_report(report, ClosingReason.NO_JURISDICTION, actor=agent, partner=gone)
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and not Referral.objects.exists()
    with pytest.raises(triage.TriageError):
        triage.close_report(report, ClosingReason.NO_JURISDICTION, actor=agent)
    # Another reason does not refer.
    triage.close_report(report, ClosingReason.DUPLICATE, actor=agent, partner=_partner("rcmp"))
    assert not Referral.objects.exists()


# Referrals from a report and a case --------------------------------------------------------------


def test_a_report_is_referred_without_an_escalation(client, agent):
    sign_in(client, agent)
    report = make_report("QC")
    url = f"/en/staff/reports/{report.pk}/refer/"
    assert client.get(url).status_code == 200
    when = timezone.now() - timedelta(hours=1)
    bad = client.post(url, {"referral-partner": _partner("gac").pk, "referral-means": "email",
                            "referral-communicated_at": _when(timezone.now() + timedelta(days=2)),
                            "referral-what": "Recruiter abroad charging fees."})
    assert bad.status_code == 400
    assert "Recruiter abroad charging fees." in bad.content.decode()  # nothing typed is lost
    assert not Referral.objects.exists()
    answer = client.post(url, {"referral-partner": _partner("gac").pk, "referral-means": "email",
                               "referral-communicated_at": _when(when), "referral-what": "Recruiter abroad charging fees."})
    assert answer.status_code == 302
    referral = Referral.objects.get()
    assert (referral.origin, referral.report, referral.case, referral.escalation) == (
        ReferralOrigin.REPORT, report, None, None)
    assert "Global Affairs Canada" in client.get(f"/en/staff/reports/{report.pk}/").content.decode()


def test_a_report_of_another_region_cannot_be_referred(client, agent):
    sign_in(client, agent)
    elsewhere = make_report("ON")
    assert client.get(f"/en/staff/reports/{elsewhere.pk}/refer/").status_code == 404
    assert client.post(f"/en/staff/reports/{elsewhere.pk}/refer/", {}).status_code == 404


def test_a_case_is_referred_and_the_referral_shows_on_its_page(client, investigator):
    sign_in(client, investigator)
    case = create_case("QC")
    page = client.get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert f"/en/staff/reports/cases/{case.reference}/refer/" in page
    answer = client.post(f"/en/staff/reports/cases/{case.reference}/refer/", {
        "referral-partner": _partner("cnesst").pk, "referral-means": "phone",
        "referral-communicated_at": _when(timezone.now() - timedelta(minutes=10)),
        "referral-what": "Scaffolding without guard rails."})
    assert answer.status_code == 302
    referral = Referral.objects.get()
    assert (referral.origin, referral.case, referral.region) == (ReferralOrigin.CASE, case, case.region)
    page = client.get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert "Scaffolding without guard rails." in page and "Referral – " in page
    # Quality reviewers read cases but do not refer them.
    reviewer = create_staff("qc_reviewer", region_code="QC")
    sign_in(client, reviewer)
    assert client.get(f"/en/staff/reports/cases/{case.reference}/refer/").status_code == 403


# The outcome -----------------------------------------------------------------------------------


def _sent(lead, days: float = 1, code: str = "cnesst", report: Report | None = None) -> Referral:
    return referrals.refer(_partner(code), means="email", communicated_at=timezone.now() - timedelta(days=days),
                           what="Unsafe spraying", actor=lead, report=report or make_report("QC"))


def test_the_outcome_moves_sent_acknowledged_then_action_taken_each_audited(client, lead):
    sign_in(client, lead)
    referral = _sent(lead, days=3)
    url = f"/en/staff/reports/referrals/{referral.pk}/"
    page = client.get(url).content.decode()
    assert "Outcome: Sent" in page
    at = _when(timezone.now() - timedelta(days=2))
    assert client.post(url, {"outcome": "acknowledged", "at": at, "note": "Received.",
                             "version": referral.version}).status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.ACKNOWLEDGED and referral.acknowledged_at is not None
    # A page opened before that save is refused, and changes nothing.
    stale = client.post(url, {"outcome": "no_action", "at": at, "version": referral.version - 1})
    assert "Somebody else saved this in the meantime" in stale.content.decode()
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.ACKNOWLEDGED
    assert client.post(url, {"outcome": "action_taken", "at": _when(timezone.now()), "note": "Order issued.",
                             "version": referral.version}).status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_note, referral.outcome_by) == (
        ReferralOutcome.ACTION_TAKEN, "Order issued.", lead)
    # A final outcome is final.
    assert referrals.next_outcomes(referral) == []
    assert client.post(url, {"outcome": "no_reply", "at": _when(timezone.now()),
                             "version": referral.version}).status_code == 400
    outcomes = [e.detail.get("outcome") for e in AuditEvent.objects.filter(
        object_type="intake.referral", object_id=str(referral.pk)).order_by("pk") if e.detail.get("outcome")]
    assert outcomes == ["acknowledged", "action_taken"]


@pytest.mark.parametrize("final", [ReferralOutcome.ACTION_TAKEN, ReferralOutcome.NO_ACTION, ReferralOutcome.NO_REPLY])
def test_each_final_outcome_is_reached_from_sent_or_acknowledged(lead, final):
    straight = _sent(lead)
    referrals.record_outcome(straight, final, actor=lead)
    assert Referral.objects.get(pk=straight.pk).outcome == final
    after = _sent(lead)
    referrals.record_outcome(after, ReferralOutcome.ACKNOWLEDGED, actor=lead)
    referrals.record_outcome(after, final, actor=lead)
    assert Referral.objects.get(pk=after.pk).outcome == final
    with pytest.raises(referrals.ReferralError):
        referrals.record_outcome(after, ReferralOutcome.ACKNOWLEDGED, actor=lead)


def test_an_outcome_cannot_predate_the_referral_nor_be_in_the_future(lead):
    referral = _sent(lead, days=2)
    with pytest.raises(referrals.ReferralError):
        referrals.record_outcome(referral, ReferralOutcome.ACKNOWLEDGED, actor=lead,
                                 at=referral.communicated_at - timedelta(hours=1))
    with pytest.raises(referrals.ReferralError):
        referrals.record_outcome(referral, ReferralOutcome.ACKNOWLEDGED, actor=lead,
                                 at=timezone.now() + timedelta(days=1))
    assert Referral.objects.get(pk=referral.pk).outcome == ReferralOutcome.SENT


def test_the_partners_reply_in_an_escalation_acknowledges_the_referral(client, lead):
    sign_in(client, lead)
    escalation = make_report("QC", danger_now="yes").escalations.get()
    referral = referrals.refer(_partner("cnesst"), means="phone", communicated_at=timezone.now() - timedelta(hours=2),
                               what="Heat", actor=lead, escalation=escalation)
    assert (referral.origin, referral.report, referral.escalation) == (
        ReferralOrigin.ESCALATION, escalation.report, escalation)
    referrals.record_reply(referral, "Inspector on site.", timezone.now(), actor=lead)
    assert Referral.objects.get(pk=referral.pk).outcome == ReferralOutcome.ACKNOWLEDGED


# The reminder ---------------------------------------------------------------------------------


def test_the_referring_team_is_reminded_once_when_a_partner_has_not_replied(lead, agent, investigator, mailoutbox,
                                                                          settings):
    settings.REFERRAL_REPLY_DAYS = 10
    case = create_case("QC", assigned_to=investigator)
    silent = referrals.refer(_partner("cnesst"), means="email", communicated_at=timezone.now() - timedelta(days=11),
                             what="Heat", actor=agent, case=case)
    recent = _sent(agent, days=9)
    answered = _sent(agent, days=30)
    referrals.record_outcome(answered, ReferralOutcome.ACKNOWLEDGED, actor=agent)
    other_region = referrals.refer(_partner("on-mol-ohs"), means="email", what="Heat", actor=lead,
                                   communicated_at=timezone.now() - timedelta(days=20), report=make_report("ON"))
    ontario_lead = create_staff("team_lead", region_code="ON", email="on@sentinelle.test")

    # The agent who referred, the case's investigator and the QC lead; the QC lead who referred Ontario's
    # report and Ontario's lead.
    assert remind_unanswered_referrals.call() == 5
    # Run again, as a second server would: nothing more.
    assert remind_unanswered_referrals.call() == 0
    assert Notification.objects.filter(kind="referral_no_reply").count() == 5
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([agent.email, investigator.email, lead.email, lead.email, ontario_lead.email])
    assert {n.user for n in Notification.objects.filter(url_args=[silent.pk])} == {agent, investigator, lead}
    assert Notification.objects.filter(user=ontario_lead, url_args=[other_region.pk]).exists()
    assert not Notification.objects.filter(url_args__in=[[recent.pk], [answered.pk]]).exists()
    english = next(m for m in mailoutbox if m.to == [investigator.email])
    assert case.reference in english.subject
    assert f"/staff/reports/referrals/{silent.pk}/" in english.body
    # Nine days later, the recent one is due too.
    assert remind_unanswered_referrals.call(now=timezone.now() + timedelta(days=2)) == 2


# Serialized rollback puts the reference data (partners, regions, roles) back for
# the tests that follow: the threads commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_the_reminders_at_once_send_each_once(settings):
    """Two task workers (two servers) on the same database, at the same moment:
    each referral's reminder is claimed by one of them. (SQLite runs one write
    transaction at a time: nothing to race; tests/multiserver runs two servers.)"""
    if connection.vendor != "postgresql":
        pytest.skip("a race needs two connections writing at once (PostgreSQL)")
    settings.REFERRAL_REPLY_DAYS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    agent = create_staff("intake_agent", region_code="QC")
    for _ in range(5):
        _sent(agent, days=3)
    counts = at_once(remind_unanswered_referrals.call, remind_unanswered_referrals.call)
    per_user = Notification.objects.filter(kind="referral_no_reply", user=agent).count()
    assert per_user == 5
    assert sum(counts) == Notification.objects.filter(kind="referral_no_reply").count()


# Inbound referrals ------------------------------------------------------------------------------


def test_an_inbound_referral_is_recorded_with_its_sender_and_opens_a_case(client, agent):
    sign_in(client, agent)
    form = client.get("/en/staff/reports/new/").content.decode()
    assert 'name="referred_by"' in form and 'name="referred_by_contact"' in form
    data = {
        "channel": "partner", "language": "fr", "who": "anonymous", "danger_now": "no", "hazard_now": "no",
        "employer_name": "Serres Lachance inc.", "employer_city": "Saint-Rémi", "employer_province": "QC",
        "allegations": ["job_differs"], "description": "Workers declared a job other than their offer.",
        "since": "month", "workers_affected": "6-20",
        "idempotency_key": _hidden(form, "idempotency_key"),
    }
    missing = client.post("/en/staff/reports/new/", data)
    assert missing.status_code == 400
    assert "Choose the partner authority that referred the matter." in missing.content.decode()
    assert not Report.objects.exists()
    data.update({"referred_by": _partner("cbsa").pk, "referred_by_contact": "Liaison officer, Montréal"})
    assert client.post("/en/staff/reports/new/", data).status_code == 200
    report = Report.objects.get()
    assert (report.channel, report.referred_by.code, report.referred_by_contact) == (
        "partner", "cbsa", "Liaison officer, Montréal")
    page = client.get(f"/en/staff/reports/{report.pk}/").content.decode()
    assert "Canada Border Services Agency" in page and "Referred by" in page
    # Like any report: matched to an employer, it opens a case.
    from sentinelle.test import create_employer

    employer = create_employer("QC", legal_name="Serres Lachance inc.")
    triage.match_employer(report, employer, actor=agent)
    case = triage.open_case(report, actor=agent)
    assert Report.objects.get(pk=report.pk).case == case


def _hidden(html: str, name: str) -> str:
    import re

    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


# Escalation from a case ---------------------------------------------------------------------------


def test_an_escalation_is_opened_from_a_case_with_the_same_clock_and_rules(client, investigator, lead, mailoutbox):
    case = create_case("QC", assigned_to=investigator)
    sign_in(client, investigator)
    url = f"/en/staff/reports/cases/{case.reference}/escalate/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"escalate-reason": ""}).status_code == 400
    assert client.post(url, {"escalate-reason": "Propane heater in the bedrooms."}).status_code == 302
    escalation = Escalation.objects.get()
    assert (escalation.case, escalation.report, escalation.region) == (case, None, case.region)
    assert escalation.target_at - escalation.opened_at == timedelta(hours=24)
    assert escalation.deadline_at - escalation.opened_at == timedelta(hours=48)
    # One open escalation per case.
    with pytest.raises(referrals.ReferralError):
        referrals.escalate_case(case, "Again", actor=investigator)
    # The team lead sees it on the board and meets it as any escalation: measures and a referral.
    sign_in(client, lead)
    board = client.get("/en/staff/reports/escalations/").content.decode()
    assert f"Case {case.reference}" in page_text(board)
    page = client.get(f"/en/staff/reports/escalations/{escalation.pk}/").content.decode()
    assert f"Escalation – case {case.reference}" in page
    # The partners offered are those of the employer's province.
    assert "CNESST" in page and "WorkSafeBC" not in page
    # Reminded like a report's.
    assert send_escalation_reminders.call(now=escalation.opened_at + timedelta(hours=25)) == 1
    assert case.reference in mailoutbox[0].subject
    client.post(f"/en/staff/reports/escalations/{escalation.pk}/measures/", {"measures-measures": "Heater removed."})
    client.post(f"/en/staff/reports/escalations/{escalation.pk}/referrals/", {
        "referral-partner": _partner("cnesst").pk, "referral-means": "phone",
        "referral-communicated_at": _when(timezone.now()), "referral-what": "Propane heater."})
    escalation.refresh_from_db()
    assert escalation.is_met
    referral = escalation.referrals.get()
    assert (referral.origin, referral.case) == (ReferralOrigin.ESCALATION, case)
    # The case rises in the work queue while the escalation is open, and shows it on its timeline.
    page = client.get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert f"Escalation – {case.reference}" in page_text(page)


def test_an_escalation_of_another_regions_case_is_not_reachable(client, investigator):
    sign_in(client, investigator)
    elsewhere = create_case("ON")
    assert client.post(f"/en/staff/reports/cases/{elsewhere.reference}/escalate/",
                       {"escalate-reason": "x"}).status_code == 404
    assert not Escalation.objects.exists()


# The register, its exports, the API and the dashboard ----------------------------------------------


@pytest.fixture
def register(lead, agent):
    now = timezone.now()
    quebec = make_report("QC")
    made = {
        "report": referrals.refer(_partner("cnesst"), means="email", communicated_at=now - timedelta(days=40),
                                  what="=HYPERLINK(\"http://x\")", actor=agent, report=quebec),
        "case": referrals.refer(_partner("gac"), means="email", communicated_at=now - timedelta(days=2),
                                what="Recruiter fees", actor=lead, case=create_case("QC")),
        "ontario": referrals.refer(_partner("on-mol-es"), means="email", communicated_at=now - timedelta(days=1),
                                   what="Wages", actor=lead, report=make_report("ON")),
    }
    triage.close_report(make_report("QC"), ClosingReason.NO_JURISDICTION, actor=agent, partner=_partner("nb-es"))
    made["closed"] = Referral.objects.get(origin=ReferralOrigin.NO_JURISDICTION)
    referrals.record_outcome(made["case"], ReferralOutcome.NO_ACTION, actor=lead)
    return made


def _rows(client, query: str = "") -> set[str]:
    response = client.get("/en/staff/reports/referrals/export.csv" + query)
    assert response.status_code == 200
    return {row[1] for row in list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]}


def test_the_register_filters_by_partner_province_outcome_origin_and_date(client, lead, register):
    sign_in(client, lead)
    everything = _rows(client)
    assert everything == {"CNESST (Commission des normes, de l’équité, de la santé et de la sécurité du travail) – "
                          "occupational health and safety", "Global Affairs Canada",
                          "Employment Standards Branch (New Brunswick)"}  # Ontario's is not the QC lead's
    assert _rows(client, f"?partner={_partner('gac').pk}") == {"Global Affairs Canada"}
    assert _rows(client, "?partner=gac") == {"Global Affairs Canada"}
    assert _rows(client, "?province=NB") == {"Employment Standards Branch (New Brunswick)"}
    assert _rows(client, "?outcome=no_action") == {"Global Affairs Canada"}
    assert _rows(client, "?origin=no_jurisdiction") == {"Employment Standards Branch (New Brunswick)"}
    assert _rows(client, "?origin=case") == {"Global Affairs Canada"}
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert "Global Affairs Canada" in _rows(client, f"?since={since}")
    assert _rows(client, f"?until={since}") == {_partner("cnesst").name_en}
    page = client.get("/en/staff/reports/referrals/?since=soon")
    assert page.status_code == 400
    assert client.get("/en/staff/reports/referrals/?outcome=no_action").status_code == 200


def test_the_exports_keep_formulas_as_text(client, lead, register):
    sign_in(client, lead)
    text = client.get("/en/staff/reports/referrals/export.csv?origin=report").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    response = client.get("/en/staff/reports/referrals/export.xlsx?origin=report")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert AuditEvent.objects.filter(detail__export="referral_register").count() == 2


def test_the_register_is_for_team_leads_and_analysts(client, agent, investigator, register):
    for user in (agent, investigator):
        sign_in(client, user)
        assert client.get("/en/staff/reports/referrals/").status_code == 403
        assert client.get("/en/staff/reports/referrals/export.csv").status_code == 403
    analyst = create_staff("national_analyst", region_code="HQ")
    sign_in(client, analyst)
    assert "Wages" not in client.get("/en/staff/reports/referrals/").content.decode()
    assert len(_rows(client)) == 4


def test_the_api_lists_the_register_with_the_same_filters(client, lead, investigator, register):
    token = api_token_for(lead)
    answer = client.get("/api/v1/referrals?origin=case", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert [(i["partner"], i["outcome"], i["origin"]) for i in items] == [("gac", "no_action", "case")]
    answer = client.get("/api/v1/referrals?partner=nb-es", headers={"Authorization": f"Bearer {token}"})
    assert [i["origin"] for i in answer.json()["items"]] == ["no_jurisdiction"]
    assert client.get("/api/v1/referrals?since=never",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 400
    other = api_token_for(investigator)
    assert client.get("/api/v1/referrals", headers={"Authorization": f"Bearer {other}"}).status_code == 403


def test_the_dashboard_counts_referrals_by_partner_and_outcome_per_quarter(client, lead, agent):
    # Fiscal year 2025: April 2025 to March 2026; counted by hand.
    def on(day: str, code: str) -> Referral:
        moment = timezone.make_aware(timezone.datetime.fromisoformat(day + " 10:00"))
        return referrals.refer(_partner(code), means="email", communicated_at=moment, what="x", actor=agent,
                               report=make_report("QC"), now=moment)

    on("2025-04-02", "cnesst")
    acknowledged = on("2025-06-30", "cnesst")
    referrals.record_outcome(acknowledged, ReferralOutcome.ACKNOWLEDGED, actor=agent,
                             at=acknowledged.communicated_at + timedelta(days=1))
    on("2025-07-01", "gac")
    no_reply = on("2026-03-31", "gac")
    referrals.record_outcome(no_reply, ReferralOutcome.NO_REPLY, actor=agent)
    on("2026-04-01", "gac")  # the next fiscal year
    figure = by_partner_and_outcome(2025)
    table = {(row.quarter, row.partner): row.counts for row in figure.rows}
    cnesst, gac = _partner("cnesst").name_en, "Global Affairs Canada"
    assert table == {("Q1", cnesst): [1, 1, 0, 0, 0], ("Q2", gac): [1, 0, 0, 0, 0], ("Q4", gac): [0, 0, 0, 0, 1]}
    assert figure.total == 4 and figure.totals == [2, 1, 0, 0, 1]
    sign_in(client, lead)
    page = client.get("/en/staff/dashboard/?fiscal_year=2025").content.decode()
    assert "Referrals by partner and outcome, per quarter of the fiscal year 2025" in page
