"""The one mechanism through which views and API endpoints reach protected data.

`get_object_for_user` answers "missing" and "not allowed" the same way (404), so
that an outsider cannot learn that an object exists, and writes the refusal to the
audit log (with `seen_with`, an object seen but not open to the action asked is
403). `check_perm` refuses one permission, audited; `require_perm` guards pages
that are not about one object.

Every refusal is sent as the `access_refused` signal (the audit app records it),
so that this module depends on no app."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.dispatch import Signal
from django.http import Http404, HttpRequest, HttpResponse

# Sent with user, perm, obj and request on every refusal.
access_refused = Signal()


def visible_to[M: models.Model](user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Narrow a queryset of regional objects to those the user may see."""
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_national:
        return queryset
    filter_for = getattr(queryset, "visible_to", None)
    if callable(filter_for):
        return filter_for(user)  # type: ignore[no-any-return]
    return queryset.filter(region_id=user.region_id)


def deny(user: Any, perm: str, *, obj: models.Model | None, request: HttpRequest | None) -> None:
    access_refused.send(sender=deny, user=user, perm=perm, obj=obj, request=request)


def check_perm(user: Any, perm: str, obj: models.Model | None = None, *, request: HttpRequest | None = None,
               as_missing: bool = False) -> None:
    """Refuse, audited, unless `user` may do `perm` (on `obj`): 403, or 404 with
    `as_missing` (for an object whose existence must not show)."""
    if not user.has_perm(perm, obj):
        deny(user, perm, obj=obj, request=request)
        raise Http404 if as_missing else PermissionDenied


def get_object_for_user[M: models.Model](
    user: Any,
    perm: str,
    queryset: models.QuerySet[M],
    *,
    seen_with: str | None = None,
    request: HttpRequest | None = None,
    **lookup: Any,
) -> M:
    """The object of `queryset` matching `lookup`, if `user` may do `perm` on it;
    else 404, like a missing one. With `seen_with` (the permission to see it), an
    object the user may not see is missing (404) and one they see but may not do
    `perm` on is refused (403)."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if seen_with is not None and seen_with != perm:
        check_perm(user, seen_with, obj, request=request, as_missing=True)
        check_perm(user, perm, obj, request=request)
    else:
        check_perm(user, perm, obj, request=request, as_missing=True)
    return obj


def require_perm(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator for staff views: sign-in first, then the permission (403, audited)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check_perm(request.user, perm, request=request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_api_perm(request: HttpRequest, perm: str) -> None:
    """For API endpoints: 403 (audited) when the role does not allow the call."""
    if not request.user.has_perm(perm):
        deny(request.user, perm, obj=None, request=request)
        from ninja.errors import HttpError

        raise HttpError(403, "You do not have permission to do this.")
