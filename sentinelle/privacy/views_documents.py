"""The documents of an access request: gathered from a case or uploaded, the
detection of personal information in each, and the progress of its jobs."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.cases.documents import case_documents
from sentinelle.cases.models import Case
from sentinelle.lib.access import get_object_for_user, require_perm, visible_to
from sentinelle.privacy import access, forms, services
from sentinelle.privacy.models import JobStatus, MarkDecision, RedactionJob

VIEW = "privacy.view_access_requests"


@require_perm(VIEW)
def gather(request: HttpRequest, reference: str) -> HttpResponse:
    """Pick a case by its reference, then the documents to copy into the request."""
    access_request = access.access_request(request.user, reference, access.CHANGE, request=request)
    pick = forms.CasePickForm(request.GET or None)
    case = None
    gather_form = None
    if pick.is_bound and pick.is_valid():
        try:
            case = get_object_for_user(request.user, "cases.view_case", visible_to(request.user, Case.objects.all()),
                                       request=request, reference__iexact=pick.cleaned_data["case_reference"].strip())
        except Http404:
            pick.add_error("case_reference", _("No case you may see has this reference."))
    if case is not None:
        documents = [d for d in case_documents(case) if d.latest_version is not None]  # type: ignore[attr-defined]
        gather_form = forms.GatherForm(request.POST or None, documents=documents,
                                       initial={"language": access_request.language})
        if request.method == "POST" and gather_form.is_valid():
            chosen = [d for d in documents if str(d.pk) in gather_form.cleaned_data["documents"]]
            try:
                added = services.gather_case_documents(access_request, chosen,
                                                       language=gather_form.cleaned_data["language"],
                                                       actor=request.user, request=request)
            except services.RequestError as error:
                gather_form.add_error(None, error.message)
            else:
                messages.success(request, _("%(count)s documents added to the request.") % {"count": len(added)})
                return redirect("privacy:request_detail", access_request.reference)
    return render(request, "privacy/gather.html", {"req": access_request, "pick": pick, "case": case,
                                                   "form": gather_form},
                  status=400 if (pick.errors or (gather_form and gather_form.errors)) else 200)


@require_perm(VIEW)
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = access.access_request(request.user, reference, access.CHANGE, request=request)
    form = forms.UploadForm(request.POST or None, request.FILES or None,
                            initial={"language": access_request.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(access_request, form.cleaned_data["file"], title=form.cleaned_data["title"],
                                     language=form.cleaned_data["language"], actor=request.user, request=request)
        except services.RequestError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("The document is added to the request."))
            return redirect("privacy:request_detail", access_request.reference)
    return render(request, "privacy/upload.html", {"req": access_request, "form": form},
                  status=400 if form.errors else 200)


@require_perm(VIEW)
@require_POST
def detect_start(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    document = access.access_request_document(request.user, reference, pk, access.VIEW, request=request)
    try:
        services.start_detection(document, actor=request.user, request=request)
    except services.RequestError as error:
        messages.error(request, error.message)
        return redirect("privacy:request_detail", reference)
    return redirect("privacy:document_detail", reference, document.pk)


@require_perm(VIEW)
def document_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    document = access.access_request_document(request.user, reference, pk, access.VIEW, request=request)
    job = document.latest_job()
    counts = {row["decision"]: row["n"] for row in document.marks.values("decision").annotate(n=Count("id"))}  # type: ignore[attr-defined]
    page_counts: dict[int, int] = {}
    for page in document.marks.filter(decision=MarkDecision.PROPOSED).values_list("page", flat=True):  # type: ignore[attr-defined]
        page_counts[page] = page_counts.get(page, 0) + 1
    pages_list = [{"number": n + 1, "to_review": page_counts.get(n, 0)} for n in range(document.page_count or 0)]
    return render(request, "privacy/document_detail.html", {
        "req": document.access_request, "document": document, "job": job, "counts": counts, "pages": pages_list,
        "progress": progress_text(job) if job else "",
    })


@require_perm(VIEW)
def job_status(request: HttpRequest, reference: str, pk: int) -> JsonResponse:
    """The progress of a job, for the page's small poller (privacy/progress.js)."""
    access_request = access.access_request(request.user, reference, access.VIEW, request=request)
    job = get_object_or_404(RedactionJob, pk=pk, access_request=access_request)
    return JsonResponse({"status": job.status, "done": job.pages_done, "total": job.pages_total,
                         "text": progress_text(job), "active": job.is_active})


def progress_text(job: RedactionJob) -> str:
    if job.status == JobStatus.QUEUED:
        return _("Waiting for the worker…")
    if job.status == JobStatus.FAILED:
        return _("Failed: %(error)s") % {"error": job.error}
    if job.status == JobStatus.DONE:
        return _("Done: %(total)s pages.") % {"total": job.pages_total}
    if not job.pages_total:
        return _("Converting the document…")
    return _("Page %(done)s of %(total)s") % {"done": job.pages_done, "total": job.pages_total}
