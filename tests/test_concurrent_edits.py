"""Two staff members save the same object at once: the second gets the conflict,
nothing of theirs is written, what they typed is shown again with the current
version, and the first one's change is kept (optimistic locking, issue 9).

Every page that changes an existing object is in EDITS below; every other view
of the URL resolver that takes a POST is in NOT_EDITS with the reason it needs
no version. `test_every_view_that_changes_an_existing_object_is_covered` fails
on any view in neither list, so a new edit page cannot be forgotten."""

from __future__ import annotations

import inspect
import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from sentinelle.test import create_case, create_staff, sign_in

pytestmark = pytest.mark.django_db

CONFLICT = "Somebody else saved this in the meantime. Nothing of yours was saved"


# A browser's idea of a form ------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page, each with its action and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                               "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            fields.append((a["name"], None))  # the first option, unless one is selected
        elif tag == "option" and self._select is not None:
            for index in range(len(fields) - 1, -1, -1):
                if fields[index][0] == self._select:
                    if fields[index][1] is None or "selected" in a:
                        fields[index] = (self._select, a.get("value", ""))
                    break
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)


def pick_form(page: str, action: str | None = None, having: str | None = None) -> dict[str, Any]:
    """The POST form of `page` whose action ends with `action`, or that has a
    field `having`, or else the first one carrying a version."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if form["method"] != "post":
            continue
        names = {name for name, _v in form["fields"]}
        if action is not None and not unescape(form["action"]).endswith(action):
            continue
        if having is not None and having not in names:
            continue
        if action is None and having is None and not any(re.search(r"(^|-)(version|stamp)$", n) for n in names):
            continue  # the sign-out button of the page's header, say
        return form
    raise AssertionError(f"no POST form for {action or having} on the page")


def form_on(page: str, action: str | None = None, having: str | None = None) -> dict[str, str]:
    """The values a browser would send with that form."""
    form = pick_form(page, action, having)
    return {name: value or "" for name, value in form["fields"] if name != "csrfmiddlewaretoken"}


def alerts(page: str) -> str:
    """The notices and error messages of a page, for failure messages."""
    found = re.findall(r'<(?:div|ul|p)[^>]*(?:role="alert"|class="[^"]*(?:notice|error|message)[^"]*")[^>]*>(.*?)</',
                       page, re.S)
    return " | ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in found)[:3000]


def staff_client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


# The edits ---------------------------------------------------------------------------


@dataclass
class Edit:
    """One page that changes an existing object. `prepare` makes the object and
    two staff members who may change it, and returns a Scene."""

    view: str  # the URL name of the view that saves (namespace:name)
    prepare: Callable[[], Scene]
    api: bool = False


@dataclass
class Scene:
    users: tuple[Any, Any]
    page: str  # where the form is
    action: str | None  # the end of the form's action (None: the first POST form)
    first: dict[str, str]  # what the first one types
    second: dict[str, str]  # what the second one types (its text is looked for in the answer)
    saved: Callable[[], Any]  # what is stored now
    expected: Any  # ... once the first one saved
    typed: str  # a piece of what the second one typed, shown again
    having: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _pair(*roles: str, region_code: str = "QC") -> tuple[Any, Any]:
    return (create_staff(*roles, region_code=region_code), create_staff(*roles, region_code=region_code))


def guidance() -> Scene:
    from sentinelle.cases.models import Guidance

    item = Guidance.objects.order_by("pk").first() or Guidance.objects.create(topic="status:new", title_en="T",
                                                                              title_fr="T", body_en="B", body_fr="B")
    return Scene(_pair("national_analyst", region_code="HQ"), f"/en/staff/guidance/{item.pk}/", None,
                 {"body_en": "First analyst's advice."}, {"body_en": "Second analyst's advice."},
                 lambda: Guidance.objects.get(pk=item.pk).body_en, "First analyst's advice.",
                 "Second analyst&#x27;s advice.")


def letter_template() -> Scene:
    from sentinelle.cases.models import LetterTemplate

    template = LetterTemplate.objects.order_by("pk").first()
    assert template is not None, "letter templates come with the migrations"
    return Scene(_pair("team_lead"), f"/en/staff/letters/{template.pk}/", None,
                 {"subject": "Subject by the first lead"}, {"subject": "Subject by the second lead"},
                 lambda: LetterTemplate.objects.get(pk=template.pk).subject, "Subject by the first lead",
                 "Subject by the second lead")


def checklist_item() -> Scene:
    from sentinelle.quality.models import ChecklistItem

    item = ChecklistItem.objects.order_by("pk").first()
    assert item is not None, "the checklist comes with the migrations"
    return Scene(_pair("national_analyst", region_code="HQ"), f"/en/staff/quality/checklist/{item.pk}/", None,
                 {"text_en": "Checked by the first analyst"}, {"text_en": "Checked by the second analyst"},
                 lambda: ChecklistItem.objects.get(pk=item.pk).text_en, "Checked by the first analyst",
                 "Checked by the second analyst")


def _report(**fields: Any) -> Any:
    from sentinelle.intake import receipts
    from sentinelle.intake.models import Allegation
    from sentinelle.intake.services import submit_report

    values = {"anonymous": True, "employer_name": "Ferme Tremblay", "employer_province": "QC",
              "description": "Passports kept by the foreman."}
    values.update(fields)
    channel = values.pop("channel", "web")
    point = values.pop("service_point", None)
    return submit_report(values, [Allegation.WAGES], [], idempotency_key=uuid.uuid4().hex,
                         receipt_code=receipts.new_receipt_code(), channel=channel, service_point=point).report


def escalation_measures() -> Scene:
    from sentinelle.intake.models import Escalation

    escalation = _report(hazard_now="yes").escalations.get()
    return Scene(_pair("team_lead"), f"/en/staff/reports/escalations/{escalation.pk}/",
                 f"/reports/escalations/{escalation.pk}/measures/",
                 {"measures-measures": "Inspector sent at 9:00."}, {"measures-measures": "Called the police at 9:05."},
                 lambda: Escalation.objects.get(pk=escalation.pk).measures, "Inspector sent at 9:00.",
                 "Called the police at 9:05.")


def referral_reply() -> Scene:
    from sentinelle.intake import referrals
    from sentinelle.intake.models import Partner, Referral

    escalation = _report(hazard_now="yes").escalations.get()
    users = _pair("team_lead")
    referral = referrals.refer(Partner.objects.order_by("pk")[0], means=Referral.Means.PHONE,
                               communicated_at=timezone.now() - timedelta(hours=1), what="The situation.",
                               actor=users[0], escalation=escalation)
    return Scene(users, f"/en/staff/reports/escalations/{escalation.pk}/referrals/{referral.pk}/", None,
                 {"reply": "CNESST will visit tomorrow."}, {"reply": "CNESST declined."},
                 lambda: Referral.objects.get(pk=referral.pk).reply, "CNESST will visit tomorrow.",
                 "CNESST declined.")


def referral_outcome() -> Scene:
    from sentinelle.intake import referrals
    from sentinelle.intake.models import Partner, Referral

    escalation = _report(hazard_now="yes").escalations.get()
    users = _pair("team_lead")
    referral = referrals.refer(Partner.objects.order_by("pk")[0], means=Referral.Means.PHONE,
                               communicated_at=timezone.now() - timedelta(hours=1), what="The situation.",
                               actor=users[0], escalation=escalation)
    return Scene(users, f"/en/staff/reports/referrals/{referral.pk}/", None,
                 {"outcome": "acknowledged", "note": "Received (first lead)."},
                 {"outcome": "no_action", "note": "They will not act (second lead)."},
                 lambda: Referral.objects.get(pk=referral.pk).outcome, "acknowledged",
                 "They will not act (second lead).")


def report_close() -> Scene:
    from sentinelle.intake.models import Report

    report = _report()
    return Scene(_pair("team_lead"), f"/en/staff/reports/{report.pk}/", f"/reports/{report.pk}/close/",
                 {"close-reason": "not_enough"}, {"close-reason": "duplicate"},
                 lambda: Report.objects.get(pk=report.pk).closing_reason, "not_enough", "",
                 # Closed meanwhile: the report no longer offers triage, only the message.
                 extra={"form_gone": True})


def report_service_point() -> Scene:
    from sentinelle.intake.models import Channel, Report, ServicePoint

    points = [ServicePoint.objects.create(
        code=f"sp-{name.lower()}", kind=ServicePoint.Kind.PARTNER, name_fr=name, name_en=name, name_es=name,
        name_tl=name, address="1 rue Principale", city="Joliette", province="QC", languages="fr")
        for name in ("Origin", "Firstchoice", "Secondchoice")]
    report = _report(channel=Channel.IN_PERSON, service_point=points[0])
    return Scene(_pair("intake_agent"), f"/en/staff/reports/{report.pk}/", f"/reports/{report.pk}/service-point/",
                 {"point-service_point": str(points[1].pk)}, {"point-service_point": str(points[2].pk)},
                 lambda: Report.objects.get(pk=report.pk).service_point_id, points[1].pk, "Secondchoice")


def report_match() -> Scene:
    from sentinelle.cases.models import Employer
    from sentinelle.intake.models import Report
    from sentinelle.test import create_employer

    report = _report(employer_name="Ferme Tremblay")
    first = create_employer("QC", legal_name="Ferme Tremblay inc.")
    second = create_employer("QC", legal_name="Ferme Tremblay et fils")
    assert Employer.objects.count() >= 2
    return Scene(_pair("team_lead"), f"/en/staff/reports/{report.pk}/?employer_q=Tremblay",
                 f"/reports/{report.pk}/match/",
                 {"match-employer": str(first.pk)}, {"match-employer": str(second.pk)},
                 lambda: Report.objects.get(pk=report.pk).employer_id, first.pk, "Ferme Tremblay et fils")


def incident_edit() -> Scene:
    from sentinelle.incidents.models import Incident
    from sentinelle.incidents.tests.factories import complete_incident

    users = _pair("privacy_officer", region_code="HQ")
    incident = complete_incident(users[0])
    return Scene(users, f"/en/staff/incidents/{incident.pk}/edit/", None,
                 {"title": "Lost laptop (first officer)"}, {"title": "Stolen laptop (second officer)"},
                 lambda: Incident.objects.get(pk=incident.pk).title, "Lost laptop (first officer)",
                 "Stolen laptop (second officer)")


def incident_conclusion() -> Scene:
    from sentinelle.incidents.models import Incident
    from sentinelle.incidents.tests.factories import complete_incident

    users = _pair("privacy_officer", region_code="HQ")
    incident = complete_incident(users[0])
    grid = bool(incident.grid_conclusion)
    return Scene(users, f"/en/staff/incidents/{incident.pk}/", f"/incidents/{incident.pk}/conclusion/",
                 {"serious_harm": "yes" if grid else "no"},
                 {"serious_harm": "no" if grid else "yes", "reason": "The second officer disagrees with the grid."},
                 lambda: Incident.objects.get(pk=incident.pk).overridden, False,
                 "The second officer disagrees with the grid.")


def _access_request(officer: Any) -> Any:
    from sentinelle.privacy import services

    return services.create_request(
        requester={"name": "Jeanne Demandeuse", "address": "12 rue des Érables", "email": "j@example.org",
                   "phone": ""},
        received_on=timezone.localdate() - timedelta(days=3), scope="The inspection reports of 2025.",
        regime="quebec", language="fr", assigned_to=officer, actor=officer)


def access_request_assign() -> Scene:
    from sentinelle.privacy.models import AccessRequest

    users = _pair("privacy_officer", region_code="HQ")
    req = _access_request(users[0])
    third = create_staff("privacy_officer", region_code="HQ", full_name="Zoé Third Officer")
    return Scene(users, f"/en/staff/access-requests/{req.reference}/", f"/{req.reference}/assign/",
                 {"assigned_to": str(users[1].pk)}, {"assigned_to": str(third.pk)},
                 lambda: AccessRequest.objects.get(pk=req.pk).assigned_to_id, users[1].pk,
                 f'value="{third.pk}" selected')


def access_request_decision() -> Scene:
    from sentinelle.privacy import services
    from sentinelle.privacy.models import AccessRequest

    users = _pair("privacy_officer", region_code="HQ")
    req = _access_request(users[0])
    services.acknowledge(req, on=timezone.localdate(), actor=users[0])  # the decision comes once it is in progress
    today = timezone.localdate().isoformat()
    return Scene(users, f"/en/staff/access-requests/{req.reference}/decision/", None,
                 {"decision": "full", "on": today}, {"decision": "refused", "on": today},
                 lambda: AccessRequest.objects.get(pk=req.pk).decision, "full", "", extra={"once": True})


def access_request_extension() -> Scene:
    from sentinelle.privacy.models import AccessRequest

    users = _pair("privacy_officer", region_code="HQ")
    req = _access_request(users[0])
    today = timezone.localdate().isoformat()
    return Scene(users, f"/en/staff/access-requests/{req.reference}/extend/", None,
                 {"on": today, "days": "10", "reason": "Many records (first officer)."},
                 {"on": today, "days": "10", "reason": "Consultations needed (second officer)."},
                 lambda: AccessRequest.objects.get(pk=req.pk).extension_reason, "Many records (first officer).",
                 "Consultations needed (second officer).", extra={"once": True})


def access_request_acknowledgement() -> Scene:
    from sentinelle.privacy.models import AccessRequest

    users = _pair("privacy_officer", region_code="HQ")
    req = _access_request(users[0])
    first, second = timezone.localdate() - timedelta(days=2), timezone.localdate() - timedelta(days=1)
    return Scene(users, f"/en/staff/access-requests/{req.reference}/acknowledge/", None,
                 {"on": first.isoformat()}, {"on": second.isoformat()},
                 lambda: AccessRequest.objects.get(pk=req.pk).acknowledged_on, first, second.isoformat())


def access_request_redirection() -> Scene:
    from sentinelle.privacy.models import AccessRequest

    users = _pair("privacy_officer", region_code="HQ")
    req = _access_request(users[0])
    today = timezone.localdate().isoformat()
    return Scene(users, f"/en/staff/access-requests/{req.reference}/redirect/", None,
                 {"body": "Ministère du Travail", "contact": "Access officer, 200 chemin Sainte-Foy", "on": today},
                 {"body": "Commission des normes", "contact": "Responsable de l'accès, 500 boul. René-Lévesque",
                  "on": today},
                 lambda: AccessRequest.objects.get(pk=req.pk).redirected_to, "Ministère du Travail",
                 "500 boul. René-Lévesque", extra={"once": True})


def redaction_mark() -> Scene:
    import pikepdf
    from django.core.files.base import ContentFile

    from sentinelle.privacy.models import MarkDecision, RedactionMark, RequestDocument

    users = _pair("privacy_officer", region_code="HQ")
    req = _access_request(users[0])
    pdf, out = pikepdf.new(), io.BytesIO()
    pdf.add_blank_page()
    pdf.save(out)
    document = RequestDocument(access_request=req, title="Report", source="upload", original_name="r.pdf",
                               added_by=users[0], page_count=1)
    document.original.save("r.pdf", ContentFile(out.getvalue()), save=False)
    document.pdf.save("r.pdf", ContentFile(out.getvalue()), save=False)
    document.save()
    mark = RedactionMark.objects.create(document=document, page=0, x0=10, y0=10, x1=100, y1=30, text="Juan Pérez",
                                        kind="person", origin="detected", decision=MarkDecision.PROPOSED)
    return Scene(users, f"/en/staff/access-requests/{req.reference}/documents/{document.pk}/pages/1/",
                 f"/marks/{mark.pk}/", {f"m{mark.pk}-decision": "accepted"}, {f"m{mark.pk}-decision": "rejected"},
                 lambda: RedactionMark.objects.get(pk=mark.pk).decision, "accepted", "",
                 extra={"redirects": True})


def watch_alert() -> Scene:
    from sentinelle.watch.models import Alert, WatchRule

    users = _pair("privacy_officer", region_code="HQ")
    watched = create_staff("investigator", region_code="QC")
    now = timezone.now()
    alert = Alert.objects.create(user=watched, rule=WatchRule.objects.order_by("pk")[0], window_start=now,
                                 window_end=now, count=40, threshold=30, first_event_at=now, last_event_at=now)
    return Scene(users, f"/en/staff/watch/{alert.pk}/", f"/watch/{alert.pk}/acknowledge/",
                 {"note": "Checked with her lead: a court order."}, {"note": "Nothing found in the log."},
                 lambda: Alert.objects.get(pk=alert.pk).note, "Checked with her lead: a court order.",
                 "Nothing found in the log.", extra={"once": True})


def watch_rules() -> Scene:
    from sentinelle.watch.models import WatchRule

    rule = WatchRule.objects.order_by("id").first()
    assert rule is not None, "the rules come with the migrations"
    return Scene(_pair("privacy_officer", region_code="HQ"), "/en/staff/watch/rules/", None,
                 {"form-0-threshold": str(rule.threshold + 7)}, {"form-0-threshold": str(rule.threshold + 9)},
                 lambda: WatchRule.objects.get(pk=rule.pk).threshold, rule.threshold + 7,
                 f'value="{rule.threshold + 9}"')


def targets() -> Scene:
    from sentinelle.dashboard.models import Target
    from sentinelle.dashboard.periods import current_fiscal_year

    year = current_fiscal_year()
    return Scene(_pair("national_analyst", region_code="HQ"), f"/en/staff/dashboard/targets/?fiscal_year={year}",
                 None, {}, {}, lambda: Decimal("4123") in Target.objects.filter(fiscal_year=year).values_list("value", flat=True),
                 True, "4321", extra={"first_field": "4123", "second_field": "4321"})


def sector_weights() -> Scene:
    from sentinelle.cases.models import Sector
    from sentinelle.workload.models import SectorWeight

    sector = Sector.objects.order_by("naics_code").first()
    assert sector is not None
    name = f"weight_{sector.naics_code}"
    return Scene(_pair("national_analyst", region_code="HQ"), "/en/staff/workload/sector-weights/", None,
                 {name: "17"}, {name: "23"},
                 lambda: SectorWeight.objects.filter(sector=sector).values_list("weight", flat=True).first(), 17,
                 'value="23"')


def capacity() -> Scene:
    from sentinelle.workload.models import InvestigatorCapacity

    investigator = create_staff("investigator", region_code="QC")
    return Scene(_pair("team_lead"), f"/en/staff/workload/caseload/{investigator.pk}/capacity/", None,
                 {"capacity": "11"}, {"capacity": "13"},
                 lambda: InvestigatorCapacity.objects.filter(investigator=investigator)
                 .values_list("capacity", flat=True).first(), 11, 'value="13"')


def case_edit() -> Scene:
    from sentinelle.cases.models import Case

    case = create_case("QC")
    return Scene(_pair("team_lead"), f"/en/staff/cases/{case.reference}/edit/", None,
                 {"summary": "Wages unpaid since May (first lead)."}, {"summary": "Housing unsafe (second lead)."},
                 lambda: Case.objects.get(pk=case.pk).summary, "Wages unpaid since May (first lead).",
                 "Housing unsafe (second lead).")


def activity_edit() -> Scene:
    from sentinelle.cases.models import Activity, ActivityKind

    case = create_case("QC")
    users = _pair("team_lead")
    activity = Activity.objects.create(case=case, kind=ActivityKind.NOTE, author=users[0], occurred_at=timezone.now(),
                                       notes="First notes.")
    return Scene(users, f"/en/staff/cases/{case.reference}/activities/{activity.pk}/", None,
                 {"notes": "Met the employer (first lead)."}, {"notes": "Called the worker (second lead)."},
                 lambda: Activity.objects.get(pk=activity.pk).notes, "Met the employer (first lead).",
                 "Called the worker (second lead).")


EDITS: list[Edit] = [
    Edit("cases:guidance_edit", guidance),
    Edit("cases:letter_template_edit", letter_template),
    Edit("cases:case_edit", case_edit),
    Edit("cases:activity_detail", activity_edit),
    Edit("quality:checklist_item", checklist_item),
    Edit("reports:measures", escalation_measures),
    Edit("reports:referral_reply", referral_reply),
    Edit("reports:referral_detail", referral_outcome),
    Edit("reports:close", report_close),
    Edit("reports:match", report_match),
    Edit("reports:service_point", report_service_point),
    Edit("incidents:incident_edit", incident_edit),
    Edit("incidents:incident_conclude", incident_conclusion),
    Edit("privacy:request_assign", access_request_assign),
    Edit("privacy:request_decision", access_request_decision),
    Edit("privacy:request_extend", access_request_extension),
    Edit("privacy:request_acknowledge", access_request_acknowledgement),
    Edit("privacy:request_redirect", access_request_redirection),
    Edit("privacy:mark_decide", redaction_mark),
    Edit("watch:alert_acknowledge", watch_alert),
    Edit("watch:rule_settings", watch_rules),
    Edit("dashboard:targets", targets),
    Edit("workload:sector_weights", sector_weights),
    Edit("workload:capacity", capacity),
]

# The other views that take a POST, and why they need no version.
NOT_EDITS: dict[str, str] = {
    # Something new is created: there is nothing somebody else could have saved meanwhile.
    "intake:report": "a worker files a new report (idempotency key)",
    "intake:survey": "a new survey answer",
    "intake:follow_up": "a worker reads their report (receipt code)",
    "intake:follow_up_reply": "a worker adds a new message",
    "reports:new": "a new report recorded by staff",
    "reports:message": "a new message to the worker",
    "reports:escalate": "a new escalation (at most one open: asking again returns it)",
    "reports:referral": "a new referral",
    "reports:refer_report": "a new referral",
    "reports:refer_case": "a new referral",
    "reports:escalate_case": "a new escalation (at most one open per case)",
    "reports:create_employer": "a new employer; the report's version is checked (see reports:match)",
    "reports:open_case": "a new case; the report's version is checked (hidden field, as reports:match)",
    "reports:join_case": "the report's version is checked (as reports:match)",
    "cases:activity_new": "a new activity",
    "cases:share_new": "a new share",
    "cases:document_list": "a new document on the case",
    "cases:document_add_version": "a new version of a document (versions are numbered, never overwritten)",
    "cases:letter_create": "a new letter filed on the case",
    "cases:summary_file": "a new summary document",
    "quality:checklist": "a new checklist item",
    "training:completion_new": "a new training record",
    "training:completion_import": "new training records",
    "privacy:request_create": "a new access request",
    "privacy:gather": "new documents copied into the request",
    "privacy:upload": "a new document",
    "privacy:detect_start": "a new detection job (one at a time per document)",
    "privacy:mark_add": "a new redaction drawn by hand",
    "privacy:release": "a new release package, made from the decisions as they are",
    "incidents:incident_create": "a new incident",
    "incidents:register_record": "a new register entry (append-only: a correction is a new entry)",
    "incidents:notice_create": "a new notice",
    "forecast:start": "a new forecast run (refused while one waits or runs)",
    "staff:api_tokens": "a new API token",
    # One-way steps: doing it twice changes nothing more; the second is told it is done.
    "staff:revoke_api_token": "revoking is one-way",
    "staff:open_notification": "marks one's own notification read",
    "staff:read_all_notifications": "marks one's own notifications read",
    "cases:share_revoke": "revoking is one-way",
    "cases:employer_merge_confirm": "merging is one-way: the duplicate is gone for the second one (404)",
    "privacy:request_close": "closing is one-way (refused once closed)",
    # Guarded by their own versions or state.
    "cases:case_move": "a step of the case's life cycle carries the case's version (cases.workflow); once "
                       "taken, the step is no longer offered to the second one",
    "workload:assign": "carries each case's version already (cases.workflow)",
    "quality:review": "one reviewer per file; a second submission is refused (“already reviewed”) "
                      "with the form kept",
    "quality:plan": "each change is its own dated record (rate of a quarter, suspension, rule); "
                    "the page lists them all",
    # New objects of the later apps.
    "cases:employer_open_case": "a new case opened without a report",
    "cases:employer_register_import": "all-or-nothing import of the register's figures (new values, audited)",
    "workload:plan_new": "a new inspection plan",
    "workload:checkin": "one's own check-in of the month (one per person and month: a second is refused)",
    "training:attestation_sign": "a new signature (signing the same version twice changes nothing)",
    "training:equipment": "a new loan; the piece is locked while checked, and a loan overlapping another is "
                          "refused (test_two_loans_of_one_piece_for_the_same_days_keep_only_the_first)",
    "ethics:disclose": "a new disclosure",
    "ethics:follow_up": "the author reads their disclosure (receipt code)",
    "ethics:follow_up_reply": "the author adds a new message",
    "ethics:disclosure_message": "the officer adds a new message",
    "ethics:consultations": "a new consultation in the register",
    "governance:report_list": "a new quarterly report",
    "governance:survey_record": "a new survey answer",
    "governance:group_list": "a new working group",
    "governance:mandate_new": "a new version of the mandate (versions are numbered, never overwritten)",
    "governance:member_add": "a new member",
    "governance:meeting_new": "a new meeting",
    "governance:area_new": "a new priority area (at most three)",
    "governance:practice_add": "a new practice in the repository",
    "governance:meeting_action": "a new action item",
    "governance:measure_evidence": "a new piece of evidence",
    "governance:area_update": "a new dated progress update of the area",
    # Guarded by their own versions or state.
    "cases:employer_register_figures": "carries the employer's stamp (lib.locking.add_stamp_field), as the employer edit",
    "workload:plan_edit": "carries the plan's version (add_version_field); a stale page is a conflict",
    "workload:plan_draw": "carries the plan's version; a drawn plan is not drawn again",
    "workload:plan_open_cases": "carries the plan's version; a selection turned into a case is not offered again",
    "quality:feedback": "carries the review's version; acknowledging, disagreeing and answering are one-way steps",
    "ethics:disclosure_handle": "carries the disclosure's version (test_a_stale_handling_is_a_conflict_and_saves_nothing)",
    "governance:measure": "carries the measure's version (test_a_stale_page_does_not_overwrite_a_newer_update)",
    "governance:report": "the narrative carries the report's version (add_version_field)",
    "governance:report_review": "a step carrying the report's version; once taken it is no longer offered",
    "governance:report_return": "a step carrying the report's version; once taken it is no longer offered",
    "governance:report_approve": "a step carrying the report's version; once taken it is no longer offered",
    "governance:report_retry": "starts the PDF task again for a failed one (one at a time)",
    "governance:meeting_declarations": "each member's declaration is its own record, refused once the agenda is open",
    "governance:meeting_open": "opening the agenda is one-way (refused until every member present has declared)",
    "governance:meeting_minutes": "the minutes follow the agenda; recorded once the meeting is held",
    "governance:action_status": "a dated change of an action item's status",
    "governance:area_validate": "validation by the parent committee is one-way (who, when)",
    "governance:group_report_new": "a new report of a working group",
    "governance:group_report": "the narrative carries the report's version (as governance:report)",
    "governance:group_report_review": "a step carrying the report's version; once taken it is no longer offered",
    "governance:group_report_return": "a step carrying the report's version; once taken it is no longer offered",
    "governance:group_report_approve": "a step carrying the report's version; once taken it is no longer offered",
    "governance:group_report_retry": "starts the PDF task again for a failed one (one at a time)",
    "quality:observation_new": "a new observation (observations are never edited)",
    "quality:observation_plan": "each quarter of the rollout carries its version; an approved quarter no longer changes",
    "staff:departure_material": "carries the departure's version (test_a_stale_sign_off_is_a_conflict_and_saves_nothing); "
                                "signed off once, then no longer offered",
    "staff:departure_acknowledge": "carries the departure's version and the rules' version read; acknowledged once",
    "ethics:former_staff_contact_new": "a new record of a contact by former staff",
}


def _views() -> dict[str, Any]:
    """Every view of the site by URL name (namespace:name), the admin, the
    sign-in pages and the API left out (the API is checked separately)."""
    found: dict[str, Any] = {}

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}".strip(":")
                module = getattr(pattern.callback, "__module__", "") or ""
                if module.startswith("sentinelle.") and not name.startswith(("admin", "api-v1")):
                    found[name] = pattern.callback

    walk(get_resolver(), "")
    return found


def _takes_post(view: Any) -> bool:
    allowed = getattr(view, "view_class", None)
    source = inspect.getsource(inspect.unwrap(view))
    if allowed is not None:
        return "post" in getattr(allowed, "http_method_names", [])
    try:
        decorated = inspect.getsource(view) if hasattr(view, "__wrapped__") else source
    except (OSError, TypeError):
        decorated = source
    return "POST" in source or "POST" in decorated


def test_every_view_that_changes_an_existing_object_is_covered() -> None:
    views = _views()
    posting = {name for name, view in views.items() if _takes_post(view)}
    covered = {edit.view for edit in EDITS}
    assert not covered - set(views), f"EDITS names views that do not exist: {covered - set(views)}"
    assert not set(NOT_EDITS) - set(views), f"NOT_EDITS names views that do not exist: {set(NOT_EDITS) - set(views)}"
    assert not covered & set(NOT_EDITS)
    unclassified = posting - covered - set(NOT_EDITS)
    assert not unclassified, f"views taking a POST in neither EDITS nor NOT_EDITS: {sorted(unclassified)}"


def test_the_api_changes_existing_objects_only_through_patch_with_a_version() -> None:
    """Every PUT or PATCH of the API (today: a case, an activity) carries `version`."""
    from sentinelle.api import api

    schema = api.get_openapi_schema()
    changes = sorted((path, method) for path, item in schema["paths"].items() for method in item
                     if method in ("put", "patch"))
    assert changes == [("/api/v1/activities/{activity_id}", "patch"), ("/api/v1/cases/{reference}", "patch")]
    for path, method in changes:
        body = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        ref = next(option["$ref"] for option in body.get("anyOf", [body]) if "$ref" in option).rsplit("/", 1)[-1]
        assert "version" in schema["components"]["schemas"][ref]["required"], path


def _api(user: Any) -> Client:
    from sentinelle.test import api_token_for

    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("what", ["case", "activity"])
def test_two_api_clients_patching_the_same_object_the_second_gets_409(what: str) -> None:
    from sentinelle.cases.models import Activity, ActivityKind, Case

    users = _pair("team_lead")
    case = create_case("QC")
    if what == "case":
        url, field_name = f"/api/v1/cases/{case.reference}", "summary"
        saved: Callable[[], str] = lambda: Case.objects.get(pk=case.pk).summary  # noqa: E731
    else:
        activity = Activity.objects.create(case=case, kind=ActivityKind.NOTE, author=users[0],
                                           occurred_at=timezone.now(), notes="First notes.")
        url, field_name = f"/api/v1/activities/{activity.pk}", "notes"
        saved = lambda: Activity.objects.get(pk=activity.pk).notes  # noqa: E731
    first, second = _api(users[0]), _api(users[1])
    read = f"/api/v1/cases/{case.reference}" if what == "case" else f"/api/v1/cases/{case.reference}/activities"
    body = first.get(read).json()
    version = body["version"] if what == "case" else body["items"][0]["version"]
    answer = first.patch(url, {"version": version, field_name: "From the first client."},
                         content_type="application/json")
    assert answer.status_code == 200, answer.content
    answer = second.patch(url, {"version": version, field_name: "From the second client."},
                          content_type="application/json")
    assert answer.status_code == 409, answer.content
    assert "Nothing was saved" in answer.json()["detail"]
    assert saved() == "From the first client."


def _version_fields(data: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in data.items() if re.search(r"(^|-)(version|stamp)$", k)}


@pytest.mark.parametrize("edit", EDITS, ids=[edit.view for edit in EDITS])
def test_the_second_of_two_simultaneous_saves_gets_the_conflict_and_nothing_is_lost(edit: Edit) -> None:
    scene = edit.prepare()
    first, second = (staff_client(user) for user in scene.users)

    # Both open the page, each keeping the version they saw.
    pages = []
    for client in (first, second):
        response = client.get(scene.page)
        assert response.status_code == 200, response.content[:3000]
        pages.append(response.content.decode())
    forms = [form_on(page, scene.action, scene.having) for page in pages]
    assert _version_fields(forms[0]) and _version_fields(forms[0]) == _version_fields(forms[1])

    if "first_field" in scene.extra:  # a grid of fields: the first empty one of the page
        name = next(k for k, v in forms[0].items() if v == "" and not _version_fields({k: v}))
        scene.first, scene.second = {name: scene.extra["first_field"]}, {name: scene.extra["second_field"]}
        scene.expected = True
    post_to = unescape(pick_form(pages[0], scene.action, scene.having)["action"]) or scene.page.split("?")[0]

    # The first one saves.
    answer = first.post(post_to, {**forms[0], **scene.first})
    assert answer.status_code == 302, alerts(answer.content.decode())
    assert scene.saved() == scene.expected

    # The second one saves on the version they opened: refused, nothing written.
    answer = second.post(post_to, {**forms[1], **scene.second}, follow=bool(scene.extra.get("redirects")))
    assert answer.status_code == 200, alerts(answer.content.decode())
    page = answer.content.decode()
    assert CONFLICT in unescape(page), alerts(page)
    assert scene.saved() == scene.expected, "the second save overwrote the first"
    if scene.typed:
        assert scene.typed in page, f"what the second one typed ({scene.typed}) is not shown again"

    if not scene.extra.get("redirects") and not scene.extra.get("form_gone"):
        # What they typed is in the form shown again, which now carries the current version.
        again = form_on(page, scene.action, scene.having)
        for name, value in scene.second.items():
            assert again.get(name, "").replace("\r\n", "\n") == value, f"{name}: typed {value!r}, shown {again.get(name)!r}"
        assert _version_fields(again) != _version_fields(forms[1])
        if not scene.extra.get("once"):
            # Saving once more, after checking, goes through.
            answer = second.post(post_to, {**again, **scene.second})
            assert answer.status_code == 302, alerts(answer.content.decode())
            assert scene.saved() != scene.expected


def test_the_conflict_is_told_in_the_staff_members_language() -> None:
    scene = case_edit()
    first, second = (staff_client(user) for user in scene.users)
    french = scene.page.replace("/en/", "/fr/")
    forms = [form_on(client.get(french).content.decode()) for client in (first, second)]
    assert first.post(french, {**forms[0], **scene.first}).status_code == 302
    page = unescape(second.post(french, {**forms[1], **scene.second}).content.decode())
    assert "Quelqu’un d’autre" in page or "Quelqu'un d'autre" in page or "entre-temps" in page


# Serialized rollback puts the reference data (the checklist, regions, roles) back
# for the tests that follow: the threads commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_truly_simultaneous_saves_on_postgresql_let_exactly_one_through() -> None:
    """Two transactions at the same moment, each having read version 1: the row
    lock taken by the first claim makes the second wait, then find the version
    moved on. (SQLite runs one write transaction at a time: nothing to race.)"""
    import threading

    from django.db import connection, connections, transaction

    from sentinelle.lib.locking import Conflict, claim
    from sentinelle.quality.models import ChecklistItem

    if connection.vendor != "postgresql":
        pytest.skip("a race needs two connections writing at once (PostgreSQL)")
    item = ChecklistItem.objects.order_by("pk")[0]
    seen = item.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text: str) -> None:
        try:
            mine = ChecklistItem.objects.get(pk=item.pk)
            barrier.wait()
            with transaction.atomic():
                claim(mine, seen)
                mine.text_en = text
                mine.save()
                barrier_wait = threading.Event()
                barrier_wait.wait(0.3)  # hold the row while the other one tries
            outcomes.append(text)
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(f"Saved by {n}",)) for n in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(outcomes) == 2 and outcomes.count("conflict") == 1, outcomes
    stored = ChecklistItem.objects.get(pk=item.pk)
    assert stored.text_en == next(o for o in outcomes if o != "conflict")
    assert stored.version == seen + 1
