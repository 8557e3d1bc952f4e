"""The only way pages reach an access request or one of its documents: the
permission is decided by `privacy/rules.py` through `lib.access`, a refusal is
audited, and "missing" and "not allowed" both answer 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from sentinelle.lib.access import get_object_for_user
from sentinelle.privacy.models import AccessRequest, RequestDocument

VIEW = "privacy.view_access_request"
CHANGE = "privacy.change_access_request"
RELEASE = "privacy.release_access_request"
DOWNLOAD_PACKAGE = "privacy.download_release_package"


def access_request(user: Any, reference: str, perm: str, *, request: HttpRequest | None = None) -> AccessRequest:
    return get_object_for_user(user, perm, AccessRequest.objects.select_related("requester", "assigned_to"),
                               request=request, reference=reference)


def access_request_document(user: Any, reference: str, pk: int, perm: str, *,
                            request: HttpRequest | None = None) -> RequestDocument:
    """A document of the request, the permission asked on the request (a
    document of another request is not found here, whoever asks)."""
    owner = access_request(user, reference, perm, request=request)
    document = RequestDocument.objects.filter(pk=pk, access_request=owner).first()
    if document is None:
        raise Http404
    document.access_request = owner
    return document
