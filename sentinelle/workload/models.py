"""Sector risk weights (set by national analysts) and investigators' capacity
(set by the team lead of their region): the two settings of the work queue."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.models import Sector
from sentinelle.lib.i18n import BilingualName

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
