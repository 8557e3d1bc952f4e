"""One access function per kind of object (sentinelle.cases.access), for pages and
the API alike: a case out of reach is missing (404) through both, and every
refusal leaves exactly one entry in the audit log."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.documents import add_document
from sentinelle.cases.models import Activity, ActivityKind
from sentinelle.test import api_token_for, create_case, create_staff, sign_in, tiny_pdf

pytestmark = pytest.mark.django_db


def _denials() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).order_by("pk"))


def _page_client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _api_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}", HTTP_ACCEPT_LANGUAGE="en")


def test_another_regions_case_is_missing_through_the_page_and_the_api_and_each_refusal_is_audited():
    case = create_case("QC")
    ontario = create_staff("investigator", region_code="ON")

    page, api = _page_client(ontario), _api_client(ontario)
    assert page.get(f"/en/staff/cases/{case.reference}/").status_code == 404
    page_denials = _denials()
    assert len(page_denials) == 1
    assert page_denials[0].object_id == str(case.pk) and page_denials[0].detail["permission"] == "cases.view_case"

    assert api.get(f"/api/v1/cases/{case.reference}").status_code == 404
    denials = _denials()
    assert len(denials) == 2
    assert denials[1].object_id == str(case.pk) and denials[1].actor_id == ontario.pk

    # A case that does not exist answers the same, and there is nothing to audit about it.
    assert page.get("/en/staff/cases/C-0000-999999/").status_code == 404
    assert api.get("/api/v1/cases/C-0000-999999").status_code == 404
    assert len(_denials()) == 2


def test_a_case_seen_but_not_shareable_is_refused_with_403_and_audited_once():
    case = create_case("QC")
    investigator = create_staff("investigator", region_code="QC")  # not on the case
    assert _page_client(investigator).get(f"/en/staff/cases/{case.reference}/sharing/").status_code == 403
    [denial] = _denials()
    assert denial.object_id == str(case.pk) and denial.detail["permission"] == "cases.share_case"


def test_a_reader_changing_through_the_api_is_refused_with_403_and_audited_once():
    case = create_case("QC", summary="Before")
    reader = create_staff("qc_reviewer", region_code="QC")
    response = _api_client(reader).generic("PATCH", f"/api/v1/cases/{case.reference}",
                                           json.dumps({"version": 1, "summary": "After"}),
                                           content_type="application/json")
    assert response.status_code == 403
    # The role may change no case at all: refused before the case is looked at.
    assert [d.detail["permission"] for d in _denials()] == ["cases.change_case"]


def test_an_activity_of_another_regions_case_is_missing_through_the_api_and_audited():
    case = create_case("QC")
    author = create_staff("investigator", region_code="QC")
    activity = Activity.objects.create(case=case, kind=ActivityKind.NOTE, author=author,
                                       occurred_at=timezone.now(), notes="Called the employer.")
    ontario = create_staff("investigator", region_code="ON")
    response = _api_client(ontario).generic("PATCH", f"/api/v1/activities/{activity.pk}",
                                            json.dumps({"version": 1, "notes": "Changed."}),
                                            content_type="application/json")
    assert response.status_code == 404
    [denial] = _denials()
    assert denial.object_id == str(case.pk)
    assert Activity.objects.get(pk=activity.pk).notes == "Called the employer."


def test_a_document_of_another_regions_case_is_missing_and_audited_once():
    case = create_case("QC")
    author = create_staff("investigator", region_code="QC")
    document = add_document(case, SimpleUploadedFile("slip.pdf", tiny_pdf()), actor=author)
    other = _page_client(create_staff("team_lead", region_code="ON"))
    assert other.get(f"/en/staff/cases/{case.reference}/documents/{document.pk}/").status_code == 404
    assert len(_denials()) == 1
    # A document asked for under another case of one's own is missing too.
    own = create_case("ON")
    assert other.get(f"/en/staff/cases/{own.reference}/documents/{document.pk}/").status_code == 404
    assert len(_denials()) == 1


def test_cases_imports_neither_quality_nor_training():
    """cases tells them about its steps through the hooks they register (cases.steps)."""
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {name}" for name in names
                          if name.startswith(("sentinelle.quality", "sentinelle.training"))]
    assert offenders == []
