from django.contrib import admin

from sentinelle.lib.admin import ReferenceDataAdmin
from sentinelle.privacy.models import LegalGround


@admin.register(LegalGround)
class LegalGroundAdmin(ReferenceDataAdmin):
    list_display = ["short_label", "label_fr", "label_en", "regime", "for_redaction", "position"]
    list_filter = ["regime", "for_redaction"]
    search_fields = ["code", "short_label", "label_fr", "label_en"]
    ordering = ["regime", "position", "code"]
