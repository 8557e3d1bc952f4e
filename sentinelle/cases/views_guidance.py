"""The guidance library: every staff member who works files reads it; national
analysts (and administrators) edit it."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sentinelle.accounts.models import User
from sentinelle.cases import guidance as library
from sentinelle.cases.models import Guidance
from sentinelle.lib.access import get_object_for_user, require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of


class GuidanceForm(forms.ModelForm[Guidance]):
    class Meta:
        model = Guidance
        fields = library.GUIDANCE_FIELDS
        widgets = {
            "title_fr": forms.TextInput(attrs={"lang": "fr"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "body_fr": forms.Textarea(attrs={"lang": "fr", "rows": 10}),
            "body_en": forms.Textarea(attrs={"lang": "en", "rows": 10}),
        }


@require_perm("cases.view_case")
def guidance_list(request: HttpRequest) -> HttpResponse:
    items = [{"guidance": g, "applies_to": library.topic_label(g.topic)} for g in library.library()]
    return render(request, "cases/guidance/guidance_list.html", {
        "items": items, "may_edit": request.user.has_perm("cases.manage_guidance"),
    })


@require_perm("cases.manage_guidance")
@require_http_methods(["GET", "POST"])
def guidance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    guidance = get_object_for_user(request.user, "cases.manage_guidance", Guidance.objects.all(),
                                   request=request, pk=pk)
    applies_to = library.topic_label(guidance.topic)
    if request.method == "POST":
        # A copy: the form must not change the object before the service compares.
        form = add_version_field(GuidanceForm(request.POST, instance=Guidance.objects.get(pk=guidance.pk)), guidance)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in library.GUIDANCE_FIELDS}
            try:
                changed = library.update_guidance(guidance, values, actor=cast(User, request.user),
                                                  expected_version=version_of(form), request=request)
            except Conflict as conflict:
                current = Guidance.objects.get(pk=guidance.pk)
                return render(request, "cases/guidance/guidance_edit.html",
                              {"form": show_conflict(form, current, conflict), "guidance": current,
                               "applies_to": applies_to})
            if not changed:
                messages.info(request, _("Nothing was changed in the guidance for “%(topic)s”.")
                              % {"topic": applies_to})
            else:
                messages.success(request, _("The guidance for “%(topic)s” is saved.") % {"topic": applies_to})
            return redirect("cases:guidance_list")
        status = 400
    else:
        form, status = add_version_field(GuidanceForm(instance=guidance), guidance), 200
    return render(request, "cases/guidance/guidance_edit.html",
                  {"form": form, "guidance": guidance, "applies_to": applies_to}, status=status)
