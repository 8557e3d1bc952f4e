"""The people and objects the access matrix asks about: one staff member per role
(and one without a role) in Quebec, Ontario and National HQ, and one object of
every kind a URL addresses in Quebec (QC) and one in Ontario (ON). Objects that
belong to no region (access requests, incidents...) come in two copies as well, so
that ids can be swapped between them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sentinelle.accounts.models import ApiToken, Notification, Region, RoleCode, User
from sentinelle.accounts.services import create_api_token
from sentinelle.cases.documents import add_document
from sentinelle.cases.models import Activity, Case, CaseShare, Employer, Guidance, LetterTemplate
from sentinelle.test import create_case, create_employer, create_staff, tiny_pdf, tiny_png

ROLES: tuple[str | None, ...] = (*RoleCode.values, None)
USER_REGIONS = ("QC", "ON", "HQ")
OBJECT_REGIONS = ("QC", "ON")


@dataclass
class Regional:
    """The objects of one region (or one of the two copies of unregioned ones)."""

    employer: Employer
    duplicate: Employer
    case: Case
    activity: Activity
    share: CaseShare
    document: Any
    report: Any
    attachment: Any
    escalation: Any
    referral: Any
    alert: Any
    selection: Any
    completed: Any  # a review complete, of a file of the region's matrix investigator
    investigator: User
    access_request: Any
    request_document: Any
    mark: Any
    job: Any
    package: Any
    incident: Any
    notice: Any
    measure: Any
    governance_report: Any
    group: Any
    group_meeting: Any
    group_area: Any
    group_action: Any
    plan: Any = None
    disclosure: Any = None
    group_report: Any = None
    observation: Any = None  # of the region's matrix intake agent, by its team lead
    departure: Any = None  # of an investigator of the region, whose end date is set


@dataclass
class World:
    users: dict[tuple[str | None, str], User]
    tokens: dict[int, str]
    own_notification: dict[int, Notification]
    own_token: dict[int, ApiToken]
    objects: dict[str, Regional]
    guidance: Guidance
    letter_template: LetterTemplate
    checklist_item: Any
    course_code: str
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str | None, region: str) -> User:
        return self.users[(role, region)]


def _report(region_code: str) -> tuple[Any, Any]:
    from sentinelle.intake import receipts
    from sentinelle.intake.services import submit_report

    province = {"QC": "QC", "ON": "ON"}[region_code]
    values: dict[str, Any] = {
        "anonymous": True, "employer_name": f"Ferme {region_code} inc.", "employer_city": "Ville",
        "employer_province": province, "description": "On ne nous paie pas les heures supplémentaires.",
        "since": "months", "workers_affected": "1", "danger_now": "no", "hazard_now": "no",
    }
    upload = SimpleUploadedFile("photo.png", tiny_png(4, 4), content_type="image/png")
    report = submit_report(values, ["wages"], [upload], idempotency_key=uuid.uuid4().hex,
                           receipt_code=receipts.new_receipt_code()).report
    return report, report.attachments.get()


def _closed_file_selected(region_code: str, reviewer: User, analyst: User) -> Any:
    """A closed file drawn for review (a plan drawing every file) and assigned to `reviewer`."""
    from sentinelle.quality.models import Selection
    from sentinelle.quality.tests.factories import close_a_file, regional_team, sample_everything

    sample_everything(analyst)
    team = regional_team(region_code)
    case = close_a_file(team, region_code=region_code)
    selection = Selection.objects.get(case=case)
    selection.reviewer = reviewer
    selection.status = "to_review"
    selection.save()
    return selection


def _completed_review(lead: User, investigator: User, reviewer: User, analyst: User, region_code: str) -> Any:
    """A file of `investigator` closed, drawn, and reviewed without error: its review is complete."""
    from sentinelle.quality import review
    from sentinelle.quality.models import Answer, ChecklistItem, Selection
    from sentinelle.quality.tests.factories import close_a_file, sample_everything

    sample_everything(analyst)
    case = close_a_file({"lead": lead, "investigator": investigator}, region_code=region_code)
    selection = Selection.objects.get(case=case)
    selection.reviewer, selection.status = reviewer, "to_review"
    selection.save()
    answers = {item.pk: review.Response(Answer.MET) for item in ChecklistItem.objects.filter(active=True)}
    review.submit_review(selection, answers, actor=reviewer)
    return Selection.objects.get(pk=selection.pk)


def _alert_about(subject: User) -> Any:
    from sentinelle.watch.models import Alert, WatchRule

    now = timezone.now()
    return Alert.objects.create(user=subject, rule=WatchRule.objects.order_by("pk")[0], window_start=now - timedelta(hours=1),
                                window_end=now, count=99, threshold=10, first_event_at=now - timedelta(minutes=50),
                                last_event_at=now - timedelta(minutes=5))


def _privacy(officer: User, label: str) -> tuple[Any, Any, Any, Any, Any]:
    from sentinelle.privacy import services, tasks
    from sentinelle.privacy.models import RedactionJob, ReleasePackage

    access_request = services.create_request(
        requester={"name": f"Requester {label}", "address": "12 rue des Érables, Québec", "email": "",
                   "phone": ""},
        received_on=timezone.localdate(), scope=f"Inspection report {label}.", regime="quebec", language="fr",
        assigned_to=officer, actor=officer)
    upload = SimpleUploadedFile("report.pdf", tiny_pdf("Rapport d'inspection."), content_type="application/pdf")
    document = services.upload_document(access_request, upload, title=f"Report {label}", language="fr",
                                        actor=officer)
    tasks.ensure_pdf(document)
    document.refresh_from_db()
    mark = services.add_manual_mark(document, page=0, rect=(70.0, 80.0, 200.0, 110.0), text="Rapport",
                                    ground=None, actor=officer)
    job = RedactionJob.objects.create(access_request=access_request, document=document, kind="detect",
                                      created_by=officer)
    package = ReleasePackage(access_request=access_request, created_by=officer)
    package.file.save(f"{uuid.uuid4().hex}.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    package.size = 22
    package.save()
    return access_request, document, mark, job, package


def _incident(officer: User, label: str) -> tuple[Any, Any]:
    from sentinelle.incidents.models import Notice
    from sentinelle.incidents.tests.factories import complete_incident

    incident = complete_incident(officer, title=f"Incident {label}")
    notice = Notice.objects.create(incident=incident, kind="commission", language="fr", given_on=timezone.localdate(),
                                   pdf=tiny_pdf("Avis"), created_by=officer)
    return incident, notice


def _governance(region_code: str, quarter: int) -> tuple[Any, Any]:
    """A measure of the region's own, and an approved quarterly report with its kept PDF."""
    from sentinelle.governance.models import Measure, Priority, QuarterlyReport, ReportDocument

    priority = Priority.objects.order_by("pk").first()
    measure = Measure.objects.create(
        priority=priority, code=f"9.{quarter}", title_en=f"Measure of {region_code}", title_fr=f"Mesure {region_code}",
        unit="Operations", region=Region.objects.get(code=region_code), starts_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=90))
    author = create_staff("manager", region_code="HQ", full_name=f"Author {region_code}")
    report = QuarterlyReport.objects.create(fiscal_year=2024, quarter=quarter, author=author, status="approved",
                                            reviewed_by=author, approved_by=author, pdf_status="done")
    for language in ("fr", "en"):
        ReportDocument.objects.create(report=report, language=language, pdf=tiny_pdf("Rapport"), sha256="0" * 64)
    return measure, report


