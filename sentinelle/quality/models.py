"""Quality control: the sampling plan, every draw, the files selected for review,
the checklist and the reviewers' answers.

The fiscal year runs from April to March; its quarters are the periods of the
sampling plan and of the quality rate."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region
from sentinelle.cases.models import Case, Outcome, Sector
from sentinelle.lib.i18n import active_language
from sentinelle.lib.locking import Versioned

# The random value of a draw is a whole number below SCALE; a file is selected
# when it is below rate × SCALE (exact for rates given to 0.01 %).
SCALE = 1_000_000


# The fiscal year ------------------------------------------------------------------


def fiscal_year_of(day: datetime.date) -> int:
    """The calendar year in which the fiscal year of `day` begins (April 1)."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: datetime.date) -> int:
    """1 (April–June) to 4 (January–March)."""
    return (day.month - 4) % 12 // 3 + 1


def quarter_bounds(fiscal_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day (inclusive) of a quarter of the fiscal year."""
    month = 4 + 3 * (quarter - 1)
    year = fiscal_year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    start = datetime.date(year, month, 1)
    next_month, next_year = (month + 3 - 1) % 12 + 1, year + (month + 3 - 1) // 12
    return start, datetime.date(next_year, next_month, 1) - datetime.timedelta(days=1)


def fiscal_year_label(fiscal_year: int) -> str:
    return f"{fiscal_year}-{fiscal_year + 1}"


def quarter_label(fiscal_year: int, quarter: int) -> str:
    """« 2026-2027 T1 » in French, "2026-2027 Q1" in English."""
    return gettext("%(year)s Q%(quarter)s") % {"year": fiscal_year_label(fiscal_year), "quarter": quarter}


# The sampling plan ------------------------------------------------------------------


class PlannedQuarter(models.Model):
    """A quarter of the fiscal year that a plan sets (the sampling rate, the
    observation rollout): which one, who set it and when. One per quarter: each
    model names its own unique and check constraints."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set on"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["fiscal_year", "quarter"]

    @property
    def label(self) -> str:
        return quarter_label(self.fiscal_year, self.quarter)

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        return quarter_bounds(self.fiscal_year, self.quarter)


class SamplingRate(PlannedQuarter):
    """The share of closed files drawn for review in one quarter. A quarter
    without a rate of its own keeps the rate of the latest quarter before it."""

    rate = models.DecimalField(
        _("sampling rate"), max_digits=5, decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )

    class Meta(PlannedQuarter.Meta):
        verbose_name = _("sampling rate")
        verbose_name_plural = _("sampling rates")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "quarter"], name="sampling_rate_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="sampling_rate_quarter"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=1), name="sampling_rate_fraction"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.rate}"


class Suspension(models.Model):
    """Sampling stopped, from `suspended_at` until `resumed_at`: who and why, both ways."""

    suspended_at = models.DateTimeField(_("suspended on"), default=timezone.now)
    suspended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("suspended by"))
    reason = models.TextField(_("why sampling is suspended"))
    resumed_at = models.DateTimeField(_("resumed on"), null=True, blank=True)
    resumed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("resumed by"))
    resume_reason = models.TextField(_("why sampling resumes"), blank=True)

    class Meta:
        ordering = ["-suspended_at", "-id"]
        verbose_name = _("suspension of sampling")
        verbose_name_plural = _("suspensions of sampling")

    def __str__(self) -> str:
        return f"{self.suspended_at:%Y-%m-%d} – {self.resumed_at:%Y-%m-%d}" if self.resumed_at \
            else f"{self.suspended_at:%Y-%m-%d} –"


