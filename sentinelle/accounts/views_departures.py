"""Departure pages: the departing person's own checklist and acknowledgement, and
the departures in progress that team leads and administrators of the region follow
and sign off (privacy officers read them from the download watch)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.accounts import departures
from sentinelle.accounts.forms import AcknowledgeRulesForm, MaterialReturnedForm
from sentinelle.accounts.models import Departure, PostEmploymentRules
from sentinelle.lib.access import deny, get_object_for_user, require_perm, visible_to
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of

LIST, VIEW = "accounts.view_departures", "accounts.view_departure"
MATERIAL, ACKNOWLEDGE = "accounts.sign_off_material", "accounts.acknowledge_post_employment"


def _departure(request: HttpRequest, user_id: int, perm: str) -> Departure:
    return get_object_for_user(request.user, perm, Departure.objects.select_related(
        "user", "user__region", "material_returned_by", "rules_text"), request=request, user_id=user_id)


def _page(request: HttpRequest, departure: Departure, *, material: MaterialReturnedForm | None = None,
          acknowledge: AcknowledgeRulesForm | None = None, error: str = "", status: int = 200) -> HttpResponse:
    rules_text = departure.rules_text if departure.rules_acknowledged else PostEmploymentRules.current()
    may_acknowledge = request.user.has_perm(ACKNOWLEDGE, departure) and not departure.rules_acknowledged
    if acknowledge is None and may_acknowledge and rules_text is not None:
        acknowledge = add_version_field(AcknowledgeRulesForm(initial={"rules_version": rules_text.version}),
                                        departure)
    may_sign_off = request.user.has_perm(MATERIAL, departure) and not departure.material_returned
    if material is None and may_sign_off:
        material = add_version_field(MaterialReturnedForm(), departure)
    context: dict[str, Any] = {
        "departure": departure, "person": departure.user, "rules_text": rules_text,
        "own": departure.user_id == request.user.pk, "may_list": request.user.has_perm(LIST),
        "acknowledge_form": acknowledge if may_acknowledge else None,
        "material_form": material if may_sign_off else None, "error": error,
    }
    return render(request, "accounts/departure.html", context, status=status)


def _refused(request: HttpRequest, departure: Departure, perm: str, message: str) -> HttpResponse:
    """A sign-off by someone who may read the checklist but not sign this item:
    audited, and the page says who signs it."""
    deny(request.user, perm, obj=departure, request=request)
    return _page(request, departure, error=message, status=403)


@require_perm(LIST)
def departure_list(request: HttpRequest) -> HttpResponse:
    """The departures in progress of the viewer's region (every region for National HQ)."""
    rows = visible_to(request.user, departures.in_progress().filter(user__region__isnull=False))
    return render(request, "accounts/departure_list.html", {"departures": rows[:500]})


@require_perm("accounts.use_staff_site")
def my_departure(request: HttpRequest) -> HttpResponse:
    departure = Departure.objects.filter(user=request.user).first()  # type: ignore[misc]
    if departure is not None:
        return redirect("staff:departure", user_id=departure.user_id)
    return render(request, "accounts/departure_none.html")


@require_perm("accounts.use_staff_site")
def departure_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    return _page(request, _departure(request, user_id, VIEW))


@require_perm("accounts.use_staff_site")
@require_POST
def departure_material(request: HttpRequest, user_id: int) -> HttpResponse:
    departure = _departure(request, user_id, VIEW)
    if not request.user.has_perm(MATERIAL, departure):
        return _refused(request, departure, MATERIAL, _(
            "You cannot sign off the return of material: a team lead of the person's region or an "
            "administrator does, and never for their own departure."))
    form = add_version_field(MaterialReturnedForm(request.POST), departure)
    if not form.is_valid():
        return _page(request, departure, material=form, status=400)
    try:
        departures.sign_off_material(departure, note=form.cleaned_data["note"], actor=request.user,  # type: ignore[arg-type]
                                     expected_version=version_of(form), request=request)
    except Conflict as conflict:
        current = _departure(request, user_id, VIEW)
        return _page(request, current, material=show_conflict(form, current, conflict), status=409)
    except departures.DepartureError as error:
        return _page(request, _departure(request, user_id, VIEW), error=error.message, status=400)
    messages.success(request, _("The return of material is signed off."))
    return redirect("staff:departure", user_id=user_id)


@require_perm("accounts.use_staff_site")
@require_POST
def departure_acknowledge(request: HttpRequest, user_id: int) -> HttpResponse:
    departure = _departure(request, user_id, VIEW)
    if not request.user.has_perm(ACKNOWLEDGE, departure):
        return _refused(request, departure, ACKNOWLEDGE, _(
            "Only the person who is leaving can acknowledge the post-employment rules."))
    form = add_version_field(AcknowledgeRulesForm(request.POST), departure)
    if not form.is_valid():
        return _page(request, departure, acknowledge=form, status=400)
    try:
        departures.acknowledge_rules(departure, rules_version=form.cleaned_data["rules_version"],
                                     actor=request.user, expected_version=version_of(form),  # type: ignore[arg-type]
                                     request=request)
    except Conflict as conflict:
        current = _departure(request, user_id, VIEW)
        return _page(request, current, acknowledge=show_conflict(form, current, conflict), status=409)
    except departures.DepartureError as error:
        # Shown again with the version now in force, to be read before acknowledging.
        return _page(request, _departure(request, user_id, VIEW), error=error.message, status=400)
    messages.success(request, _("You acknowledged the post-employment rules. Thank you."))
    return redirect("staff:departure", user_id=user_id)
