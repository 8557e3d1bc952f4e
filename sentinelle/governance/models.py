"""The program's governance: the action plan (priorities with their SMART fields,
measures with owners, dates, status, evidence and a dated history) and the
quarterly report to governance, drafted, reviewed and approved by different people,
then frozen as PDF documents.

Pure rules only: whether a measure is late, residual, or needs attention
(`Measure.flags`), and whether a staff member may take a report's next step
(`QuarterlyReport.refusal`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region
from sentinelle.lib.i18n import active_language
from sentinelle.lib.locking import Versioned


def _bilingual(obj: models.Model, name: str) -> str:
    """The field `name_fr` or `name_en` of `obj`, in the active language; the other
    language when the active one is blank."""
    first, second = ("fr", "en") if active_language() == "fr" else ("en", "fr")
    return str(getattr(obj, f"{name}_{first}") or getattr(obj, f"{name}_{second}") or "")


class ActionPlan(models.Model):
    """An action plan of the program for a fiscal year (April to March). Its
    measures not done when the year ends stay on it, flagged as residual, until
    closed."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), help_text=_("The calendar year in which the fiscal year begins (April 1)."))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "id"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _bilingual(self, "name")

    @property
    def ends_on(self) -> datetime.date:
        """The last day of the plan's fiscal year."""
        return datetime.date(self.fiscal_year + 1, 3, 31)


class Priority(models.Model):
    """A priority of the plan with its SMART fields: the specific result, the
    indicator that measures it, the target and the date it is due."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="priorities",
                             verbose_name=_("action plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_en = models.TextField(_("title (English)"))
    title_fr = models.TextField(_("title (French)"))
    result_en = models.TextField(_("specific result (English)"), blank=True)
    result_fr = models.TextField(_("specific result (French)"), blank=True)
    indicator_en = models.TextField(_("indicator (English)"), blank=True)
    indicator_fr = models.TextField(_("indicator (French)"), blank=True)
    target_en = models.TextField(_("target (English)"), blank=True)
    target_fr = models.TextField(_("target (French)"), blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "number"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="priority_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return _bilingual(self, "title")

    @property
    def result(self) -> str:
        return _bilingual(self, "result")

    @property
    def indicator(self) -> str:
        return _bilingual(self, "indicator")

    @property
    def target(self) -> str:
        return _bilingual(self, "target")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
    RESIDUAL = "residual", _("Residual")


class Indicator(models.TextChoices):
    """The dashboard's indicators a measure may be measured by (the same codes as
    the dashboard's targets)."""

    CASES_COMPLETED = "cases_completed", _("Cases completed in the year")
    INVENTORY = "inventory", _("Healthy inventory of open cases")
    DAYS_TO_DECISION = "days_to_decision", _("Median days from report to decision")
    ESCALATIONS_24H = "escalations_24h", _("Escalations met within 24 hours")
    ESCALATIONS_48H = "escalations_48h", _("Escalations met within 48 hours")
    QUALITY_RATE = "quality_rate", _("Quality rate")


SHARE_INDICATORS = frozenset({Indicator.ESCALATIONS_24H, Indicator.ESCALATIONS_48H, Indicator.QUALITY_RATE})
LOWER_IS_BETTER = frozenset({Indicator.INVENTORY, Indicator.DAYS_TO_DECISION})
# The order of the managers' board: what needs attention first.
ATTENTION_ORDER = [MeasureStatus.LATE, MeasureStatus.AT_RISK, MeasureStatus.RESIDUAL, MeasureStatus.NOT_STARTED,
                   MeasureStatus.ON_TRACK, MeasureStatus.DONE]


