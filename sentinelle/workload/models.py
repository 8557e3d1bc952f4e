"""Sector risk weights (set by national analysts) and investigators' capacity
(set by the team lead of their region): the two settings of the work queue.
Proactive inspections: the employer risk rules, the inspection plans, their
sector quotas and the employers their draw selected."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region
from sentinelle.cases.models import Case, Employer, Sector
from sentinelle.lib.i18n import BilingualName
from sentinelle.lib.locking import Versioned

# A sector weight is a number of priority points: up to this many.
MAX_SECTOR_WEIGHT = 100
# Open cases an investigator can carry when nobody has said otherwise.
DEFAULT_CAPACITY = 40
MAX_CAPACITY = 500


class SectorWeight(models.Model):
    """Extra priority points for every case on an employer of this sector. A
    sector without a weight counts for 0."""

    sector = models.OneToOneField(Sector, on_delete=models.CASCADE, related_name="risk_weight",
                                  verbose_name=_("sector"))
    weight = models.PositiveSmallIntegerField(
        _("risk weight"), default=0, validators=[MinValueValidator(0), MaxValueValidator(MAX_SECTOR_WEIGHT)],
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))

    class Meta:
        ordering = ["sector__naics_code"]
        verbose_name = _("sector risk weight")
        verbose_name_plural = _("sector risk weights")

    def __str__(self) -> str:
        return f"{self.sector}: {self.weight}"


class InvestigatorCapacity(models.Model):
    """How many open cases an investigator can carry. Without a row, DEFAULT_CAPACITY."""

    investigator = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                        related_name="case_capacity", verbose_name=_("investigator"))
    capacity = models.PositiveSmallIntegerField(
        _("capacity (open cases)"), default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CAPACITY)],
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))

    class Meta:
        verbose_name = _("investigator capacity")
        verbose_name_plural = _("investigator capacities")

    def __str__(self) -> str:
        return f"{self.investigator}: {self.capacity}"

    @property
    def region(self) -> object:
        """The investigator's region (for the audit log)."""
        return self.investigator.region


# Proactive inspections (seed 000, priority 2) --------------------------------------------


