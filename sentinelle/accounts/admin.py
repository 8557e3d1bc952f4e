from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import PostEmploymentRules, Region, Role, User
from sentinelle.lib.admin import ReferenceDataAdmin, may_administer


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_en", "name_fr", "time_zone"]


@admin.register(Role)
class RoleAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_en", "name_fr"]

    def has_add_permission(self, request: object) -> bool:
        return False  # roles are defined by the program, their names may change

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class StaffCreationForm(forms.ModelForm):  # type: ignore[type-arg]
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Send it to the person through a secure channel. They will set up their second factor "
            "the first time they sign in."
        ),
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "region", "roles", "preferred_language", "is_active"]
        widgets = {"roles": forms.CheckboxSelectMultiple}

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
            self.save_m2m()
        return user


@admin.register(User)
class StaffAdmin(ReferenceDataAdmin):
    list_display = ["full_name", "email", "region", "is_active", "last_login"]
    list_filter = ["region", "roles", "is_active"]
    search_fields = ["full_name", "email"]
    # Seven roles: plain checkboxes, which are accessible (Django's two-list
    # selector is not).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    fields = ["email", "full_name", "region", "roles", "preferred_language", "is_active", "leaves_on", "last_login"]
    readonly_fields = ["last_login"]

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        if obj is None:
            kwargs["form"] = StaffCreationForm
            kwargs["fields"] = [*StaffCreationForm.Meta.fields, "password"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is None:
            return [*StaffCreationForm.Meta.fields, "password"]
        return self.fields

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # accounts are deactivated, never deleted: the audit log names them


@admin.register(PostEmploymentRules)
class PostEmploymentRulesAdmin(ReferenceDataAdmin):
    """A new version is added, never an old one rewritten: acknowledgements keep theirs."""

    list_display = ["version", "effective_from"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return obj is None and may_administer(request)  # type: ignore[arg-type]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
