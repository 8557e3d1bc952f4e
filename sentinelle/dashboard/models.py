"""National and regional targets per fiscal year (April to March)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region


class Metric(models.TextChoices):
    CASES_COMPLETED = "cases_completed", _("Cases completed in the year")
    INVENTORY = "inventory", _("Healthy inventory of open cases")
    DAYS_TO_DECISION = "days_to_decision", _("Median days from report to decision")
    ESCALATIONS_24H = "escalations_24h", _("Escalations met within 24 hours")
    ESCALATIONS_48H = "escalations_48h", _("Escalations met within 48 hours")
    QUALITY_RATE = "quality_rate", _("Quality rate")


# Shares are stored as fractions (0.90) and entered as percentages (90).
SHARE_METRICS = frozenset({Metric.ESCALATIONS_24H, Metric.ESCALATIONS_48H, Metric.QUALITY_RATE})
COUNT_METRICS = frozenset({Metric.CASES_COMPLETED, Metric.INVENTORY})
# Lower is better for these; higher for the others.
LOWER_IS_BETTER = frozenset({Metric.INVENTORY, Metric.DAYS_TO_DECISION})


class Target(models.Model):
    """The target of one measure for one fiscal year, national (no region) or regional."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), help_text=_("The calendar year in which the fiscal year begins (April 1)."),
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"), help_text=_("Empty for the national target."))
    metric = models.CharField(_("measure"), max_length=20, choices=Metric.choices)
    value = models.DecimalField(_("target"), max_digits=10, decimal_places=4)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))

    class Meta:
        ordering = ["fiscal_year", "region_id", "metric"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "metric"], condition=Q(region__isnull=True),
                                    name="target_national_unique"),
            models.UniqueConstraint(fields=["fiscal_year", "region", "metric"], condition=Q(region__isnull=False),
                                    name="target_regional_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self) -> str:
        scope = self.region.code if self.region_id and self.region else "national"
        return f"{self.fiscal_year} {scope} {self.metric} = {self.value}"
