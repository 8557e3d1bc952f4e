"""The audit log: an append-only record of security events and of access to
protected objects. Nothing in the application updates or deletes an entry; on
PostgreSQL a trigger refuses it at the database too (see the migrations)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Wrong second-factor code")
        LOCKED_OUT = "locked_out", _("Account locked after repeated failures")
        SIGN_OUT = "sign_out", _("Signed out")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        SECOND_FACTOR_CHANGED = "second_factor_changed", _("Second factor changed")
        API_TOKEN_CREATED = "api_token_created", _("API token created")
        API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # No database constraint: an entry must outlive the account it names, and
    # removing an account must never have to touch the log.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("what"), max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_label = models.CharField(_("object (as recorded)"), max_length=200, blank=True)
    region_code = models.CharField(_("region"), max_length=8, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    # Staff addresses only: no event about a worker ever stores an address.
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def object_kind(self) -> str:
        """What the object is, in words ("case", "report"): the stored model label
        (`cases.case`) is for filtering, never for a page."""
        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return ""
        return str(model._meta.verbose_name)
