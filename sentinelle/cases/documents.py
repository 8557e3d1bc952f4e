"""A case's documents and their versions, kept through Django's storage API.

Files go to the configured default storage (a private local folder unless
settings say otherwise) under a generated name: the name the file had on the
staff member's computer is kept only as data, and nothing is ever served from a
public address. Every new document or version is written to the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.utils import timezone

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Activity, Case, Document, DocumentKind, DocumentVersion
from sentinelle.lib.uploads.clean import clean_name, validate_attachment
from sentinelle.lib.uploads.store import Batch, Stored

# What a browser may show inside the staff page (never HEIC or office documents).
PREVIEWABLE = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}


def is_previewable(version: DocumentVersion | None) -> bool:
    return version is not None and version.content_type in PREVIEWABLE


def case_documents(case: Case) -> list[Document]:
    """The case's documents, newest first, each with `latest_version` (its
    current version, or None) and `version_count`: three queries in all,
    however many documents and versions there are."""
    newest = DocumentVersion.objects.filter(document=OuterRef("document")).order_by("-number").values("number")[:1]
    documents: list[Document] = list(
        Document.objects.filter(case=case)
        .select_related("activity", "created_by")
        .annotate(version_count=Count("versions"))
        .prefetch_related(Prefetch(
            "versions",
            queryset=DocumentVersion.objects.filter(number=Subquery(newest)).select_related("uploaded_by"),
            to_attr="newest_versions",
        ))
    )
    for document in documents:
        document.latest_version = document.newest_versions[0] if document.newest_versions else None  # type: ignore[attr-defined]
    return documents


def _store_version(document: Document, stored: Stored, *, number: int, actor: Any, comment: str,
                   original_name: str) -> DocumentVersion:
    """The row of a file staged by `uploads.store.Batch` (cleaned, in quarantine until the commit)."""
    return DocumentVersion.objects.create(
        document=document, number=number, original_name=original_name, content_type=stored.kind.content_type,
        size=stored.size, sha256=stored.sha256, uploaded_by=actor, uploaded_at=timezone.now(),
        comment=comment[:300], file=stored.name,
    )


def add_document(case: Case, upload: Any, *, actor: Any, title: str = "", activity: Activity | None = None,
                 kind: str = DocumentKind.UPLOAD, request: Any = None) -> Document:
    """A new document on the case, with `upload` as its version 1.
    The file is checked by what it contains (see `lib.uploads`); a file of a
    kind we do not accept, an empty one or one too big raises ValidationError."""
    validate_attachment(upload)
    if activity is not None and activity.case_id != case.pk:
        raise ValidationError("The activity belongs to another case.")
    original_name = clean_name(upload.name or "file")
    return _new_document(case, upload, title=title.strip() or original_name, kind=kind,
                         activity=activity, original_name=original_name, actor=actor, request=request)


def _new_document(case: Case, upload: File, *, title: str, kind: str, activity: Activity | None,
                  original_name: str, actor: Any, request: Any, comment: str = "") -> Document:
    with Batch() as batch:
        stored = batch.stage(upload, DocumentVersion.file.field)
        with transaction.atomic():
            document = Document.objects.create(
                case=case, activity=activity, title=title[:200], kind=kind, created_by=actor,
                created_at=timezone.now(),
            )
            version = _store_version(document, stored, number=1, actor=actor, comment=comment,
                                     original_name=original_name)
            record(Action.CREATE, actor=actor, obj=case, request=request, document=document.pk,
                   version=version.number, kind=kind)
    return document


def add_version(document: Document, upload: Any, *, actor: Any, comment: str = "",
                request: Any = None) -> DocumentVersion:
    """The next version of a document: the earlier ones stay as they were.
    A file we do not accept raises ValidationError (see `add_document`)."""
    with Batch() as batch:
        stored = batch.stage(upload, DocumentVersion.file.field)
        with transaction.atomic():
            # Taken inside the transaction (IMMEDIATE on SQLite), so that two uploads
            # at once cannot both become the same number.
            last = document.versions.aggregate(last=Max("number"))["last"] or 0  # type: ignore[attr-defined]
            version = _store_version(document, stored, number=last + 1, actor=actor, comment=comment,
                                     original_name=clean_name(upload.name or "file"))
            record(Action.UPDATE, actor=actor, obj=document.case, request=request, document=document.pk,
                   version=version.number)
    return version


def file_pdf(case: Case, content: bytes, *, title: str, filename: str, kind: str, actor: Any,
             document: Document | None = None, comment: str = "", request: Any = None,
             activity: Activity | None = None) -> Document:
    """File a PDF made by Sentinelle (a letter, a summary report) on the case:
    a new document, or the next version of `document`."""
    if not content.startswith(b"%PDF-"):
        raise ValueError("not a PDF")
    upload = ContentFile(content, name=filename)
    if document is None:
        return _new_document(case, upload, title=title, kind=kind, activity=activity, original_name=filename,
                             actor=actor, request=request, comment=comment)
    add_version(document, upload, actor=actor, comment=comment, request=request)
    return document
