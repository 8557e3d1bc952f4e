"""Action plans and their priorities (the SMART fields), and the targets of the
service standards, on the admin site, for
administrators: reference data, the seed's plan loaded by a data migration. The
measures are changed from the governance pages, with their history."""

from __future__ import annotations

from django.contrib import admin

from sentinelle.governance.models import ActionPlan, Priority, ServiceStandard
from sentinelle.lib.admin import ReferenceDataAdmin


@admin.register(ActionPlan)
class ActionPlanAdmin(ReferenceDataAdmin):
    list_display = ["name_en", "name_fr", "fiscal_year"]


@admin.register(Priority)
class PriorityAdmin(ReferenceDataAdmin):
    list_display = ["number", "title_en", "plan", "due_on"]
    list_filter = ["plan"]


@admin.register(ServiceStandard)
class ServiceStandardAdmin(ReferenceDataAdmin):
    list_display = ["code", "target", "working_days"]
