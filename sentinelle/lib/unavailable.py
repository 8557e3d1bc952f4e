"""A clear "try again" page while the database cannot be reached.

When PostgreSQL is down (restarting, a network cut, a connection dropped in the
middle of a request), every request would otherwise end in the 500 page, or hang.
This middleware answers instead, at once, with the 503 page "try again in a few
minutes" in the language of the address (/fr/…, /en/…, /es/…, /tl/…), a
Retry-After header, and one line in the log: the method, the section of the site
and the kind of error, nothing else (no address in full, no form data).

The page is rendered without the database: no request context (whose processors
would read the session and the user), no model, no cache.

The database error can surface in three places, all handled:
- in a view: `process_exception` answers with the page;
- in another middleware (the session or the signed-in user read by an inner
  middleware): Django turns it into the 500 page before it reaches us; a
  `got_request_exception` receiver notes on the request that the database was the
  cause, and the 500 is replaced with the page on its way out;
- in the 500 handler itself (it may read the user again): the error then comes out
  of the inner middleware, and `__call__` catches it.

Django's own "Internal Server Error" record with its trace is dropped for these
errors (a logging filter on `django.request`): the one line above says it all."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation

from sentinelle.lib.paths import is_staff_path, split_language

logger = logging.getLogger("sentinelle.unavailable")

# Seconds the visitor (or a client) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 10
_MARK = "_sentinelle_database_unavailable"
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def is_unavailable_error(exc: BaseException | None) -> bool:
    """True for the errors a database that cannot be reached raises: failing to
    connect, a connection dropped, a connection already closed."""
    return isinstance(exc, UNAVAILABLE_ERRORS)


def page_language(path: str) -> str:
    """The language of the address: '/es/report/' -> 'es'. Staff pages exist in
    French and English only; an address without a language gets the default."""
    language = split_language(path)[0] or settings.LANGUAGE_CODE
    if is_staff_path(path) and language not in settings.STAFF_LANGUAGES:
        return "en"
    return language


def _section(path: str) -> str:
    """The part of the site, for the log: '/fr/staff/cases/C-1/' -> 'fr/staff'.
    Never the rest of the address (it may name a case or a person's file)."""
    language, rest = split_language(path)
    return "/".join(part for part in (language, rest.split("/", 1)[0]) if part)


def unavailable_response(request: HttpRequest, exc: BaseException | None = None) -> HttpResponse:
    """The 503 answer, rendered without touching the database."""
    logger.warning(
        "Database unavailable (%s) during %s /%s: answered 503",
        type(exc).__name__ if exc is not None else "error",
        request.method,
        _section(request.path),
    )
    language = page_language(request.path)
    response: HttpResponse
    with translation.override(language):
        if request.path.startswith("/api/"):
            message = translation.gettext("The service is temporarily unavailable. Try again in a few minutes.")
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(
                render_to_string("unavailable.html", {
                    "language": language,
                    # A page asked for with GET can simply be asked for again.
                    "again_url": request.path if request.method == "GET" else "",
                }),
                status=503,
            )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    setattr(response, _MARK, True)
    setattr(request, _MARK, exc or True)
    # Logged above, in one line: Django need not log it again ("Service Unavailable: <address>").
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _note_cause(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django is about to answer an error with the 500 page: note whether the
    database was the cause (the exception being handled is the current one)."""
    if request is not None and is_unavailable_error(sys.exc_info()[1]):
        setattr(request, _MARK, sys.exc_info()[1])


class _DropUnavailableTraces(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and is_unavailable_error(record.exc_info[1]))


_TRACE_FILTER = _DropUnavailableTraces()


class DatabaseUnavailableMiddleware:
    """Place it right after the middleware that add security headers, so that the
    page gets them, and before every middleware that reads the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_note_cause, dispatch_uid="sentinelle.unavailable")
        request_logger = logging.getLogger("django.request")
        if _TRACE_FILTER not in request_logger.filters:
            request_logger.addFilter(_TRACE_FILTER)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except UNAVAILABLE_ERRORS as exc:
            return unavailable_response(request, exc)
        cause = getattr(request, _MARK, None)
        if cause is not None and response.status_code >= 500 and not getattr(response, _MARK, False):
            return unavailable_response(request, cause)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_unavailable_error(exception):
            return unavailable_response(request, exception)
        return None
