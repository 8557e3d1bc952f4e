"""The download watch: rules over the audit log, the alerts they raise and the
cursor that lets each run read only the events recorded since the last one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sentinelle.lib.locking import Versioned


class RuleKind(models.TextChoices):
    VOLUME_HOUR = "volume_hour", _("Many downloads in one hour")
    VOLUME_DAY = "volume_day", _("Many downloads in one day")
    OFF_HOURS = "off_hours", _("Downloads outside working hours")
    MANY_CASES = "many_cases", _("Many different cases in one day")
    LEAVING = "leaving", _("Downloads by someone leaving")


# Sensible defaults, loaded by a data migration; privacy officers tune them.
DEFAULT_THRESHOLDS: dict[str, int] = {
    RuleKind.VOLUME_HOUR: 30,
    RuleKind.VOLUME_DAY: 100,
    RuleKind.OFF_HOURS: 5,
    RuleKind.MANY_CASES: 40,
    # The post-employment guide: every download by someone leaving counts.
    RuleKind.LEAVING: 0,
}


RULE_DESCRIPTIONS: dict[str, Any] = {
    RuleKind.VOLUME_HOUR: _("Downloads, exports and document previews by one person in one clock hour."),
    RuleKind.VOLUME_DAY: _("Downloads, exports and document previews by one person in one day."),
    RuleKind.OFF_HOURS: _(
        "Downloads in one day before 07:00, from 19:00 or on a weekend, in the time zone of the person's region."),
    RuleKind.MANY_CASES: _("Different cases and reports one person opened or downloaded in one day."),
    RuleKind.LEAVING: _(
        "Downloads in one day by someone whose end date is set, from 30 days before that date and after it. "
        "At 0, every download counts."),
}


class WatchRule(Versioned):
    kind = models.CharField(_("rule"), max_length=32, choices=RuleKind.choices, unique=True)
    threshold = models.PositiveIntegerField(
        _("threshold"), help_text=_("An alert is raised when the count goes above this number.")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("watch rule")
        verbose_name_plural = _("watch rules")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def description(self) -> str:
        return str(RULE_DESCRIPTIONS.get(self.kind, ""))


class WatchCursor(models.Model):
    """One row per watch: how far the audit log has been read. A run locks it,
    reads the events after `read_until` (less a small overlap for late commits)
    and moves it forward."""

    key = models.CharField(max_length=32, unique=True)
    read_until = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_events_read = models.PositiveIntegerField(default=0)
    last_alerts_raised = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("watch cursor")
        verbose_name_plural = _("watch cursors")

    def __str__(self) -> str:
        return f"{self.key} {self.read_until:%Y-%m-%d %H:%M}"


class CheckedDeparture(models.Model):
    """The end dates whose earlier downloads have been looked at: when an end date
    is set (or changed), the next run reads that person's downloads of the 30
    days before it once, since they were recorded before the date was known."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    leaves_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.user_id} {self.leaves_on}"


class AlertQuerySet(models.QuerySet["Alert"]):
    def visible_to(self, user: Any) -> AlertQuerySet:
        """Outside National HQ, the alerts about staff of one's own region."""
        return self.filter(user__region_id=user.region_id)

    def open(self) -> AlertQuerySet:
        return self.filter(Q(acknowledged_at__isnull=True) | Q(count__gt=F("acknowledged_count")))

    def acknowledged(self) -> AlertQuerySet:
        return self.filter(acknowledged_at__isnull=False, count__lte=F("acknowledged_count"))


class Alert(Versioned):
    """Unusual activity of one staff member under one rule in one window of time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="watch_alerts",
        verbose_name=_("staff member"),
    )
    rule = models.ForeignKey(WatchRule, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("rule"))
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("until"))
    count = models.PositiveIntegerField(_("count"))
    threshold = models.PositiveIntegerField(_("threshold"))
    # The audit events involved (ids, the first MAX_EVENTS) and a summary by action.
    event_ids = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    first_event_at = models.DateTimeField(_("first event"))
    last_event_at = models.DateTimeField(_("last event"))
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # The count when it was acknowledged: more events afterwards open it again.
    acknowledged_count = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AlertQuerySet.as_manager()

    MAX_EVENTS = 500

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(fields=["user", "rule", "window_start"], name="watch_alert_once_per_window"),
        ]
        indexes = [models.Index(fields=["acknowledged_at", "created_at"], name="watch_alert_status_idx")]

    def __str__(self) -> str:
        return f"{self.rule} – {self.user} – {self.window_start:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None or self.count > (self.acknowledged_count or 0)

    @property
    def new_since_acknowledged(self) -> int:
        if self.acknowledged_at is None:
            return 0
        return max(0, self.count - (self.acknowledged_count or 0))