class Measure(Versioned):
    """A measure of a priority: who owns it, which unit answers for it, when it
    starts and is due, where it stands. Linked to a dashboard indicator, its
    progress is measured from the data rather than declared."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures",
                                 verbose_name=_("priority"))
    code = models.CharField(_("number"), max_length=12)
    title_en = models.TextField(_("measure (English)"))
    title_fr = models.TextField(_("measure (French)"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("owner"))
    unit = models.CharField(_("responsible unit"), max_length=120)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"), help_text=_("Empty for a national measure."))
    starts_on = models.DateField(_("start date"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices,
                              default=MeasureStatus.NOT_STARTED)
    percent_done = models.PositiveSmallIntegerField(_("percentage done"), default=0,
                                                    validators=[MaxValueValidator(100)])
    indicator = models.CharField(_("dashboard indicator"), max_length=20, choices=Indicator.choices, blank=True)
    indicator_target = models.DecimalField(
        _("indicator target"), max_digits=10, decimal_places=4, null=True, blank=True,
        help_text=_("Empty: the dashboard's target for the year. Shares as fractions (0.90 for 90 %)."))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["priority__plan_id", "priority__number", "code"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(condition=Q(percent_done__lte=100), name="measure_percent_at_most_100"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("starts_on")), name="measure_due_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _bilingual(self, "title")

    def is_open(self) -> bool:
        return self.status != MeasureStatus.DONE

    def is_residual(self, today: datetime.date | None = None) -> bool:
        """Residual: still open after its plan's fiscal year ended, or marked so;
        flagged in every report until closed."""
        today = today or timezone.localdate()
        if self.status == MeasureStatus.DONE:
            return False
        return self.status == MeasureStatus.RESIDUAL or today > self.priority.plan.ends_on

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status != MeasureStatus.DONE and today > self.due_on

    def attention_rank(self, today: datetime.date | None = None) -> int:
        """0 for what needs attention first (late, overdue, at risk), upwards."""
        if self.is_overdue(today) and self.status != MeasureStatus.LATE:
            return 0
        return ATTENTION_ORDER.index(MeasureStatus(self.status))


def measured_percent(indicator: str, value: float | None, target: Decimal | float | None) -> int | None:
    """How far a measured value has come towards its target, 0 to 100: the share of
    the target reached, or, where lower is better, the target's share of the value."""
    if value is None or target is None:
        return None
    target = float(target)
    if indicator in LOWER_IS_BETTER:
        if value <= target:
            return 100
        return max(0, min(100, int(target / value * 100))) if value else 100
    if target <= 0:
        return 100
    return max(0, min(100, int(value / target * 100)))


class Evidence(models.Model):
    """A link that shows a measure's progress: a document, a dashboard figure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evidence",
                                verbose_name=_("measure"))
    label = models.CharField(_("description"), max_length=200)
    url = models.CharField(_("link"), max_length=500)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.label


class StatusUpdate(models.Model):
    """One dated entry of a measure's history: its status and percentage as the
    person who wrote it saw them, with their note."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates",
                                verbose_name=_("measure"))
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices)
    percent_done = models.PositiveSmallIntegerField(_("percentage done"))
    note = models.TextField(_("note"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("written by"))
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.status} {self.written_at:%Y-%m-%d}"


# The quarterly report to governance ------------------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")


class PdfStatus(models.TextChoices):
    NONE = "", _("Not made")
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Made")
    FAILED = "failed", _("Failed")


NARRATIVE = ("highlights", "risks", "decisions")


class ReviewedReport(Versioned):
    """What every report to governance shares: its narrative is written by an
    author, then it moves draft → reviewed → approved, each step by a different
    person (`refusal`); once approved it is frozen and its PDFs are made by the
    task worker (`pdf_status`, `pdf_progress`) and kept as made."""

    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    pdf_status = models.CharField(_("PDF"), max_length=8, choices=PdfStatus.choices, blank=True, default="")
    pdf_progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    # The narrative's sections (each a field `<name>_fr` and `<name>_en`).
    NARRATIVE: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def frozen(self) -> bool:
        return self.status == ReportStatus.APPROVED

    def narrative(self, name: str) -> str:
        return _bilingual(self, name)

    def refusal(self, step: str, user: object) -> str:
        """Why `user` may not take `step` ("review" or "approve") now; "" when
        they may. The author never reviews nor approves; the reviewer does not
        approve."""
        user_pk = getattr(user, "pk", None)
        if step == "review":
            if self.status != ReportStatus.DRAFT:
                return str(_("Only a draft can be reviewed."))
            if user_pk == self.author_id:  # type: ignore[attr-defined]
                return str(_("The author of a report cannot review it: another person must."))
            return ""
        if step == "approve":
            if self.status != ReportStatus.REVIEWED:
                return str(_("Only a reviewed report can be approved."))
            if user_pk == self.author_id:  # type: ignore[attr-defined]
                return str(_("The author of a report cannot approve it: another person must."))
            if user_pk == self.reviewed_by_id:  # type: ignore[attr-defined]
                return str(_("The reviewer of a report cannot also approve it: a third person must."))
            return ""
        raise ValueError(step)


