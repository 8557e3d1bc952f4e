from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sentinelle.accounts import notifications, services
from sentinelle.accounts.forms import ApiTokenForm
from sentinelle.accounts.models import ApiToken, Departure, Notification
from sentinelle.lib.access import get_object_for_user, require_perm


@require_perm("accounts.use_staff_site")
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/staff_home.html",
        {"roles": user.roles.all(), "region": user.region,  # type: ignore[union-attr]
         "departure": Departure.objects.filter(user=user).first()},  # type: ignore[misc]
    )


@require_perm("accounts.manage_api_tokens")
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    new_secret = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, new_secret = services.create_api_token(
                request.user, form.cleaned_data["name"], actor=request.user  # type: ignore[arg-type]
            )
            form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)  # type: ignore[misc]
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
        status=400 if form.errors else 200,
    )


@require_perm("accounts.manage_api_tokens")
@require_POST
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_for_user(
        request.user,
        "accounts.manage_api_tokens",
        ApiToken.objects.filter(user=request.user),  # type: ignore[misc]
        request=request,
        pk=pk,
    )
    services.revoke_api_token(token, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("staff:api_tokens")


@require_perm("accounts.use_staff_site")
def notification_list(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(user=request.user)  # type: ignore[misc]
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page, "unread": mine.filter(read_at=None).count()})


@require_perm("accounts.use_staff_site")
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    notification = get_object_for_user(
        request.user, "accounts.use_staff_site",
        Notification.objects.filter(user=request.user),  # type: ignore[misc]
        request=request, pk=pk,
    )
    notifications.mark_read(Notification.objects.filter(pk=notification.pk))
    return redirect(notification.target_url or "staff:notifications")


@require_perm("accounts.use_staff_site")
@require_POST
def read_all_notifications(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_read(Notification.objects.filter(user=request.user))  # type: ignore[misc]
    messages.success(request, ngettext(
        "%(count)s notification marked as read.", "%(count)s notifications marked as read.", count
    ) % {"count": count})
    return redirect("staff:notifications")


def locked_out(request: HttpRequest, credentials: object = None) -> HttpResponse:
    """Shown by django-axes when an account is locked after repeated failures."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
