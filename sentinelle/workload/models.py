"""Sector risk weights (set by national analysts) and investigators' capacity
(set by the team lead of their region): the two settings of the work queue."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.models import Sector

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