class EmployerRiskRule(models.Model):
    """One configurable term of the employer risk score: when the condition holds,
    `weight` points are added (for the sector's weight: `weight` percent of the
    sector's risk weight). Of several rules of one kind that hold, only the
    strongest counts. Kept as data, so analysts change them without a release."""

    class Kind(models.TextChoices):
        SECTOR_WEIGHT = "sector_weight", _("The sector's risk weight")
        NON_COMPLIANCE = "non_compliance", _("Non-compliance found in the last N years")
        REPORTS = "reports", _("At least N reports received in the last 12 months")
        POSITIONS = "positions", _("At least N TFW positions approved")
        NOT_INSPECTED = "not_inspected", _("No inspection in the last N years")
        FIRST_TIME = "first_time", _("First approved in the last N months")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    threshold = models.PositiveIntegerField(
        _("N"), default=0,
        help_text=_("Years, months or a number, as the kind says; not used for the sector's risk weight."),
    )
    weight = models.PositiveSmallIntegerField(_("points"), validators=[MaxValueValidator(1000)])
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "threshold"]
        constraints = [models.UniqueConstraint(fields=["kind", "threshold"], name="employer_risk_rule_unique")]
        verbose_name = _("employer risk rule")
        verbose_name_plural = _("employer risk rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (N = {self.threshold}): +{self.weight}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DRAWN = "drawn", _("Drawn")


DEFAULT_RANDOM_SHARE = 20
DEFAULT_RECENT_YEARS = 2


class InspectionPlan(Versioned):
    """The proactive inspections of a fiscal year (April to March, named by the
    year it starts in) for a region, or for the whole country when `region` is
    empty: a number of inspections per sector, of which `random_share` percent
    are drawn at random from the whole eligible register."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    random_share = models.PositiveSmallIntegerField(
        _("share drawn at random (%)"), default=DEFAULT_RANDOM_SHARE,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    recent_years = models.PositiveSmallIntegerField(
        _("inspected recently: within (years)"), default=DEFAULT_RECENT_YEARS,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("drawn by"))
    drawn_at = models.DateTimeField(_("drawn"), null=True, blank=True)
    eligible = models.PositiveIntegerField(_("eligible employers at the draw"), default=0)
    # The eligible register at the draw, employer ids in ascending order: the list the
    # random draws index into, so that anyone can replay them (read only for that).
    pool = models.JSONField(_("eligible register at the draw"), default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-fiscal_year", "region__code", "id"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "region"], name="inspection_plan_unique_region"),
            models.UniqueConstraint(fields=["fiscal_year"], condition=models.Q(region__isnull=True),
                                    name="inspection_plan_unique_national"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}-{self.fiscal_year + 1} {self.region.name if self.region else _('National')}"

    @property
    def label(self) -> str:
        return str(self)


def random_count(inspections: int, share: int) -> int:
    """How many of a sector's inspections are drawn at random: `share` percent,
    rounded half up (10 inspections at 25 % → 3)."""
    return (inspections * share * 2 + 100) // 200


class PlanQuota(models.Model):
    """How many inspections of the plan go to a sector."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="quotas")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))
    inspections = models.PositiveIntegerField(_("inspections"), validators=[MaxValueValidator(100_000)])
    # After the draw: the lowest score the risk share took in this sector (who scored
    # less was not selected by risk), and how many the risk share could not fill.
    cutoff_score = models.IntegerField(_("lowest score selected"), null=True, blank=True)
    unfilled = models.PositiveIntegerField(_("not filled"), default=0)

    class Meta:
        ordering = ["plan", "sector__naics_code"]
        constraints = [models.UniqueConstraint(fields=["plan", "sector"], name="plan_quota_unique_sector")]
        verbose_name = _("sector quota")
        verbose_name_plural = _("sector quotas")

    def __str__(self) -> str:
        return f"{self.plan}: {self.sector} × {self.inspections}"

    @property
    def random_inspections(self) -> int:
        return random_count(self.inspections, self.plan.random_share)

    @property
    def risk_inspections(self) -> int:
        return self.inspections - self.random_inspections


class Basis(models.TextChoices):
    RISK = "risk", _("Risk-based")
    RANDOM = "random", _("Random")


class Selection(models.Model):
    """One employer the draw of a plan selected, why, and what became of it. A
    random selection keeps the number drawn (`draw_number`, an index into the
    employers still in the pool, `pool_left` of them): replaying the draws on
    the plan's pool gives the same employers."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="selections")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="inspection_selections",
                                 verbose_name=_("employer"))
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    score = models.IntegerField(_("risk score"))
    explanation = models.JSONField(_("how the score was computed"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order of the draw"))
    # Risk: the rank in its sector (1: the highest score). Random: the number drawn and the pool size then.
    rank = models.PositiveIntegerField(_("rank in the sector"), null=True, blank=True)
    draw_number = models.PositiveIntegerField(_("number drawn"), null=True, blank=True)
    pool_left = models.PositiveIntegerField(_("employers left to draw from"), null=True, blank=True)
    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="selection",
                                verbose_name=_("case"))
    skipped_reason = models.TextField(_("why no case was opened"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "employer"], name="selection_unique_employer")]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")

    def __str__(self) -> str:
        return f"{self.plan}: {self.employer} ({self.basis})"

    @property
    def region_id(self) -> int:
        return self.employer.region_id

    @property
    def pending(self) -> bool:
        return self.case_id is None and not self.skipped_reason


# Lived workload ------------------------------------------------------------------------------
# How heavy the month felt, asked once a month of investigators and intake agents.


class Heaviness(models.IntegerChoices):
    LIGHT = 1, _("Light")
    MANAGEABLE = 2, _("Manageable")
    HEAVY = 3, _("Heavy")
    VERY_HEAVY = 4, _("Very heavy")
    OVERWHELMING = 5, _("Overwhelming")


class LivedItem(BilingualName):
    """An answer one may tick in the monthly check-in (reference data, set on the
    admin site): an overload factor, or a kind of task that may feel of little value."""

    class Kind(models.TextChoices):
        FACTOR = "factor", _("Overload factor")
        TASK = "task", _("Task of little value")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["kind", "position", "code"]
        verbose_name = _("check-in answer")
        verbose_name_plural = _("check-in answers")


class CheckIn(models.Model):
    """One staff member's answer for one month. The region is the team's at the
    time of answering: team leads read only aggregates of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workload_checkins",
                             verbose_name=_("staff member"))
    month = models.DateField(_("month"))  # the first day of the month
    region = models.ForeignKey("accounts.Region", null=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    heaviness = models.PositiveSmallIntegerField(_("how heavy the month felt"), choices=Heaviness.choices)
    items = models.ManyToManyField(LivedItem, blank=True, related_name="+", verbose_name=_("answers"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = _("workload check-in")
        verbose_name_plural = _("workload check-ins")
        constraints = [models.UniqueConstraint(fields=["user", "month"], name="workload_checkin_once_a_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
