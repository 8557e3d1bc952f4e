"""What access requests hold back from the retention purges (`lib.retention`)."""

from __future__ import annotations


def open_requests_text() -> list[str]:
    """What the access-to-information requests still open say about the documents
    they cover (the only way a report can be tied to a request: by its reference
    in the request or in a document gathered for it)."""
    from sentinelle.privacy.models import AccessRequest, RequestDocument, RequestStatus

    pending = AccessRequest.objects.exclude(status=RequestStatus.CLOSED)
    texts = list(pending.values_list("scope", flat=True))
    for title, name in RequestDocument.objects.filter(access_request__in=pending).values_list(
            "title", "original_name"):
        texts += [title, name]
    return texts
