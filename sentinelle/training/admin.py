"""Reference data of the training register on the admin site: the courses, their
sessions, the mandatory-by dates per role, the courses activities require, and
the kinds and pieces of equipment (with the course each kind requires).
National analysts and administrators edit them (training.manage_requirements)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sentinelle.lib.admin import ReferenceDataAdmin
from sentinelle.training.models import (
    ActivityRequirement,
    AttestationText,
    Course,
    Equipment,
    EquipmentKind,
    MandatoryTraining,
    Session,
)


def may_manage(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.has_perm("training.manage_requirements"))


class TrainingAdmin(ReferenceDataAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_manage(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_manage(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage(request)


@admin.register(Course)
class CourseAdmin(TrainingAdmin):
    list_display = ["code", "name_en", "name_fr", "delivery_mode", "position"]
    search_fields = ["code", "name_en", "name_fr"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Other apps name courses by their code: it never changes once created.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(TrainingAdmin):
    list_display = ["course", "held_on", "region", "place", "trainer"]
    list_filter = ["course", "region"]
    date_hierarchy = "held_on"


@admin.register(MandatoryTraining)
class MandatoryTrainingAdmin(TrainingAdmin):
    list_display = ["role", "course", "mandatory_by"]
    list_filter = ["role", "course"]


@admin.register(ActivityRequirement)
class ActivityRequirementAdmin(TrainingAdmin):
    list_display = ["kind", "unannounced_only", "course"]
    list_filter = ["kind", "course"]


@admin.register(AttestationText)
class AttestationTextAdmin(TrainingAdmin):
    """A new version is added, never an old one rewritten: signed attestations keep theirs."""

    list_display = ["version", "effective_from"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and may_manage(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EquipmentKind)
class EquipmentKindAdmin(TrainingAdmin):
    list_display = ["code", "name_en", "name_fr", "course", "position"]
    list_filter = ["course"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []


@admin.register(Equipment)
class EquipmentAdmin(TrainingAdmin):
    list_display = ["asset_tag", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["asset_tag"]