class Draw(models.Model):
    """Every draw made when a file is closed, selected or not: what decided it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="qc_draw", verbose_name=_("case"))
    drawn_at = models.DateTimeField(_("drawn on"))
    rate = models.DecimalField(_("rate in force"), max_digits=5, decimal_places=4)
    suspended = models.BooleanField(_("sampling suspended"), default=False)
    random_value = models.PositiveIntegerField(_("random value"))
    scale = models.PositiveIntegerField(_("out of"), default=SCALE)
    selected = models.BooleanField(_("selected"))

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        indexes = [models.Index(fields=["drawn_at"], name="qc_draw_time_idx")]

    def __str__(self) -> str:
        return f"{self.case}: {self.random_value}/{self.scale} @ {self.rate}"

    @property
    def threshold(self) -> int:
        """Selected when the random value is below this number."""
        return int(self.rate * self.scale)


class RuleKind(models.TextChoices):
    REGION = "region", _("Every file of a region")
    SECTOR = "sector", _("Every file of a sector")
    INVESTIGATOR = "investigator", _("Every file of an investigator")
    OUTCOME = "outcome", _("Every file with an outcome")
    FIRST_FILES = "first_files", _("An investigator's first files")


class TargetRule(models.Model):
    """A targeted review: files it matches are reviewed in addition to the random
    sample, and kept apart from it so that the sample's rate stays unbiased."""

    kind = models.CharField(_("kind of rule"), max_length=20, choices=RuleKind.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("sector"))
    investigator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("investigator"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    first_files = models.PositiveSmallIntegerField(_("number of first files"), null=True, blank=True)
    reason = models.TextField(_("why these files are reviewed"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("ended by"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-active", "-created_at", "-id"]
        verbose_name = _("targeted review rule")
        verbose_name_plural = _("targeted review rules")

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        if self.kind == RuleKind.REGION:
            return f"{self.get_kind_display()}: {self.region}"
        if self.kind == RuleKind.SECTOR:
            return f"{self.get_kind_display()}: {self.sector}"
        if self.kind == RuleKind.INVESTIGATOR:
            return f"{self.get_kind_display()}: {self.investigator}"
        if self.kind == RuleKind.OUTCOME:
            return f"{self.get_kind_display()}: {self.get_outcome_display()}"
        who = f" ({self.investigator})" if self.investigator else ""
        return f"{self.get_kind_display()}: {self.first_files}{who}"


# The checklist ------------------------------------------------------------------


class ItemGroup(models.TextChoices):
    FACT_FINDING = "fact_finding", _("Fact-finding")
    ASSESSMENT = "assessment", _("Assessment of conditions")
    DECISION = "decision", _("Decision")
    DOCUMENTATION = "documentation", _("Documentation")
    TIMELINESS = "timeliness", _("Timeliness")


class Course(models.TextChoices):
    """The training courses that address an error (codes agreed with the training register)."""

    CASE_SUMMARY = "case_summary", _("Case summary report")
    INTERVIEWS_EVIDENCE = "interviews_evidence", _("Interviews and evidence")
    UNANNOUNCED_INSPECTION = "unannounced_inspection", _("Unannounced on-site inspections")
    ESCALATION = "escalation", _("Escalation process")
    CASE_MANAGEMENT_SYSTEM = "case_management_system", _("The case management system")
    QC_CHECKLIST_GUIDE = "qc_checklist_guide", _("Guide to the quality control checklist")


class ChecklistItem(Versioned):
    """One question of the review, in both languages. A "no" to a substantial
    item is a substantial error: the file goes back to its investigator."""

    group = models.CharField(_("group"), max_length=20, choices=ItemGroup.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.CharField(_("item (English)"), max_length=300)
    text_fr = models.CharField(_("item (French)"), max_length=300)
    substantial = models.BooleanField(_("substantial"), default=False)
    course_code = models.CharField(_("training course"), max_length=40, choices=Course.choices, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_fr if active_language() == "fr" else self.text_en


# Selections and reviews ---------------------------------------------------------------


class Basis(models.TextChoices):
    RANDOM = "random", _("Random sample")
    TARGETED = "targeted", _("Targeted review")


class SelectionStatus(models.TextChoices):
    UNASSIGNED = "unassigned", _("Waiting for a reviewer")
    TO_REVIEW = "to_review", _("To review")
    CORRECTION = "correction", _("Returned for correction")
    RECHECK = "recheck", _("Corrected: to re-check")
    DONE = "done", _("Reviewed")


OPEN_SELECTION_STATUSES = [SelectionStatus.UNASSIGNED, SelectionStatus.TO_REVIEW,
                           SelectionStatus.CORRECTION, SelectionStatus.RECHECK]


class Selection(models.Model):
    """A closed file chosen for review, by the random sample or by a targeted rule."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="qc_selection",
                                verbose_name=_("case"))
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    draw = models.OneToOneField(Draw, null=True, blank=True, on_delete=models.PROTECT, related_name="selection")
    rule = models.ForeignKey(TargetRule, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="selections", verbose_name=_("rule"))
    selected_at = models.DateTimeField(_("selected on"))
    status = models.CharField(_("status"), max_length=12, choices=SelectionStatus.choices,
                              default=SelectionStatus.UNASSIGNED, db_index=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="qc_reviews", verbose_name=_("reviewer"))
    assigned_at = models.DateTimeField(_("assigned on"), null=True, blank=True)
    # The verdict of the first review: what the quality rate counts, whatever the correction.
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    substantial_error = models.BooleanField(_("substantial error"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)

    class Meta:
        ordering = ["-selected_at", "-id"]
        verbose_name = _("file selected for review")
        verbose_name_plural = _("files selected for review")
        constraints = [
            models.CheckConstraint(
                condition=Q(basis="random", draw__isnull=False) | Q(basis="targeted", rule__isnull=False),
                name="qc_selection_has_its_basis",
            ),
        ]
        indexes = [models.Index(fields=["basis", "selected_at"], name="qc_selection_basis_idx")]

    def __str__(self) -> str:
        return f"{self.case} ({self.get_basis_display()})"

    @property
    def region_id(self) -> int:
        return self.case.region_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_SELECTION_STATUSES


class Answer(models.TextChoices):
    MET = "met", _("Met")
    ERROR = "error", _("Error")
    NOT_APPLICABLE = "na", _("Not applicable")


class ItemAnswer(models.Model):
    """The reviewer's answer to one checklist item."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(_("answer"), max_length=5, choices=Answer.choices)
    # Copied when answered: a later change to the checklist does not rewrite a review.
    substantial = models.BooleanField(_("substantial"), default=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["item__position", "item_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["selection", "item"], name="qc_answer_once_per_item")]

    def __str__(self) -> str:
        return f"{self.selection}: {self.item_id} {self.answer}"


class StepKind(models.TextChoices):
    SELECTED = "selected", _("Selected for review")
    ASSIGNED = "assigned", _("Reviewer assigned")
    REVIEWED = "reviewed", _("Reviewed without substantial error")
    RETURNED = "returned", _("Returned to the investigator for correction")
    RESUBMITTED = "resubmitted", _("Corrected by the investigator")
    CONFIRMED = "confirmed", _("Correction confirmed")


class ReviewStep(models.Model):
    """The history of a selection: who did what, when, and what they said."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=12, choices=StepKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self) -> str:
        return f"{self.selection}: {self.kind}"



# The investigator's response to a completed review ------------------------------------------


class FeedbackResponse(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("response to a review", "Acknowledged")
    DISAGREED = "disagreed", pgettext_lazy("response to a review", "Disagreed")


class ReviewFeedback(Versioned):
    """The investigator's answer to the completed review of their file: they
    acknowledge it, or disagree with a reason, which the quality lead answers.
    One per review (the feedback framework of the quality regime)."""

    selection = models.OneToOneField(Selection, on_delete=models.CASCADE, related_name="feedback",
                                     verbose_name=_("review"))
    response = models.CharField(_("response"), max_length=12, choices=FeedbackResponse.choices)
    reason = models.TextField(_("why you disagree"), blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("by"))
    given_at = models.DateTimeField(_("when"), default=timezone.now)
    answer = models.TextField(_("answer of the quality lead"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("response to a review")
        verbose_name_plural = _("responses to reviews")
        constraints = [
            models.CheckConstraint(condition=~Q(response="disagreed") | ~Q(reason=""),
                                   name="qc_feedback_disagreement_has_a_reason"),
        ]
        indexes = [models.Index(fields=["response", "answered_at"], name="qc_feedback_open_idx")]

    def __str__(self) -> str:
        return f"{self.selection}: {self.response}"

    @property
    def awaits_answer(self) -> bool:
        return self.response == FeedbackResponse.DISAGREED and self.answered_at is None


# Service-quality observation (seed 004) ------------------------------------------------


class ObservationMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    VIRTUAL = "virtual", _("Virtually")


class ObservationItem(Versioned):
    """One point the observer checks, in both languages, optionally naming the
    training course that addresses a miss (as the review checklist does)."""

    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.CharField(_("item (English)"), max_length=300)
    text_fr = models.CharField(_("item (French)"), max_length=300)
    course_code = models.CharField(_("training course"), max_length=40, choices=Course.choices, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("observation item")
        verbose_name_plural = _("observation items")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_fr if active_language() == "fr" else self.text_en


class RolloutStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class ObservationRollout(PlannedQuarter, Versioned):
    """One quarter of the phased rollout of observation: which regions, which
    intake channels, and what share of each region's intake agents are observed.
    Once approved, the agents are drawn and the quarter no longer changes."""

    regions = models.ManyToManyField(Region, related_name="+", verbose_name=_("regions"))
    channels = models.JSONField(_("channels"), default=list)
    share = models.DecimalField(
        _("share of agents"), max_digits=5, decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    status = models.CharField(_("status"), max_length=10, choices=RolloutStatus.choices,
                              default=RolloutStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)

    class Meta(PlannedQuarter.Meta):
        verbose_name = _("observation rollout")
        verbose_name_plural = _("observation rollouts")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "quarter"], name="obs_rollout_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="obs_rollout_quarter"),
            models.CheckConstraint(condition=Q(share__gte=0, share__lte=1), name="obs_rollout_share"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.share}"


class AgentDraw(models.Model):
    """The draw of one intake agent when a rollout is approved: the secure random
    value, its rank in the region and whether the agent was selected."""

    rollout = models.ForeignKey(ObservationRollout, on_delete=models.CASCADE, related_name="draws")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("intake agent"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    random_value = models.PositiveIntegerField(_("random value"))
    scale = models.PositiveIntegerField(_("out of"), default=SCALE)
    selected = models.BooleanField(_("selected"))
    drawn_at = models.DateTimeField(_("drawn on"), default=timezone.now)

    class Meta:
        ordering = ["region_id", "random_value", "id"]
        verbose_name = _("draw of an agent")
        verbose_name_plural = _("draws of agents")
        constraints = [models.UniqueConstraint(fields=["rollout", "agent"], name="obs_draw_once_per_agent")]

    def __str__(self) -> str:
        return f"{self.rollout}: {self.agent_id} {self.random_value}/{self.scale}"


class Observation(models.Model):
    """A completed observation of an intake agent's call or in-person intake."""

    rollout = models.ForeignKey(ObservationRollout, on_delete=models.PROTECT, related_name="observations",
                                verbose_name=_("rollout"))
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observed_in",
                              verbose_name=_("intake agent"))
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("observer"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    channel = models.CharField(_("channel"), max_length=12)
    mode = models.CharField(_("how observed"), max_length=10, choices=ObservationMode.choices)
    observed_on = models.DateField(_("observed on"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    comments = models.TextField(_("comments"), blank=True)
    recorded_at = models.DateTimeField(_("recorded on"), default=timezone.now)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [models.CheckConstraint(condition=Q(score__lte=100), name="obs_score_percent")]
        indexes = [models.Index(fields=["region", "observed_on"], name="obs_region_day_idx")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.observed_on}: {self.score} %"


class ObservationAnswer(models.Model):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ObservationItem, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(_("answer"), max_length=5, choices=Answer.choices)
    # Copied when answered: a later change to the item does not rewrite an observation.
    course_code = models.CharField(_("training course"), max_length=40, blank=True)

    class Meta:
        ordering = ["item__position", "item_id"]
        verbose_name = _("observation answer")
        verbose_name_plural = _("observation answers")
        constraints = [models.UniqueConstraint(fields=["observation", "item"], name="obs_answer_once_per_item")]

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.item_id} {self.answer}"
