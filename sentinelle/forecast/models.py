"""Forecast runs and what they found: for each region (and all of Canada) and each
measure, the recent history, the next two fiscal quarters, and the backtest error
(MASE) of the seasonal model and of the seasonal-naive baseline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class Measure(models.TextChoices):
    REPORTS = "reports", _("Reports received")
    CASES_OPENED = "cases_opened", _("Cases opened")
    COMPLETIONS = "completions", _("Cases completed")


class Method(models.TextChoices):
    HOLT_WINTERS = "holt_winters", _("Seasonal model (Holt-Winters)")
    SEASONAL_NAIVE = "seasonal_naive", _("Seasonal-naive baseline")


class Reason(models.TextChoices):
    """Why the published method was chosen."""

    MODEL_BETTER = "model_better", _("The seasonal model made smaller errors than the baseline over the last 8 quarters.")
    BASELINE_BETTER = "baseline_better", _(
        "The seasonal model did not make smaller errors than the baseline over the last 8 quarters."
    )
    SHORT_HISTORY = "short_history", _("The history is too short to test the seasonal model: the baseline is shown.")
    NO_VARIATION = "no_variation", _("The history does not vary enough to measure errors: the baseline is shown.")
    MODEL_FAILED = "model_failed", _("The seasonal model could not be fitted: the baseline is shown.")
    NO_PATTERN = "no_pattern", _(
        "The history cannot be told apart from random variation (Ljung-Box test at 5 %%): "
        "the simpler baseline is shown."
    )


class ForecastRun(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    error = models.TextField(_("error"), blank=True)
    # The last complete fiscal quarter of the history (its index: see `quarters`).
    last_quarter = models.IntegerField(_("last quarter of history"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("forecast run")
        verbose_name_plural = _("forecast runs")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class ForecastSeriesQuerySet(models.QuerySet["ForecastSeries"]):
    def visible_to(self, user: Any) -> ForecastSeriesQuerySet:
        """Every region and all of Canada for those who see every region
        (`forecast.view_every_region`); else the rows of the user's own region."""
        if user.has_perm("forecast.view_every_region"):
            return self
        return self.filter(region_id=user.region_id)


class ForecastSeries(models.Model):
    """One region (None: all of Canada) and one measure of a run."""

    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="series")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    method = models.CharField(_("method used"), max_length=16, choices=Method.choices)
    reason = models.CharField(_("why"), max_length=16, choices=Reason.choices)
    model_mase = models.FloatField(_("MASE of the seasonal model"), null=True, blank=True)
    baseline_mase = models.FloatField(_("MASE of the baseline"), null=True, blank=True)

    objects = ForecastSeriesQuerySet.as_manager()

    class Meta:
        ordering = ["run", "region_id", "measure"]
        verbose_name = _("forecast series")
        verbose_name_plural = _("forecast series")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["run", "region", "measure"], name="forecast_series_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region or 'Canada'} {self.measure}"


class ForecastPoint(models.Model):
    """One quarter of a series: an actual count (history) or a forecast."""

    series = models.ForeignKey(ForecastSeries, on_delete=models.CASCADE, related_name="points")
    quarter = models.IntegerField(_("quarter"))  # fiscal year × 4 + (quarter − 1)
    is_forecast = models.BooleanField(_("forecast"), default=False)
    value = models.FloatField(_("value"))
    lower = models.FloatField(_("lower bound"), null=True, blank=True)
    upper = models.FloatField(_("upper bound"), null=True, blank=True)

    class Meta:
        ordering = ["series", "quarter"]
        verbose_name = _("forecast point")
        verbose_name_plural = _("forecast points")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.series_id} {self.quarter} {self.value}"
