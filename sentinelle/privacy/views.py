"""Staff pages of access-to-information requests, for privacy officers only
(every other role: 403 on the pages, 404 on a request or a file)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.accounts.models import User
from sentinelle.audit.services import Action, record
from sentinelle.cases.documents import case_documents
from sentinelle.cases.models import Case
from sentinelle.lib.access import get_object_for_user, require_perm, visible_to
from sentinelle.lib.locking import Conflict, add_version_field, locked, show_conflict, version_of
from sentinelle.privacy import forms, letters, pages, services, tasks
from sentinelle.privacy.models import (
    AccessRequest,
    JobKind,
    JobStatus,
    LegalGround,
    MarkDecision,
    RedactionJob,
    RedactionMark,
    ReleasePackage,
    RequestDocument,
    RequestStatus,
)

VIEW = "privacy.view_access_requests"
# The zoom of the page images (redaction.render_page's default).
PAGE_ZOOM = 1.5


def _access_request(request: HttpRequest, reference: str, perm: str = "privacy.view_access_request"
                    ) -> AccessRequest:
    return get_object_for_user(request.user, perm,
                               AccessRequest.objects.select_related("requester", "assigned_to"),
                               request=request, reference=reference)


def _document(request: HttpRequest, reference: str, pk: int) -> RequestDocument:
    access_request = _access_request(request, reference)
    try:
        return RequestDocument.objects.select_related("access_request").get(pk=pk, access_request=access_request)
    except RequestDocument.DoesNotExist as error:
        raise Http404 from error


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _ground(pk: int | None) -> LegalGround | None:
    return None if pk is None else LegalGround.objects.filter(pk=pk).first()


def _read(field: Any) -> bytes:
    with field.open("rb") as handle:
        return bytes(handle.read())


def _fail(request: HttpRequest, error: services.RequestError) -> None:
    messages.error(request, error.message)


# List and new request ------------------------------------------------------------------


@require_perm(VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    requests = AccessRequest.objects.select_related("assigned_to").annotate(document_count=Count("documents"))
    if show != "all":
        show = "open"
        requests = requests.filter(status__in=[RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS,
                                               RequestStatus.EXTENDED])
    rows = list(requests.order_by("due_on", "id"))
    today = timezone.localdate()
    for row in rows:
        row.state = row.deadline_state(today)  # type: ignore[attr-defined]
        row.left = row.days_left(today)  # type: ignore[attr-defined]
        row.late = -row.left if row.left < 0 else 0  # type: ignore[attr-defined]
    return render(request, "privacy/request_list.html", {"rows": rows, "show": show, "today": today})


@require_perm("privacy.add_access_request")
def request_create(request: HttpRequest) -> HttpResponse:
    form = forms.RequestForm(request.POST or None, initial={"received_on": timezone.localdate(),
                                                            "assigned_to": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access_request = services.create_request(
            requester={key: data[key] for key in ("name", "address", "email", "phone")},
            received_on=data["received_on"], scope=data["scope"], regime=data["regime"], language=data["language"],
            assigned_to=data["assigned_to"], actor=request.user, request=request)
        messages.success(request, _("Request %(reference)s recorded: due on %(due)s.") % {
            "reference": access_request.reference, "due": access_request.due_on.isoformat()})
        return redirect("privacy:request_detail", access_request.reference)
    return render(request, "privacy/request_form.html", {"form": form}, status=400 if form.errors else 200)


# One request ---------------------------------------------------------------------------


@require_perm(VIEW)
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = _access_request(request, reference)
    record(Action.VIEW, request=request, obj=access_request)
    return _detail_page(request, access_request)


def _detail_page(request: HttpRequest, access_request: AccessRequest, assign_form: Any = None) -> HttpResponse:
    documents = list(access_request.documents.annotate(  # type: ignore[attr-defined]
        to_review=Count("marks", filter=Q(marks__decision=MarkDecision.PROPOSED)),
        accepted=Count("marks", filter=Q(marks__decision=MarkDecision.ACCEPTED)),
    ))
    for document in documents:
        document.job = document.latest_job()  # type: ignore[attr-defined]
    today = timezone.localdate()
    return render(request, "privacy/request_detail.html", {
        "req": access_request, "requester": access_request.requester, "documents": documents,
        "state": access_request.deadline_state(today), "left": access_request.days_left(today),
        "late": max(0, -access_request.days_left(today)),
        "extension_form": forms.ExtensionForm(regime=access_request.regime),
        "redirection_form": forms.RedirectionForm(), "decision_form": forms.DecisionForm(),
        "acknowledge_form": forms.NoticeDateForm(),
        "assign_form": assign_form or add_version_field(
            forms.AssignForm(initial={"assigned_to": access_request.assigned_to_id}), access_request),
        "is_open": access_request.is_open,
        "packages": list(access_request.packages.select_related("created_by")),  # type: ignore[attr-defined]
        "may_close": RequestStatus.CLOSED in services.TRANSITIONS.get(access_request.status, set()),
    })


def _notice_view(request: HttpRequest, reference: str, form_class: type, template: str, title: str,
                 apply: Any, **form_kwargs: Any) -> HttpResponse:
    access_request = _access_request(request, reference, "privacy.change_access_request")
    form = add_version_field(form_class(request.POST or None, **form_kwargs), access_request)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            with locked(access_request, version_of(form)):
                message = apply(access_request, form.cleaned_data)
        except Conflict as conflict:
            access_request = _access_request(request, reference, "privacy.change_access_request")
            form, status = show_conflict(form, access_request, conflict), 200
        except services.RequestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, message)
            return redirect("privacy:request_detail", access_request.reference)
    return render(request, template, {"req": access_request, "form": form, "title": title},
                  status=status if form.errors else 200)


@require_perm(VIEW)
def request_acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(access_request: AccessRequest, data: dict[str, Any]) -> str:
        services.acknowledge(access_request, on=data["on"], actor=request.user, request=request)
        return _("The acknowledgement of receipt is recorded.")

    return _notice_view(request, reference, forms.NoticeDateForm, "privacy/notice_form.html",
                        _("Acknowledgement of receipt"), apply)


@require_perm(VIEW)
def request_extend(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = _access_request(request, reference, "privacy.change_access_request")

    def apply(current: AccessRequest, data: dict[str, Any]) -> str:
        extended = services.extend(current, on=data["on"], days=data["days"], reason=data["reason"],
                                   federal_reason=data.get("federal_reason", ""), actor=request.user,
                                   request=request)
        return _("The time limit is extended: the decision is now due on %(due)s.") % {
            "due": extended.due_on.isoformat()}

    return _notice_view(request, reference, forms.ExtensionForm, "privacy/notice_form.html",
                        _("Extend the time limit"), apply, regime=access_request.regime)


@require_perm(VIEW)
def request_redirect(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(current: AccessRequest, data: dict[str, Any]) -> str:
        pdf = letters.redirection_letter_pdf(current, current.language, body=data["body"], contact=data["contact"],
                                             actor=request.user)
        services.redirect(current, body=data["body"], contact=data["contact"], on=data["on"], letter_pdf=pdf,
                          actor=request.user, request=request)
        return _("The request is redirected; its letter is ready to download.")

    return _notice_view(request, reference, forms.RedirectionForm, "privacy/notice_form.html",
                        _("Redirect to another public body"), apply)


@require_perm(VIEW)
def request_decision(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(current: AccessRequest, data: dict[str, Any]) -> str:
        services.record_decision(current, decision=data["decision"], sent_on=data["on"], actor=request.user,
                                 request=request)
        return _("The decision and the date it was sent are recorded.")

    return _notice_view(request, reference, forms.DecisionForm, "privacy/notice_form.html",
                        _("Record the decision"), apply)


@require_perm(VIEW)
@require_POST
def request_assign(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = _access_request(request, reference, "privacy.change_access_request")
    form = add_version_field(forms.AssignForm(request.POST), access_request)
    if form.is_valid():
        try:
            with locked(access_request, version_of(form)):
                services.assign(access_request, form.cleaned_data["assigned_to"], actor=request.user,
                                request=request)
        except Conflict as conflict:
            access_request = _access_request(request, reference, "privacy.change_access_request")
            return _detail_page(request, access_request, assign_form=show_conflict(form, access_request, conflict))
        messages.success(request, _("The officer in charge is changed."))
    else:
        messages.error(request, _("Choose a privacy officer."))
    return redirect("privacy:request_detail", access_request.reference)


@require_perm(VIEW)
@require_POST
def request_close(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = _access_request(request, reference, "privacy.change_access_request")
    try:
        services.move(access_request, RequestStatus.CLOSED, actor=request.user, request=request)
        messages.success(request, _("The request is closed."))
    except services.RequestError as error:
        _fail(request, error)
    return redirect("privacy:request_detail", access_request.reference)


@require_perm(VIEW)
def redirection_letter(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = _access_request(request, reference)
    if not access_request.redirection_letter:
        raise Http404
    record(Action.DOWNLOAD, request=request, obj=access_request, file="redirection_letter")
    return _file_response(access_request.redirection_letter,
                          f"{access_request.reference}-{letters.FILE_NAMES[access_request.language]['redirection']}",
                          "application/pdf")


def _file_response(field: Any, name: str, content_type: str) -> Any:
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# Documents ------------------------------------------------------------------------------


@require_perm(VIEW)
def gather(request: HttpRequest, reference: str) -> HttpResponse:
    """Pick a case by its reference, then the documents to copy into the request."""
    access_request = _access_request(request, reference, "privacy.change_access_request")
    pick = forms.CasePickForm(request.GET or None)
    case = None
    gather_form = None
    if pick.is_bound and pick.is_valid():
        case = visible_to(request.user, Case.objects.all()).filter(
            reference__iexact=pick.cleaned_data["case_reference"].strip()).first()
        if case is None or not request.user.has_perm("cases.view_case", case):
            pick.add_error("case_reference", _("No case you may see has this reference."))
            case = None
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
    access_request = _access_request(request, reference, "privacy.change_access_request")
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
    document = _document(request, reference, pk)
    access_request = document.access_request
    if not access_request.is_open:
        messages.error(request, _("This request is no longer being processed."))
        return redirect("privacy:request_detail", access_request.reference)
    current = document.latest_job()
    if current is None or not current.is_active:
        with transaction.atomic():
            job = RedactionJob.objects.create(access_request=access_request, document=document, kind=JobKind.DETECT,
                                              language=document.language, created_by=_user(request))
            transaction.on_commit(lambda: tasks.detect_personal_information.enqueue(job.pk))
        record(Action.UPDATE, request=request, obj=access_request, detection=document.pk)
    return redirect("privacy:document_detail", access_request.reference, document.pk)


@require_perm(VIEW)
def document_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    document = _document(request, reference, pk)
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
    access_request = _access_request(request, reference)
    try:
        job = RedactionJob.objects.get(pk=pk, access_request=access_request)
    except RedactionJob.DoesNotExist as error:
        raise Http404 from error
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


# Review -------------------------------------------------------------------------------


def _page_or_404(document: RequestDocument, page: int) -> int:
    if not document.pdf or document.page_count is None or not 1 <= page <= document.page_count:
        raise Http404
    return page - 1


@require_perm(VIEW)
def page_image(request: HttpRequest, reference: str, pk: int, page: int) -> HttpResponse:
    from sentinelle.privacy import redaction

    document = _document(request, reference, pk)
    index = _page_or_404(document, page)
    png = redaction.render_page(_read(document.pdf), index, zoom=PAGE_ZOOM)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@require_perm(VIEW)
def review_page(request: HttpRequest, reference: str, pk: int, page: int) -> HttpResponse:
    document = _document(request, reference, pk)
    index = _page_or_404(document, page)
    access_request = document.access_request
    width, height = pages.page_geometry(_read(document.pdf), index)
    marks = list(document.marks.filter(page=index).select_related("ground"))  # type: ignore[attr-defined]
    _number_and_forms(marks, access_request)
    manual_form = forms.ManualMarkForm(regime=access_request.regime,
                                       initial={"ground": _default_ground(access_request)})
    record(Action.VIEW, request=request, obj=access_request, document=document.pk, page=page)
    return render(request, "privacy/review_page.html", _review_context(document, page, width, height, marks,
                                                                       manual_form))


def _review_context(document: RequestDocument, page: int, width: float, height: float, marks: list[Any],
                    manual_form: forms.ManualMarkForm) -> dict[str, Any]:
    from sentinelle.privacy.pii import KIND_LABELS

    for mark in marks:
        # Attributes of the SVG overlay, in PDF points (the viewBox), never localised.
        mark.svg_x, mark.svg_y = f"{mark.x0:.2f}", f"{mark.y0:.2f}"
        mark.svg_w, mark.svg_h = f"{mark.x1 - mark.x0:.2f}", f"{mark.y1 - mark.y0:.2f}"
        mark.kind_label = KIND_LABELS.get(mark.kind, mark.kind)
    return {
        "req": document.access_request, "document": document, "page": page, "page_count": document.page_count,
        "width": round(width), "height": round(height), "marks": marks, "manual_form": manual_form,
        "width_attr": f"{width:.2f}", "height_attr": f"{height:.2f}",
        "img_width": round(width * PAGE_ZOOM), "img_height": round(height * PAGE_ZOOM),
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < (document.page_count or 0) else None,
        "editable": document.access_request.is_open,
    }


def _number_and_forms(marks: list[Any], access_request: AccessRequest) -> None:
    default = _default_ground(access_request)
    for number, mark in enumerate(marks, start=1):
        mark.number = number
        mark.form = add_version_field(forms.MarkDecisionForm(regime=access_request.regime, prefix=f"m{mark.pk}",
                                                             initial={"ground": mark.ground_id or default}), mark)


def _default_ground(access_request: AccessRequest) -> int | None:
    code = "qc-53-54" if access_request.regime == "quebec" else "fed-19"
    return LegalGround.objects.filter(code=code).values_list("pk", flat=True).first()


@require_perm(VIEW)
@require_POST
def mark_decide(request: HttpRequest, reference: str, pk: int, mark_pk: int) -> HttpResponse:
    document = _document(request, reference, pk)
    try:
        mark = document.marks.get(pk=mark_pk)  # type: ignore[attr-defined]
    except RedactionMark.DoesNotExist as error:
        raise Http404 from error
    form = add_version_field(
        forms.MarkDecisionForm(request.POST, regime=document.access_request.regime, prefix=f"m{mark.pk}"), mark)
    if form.is_valid():
        ground = _ground(form.cleaned_data.get("ground"))
        try:
            with locked(mark, version_of(form)):
                services.decide_mark(mark, form.cleaned_data["decision"], ground=ground, actor=request.user,
                                     request=request)
        except Conflict as conflict:
            # One click (accept or reject): the page shows the decision saved meanwhile.
            messages.error(request, conflict.message)
        except services.RequestError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Redaction accepted.") if form.cleaned_data["decision"] == "accepted"
                             else _("Proposal rejected: the text stays visible."))
    else:
        for message in form.non_field_errors() or [_("Accept or reject the proposal.")]:
            messages.error(request, str(message))
    return redirect(reverse("privacy:review_page", args=[reference, document.pk, mark.page + 1]) + "#marks")


@require_perm(VIEW)
def mark_add(request: HttpRequest, reference: str, pk: int, page: int) -> HttpResponse:
    from sentinelle.privacy import redaction

    document = _document(request, reference, pk)
    index = _page_or_404(document, page)
    if request.method != "POST":
        return redirect("privacy:review_page", reference, document.pk, page)
    access_request = document.access_request
    form = forms.ManualMarkForm(request.POST, regime=access_request.regime)
    pdf = _read(document.pdf)
    if form.is_valid():
        ground = _ground(form.cleaned_data["ground"])
        width, height = pages.page_geometry(pdf, index)
        if form.cleaned_data["has_rect"]:
            data = form.cleaned_data
            rect = (min(data["x0"], width), min(data["y0"], height), min(data["x1"], width), min(data["y1"], height))
            rects = [rect]
            texts = [redaction.text_under(pdf, index, rect)]
        else:
            rects = pages.find_text(pdf, index, form.cleaned_data["find_text"])
            texts = [form.cleaned_data["find_text"]] * len(rects)
            if not rects:
                form.add_error("find_text", _("This text is not on this page (it may be an image without text: "
                                              "draw the rectangle instead)."))
        if not form.errors:
            try:
                for rect, text in zip(rects, texts, strict=True):
                    services.add_manual_mark(document, page=index, rect=rect, text=text, ground=ground,
                                             actor=request.user, request=request)
            except services.RequestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(count)s redactions added on this page.") % {"count": len(rects)})
                return redirect(reverse("privacy:review_page", args=[reference, document.pk, page]) + "#marks")
    width, height = pages.page_geometry(pdf, index)
    marks = list(document.marks.filter(page=index).select_related("ground"))  # type: ignore[attr-defined]
    _number_and_forms(marks, access_request)
    return render(request, "privacy/review_page.html", _review_context(document, page, width, height, marks, form),
                  status=400)


# Release ------------------------------------------------------------------------------


@require_perm(VIEW)
def release(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = _access_request(request, reference)
    form = forms.ReleaseForm(request.POST or None, initial={"language": access_request.language})
    problems = services.release_problems(access_request)
    job = access_request.jobs.filter(kind=JobKind.RELEASE).first()  # type: ignore[attr-defined]
    if request.method == "POST":
        if not request.user.has_perm("privacy.release_access_request", access_request):
            raise Http404
        if form.is_valid() and not problems and not (job and job.is_active):
            with transaction.atomic():
                job = RedactionJob.objects.create(access_request=access_request, kind=JobKind.RELEASE,
                                                  language=form.cleaned_data["language"], created_by=_user(request))
                job_pk = job.pk
                transaction.on_commit(lambda: tasks.release_request.enqueue(job_pk))
            return redirect("privacy:release", access_request.reference)
        if problems:
            messages.error(request, _("The package cannot be made yet: see what remains to do."))
    packages = list(access_request.packages.select_related("created_by"))  # type: ignore[attr-defined]
    rows = letters.schedule_rows(access_request, "fr" if request.LANGUAGE_CODE == "fr" else "en")
    return render(request, "privacy/release.html", {
        "req": access_request, "form": form, "problems": problems, "job": job, "packages": packages,
        "rows": rows, "progress": progress_text(job) if job else "",
    }, status=400 if request.method == "POST" else 200)


@require_perm(VIEW)
def package_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    access_request = _access_request(request, reference, "privacy.download_release_package")
    try:
        package = access_request.packages.get(pk=pk)  # type: ignore[attr-defined]
    except ReleasePackage.DoesNotExist as error:
        raise Http404 from error
    record(Action.DOWNLOAD, request=request, obj=access_request, package=package.pk, sha256=package.sha256)
    name = f"{access_request.reference}-{'diffusion' if package.language == 'fr' else 'release'}.zip"
    return _file_response(package.file, name, "application/zip")

