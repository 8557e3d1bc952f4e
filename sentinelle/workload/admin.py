"""Reference data of the lived workload on the admin site: the overload factors
and the tasks of little value the monthly check-in offers (administrators)."""

from __future__ import annotations

from django.contrib import admin

from sentinelle.lib.admin import ReferenceDataAdmin
from sentinelle.workload.models import LivedItem


@admin.register(LivedItem)
class LivedItemAdmin(ReferenceDataAdmin):
    list_display = ["code", "kind", "name_en", "name_fr", "position", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name_en", "name_fr"]
