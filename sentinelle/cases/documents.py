"""A case's documents and their versions, kept through Django's storage API."""

from __future__ import annotations

from typing import Any

from sentinelle.cases.models import Case, Document


def case_documents(case: Case) -> list[Document]:
    return list(case.documents.all())  # type: ignore[attr-defined]


def add_document(case: Case, upload: Any, *, actor: Any, title: str = "", activity: Any = None) -> Document:
    raise NotImplementedError
