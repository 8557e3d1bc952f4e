"""Reaching a request or one of its documents goes through `privacy.access`,
which audits every refusal once; starting a detection or a release twice (a
double click) makes one job."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.privacy import services
from sentinelle.privacy.access import VIEW, access_request, access_request_document
from sentinelle.privacy.models import (
    AccessRequest,
    JobKind,
    JobStatus,
    RedactionJob,
    RequestDocument,
    RequestStatus,
)
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return create_staff("privacy_officer", region_code="QC", full_name="Paule Responsable")


def _request(officer) -> AccessRequest:
    return services.create_request(
        requester={"name": "Jeanne Demandeuse", "address": "12 rue des Érables, Québec", "email": "", "phone": ""},
        received_on=timezone.localdate() - datetime.timedelta(days=3), scope="Les rapports d'inspection.",
        regime="quebec", language="fr", assigned_to=officer, actor=officer)


def _document(req: AccessRequest, officer, **converted: object) -> RequestDocument:
    return RequestDocument.objects.create(access_request=req, title="Rapport", source="upload", original="x.pdf",
                                          original_name="x.pdf", added_by=officer, **converted)


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _denied() -> list[tuple[object, str, str]]:
    return [(e.actor, e.object_id, e.detail["permission"])
            for e in AuditEvent.objects.filter(action="permission_denied")]


def test_a_refusal_by_each_access_function_is_audited_once(officer):
    req = _request(officer)
    document = _document(req, officer)
    investigator = create_staff("investigator", region_code="QC")
    assert access_request(officer, req.reference, VIEW) == req
    assert access_request_document(officer, req.reference, document.pk, VIEW) == document
    with pytest.raises(Http404):  # a document of no request of that number: nothing was refused
        access_request_document(officer, req.reference, document.pk + 1000, VIEW)
    assert _denied() == []

    with pytest.raises(Http404):
        access_request(investigator, req.reference, VIEW)
    assert _denied() == [(investigator, str(req.pk), VIEW)]
    with pytest.raises(Http404):
        access_request_document(investigator, req.reference, document.pk, VIEW)
    assert _denied() == [(investigator, str(req.pk), VIEW)] * 2


def test_a_refused_page_leaves_one_audit_entry(officer):
    req = _request(officer)
    investigator = create_staff("investigator", region_code="QC")
    assert _client(investigator).get(reverse("privacy:request_detail", args=[req.reference])).status_code == 403
    assert len(_denied()) == 1


def test_starting_the_detection_twice_makes_one_job(officer, django_capture_on_commit_callbacks):
    req = _request(officer)
    document = _document(req, officer)
    client = _client(officer)
    url = reverse("privacy:detect_start", args=[req.reference, document.pk])
    with django_capture_on_commit_callbacks() as queued:
        first, second = client.post(url), client.post(url)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("privacy:document_detail",
                                                              args=[req.reference, document.pk])
    assert RedactionJob.objects.filter(document=document, kind=JobKind.DETECT).count() == 1
    assert len(queued) == 1
    assert AuditEvent.objects.filter(action="update", object_id=str(req.pk), detail__detection=document.pk).count() == 1

    # Once it is done, asking again starts a new detection.
    RedactionJob.objects.filter(document=document).update(status=JobStatus.DONE)
    assert client.post(url).status_code == 302
    assert RedactionJob.objects.filter(document=document, kind=JobKind.DETECT).count() == 2


def test_starting_the_release_twice_makes_one_job(officer, django_capture_on_commit_callbacks):
    req = _request(officer)
    _document(req, officer, pdf="x.pdf", page_count=1)
    client = _client(officer)
    url = reverse("privacy:release", args=[req.reference])
    with django_capture_on_commit_callbacks() as queued:
        first, second = client.post(url, {"language": "fr"}), client.post(url, {"language": "en"})
    assert first.status_code == second.status_code == 302
    job = RedactionJob.objects.get(access_request=req, kind=JobKind.RELEASE)
    assert (job.language, job.status, job.created_by) == ("fr", JobStatus.QUEUED, officer)
    assert len(queued) == 1
    assert AuditEvent.objects.filter(action="update", object_id=str(req.pk), detail__release=job.pk).count() == 1


def test_a_release_with_work_left_starts_no_job(officer):
    req = _request(officer)
    _document(req, officer)  # not analysed yet
    response = _client(officer).post(reverse("privacy:release", args=[req.reference]), {"language": "fr"})
    assert response.status_code == 400
    assert "The package cannot be made yet: see what remains to do." in response.content.decode()
    assert not RedactionJob.objects.filter(access_request=req).exists()


def test_a_detection_on_a_closed_request_is_refused_in_words(officer):
    req = _request(officer)
    document = _document(req, officer)
    AccessRequest.objects.filter(pk=req.pk).update(status=RequestStatus.CLOSED)
    response = _client(officer).post(reverse("privacy:detect_start", args=[req.reference, document.pk]),
                                     follow=True)
    assert "This request is no longer being processed." in response.content.decode()
    assert not RedactionJob.objects.exists()