def _working_group(label: str) -> tuple[Any, Any, Any, Any]:
    """A working group with a member, a meeting whose agenda is open, an action item and a priority area."""
    from sentinelle.governance import groups
    from sentinelle.governance.models import ActionItem, GroupMember, Meeting, PriorityArea

    group = groups.create_group(
        {"name_en": f"Group {label}", "name_fr": f"Groupe {label}", "parent_committee_en": "Council",
         "parent_committee_fr": "Conseil", "started_on": timezone.localdate()},
        mandate_en="Mandate.", mandate_fr="Mandat.", seats=[("Francophone seat", "Siège francophone")], actor=None)
    member = GroupMember.objects.create(group=group, full_name=f"Member {label}", organisation="Org",
                                        term_starts_on=timezone.localdate(),
                                        term_ends_on=timezone.localdate() + timedelta(days=1000))
    meeting = Meeting.objects.create(group=group, held_on=timezone.localdate(), agenda="1. Work plan",
                                     agenda_opened_at=timezone.now())
    action = ActionItem.objects.create(meeting=meeting, description="Circulate", owner=member,
                                       due_on=timezone.localdate())
    area = PriorityArea.objects.create(group=group, position=1, title_en="Area", title_fr="Domaine",
                                       proposed_on=timezone.localdate())
    return group, meeting, area, action


