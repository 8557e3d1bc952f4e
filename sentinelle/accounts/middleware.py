"""Rules that hold for every staff request, whatever the view."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import timezone

STAFF_SECTIONS = ("staff/", "accounts/", "admin/")


def split_language(path: str) -> tuple[str | None, str]:
    """'/fr/staff/x/' -> ('fr', 'staff/x/')."""
    parts = path.lstrip("/").split("/", 1)
    codes = {code for code, _name in settings.LANGUAGES}
    if parts and parts[0] in codes:
        return parts[0], parts[1] if len(parts) > 1 else ""
    return None, path.lstrip("/")


def is_staff_path(path: str) -> bool:
    return split_language(path)[1].startswith(STAFF_SECTIONS)


class StaffMiddleware:
    """- Staff pages exist in French and English only: another language prefix on a
      staff page goes to the English page.
    - A signed-in staff member without a second factor must set one up before
      anything else.
    - Dates and times show in the time zone of the staff member's region."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language, rest = split_language(request.path)
        if rest.startswith(STAFF_SECTIONS) and language not in (None, *settings.STAFF_LANGUAGES):
            return HttpResponseRedirect(translate_url(request.get_full_path(), "en"))

        user = request.user
        needs_second_factor = (
            user.is_authenticated
            and rest.startswith(("staff/", "admin/"))
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        )
        if needs_second_factor:
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if user.is_authenticated and user.region is not None:
            timezone.activate(zoneinfo.ZoneInfo(user.region.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)
