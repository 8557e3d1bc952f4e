"""The employer risk rules (tuned by national analysts) and the lived workload's factors and tasks
(administrators) on the admin site: reference data. The risk rules are what national
analysts tune (seed 000: risk-based targeting is the analysts' work)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sentinelle.lib.admin import ReferenceDataAdmin
from sentinelle.workload.models import EmployerRiskRule, LivedItem


@admin.register(EmployerRiskRule)
class EmployerRiskRuleAdmin(ReferenceDataAdmin):
    list_display = ["kind", "threshold", "weight", "active"]
    list_editable = ["weight", "active"]
    list_filter = ["kind", "active"]

    def _may_tune(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_perm("workload.change_employerriskrule"))

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


# The lived workload's reference data: the overload factors and the tasks of little
# value the monthly check-in offers (administrators).
@admin.register(LivedItem)
class LivedItemAdmin(ReferenceDataAdmin):
    list_display = ["code", "kind", "name_en", "name_fr", "position", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name_en", "name_fr"]
