"""Staff pages of access-to-information requests: the list, a new request, one
request with its notices, its officer in charge and its closing. Privacy
officers only (every other role: 403 on the pages, 404 on a request)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.audit.services import Action, record
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of
from sentinelle.privacy import access, forms, letters, services
from sentinelle.privacy.models import AccessRequest, MarkDecision, RequestStatus

VIEW = "privacy.view_access_requests"


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
    access_request = access.access_request(request.user, reference, access.VIEW, request=request)
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


# `apply(access request, form data, the version the officer saw)` calls the service and
# answers the message shown once it is done.
Apply = Callable[[AccessRequest, dict[str, Any], int], str]


def _notice_view(request: HttpRequest, reference: str, form_class: type, template: str, title: str,
                 apply: Apply, **form_kwargs: Any) -> HttpResponse:
    access_request = access.access_request(request.user, reference, access.CHANGE, request=request)
    form = add_version_field(form_class(request.POST or None, **form_kwargs), access_request)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            message = apply(access_request, form.cleaned_data, version_of(form))
        except Conflict as conflict:
            access_request = access.access_request(request.user, reference, access.CHANGE, request=request)
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
    def apply(access_request: AccessRequest, data: dict[str, Any], version: int) -> str:
        services.acknowledge(access_request, on=data["on"], actor=request.user, request=request,
                             expected_version=version)
        return _("The acknowledgement of receipt is recorded.")

    return _notice_view(request, reference, forms.NoticeDateForm, "privacy/notice_form.html",
                        _("Acknowledgement of receipt"), apply)


@require_perm(VIEW)
def request_extend(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = access.access_request(request.user, reference, access.CHANGE, request=request)

    def apply(current: AccessRequest, data: dict[str, Any], version: int) -> str:
        extended = services.extend(current, on=data["on"], days=data["days"], reason=data["reason"],
                                   federal_reason=data.get("federal_reason", ""), actor=request.user,
                                   request=request, expected_version=version)
        return _("The time limit is extended: the decision is now due on %(due)s.") % {
            "due": extended.due_on.isoformat()}

    return _notice_view(request, reference, forms.ExtensionForm, "privacy/notice_form.html",
                        _("Extend the time limit"), apply, regime=access_request.regime)


@require_perm(VIEW)
def request_redirect(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(current: AccessRequest, data: dict[str, Any], version: int) -> str:
        pdf = letters.redirection_letter_pdf(current, current.language, body=data["body"], contact=data["contact"],
                                             actor=request.user)
        services.redirect(current, body=data["body"], contact=data["contact"], on=data["on"], letter_pdf=pdf,
                          actor=request.user, request=request, expected_version=version)
        return _("The request is redirected; its letter is ready to download.")

    return _notice_view(request, reference, forms.RedirectionForm, "privacy/notice_form.html",
                        _("Redirect to another public body"), apply)


@require_perm(VIEW)
def request_decision(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(current: AccessRequest, data: dict[str, Any], version: int) -> str:
        services.record_decision(current, decision=data["decision"], sent_on=data["on"], actor=request.user,
                                 request=request, expected_version=version)
        return _("The decision and the date it was sent are recorded.")

    return _notice_view(request, reference, forms.DecisionForm, "privacy/notice_form.html",
                        _("Record the decision"), apply)


@require_perm(VIEW)
@require_POST
def request_assign(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = access.access_request(request.user, reference, access.CHANGE, request=request)
    form = add_version_field(forms.AssignForm(request.POST), access_request)
    if form.is_valid():
        try:
            services.assign(access_request, form.cleaned_data["assigned_to"], actor=request.user, request=request,
                            expected_version=version_of(form))
        except Conflict as conflict:
            access_request = access.access_request(request.user, reference, access.CHANGE, request=request)
            return _detail_page(request, access_request, assign_form=show_conflict(form, access_request, conflict))
        messages.success(request, _("The officer in charge is changed."))
    else:
        messages.error(request, _("Choose a privacy officer."))
    return redirect("privacy:request_detail", access_request.reference)


@require_perm(VIEW)
@require_POST
def request_close(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = access.access_request(request.user, reference, access.CHANGE, request=request)
    try:
        services.move(access_request, RequestStatus.CLOSED, actor=request.user, request=request)
        messages.success(request, _("The request is closed."))
    except services.RequestError as error:
        messages.error(request, error.message)
    return redirect("privacy:request_detail", access_request.reference)


@require_perm(VIEW)
def redirection_letter(request: HttpRequest, reference: str) -> HttpResponse:
    access_request = access.access_request(request.user, reference, access.VIEW, request=request)
    if not access_request.redirection_letter:
        raise Http404  # no letter was ever generated: nothing is refused, there is nothing
    record(Action.DOWNLOAD, request=request, obj=access_request, file="redirection_letter")
    return file_response(access_request.redirection_letter,
                         f"{access_request.reference}-{letters.FILE_NAMES[access_request.language]['redirection']}",
                         "application/pdf")


def file_response(field: Any, name: str, content_type: str) -> Any:
    """A stored file as a download that no cache keeps."""
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