class QuarterlyReport(ReviewedReport):
    """The report of one quarter to governance: the figures are read when its PDF
    is made, once approved; the narrative is the managers'. Draft → reviewed →
    approved, each step by a different person; then frozen."""

    NARRATIVE = NARRATIVE

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    highlights_en = models.TextField(_("highlights (English)"), blank=True)
    highlights_fr = models.TextField(_("highlights (French)"), blank=True)
    risks_en = models.TextField(_("risks (English)"), blank=True)
    risks_fr = models.TextField(_("risks (French)"), blank=True)
    decisions_en = models.TextField(_("decisions needed (English)"), blank=True)
    decisions_fr = models.TextField(_("decisions needed (French)"), blank=True)

    class Meta:
        ordering = ["-fiscal_year", "-quarter"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "quarter"], name="quarterly_report_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}-{self.fiscal_year + 1} Q{self.quarter}"


class ReportPdf(models.Model):
    """An approved report as a PDF in one language, kept as made: it never
    changes, whatever happens later to the figures behind it. Each kind of
    report has its own table, with its `report` (related name `documents`) and
    one document per report and language; `report.keep_documents` makes them."""

    language = models.CharField(_("language"), max_length=2)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["report_id", "language"]

    def __str__(self) -> str:
        return f"{self.report} {self.language}"  # type: ignore[attr-defined]


