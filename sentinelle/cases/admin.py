from django.contrib import admin

from sentinelle.cases.models import Sector
from sentinelle.lib.admin import ReferenceDataAdmin


@admin.register(Sector)
class SectorAdmin(ReferenceDataAdmin):
    list_display = ["naics_code", "name_en", "name_fr"]
    search_fields = ["naics_code", "name_en", "name_fr"]
