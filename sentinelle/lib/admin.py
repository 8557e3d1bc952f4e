"""Django's admin site serves administrators for reference data only, under the
same permission mechanism as every other page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.dispatch import Signal
from django.http import HttpRequest

# Sent with request, obj, fields and change after each save; the audit app records
# it, so that this module depends on no app.
reference_data_saved = Signal()


def may_administer(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.has_perm("accounts.use_admin_site"))


class ReferenceDataAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_administer(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_administer(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may_administer(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        reference_data_saved.send(sender=type(obj), request=request, obj=obj, fields=list(form.changed_data),
                                  change=change)


def may_enter_admin_site(request: HttpRequest) -> bool:
    """Administrators, and national analysts for the triage weights they tune."""
    user = request.user
    return bool(user.is_active and (may_administer(request) or user.has_perm("intake.change_riskrule")))


def install_on(site: admin.AdminSite) -> None:
    site.has_permission = may_enter_admin_site  # type: ignore[method-assign]