def _group_report(group: Any) -> Any:
    """An approved quarterly written update of the group, with its kept PDFs."""
    from sentinelle.governance.models import GroupReport, GroupReportDocument

    author = create_staff("secretariat", region_code="HQ", full_name=f"Secretariat {group.pk}")
    report = GroupReport.objects.create(group=group, kind="quarterly", period_start=timezone.localdate(),
                                        period_end=timezone.localdate(), author=author, status="approved",
                                        reviewed_by=author, approved_by=author, pdf_status="done")
    for language in ("fr", "en"):
        GroupReportDocument.objects.create(report=report, language=language, pdf=tiny_pdf("Rapport"),
                                           sha256="0" * 64)
    return report


def _inspection_plan(lead: User, employer: Employer) -> Any:
    """A draft plan of the lead's region, ready to draw (one sector, one inspection)."""
    from sentinelle.workload.models import InspectionPlan, PlanQuota

    employer.approved_positions = 5
    employer.save()
    plan = InspectionPlan.objects.create(fiscal_year=1999, region=lead.region, created_by=lead)
    PlanQuota.objects.create(plan=plan, sector=employer.sector, inspections=1)
    return plan


# The ethics officer and substitute are designations, not roles: an investigator of
# Quebec is the officer and an intake agent of Ontario the substitute; every other
# person, whatever their role, is refused the disclosures.
ETHICS_OFFICER = (RoleCode.INVESTIGATOR, "QC")
ETHICS_SUBSTITUTE = (RoleCode.INTAKE_AGENT, "ON")


def _ethics(users: dict[tuple[str | None, str], User], objects: dict[str, Regional]) -> None:
    from sentinelle.ethics.tests.factories import designate, disclosure

    designate(users[ETHICS_OFFICER])
    designate(users[ETHICS_SUBSTITUTE], "substitute")
    for region, regional in objects.items():
        regional.disclosure, _code = disclosure(users[(RoleCode.TEAM_LEAD, region)], text=f"Disclosure {region}")


def _observations(users: dict[tuple[str | None, str], User]) -> dict[str, Any]:
    """An approved observation rollout of this quarter drawing every intake agent of
    Quebec and Ontario, and one observation of each region's matrix agent by its team lead."""
    from decimal import Decimal

    from sentinelle.quality import observation
    from sentinelle.quality.models import fiscal_year_of, quarter_of

    today = timezone.localdate()
    analyst = users[(RoleCode.NATIONAL_ANALYST, "HQ")]
    rollout = observation.set_rollout(fiscal_year_of(today), quarter_of(today),
                                      regions=list(Region.objects.filter(code__in=OBJECT_REGIONS)),
                                      channels=["phone"], share=Decimal(1), actor=analyst)
    observation.approve_rollout(rollout, actor=analyst)
    answers = {item.pk: "met" for item in observation.checklist()}
    return {region: observation.record_observation(
        observer=users[(RoleCode.TEAM_LEAD, region)], agent=users[(RoleCode.INTAKE_AGENT, region)],
        channel="phone", mode="virtual", observed_on=today, answers=answers) for region in OBJECT_REGIONS}


def _departure(region_code: str) -> Any:
    """An investigator of the region leaving in three weeks: the end date opens their checklist."""
    from sentinelle.accounts.models import Departure

    person = create_staff("investigator", region_code=region_code, full_name=f"Leaving {region_code}")
    person.leaves_on = timezone.localdate() + timedelta(days=21)
    person.save()
    return Departure.objects.get(user=person)


