"""The employer register and inspection cases: the case, its activities, its
decisions, its documents, who it is shared with, and the guidance and letter
templates staff work from."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Func, IntegerField, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from sentinelle.accounts.models import Region
from sentinelle.lib.geo import Province
from sentinelle.lib.i18n import BilingualName, active_language
from sentinelle.lib.locking import Versioned
from sentinelle.lib.text import folded


class Sector(BilingualName):
    """An industry sector, by its NAICS code."""

    naics_code = models.CharField(_("NAICS code"), max_length=6, unique=True)

    class Meta:
        ordering = ["naics_code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.naics_code} {self.name}"


class EmployerQuerySet(models.QuerySet["Employer"]):
    def visible_to(self, user: object) -> EmployerQuerySet:
        return self.filter(region_id=getattr(user, "region_id", None))

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        objs = list(objs)
        for employer in objs:
            employer.search_name = employer.search_key()
        return super().bulk_create(objs, *args, **kwargs)

    def search(self, text: str) -> EmployerQuerySet:
        """Legal or operating name containing `text`, whatever its accents or case;
        or a business number starting with it."""
        key = folded(text)
        if not key:
            return self
        compact = "".join(text.split())
        return self.filter(Q(search_name__contains=key) | Q(business_number__startswith=compact.upper()))


class Employer(models.Model):
    legal_name = models.CharField(_("legal name"), max_length=200)
    operating_name = models.CharField(_("operating name"), max_length=200, blank=True)
    business_number = models.CharField(_("business number"), max_length=15, blank=True, db_index=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="employers", verbose_name=_("sector"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="employers", verbose_name=_("region"))
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    # What risk selection needs (seed 000, priority 2): the temporary foreign worker
    # positions approved in the last 24 months, and when the employer was first approved.
    # The database's own default too, for the bulk loads that name their columns.
    approved_positions = models.PositiveIntegerField(
        _("TFW positions approved in the last 24 months"), default=0, db_default=0,
    )
    first_approved_on = models.DateField(_("date of the first approval"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Both names folded (see `folded`), kept up to date by save(): the search key.
    search_name = models.CharField(max_length=401, blank=True, editable=False, db_index=True)
    # After a merge, the duplicate points to the employer that kept its history.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [models.Index(fields=["region", "legal_name"], name="employer_region_name_idx")]

    def __str__(self) -> str:
        return self.operating_name or self.legal_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = self.search_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def search_key(self) -> str:
        return folded(f"{self.legal_name} | {self.operating_name}")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSESSED = "assessed", _("Assessed")
    ASSIGNED = "assigned", _("Assigned")
    IN_INSPECTION = "in_inspection", _("In inspection")
    DECISION_PROPOSED = "decision_proposed", _("Decision proposed")
    DECISION_APPROVED = "decision_approved", _("Decision approved")
    CLOSED = "closed", _("Closed")
    CORRECTION = "correction", _("Returned for correction")
    EXCLUDED = "excluded", _("Excluded")
    TRANSFERRED = "transferred", _("Transferred")


class CaseOrigin(models.TextChoices):
    """Why a case was opened (seed 000, priority 2: cases are also born without a report)."""

    WORKER_REPORT = "worker_report", _("Worker report")
    PROACTIVE_RISK = "proactive_risk", _("Proactive inspection, risk-based")
    PROACTIVE_RANDOM = "proactive_random", _("Proactive inspection, random")
    PARTNER_REFERRAL = "partner_referral", _("Inbound partner referral")
    FOLLOW_UP = "follow_up", _("Follow-up of an earlier non-compliance")
    MINISTER_REQUEST = "minister_request", _("Request from the minister's office")


OPEN_CASE_STATUSES = [
    CaseStatus.NEW, CaseStatus.ASSESSED, CaseStatus.ASSIGNED,
    CaseStatus.IN_INSPECTION, CaseStatus.DECISION_PROPOSED, CaseStatus.DECISION_APPROVED,
    CaseStatus.CORRECTION,
]


def _shared_case_ids(user: Any) -> models.QuerySet[Any]:
    return CaseShare.objects.active().filter(  # type: ignore[attr-defined, no-any-return]
        Q(user_id=user.pk) | Q(region_id=getattr(user, "region_id", None))
    ).values("case_id")


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: Any) -> CaseQuerySet:
        """The user's region, plus cases shared with them or their region."""
        return self.filter(Q(region_id=getattr(user, "region_id", None)) | Q(pk__in=_shared_case_ids(user)))

    def shared_with(self, user: Any) -> CaseQuerySet:
        """The cases shared (and not revoked) with the user or their region."""
        return self.filter(pk__in=_shared_case_ids(user))

    def in_region_of(self, user: Any) -> CaseQuerySet:
        """The cases of the user's own region (every region for national staff),
        without the cases shared with them: what their region works on."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self if user.is_national else self.filter(region_id=user.region_id)

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_CASE_STATUSES)


@dataclass(frozen=True)
class CaseRule:
    """A transition's permission: the rule `perm` about this very case (never
    the rule about cases in general, which django-fsm would also try for a
    plain permission name). `perm` names the rule in the audit log."""

    perm: str

    def __call__(self, case: Any, user: Any) -> bool:
        return bool(user.has_perm(self.perm, case))


_may = CaseRule


class DaysFromReport(Func):
    """The whole days (24 hours, rounded down; never below 0) from the start of a
    case's timeliness clock to the moment `reached` (NULL while it is): the start
    is the day of the first report (from its midnight, UTC), else the moment the
    case was opened. Computed by the database (julianday() on SQLite, the epoch
    difference on PostgreSQL); the small margin absorbs floating-point error on
    exact days."""

    output_field = IntegerField()

    def __init__(self, reached: str) -> None:
        super().__init__(F(reached), F("first_report_on"), F("opened_at"))

    def _columns(self, compiler: Any) -> tuple[str, str, str]:
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        if any(params for _sql, params in compiled):
            raise ValueError("DaysFromReport reads columns only.")
        reached, first_report, opened = (sql for sql, _params in compiled)
        return reached, first_report, opened

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        """PostgreSQL's form (standard SQL's interval arithmetic)."""
        reached, first_report, opened = self._columns(compiler)
        return (f"CASE WHEN {reached} IS NULL THEN NULL ELSE GREATEST(0, FLOOR(date_part('epoch', {reached} - "
                f"COALESCE(({first_report})::timestamp AT TIME ZONE 'UTC', {opened})) / 86400.0 + 0.000001)"
                ")::integer END"), []

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        """SQLite has no interval arithmetic: the difference of Julian days."""
        reached, first_report, opened = self._columns(compiler)
        return (f"CASE WHEN {reached} IS NULL THEN NULL ELSE max(0, CAST(julianday({reached}) - "
                f"julianday(COALESCE({first_report}, {opened})) + 0.000001 AS INTEGER)) END"), []

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return "sentinelle.cases.models.DaysFromReport", (self.get_source_expressions()[0].name,), {}


class Case(Versioned):
    """An inspection file on one employer. Its status moves only through the
    transitions of `cases.workflow`."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="cases", verbose_name=_("employer"))
    # The sector and province of the case's employer, kept by the database
    # itself (the triggers of migration 0018) in the statement that writes the
    # case, moves it to another employer (a merge) or changes its employer's
    # sector or province, whatever writes it: the dashboard's figures by sector
    # and the public statistics by province read them from the case's indexes,
    # without joining the employers. Not to be written.
    sector = models.ForeignKey(Sector, null=True, blank=True, editable=False, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("sector"))
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices, blank=True,
                                default="", editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cases", verbose_name=_("region"))
    status = FSMField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW, db_index=True)
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("opened by"),
    )
    risk_score = models.PositiveSmallIntegerField(_("risk score"), default=0)
    origin = models.CharField(_("origin"), max_length=20, choices=CaseOrigin.choices,
                              default=CaseOrigin.WORKER_REPORT, db_default=CaseOrigin.WORKER_REPORT.value,
                              db_index=True)
    summary = models.TextField(_("summary of the allegations"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_cases",
        verbose_name=_("investigator"),
    )
    # Worker-related dates, where known.
    work_permit_valid_until = models.DateField(_("work permit valid until"), null=True, blank=True)
    permanent_residence_on = models.DateField(_("permanent residence obtained on"), null=True, blank=True)

    # When each stage was reached (the timeline of the workload reports).
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    inspection_started_at = models.DateTimeField(_("inspection started"), null=True, blank=True)
    decision_proposed_at = models.DateTimeField(_("decision proposed"), null=True, blank=True)
    decision_approved_at = models.DateTimeField(_("decision approved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The day the earliest report linked to the case was received (None without
    # one): where the dashboard's timeliness clock starts. Kept by the intake
    # steps that link a report to a case, in their transaction.
    first_report_on = models.DateField(_("first report received on"), null=True, blank=True)
    # The days from the report to each step (the dashboard's timeliness): kept
    # by the database itself, in the statement that records the step or links
    # an earlier report, whatever writes it (a service step, a bulk load).
    days_to_assessment = models.GeneratedField(
        expression=DaysFromReport("assessed_at"), output_field=models.IntegerField(null=True), db_persist=True,
        verbose_name=_("days from report to assessment"))
    days_to_inspection = models.GeneratedField(
        expression=DaysFromReport("inspection_started_at"), output_field=models.IntegerField(null=True),
        db_persist=True, verbose_name=_("days from report to inspection start"))
    days_to_decision = models.GeneratedField(
        expression=DaysFromReport("decision_approved_at"), output_field=models.IntegerField(null=True),
        db_persist=True, verbose_name=_("days from report to decision"))

    exclusion_rule = models.ForeignKey(
        "intake.ExclusionRule", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("exclusion rule"),
    )
    transferred_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="transferred_from",
        verbose_name=_("continued as"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["employer", "status"], name="case_employer_status_idx"),
            models.Index(fields=["assigned_to", "status"], name="case_assignee_status_idx"),
            models.Index(fields=["region", "status", "-opened_at"], name="case_region_status_idx"),
            # The dashboard's timeliness figures: the cases reaching each step in a
            # period with their region, sector and days to the step, read from
            # the index alone.
            models.Index(fields=["decision_approved_at", "region", "sector", "days_to_decision"],
                         name="case_decided_sector_idx"),
            models.Index(fields=["assessed_at", "region", "sector", "days_to_assessment"],
                         name="case_assessed_sector_idx"),
            models.Index(fields=["inspection_started_at", "region", "sector", "days_to_inspection"],
                         name="case_inspection_sector_idx"),
            # The open cases today (inventory by status, region, sector and age),
            # read from the index alone.
            models.Index(fields=["status", "region", "sector", "opened_at"], name="case_inventory_sector_idx"),
            models.Index(fields=["status", "opened_at"], name="case_status_opened_idx"),
            # Cases opened in a period, by origin (the dashboard's inspection figures),
            # and those open at a moment (opened by then, not closed yet): read from
            # the index alone.
            models.Index(fields=["opened_at", "closed_at", "region", "origin"], name="case_opened_idx"),
            # The cases open at a moment (the dashboard's comparison with a year
            # before): those not closed, and those closed after it, opened by
            # then, in the region and sector, read from two ranges of the index alone.
            models.Index(fields=["closed_at", "opened_at", "region", "sector"], name="case_closed_opened_idx"),
            # Cases closed in a period (the dashboard's completions, the
            # inspection figures' by origin, the public statistics' inspections
            # completed): by date, with the region, the sector, the decision's
            # approval, the origin, the province and the inspection's start,
            # read from the index alone.
            models.Index(fields=["status", "closed_at", "region", "sector", "decision_approved_at", "origin",
                                 "province", "inspection_started_at"], name="case_closed_idx"),
            # A decision's case's province (the public statistics' outcomes by
            # province), read from the index alone.
            models.Index(fields=["id", "province"], name="case_province_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def is_shared_with(self, user: Any) -> bool:
        return self.shares.active().filter(  # type: ignore[attr-defined]
            Q(user_id=user.pk) | Q(region_id=getattr(user, "region_id", None))
        ).exists()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES

    # The life cycle. These methods only move the status; `cases.workflow.move`
    # checks what each step needs, records who and when, and audits.
    @transition(field=status, source=CaseStatus.NEW, target=CaseStatus.ASSESSED,
                permission=_may("cases.assess_case"))
    def assess(self) -> None:
        """Assess the allegations and the risk."""

    @transition(field=status, source=CaseStatus.ASSESSED, target=CaseStatus.ASSIGNED,
                permission=_may("cases.assign_case"))
    def assign(self) -> None:
        """Give the case to an investigator."""

    @transition(field=status, source=CaseStatus.ASSIGNED, target=CaseStatus.IN_INSPECTION,
                permission=_may("cases.start_inspection"))
    def start_inspection(self) -> None:
        """Begin the inspection."""

    @transition(field=status, source=CaseStatus.IN_INSPECTION, target=CaseStatus.DECISION_PROPOSED,
                permission=_may("cases.propose_decision"))
    def propose_decision(self) -> None:
        """Propose the decision for approval."""

    @transition(field=status, source=CaseStatus.DECISION_PROPOSED, target=CaseStatus.DECISION_APPROVED,
                permission=_may("cases.approve_decision"))
    def approve_decision(self) -> None:
        """Approve the proposed decision (never one's own)."""

    @transition(field=status, source=CaseStatus.DECISION_PROPOSED, target=CaseStatus.IN_INSPECTION,
                permission=_may("cases.approve_decision"))
    def return_decision(self) -> None:
        """Send the proposal back to the investigator."""

    @transition(field=status, source=CaseStatus.DECISION_APPROVED, target=CaseStatus.CLOSED,
                permission=_may("cases.close_case"))
    def close(self) -> None:
        """Close the case once its decision is approved."""

    @transition(field=status, source=CaseStatus.CLOSED, target=CaseStatus.CORRECTION,
                permission=_may("cases.return_for_correction"))
    def return_for_correction(self) -> None:
        """Quality control found a substantial error: the file goes back to its investigator."""

    @transition(field=status, source=CaseStatus.CORRECTION, target=CaseStatus.CLOSED,
                permission=_may("cases.close_case"))
    def correct(self) -> None:
        """The error is corrected: the file is closed again, for quality control to re-check."""

    @transition(field=status, source=[CaseStatus.NEW, CaseStatus.ASSESSED], target=CaseStatus.EXCLUDED,
                permission=_may("cases.exclude_case"))
    def exclude(self) -> None:
        """End the case under an exclusion rule."""

    @transition(field=status, source=[CaseStatus.NEW, CaseStatus.ASSESSED, CaseStatus.ASSIGNED],
                target=CaseStatus.TRANSFERRED, permission=_may("cases.transfer_case"))
    def transfer(self) -> None:
        """Hand the case over to another region, where it continues as a new case."""


def exclusion_rules() -> models.QuerySet[Any]:
    """Every rule a case may be excluded under. The tip line keeps them
    (`intake.ExclusionRule`, on the floor above cases); cases reaches them
    through the case's foreign key, without importing intake."""
    model = cast("type[models.Model]", Case._meta.get_field("exclusion_rule").related_model)
    return model._default_manager.all()


class CaseTransition(models.Model):
    """One move of a case from a status to another: who, when, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=20, choices=CaseStatus.choices)
    target = models.CharField(_("to"), max_length=20, choices=CaseStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.case}: {self.source} → {self.target}"


class CaseShareQuerySet(models.QuerySet["CaseShare"]):
    def active(self) -> CaseShareQuerySet:
        return self.filter(revoked_at__isnull=True)


class CaseShare(models.Model):
    """A case opened to one more investigator or to another region, until revoked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="case_shares",
        verbose_name=_("investigator"),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="case_shares", verbose_name=_("region"),
    )
    reason = models.TextField(_("reason"))
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(_("shared"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CaseShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at", "-id"]
        verbose_name = _("case sharing")
        verbose_name_plural = _("case sharings")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, region__isnull=True) | Q(user__isnull=True, region__isnull=False),
                name="case_share_one_recipient",
            ),
        ]
        indexes = [models.Index(fields=["case", "revoked_at"], name="case_share_active_idx")]

    def __str__(self) -> str:
        return f"{self.case} → {self.user or self.region}"

    @property
    def recipient(self) -> Any:
        return self.user or self.region


class ActivityKind(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call")
    INTERVIEW = "interview", _("Interview")
    INSPECTION = "inspection", _("On-site inspection")
    DOCUMENT_REQUEST = "document_request", _("Document request")
    TASK = "task", _("Task")
    REVIEW = "review", _("Review summary")
    ESCALATION = "escalation", _("Escalation")
    REFERRAL = "referral", _("Referral")
    NOTE = "note", _("Note")


class Interviewee(models.TextChoices):
    WORKER = "worker", _("Worker")
    EMPLOYER = "employer", _("Employer")
    WITNESS = "witness", _("Witness")


class ReviewKind(models.TextChoices):
    INTERNAL = "internal", _("Internal review")
    EXTERNAL = "external", _("External review")


class Activity(Versioned):
    """Something done on a case. One table for every kind: the fields that do
    not apply to a kind stay empty (see `cases.workflow.ACTIVITY_FIELDS`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    # Interview.
    interviewee = models.CharField(_("person interviewed"), max_length=10, choices=Interviewee.choices, blank=True)
    # On-site inspection.
    announced = models.BooleanField(_("announced"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    # Document request and task.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    received_on = models.DateField(_("documents received on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="case_tasks",
        verbose_name=_("owner"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # Review summary.
    review_kind = models.CharField(_("review"), max_length=10, choices=ReviewKind.choices, blank=True)
    # Escalation and referral: the tip-line record it stands for.
    escalation = models.ForeignKey(
        "intake.Escalation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    referral = models.ForeignKey(
        "intake.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="activity_case_time_idx"),
            # "My tasks": the open tasks of an owner, and the open document requests
            # of a case, by due date (partial: the done ones are most of the table).
            models.Index(fields=["owner", "due_on"], name="activity_open_task_idx",
                         condition=Q(kind="task", done_at__isnull=True)),
            models.Index(fields=["case", "due_on"], name="activity_open_request_idx",
                         condition=Q(kind="document_request", received_on__isnull=True)),
            # A team lead's overdue list: every pending one, by case then due date.
            # Most pending ones lie on closed cases, so the list starts from the open
            # cases of the region and reads only theirs (an index by due date alone
            # made PostgreSQL read every overdue one of the country).
            models.Index(fields=["case", "due_on"], name="activity_pending_case_idx",
                         condition=Q(kind__in=["task", "document_request"], done_at__isnull=True,
                                     received_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        """A task not yet done, or a document request whose documents have not come."""
        if self.kind == ActivityKind.TASK:
            return self.done_at is None
        if self.kind == ActivityKind.DOCUMENT_REQUEST:
            return self.received_on is None
        return False

    def is_overdue(self, today: datetime.date) -> bool:
        """Pending after the day it was due."""
        return self.is_pending and self.due_on is not None and self.due_on < today


# The pending tasks and document requests (`Activity.is_pending`, as a filter).
PENDING = Q(kind=ActivityKind.TASK, done_at__isnull=True) | Q(kind=ActivityKind.DOCUMENT_REQUEST,
                                                              received_on__isnull=True)


class ReminderKind(models.TextChoices):
    EVE = "eve", _("The day before")
    DUE = "due", _("On the due date")


class TaskReminder(models.Model):
    """A reminder sent about a task or a document request, for one due date: the
    unique row is what makes it sent once, whatever the number of servers (the
    one that inserts it sends; the others find it there)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("reminder"), max_length=3, choices=ReminderKind.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("task reminder")
        verbose_name_plural = _("task reminders")
        constraints = [models.UniqueConstraint(fields=["activity", "kind", "due_on"], name="task_reminder_once")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind} {self.due_on}"


class Outcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    JUSTIFIED = "justified", _("Compliant with justification")
    WARNING = "warning", _("Non-compliant: warning")
    PENALTY = "penalty", _("Non-compliant: administrative monetary penalty")
    BAN = "ban", _("Non-compliant: ban")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned to the investigator")


class DecisionQuerySet(models.QuerySet["Decision"]):
    def visible_to(self, user: Any) -> DecisionQuerySet:
        return self.filter(case__in=Case.objects.visible_to(user))


class Decision(models.Model):
    """The outcome of a case, proposed by its investigator and approved by a team
    lead who is not the proposer. A returned proposal stays on record."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    grounds = models.TextField(_("grounds"))
    penalty_amount = models.DecimalField(
        _("penalty amount ($)"), max_digits=10, decimal_places=2, null=True, blank=True,
    )
    ban_years = models.PositiveSmallIntegerField(_("ban period (years)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DecisionStatus.choices,
                              default=DecisionStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, db_index=True)
    returned_reason = models.TextField(_("why it was returned"), blank=True)
    # Denormalised from the case when proposed, for the national register.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("proposed_by")),
                name="decision_approver_is_not_proposer",
            ),
        ]
        # The register in order of approval; the approved decisions of a period by
        # outcome, with their case (the public statistics), read from the index alone.
        indexes = [models.Index(fields=["status", "-approved_at", "outcome", "case"], name="decision_approved_idx")]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_outcome_display()}"


class DocumentKind(models.TextChoices):
    UPLOAD = "upload", _("Uploaded document")
    LETTER = "letter", _("Letter")
    SUMMARY = "summary", _("Case summary report")


class Document(models.Model):
    """A file of a case, possibly attached to one activity, with its versions."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="documents", verbose_name=_("activity"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.UPLOAD)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    @property
    def region_id(self) -> int:
        return self.case.region_id

    def is_shared_with(self, user: Any) -> bool:
        return self.case.is_shared_with(user)

    @property
    def current(self) -> DocumentVersion | None:
        return self.versions.order_by("-number").first()  # type: ignore[attr-defined,no-any-return]


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to="cases/%Y/%m/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    comment = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


class LetterKind(models.TextChoices):
    NOTICE_OF_INSPECTION = "notice_of_inspection", _("Notice of inspection")
    DOCUMENT_REQUEST = "document_request", _("Request for documents")
    DOCUMENT_REMINDER = "document_reminder", _("Reminder: request for documents")
    DECISION = "decision", _("Decision letter")


class LetterTemplate(Versioned):
    """The editable text of a letter to an employer, in one language. Its body is
    a Django template that may use only the values listed in
    `cases.letters.PLACEHOLDERS`."""

    kind = models.CharField(_("letter"), max_length=24, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")])
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="letter_template_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Guidance(Versioned):
    """Operational guidance for one case status or activity kind, in French and
    English; one place for all of it, edited by national analysts."""

    topic = models.CharField(_("applies to"), max_length=40, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_fr = models.TextField(_("guidance (French)"))
    body_en = models.TextField(_("guidance (English)"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["topic"]
        verbose_name = _("guidance")
        verbose_name_plural = _("guidance")

    def __str__(self) -> str:
        return self.topic

    @property
    def title(self) -> str:
        return self.title_fr if active_language() == "fr" else self.title_en

    @property
    def body(self) -> str:
        return self.body_fr if active_language() == "fr" else self.body_en
