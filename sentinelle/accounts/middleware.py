"""Rules that hold for every staff request, whatever the view."""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from sentinelle.accounts.models import SIGNED_IN_AT
from sentinelle.lib.paths import STAFF_SECTIONS, split_language


class StaffMiddleware:
    """- Staff pages exist in French and English only: another language prefix on a
      staff page goes to the English page.
    - A signed-in staff member without a second factor must set one up before
      anything else.
    - Dates and times show in the time zone of the staff member's region.
    - A session ends, on the server, SESSION_ABSOLUTE_HOURS after sign-in however
      active it is, and as soon as the account's end date has passed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language, rest = split_language(request.path)
        if rest.startswith(STAFF_SECTIONS) and language not in (None, *settings.STAFF_LANGUAGES):
            return HttpResponseRedirect(translate_url(request.get_full_path(), "en"))

        user = request.user
        if user.is_authenticated:
            ended = end_of_session(request, language)
            if ended is not None:
                return ended
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


def end_of_session(request: HttpRequest, language: str | None) -> HttpResponse | None:
    """End the signed-in session if it is past its absolute lifetime or the account
    has passed its end date: the session row is deleted (a copy of the cookie opens
    nothing) and the person is sent to the sign-in page with a message in their
    language. None when the session may go on."""
    user = request.user
    signed_in_at = request.session.get(SIGNED_IN_AT)
    if user.has_left:  # type: ignore[union-attr]
        reason = "end_date_passed"
    elif not isinstance(signed_in_at, (int, float)) or (
        time.time() - signed_in_at > settings.SESSION_ABSOLUTE_HOURS * 3600
    ):
        # A session without the time of its sign-in predates this rule: it ends too.
        reason = "absolute_lifetime"
    else:
        return None
    if language not in settings.STAFF_LANGUAGES:
        language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    request.session_end_reason = reason  # type: ignore[attr-defined]  # for the audit log
    logout(request)
    with translation.override(language):
        if reason == "end_date_passed":
            text = _("Your account is no longer active. If you think this is a mistake, contact your administrator.")
        else:
            text = _(
                "For your security, a session lasts at most %(hours)s hours. Please sign in again."
            ) % {"hours": settings.SESSION_ABSOLUTE_HOURS}
        messages.warning(request, text)
        target = reverse("account_login")
    if request.method == "GET" and reason == "absolute_lifetime":
        target += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(target)


class PrivateCacheMiddleware:
    """No response of the application may be kept by a browser or a proxy: staff
    pages, the API, file downloads, and the worker's report and follow-up pages
    all say `Cache-Control: no-store`. Static files never reach this middleware
    (WhiteNoise, placed before it, answers them with their long cache lifetime).

    The one exception is a page its view declares public (`Cache-Control: public`):
    the published statistics, the same for everybody. tests/test_security_headers.py
    keeps the list of such views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        declared = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
        if "public" not in declared or response.cookies:
            add_never_cache_headers(response)
        return response