class ReportDocument(ReportPdf):
    """The approved quarterly report to governance as a PDF in one language."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.PROTECT, related_name="documents",
                               verbose_name=_("quarterly report"))

    class Meta(ReportPdf.Meta):
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        constraints = [models.UniqueConstraint(fields=["report", "language"], name="report_document_unique")]

    @property
    def filename(self) -> str:
        report = self.report
        return f"governance-report-{report.fiscal_year}-{report.fiscal_year + 1}-Q{report.quarter}-{self.language}.pdf"


# Working groups (terms of reference, seed 003) --------------------------------------------------

MAX_MEMBERS = 8
CO_CHAIRS = 2
TERM_YEARS = 3
TERM_WARNING_DAYS = 90
MAX_PRIORITY_AREAS = 3


class WorkingGroup(models.Model):
    """A working group: its mandate (versioned), the committee it reports to, its
    members and seats, meetings, work plan and repository of practices. The
    secretariat keeps its agendas and minutes."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    parent_committee_en = models.CharField(_("parent committee (English)"), max_length=200)
    parent_committee_fr = models.CharField(_("parent committee (French)"), max_length=200)
    started_on = models.DateField(_("start date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _bilingual(self, "name")

    @property
    def parent_committee(self) -> str:
        return _bilingual(self, "parent_committee")


class Mandate(models.Model):
    """One version of a group's terms of reference, in both languages; the
    latest is in force, the earlier ones are kept."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="mandates",
                              verbose_name=_("working group"))
    number = models.PositiveSmallIntegerField(_("version"))
    text_en = models.TextField(_("mandate (English)"))
    text_fr = models.TextField(_("mandate (French)"))
    adopted_on = models.DateField(_("adopted on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        ordering = ["group_id", "-number"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="mandate_version_unique")]

    def __str__(self) -> str:
        return f"{self.group_id} v{self.number}"

    @property
    def text(self) -> str:
        return _bilingual(self, "text")


class Seat(models.Model):
    """A seat the mandate requires, such as a francophone seat."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="seats",
                              verbose_name=_("working group"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)

    class Meta:
        ordering = ["group_id", "id"]
        verbose_name = _("required seat")
        verbose_name_plural = _("required seats")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _bilingual(self, "name")


class MemberRole(models.TextChoices):
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    ALTERNATE = "alternate", _("Alternate")


def _anniversary(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28) + datetime.timedelta(days=1)


def term_end(start: datetime.date) -> datetime.date:
    """The end of a three-year term starting on `start` (the day before its third anniversary)."""
    return _anniversary(start, TERM_YEARS) - datetime.timedelta(days=1)


class GroupMember(models.Model):
    """A member of a working group, their organisation, role, seat and term."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members",
                              verbose_name=_("working group"))
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    # A member from the program's staff: their open action items show in their "my tasks".
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("staff account"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    seat = models.ForeignKey(Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
                             verbose_name=_("seat"))
    alternate_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="alternates", verbose_name=_("alternate for"))
    term_starts_on = models.DateField(_("term start"))
    term_ends_on = models.DateField(_("term end"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["group_id", "role", "full_name"]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")
        constraints = [models.CheckConstraint(condition=Q(term_ends_on__gte=models.F("term_starts_on")),
                                              name="group_member_term_order")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organisation})"

    def is_active(self, today: datetime.date) -> bool:
        return self.left_on is None and self.term_starts_on <= today <= self.term_ends_on

    @property
    def counts_as_member(self) -> bool:
        """Alternates do not count against the limit of eight members."""
        return self.role != MemberRole.ALTERNATE


@dataclass(frozen=True)
class Warning:
    kind: str  # empty_seat, term_ending, co_chairs
    message: str


def group_warnings(members: list[GroupMember], seats: list[Seat], today: datetime.date) -> list[Warning]:
    """What the group's page must say: a required seat nobody holds, a term that
    ends within 90 days, co-chairs other than two."""
    active = [m for m in members if m.is_active(today)]
    warnings = []
    for seat in seats:
        if not any(m.seat_id == seat.pk for m in active):
            warnings.append(Warning("empty_seat", str(_("The required seat “%(seat)s” is empty.") % {
                "seat": seat.name})))
    for member in active:
        days = (member.term_ends_on - today).days
        if days <= TERM_WARNING_DAYS:
            warnings.append(Warning("term_ending", str(_(
                "The term of %(name)s ends on %(date)s, in %(days)s days.") % {
                "name": member.full_name, "date": member.term_ends_on.isoformat(), "days": days})))
    chairs = sum(1 for m in active if m.role == MemberRole.CO_CHAIR)
    if chairs != CO_CHAIRS:
        warnings.append(Warning("co_chairs", str(_("The group has %(count)s co-chairs; its mandate requires two.") % {
            "count": chairs})))
    return warnings


class Meeting(models.Model):
    """A meeting: its agenda, who attended, each member's declaration of conflicts
    of interest (recorded before the agenda is discussed: `agenda_opened_at`),
    then the minutes and decisions."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings",
                              verbose_name=_("working group"))
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"))
    agenda_opened_at = models.DateTimeField(_("agenda opened at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        ordering = ["group_id", "-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.group_id} {self.held_on:%Y-%m-%d}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance",
                                verbose_name=_("meeting"))
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    present = models.BooleanField(_("present"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.member_id} {self.present}"


class Declaration(models.Model):
    """A member's declaration of conflicts of interest at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations",
                                verbose_name=_("meeting"))
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    has_conflict = models.BooleanField(_("declares a conflict of interest"))
    details = models.TextField(_("details"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("declaration of conflicts of interest")
        verbose_name_plural = _("declarations of conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="declaration_unique")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.member_id} {self.has_conflict}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items",
                                verbose_name=_("meeting"))
    description = models.TextField(_("action"))
    owner = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description[:80]


class PriorityArea(models.Model):
    """One of at most three priority areas of the group's work plan (a position 1
    to 3, unique in the group: the database holds the limit), proposed by the
    group and validated by its parent committee."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="areas",
                              verbose_name=_("working group"))
    position = models.PositiveSmallIntegerField(_("position"))
    title_en = models.CharField(_("priority area (English)"), max_length=300)
    title_fr = models.CharField(_("priority area (French)"), max_length=300)
    proposed_on = models.DateField(_("proposed on"))
    validated_by = models.CharField(_("validated by"), max_length=200, blank=True,
                                    help_text=_("Who validated it for the parent committee."))
    validated_on = models.DateField(_("validated on"), null=True, blank=True)

    class Meta:
        ordering = ["group_id", "position"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        constraints = [
            models.UniqueConstraint(fields=["group", "position"], name="priority_area_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1, position__lte=MAX_PRIORITY_AREAS),
                                   name="priority_area_at_most_three"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _bilingual(self, "title")


class AreaUpdate(models.Model):
    """A progress update on a priority area; a risk flag raises it to the secretariat."""

    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="updates",
                             verbose_name=_("priority area"))
    text = models.TextField(_("progress"))
    risk_flag = models.BooleanField(_("risk flag"), default=False)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("written by"))
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return self.text[:80]


class Practice(models.Model):
    """A document or link in the group's repository of practices, with its tags."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="practices",
                              verbose_name=_("working group"))
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class GroupReportKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly written update")
    ANNUAL = "annual", _("Annual report")


GROUP_NARRATIVE = ("summary", "next_steps")


def group_year(started_on: datetime.date, number: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the group's year `number` (1 is its first year)."""
    return (_anniversary(started_on, number - 1),
            _anniversary(started_on, number) - datetime.timedelta(days=1))


class GroupReport(ReviewedReport):
    """A working group's quarterly written update or its annual report (seed 003),
    generated from the group's meetings, decisions, priority areas with their
    progress and risk flags, and action items over its period; the secretariat
    writes the narrative, then it is reviewed and approved like the quarterly
    report to governance, and frozen."""

    NARRATIVE = GROUP_NARRATIVE

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="reports",
                              verbose_name=_("working group"))
    kind = models.CharField(_("kind"), max_length=10, choices=GroupReportKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    next_steps_en = models.TextField(_("next steps (English)"), blank=True)
    next_steps_fr = models.TextField(_("next steps (French)"), blank=True)

    class Meta:
        ordering = ["group_id", "-period_start", "kind"]
        verbose_name = _("working-group report")
        verbose_name_plural = _("working-group reports")
        constraints = [
            models.UniqueConstraint(fields=["group", "kind", "period_start"], name="group_report_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="group_report_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"


class GroupReportDocument(ReportPdf):
    """An approved working-group report as a PDF in one language."""

    report = models.ForeignKey(GroupReport, on_delete=models.PROTECT, related_name="documents",
                               verbose_name=_("working-group report"))

    class Meta(ReportPdf.Meta):
        verbose_name = _("working-group report document")
        verbose_name_plural = _("working-group report documents")
        constraints = [models.UniqueConstraint(fields=["report", "language"], name="group_report_document_unique")]

    @property
    def filename(self) -> str:
        report = self.report
        return f"working-group-{report.group_id}-{report.kind}-{report.period_start:%Y-%m-%d}-{self.language}.pdf"


# Service standards (the client service declaration) ---------------------------------------------


class StandardCode(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("A report is acknowledged immediately")
    URGENT = "urgent_24h", _("An urgent report is acted on within 24 hours")
    FOLLOW_UP = "follow_up", _("A worker’s follow-up message is answered within the stated working days")


class ServiceStandard(models.Model):
    """A commitment of the client service declaration, its target (a share of the
    cases that meet it) and, for answers, the working days allowed."""

    code = models.CharField(_("standard"), max_length=20, choices=StandardCode.choices, unique=True)
    target = models.DecimalField(_("target"), max_digits=5, decimal_places=4,
                                 help_text=_("A share, as a fraction: 0.90 for 90 %."))
    working_days = models.PositiveSmallIntegerField(_("working days allowed"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [models.CheckConstraint(condition=Q(target__gte=0, target__lte=1),
                                              name="service_standard_target_share")]

    def __str__(self) -> str:
        return str(self.get_code_display())  # type: ignore[attr-defined]
