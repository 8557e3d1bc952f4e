from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sentinelle.intake.models import ExclusionRule, OutreachVisit, Partner, RiskRule, ServicePoint
from sentinelle.lib.admin import ReferenceDataAdmin, may_administer


class RiskWeightsAdmin(ReferenceDataAdmin):
    """Administrators and national analysts tune the triage weights (seed 000:
    risk-based targeting is the analysts' work)."""

    def _may_tune(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_perm("intake.change_riskrule"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_tune(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_tune(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_tune(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_tune(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_tune(request)


@admin.register(RiskRule)
class RiskRuleAdmin(RiskWeightsAdmin):
    list_display = ["kind", "key", "weight", "active"]
    list_editable = ["weight", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["key"]


@admin.register(Partner)
class PartnerAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_en", "name_fr", "kind", "province", "active"]
    list_filter = ["kind", "province", "active"]
    search_fields = ["code", "name_en", "name_fr"]


@admin.register(ExclusionRule)
class ExclusionRuleAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_en", "name_fr", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name_en", "name_fr"]


class OutreachVisitInline(admin.TabularInline):  # type: ignore[type-arg]
    """The visits of an outreach site or mobile clinic, kept with it by administrators."""

    model = OutreachVisit
    extra = 1

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_administer(request)


@admin.register(ServicePoint)
class ServicePointAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_en", "name_fr", "kind", "city", "province", "active"]
    list_filter = ["kind", "province", "active"]
    search_fields = ["code", "name_en", "name_fr", "city"]
    inlines = [OutreachVisitInline]
