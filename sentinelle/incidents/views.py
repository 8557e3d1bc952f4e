"""Staff pages of confidentiality incidents: the list, the three-section form,
the incident page (grid, conclusion, notices, register entries), the notices
and the register with its exports. Privacy officers only; every change and
every download is in the audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from sentinelle.audit.services import Action, record
from sentinelle.incidents import register, services
from sentinelle.incidents.access import access_incident
from sentinelle.incidents.forms import (
    ConclusionForm,
    CorrectionForm,
    IncidentForm,
    MeasureFormSet,
    NoticeForm,
)
from sentinelle.incidents.grid import FACTORS, RULE
from sentinelle.incidents.models import Incident, NoticeKind, RegisterEntry
from sentinelle.incidents.notices import NoticeError, generate_notice, refusal
from sentinelle.incidents.requirements import ARTICLE_7, missing_labels
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of

VIEW, MANAGE, EXPORT = "incidents.view_incidents", "incidents.manage_incidents", "incidents.export_register"
PER_PAGE = 50


@require_perm(VIEW)
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = Incident.objects.prefetch_related("notices", "register_entries")
    page = Paginator(incidents, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/incident_list.html", {
        "page": page, "may_manage": request.user.has_perm(MANAGE),
    })


def _form_page(request: HttpRequest, incident: Incident | None) -> HttpResponse:
    if request.method == "POST":
        form = IncidentForm(request.POST, instance=incident)
        if incident is not None:
            add_version_field(form, incident)
        measures = MeasureFormSet(request.POST, instance=incident or Incident(), prefix="measures")
        if form.is_valid() and measures.is_valid():
            try:
                return _save(request, form, measures, incident)
            except Conflict as conflict:  # only an existing incident is claimed
                current = Incident.objects.get(pk=incident.pk)  # type: ignore[union-attr]
                measures = MeasureFormSet(request.POST, instance=current, prefix="measures")
                measures.is_valid()
                return render(request, "incidents/incident_form.html", {
                    "form": show_conflict(form, current, conflict), "measures": measures, "incident": current,
                    "rule": RULE,
                })
        status = 400
    else:
        form = IncidentForm(instance=incident)
        if incident is not None:
            add_version_field(form, incident)
        measures = MeasureFormSet(instance=incident or Incident(), prefix="measures")
        status = 200
    return render(request, "incidents/incident_form.html", {
        "form": form, "measures": measures, "incident": incident, "rule": RULE,
    }, status=status)


def _save(request: HttpRequest, form: IncidentForm, measures: Any, incident: Incident | None) -> HttpResponse:
    saved, reopened = services.save_incident(form, measures, actor=request.user, request=request,
                                             expected_version=version_of(form) if incident is not None else None)
    if incident is None:
        messages.success(request, gettext("Incident %(reference)s recorded.") % {"reference": saved.reference})
    else:
        messages.success(request, gettext("Incident %(reference)s saved.") % {"reference": saved.reference})
    if reopened:
        messages.warning(request, gettext("The grid changed: confirm the conclusion on the risk of serious harm "
                                          "again."))
    return redirect("incidents:incident_detail", pk=saved.pk)


@require_perm(MANAGE)
def incident_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@require_perm(MANAGE)
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, MANAGE, request=request)
    return _form_page(request, incident)


def _detail(request: HttpRequest, incident: Incident, *, conclusion_form: ConclusionForm | None = None,
            correction_form: CorrectionForm | None = None, status: int = 200) -> HttpResponse:
    notices_by_kind = []
    for kind in NoticeKind:
        notices_by_kind.append({
            "kind": kind.value, "label": kind.label,
            "refusal": refusal(incident, kind.value, recipients=["-"], condition="hardship"),
        })
    entries = incident.register_entries.select_related("recorded_by").order_by("-id")  # type: ignore[attr-defined]
    return render(request, "incidents/incident_detail.html", {
        "incident": incident,
        "measures": incident.measures.all(),  # type: ignore[attr-defined]
        "factors": [{"factor": factor, "rating": getattr(incident, factor.field),
                     "display": getattr(incident, f"get_{factor.field}_display")(),
                     "guidance": factor.guidance.get(getattr(incident, factor.field))} for factor in FACTORS],
        "grid_conclusion": incident.grid_conclusion, "rule": RULE,
        "conclusion_form": conclusion_form or add_version_field(ConclusionForm(incident=incident), incident),
        "correction_form": correction_form or CorrectionForm(),
        "notice_kinds": notices_by_kind,
        "notices": incident.notices.select_related("created_by"),  # type: ignore[attr-defined]
        "entries": entries,
        "register_missing": missing_labels(incident, ARTICLE_7),
        "may_manage": request.user.has_perm(MANAGE, incident),
        "retain_until": incident.retain_until(),
    }, status=status)


@require_perm(VIEW)
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, VIEW, request=request)
    record(Action.VIEW, obj=incident, request=request)
    return _detail(request, incident)


@require_perm(MANAGE)
@require_POST
def incident_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, MANAGE, request=request)
    form = add_version_field(ConclusionForm(request.POST, incident=incident), incident)
    if not form.is_valid():
        return _detail(request, incident, conclusion_form=form, status=400)
    data = form.cleaned_data
    try:
        services.conclude(incident, serious_harm=data["serious_harm"], overridden=data["overridden"],
                          reason=data["reason"], grid=form.grid, actor=request.user, request=request,
                          expected_version=version_of(form))
    except Conflict as conflict:
        incident = Incident.objects.get(pk=incident.pk)
        return _detail(request, incident, conclusion_form=show_conflict(form, incident, conflict))
    if incident.overridden:
        messages.success(request, gettext("Conclusion recorded: you overrode the grid’s conclusion."))
    else:
        messages.success(request, gettext("Conclusion recorded: you confirmed the grid’s conclusion."))
    return redirect("incidents:incident_detail", pk=incident.pk)


@require_perm(MANAGE)
def notice_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    incident = access_incident(request.user, pk, MANAGE, request=request)
    if kind not in NoticeKind.values:
        raise Http404  # no such kind of notice
    form = NoticeForm(request.POST or None, kind=kind, language=get_language() or "fr")
    problem = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = generate_notice(
                    incident, kind, language=data["language"], given_on=data["given_on"], actor=request.user,
                    recipients=(data.get("recipients") or "").splitlines(),
                    condition=data.get("public_condition") or "", justification=data.get("public_justification") or "",
                    request=request,
                )
            except NoticeError as error:
                problem = error.message
            else:
                messages.success(request, gettext("%(notice)s generated, dated %(date)s.") % {
                    "notice": notice.get_kind_display(), "date": notice.given_on.isoformat()})
                return redirect("incidents:incident_detail", pk=incident.pk)
    return render(request, "incidents/notice_form.html", {
        "incident": incident, "form": form, "kind": kind, "kind_label": NoticeKind(kind).label,
        "problem": problem, "refusal": refusal(incident, kind, recipients=["-"], condition="hardship"),
    }, status=status)


@require_perm(VIEW)
def notice_download(request: HttpRequest, pk: int, notice_pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, VIEW, request=request)
    notice = get_object_or_404(incident.notices, pk=notice_pk)  # type: ignore[attr-defined]
    record(Action.DOWNLOAD, obj=incident, request=request, notice=notice.pk, kind=notice.kind)
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{notice.filename}"'
    return response


@require_perm(MANAGE)
@require_POST
def register_record(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, MANAGE, request=request)
    form = CorrectionForm(request.POST)
    form.is_valid()
    try:
        entry = register.record_entry(incident, actor=request.user, request=request,
                                      reason=form.cleaned_data.get("reason", ""))
    except register.RegisterError as error:
        form.add_error(error.field, error.message)
        return _detail(request, incident, correction_form=form, status=400)
    messages.success(request, gettext("Entry %(number)s recorded in the register.") % {
        "number": entry.pk if entry else ""})
    return redirect("incidents:incident_detail", pk=incident.pk)


@require_perm(VIEW)
def register_list(request: HttpRequest) -> HttpResponse:
    entries = register.ordered(RegisterEntry.objects.all()).select_related("recorded_by", "corrected_by")
    entries = entries.order_by("-id")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/register_list.html", {
        "page": page, "may_export": request.user.has_perm(EXPORT),
    })


def _export(request: HttpRequest, kind: str, content_type: str,
            write: Callable[[Iterable[RegisterEntry]], tuple[bytes, int]]) -> HttpResponse:
    content, count = write(register.ordered(RegisterEntry.objects.all()).iterator(chunk_size=2000))
    record(Action.EXPORT, request=request, export="incident_register", format=kind, rows=count)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="incident-register-{timezone.localdate():%Y-%m-%d}.{kind}"')
    return response


@require_perm(EXPORT)
def register_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv", "text/csv; charset=utf-8", register.to_csv)


@require_perm(EXPORT)
def register_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   register.to_xlsx)