def build_world(capture_on_commit: Any) -> World:
    from sentinelle.intake import referrals, triage
    from sentinelle.intake.models import Partner
    from sentinelle.quality.models import ChecklistItem
    from sentinelle.training.models import Course

    users = {(role, region): create_staff(*([role] if role else []), region_code=region,
                                          full_name=f"{role or 'no role'} {region}")
             for role in ROLES for region in USER_REGIONS}
    tokens: dict[int, str] = {}
    own_token: dict[int, ApiToken] = {}
    own_notification: dict[int, Notification] = {}
    victim = create_staff(RoleCode.INVESTIGATOR, region_code="QC", full_name="Someone else")
    for user in [*users.values(), victim]:
        token, raw = create_api_token(user, "matrix", actor=user)
        tokens[user.pk], own_token[user.pk] = raw, token
        own_notification[user.pk] = Notification.objects.create(user=user, kind="matrix", url_name="staff:home")
    officer = users[(RoleCode.PRIVACY_OFFICER, "HQ")]
    objects: dict[str, Regional] = {}
    observations = _observations(users)
    for region in OBJECT_REGIONS:
        lead, investigator = users[(RoleCode.TEAM_LEAD, region)], users[(RoleCode.INVESTIGATOR, region)]
        employer = create_employer(region, legal_name=f"Serres {region} inc.")
        duplicate = create_employer(region, legal_name=f"Serres {region} incorporée")
        case = create_case(region, employer=employer)
        activity = Activity.objects.create(case=case, kind="phone_call", occurred_at=timezone.now(),
                                           author=investigator, notes="Called the employer.")
        elsewhere = create_staff("investigator", region_code="WST")
        share = CaseShare.objects.create(case=case, user=elsewhere, reason="Second opinion.", shared_by=lead)
        with capture_on_commit(execute=True):
            document = add_document(case, SimpleUploadedFile("photo.png", tiny_png(4, 4), content_type="image/png"),
                                    actor=investigator, title="Photo of the time sheet")
            report, attachment = _report(region)
        escalation = triage.escalate(report, "Pesticide spraying without protection.", actor=lead)
        referral = referrals.refer(Partner.objects.order_by("pk")[0], means="phone", communicated_at=timezone.now(),
                                   what="Unsafe spraying", actor=lead, escalation=escalation)
        subject = create_staff("investigator", region_code=region)
        with capture_on_commit(execute=True):
            selection = _closed_file_selected(region, users[(RoleCode.QC_REVIEWER, region)],
                                              users[(RoleCode.NATIONAL_ANALYST, "HQ")])
            access_request, request_document, mark, job, package = _privacy(officer, region)
            completed = _completed_review(lead, investigator, users[(RoleCode.QC_REVIEWER, region)],
                                          users[(RoleCode.NATIONAL_ANALYST, "HQ")], region)
        incident, notice = _incident(officer, region)
        measure, governance_report = _governance(region, OBJECT_REGIONS.index(region) + 1)
        group, group_meeting, group_area, group_action = _working_group(region)
        objects[region] = Regional(
            employer=employer, duplicate=duplicate, case=case, activity=activity, share=share, document=document,
            report=report, attachment=attachment, escalation=escalation, referral=referral,
            alert=_alert_about(subject), selection=selection, completed=completed, investigator=investigator,
            access_request=access_request, request_document=request_document, mark=mark, job=job,
            package=package, incident=incident, notice=notice, measure=measure,
            governance_report=governance_report, group=group, group_meeting=group_meeting, group_area=group_area,
            group_action=group_action, plan=_inspection_plan(lead, duplicate), group_report=_group_report(group),
            observation=observations[region], departure=_departure(region))
    _ethics(users, objects)
    return World(
        users=users, tokens=tokens, own_notification=own_notification, own_token=own_token, objects=objects,
        guidance=Guidance.objects.order_by("pk").first(),  # type: ignore[arg-type]
        letter_template=LetterTemplate.objects.order_by("pk").first(),  # type: ignore[arg-type]
        checklist_item=ChecklistItem.objects.order_by("pk").first(),
        course_code=Course.objects.order_by("pk").first().code,  # type: ignore[union-attr]
        extra={"victim": victim},
    )
