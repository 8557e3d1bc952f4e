"""The investigator's pages: the case list, the case page with its timeline, the
steps of the life cycle, activities, the case's own fields and sharing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.cases import linked, panels, todo, workflow
from sentinelle.cases.access import access_activity, access_case
from sentinelle.cases.documents import add_document, case_documents
from sentinelle.cases.forms import (
    RECORDABLE_KINDS,
    ActivityForm,
    CaseFilterForm,
    CaseForm,
    MoveForm,
    ShareForm,
)
from sentinelle.cases.guidance import NONRESPONSE_TOPIC, guidance_for
from sentinelle.cases.models import Activity, ActivityKind, Case, CaseQuerySet, CaseShare, Employer
from sentinelle.lib.access import deny, require_perm, visible_to
from sentinelle.lib.locking import Conflict

PAGE_SIZE = 50


# The case list ---------------------------------------------------------------------


@require_perm("cases.view_case")
def case_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    default_scope = CaseFilterForm.MINE if user.has_role(RoleCode.INVESTIGATOR) else CaseFilterForm.REGION
    scope = data.get("scope") or default_scope
    status = data.get("status") or ""
    query = (data.get("q") or "").strip()

    cases: CaseQuerySet = visible_to(user, Case.objects.all())  # type: ignore[assignment]
    if scope == CaseFilterForm.MINE:
        cases = cases.filter(assigned_to=user)
    elif scope == CaseFilterForm.SHARED:
        cases = Case.objects.shared_with(user)
    else:
        cases = Case.objects.in_region_of(user)
    if status == "":
        cases = cases.open()
    elif status != "all":
        cases = cases.filter(status=status)
    if query:
        compact = "".join(query.split()).upper()
        cases = cases.filter(
            Q(reference__startswith=compact) | Q(employer__in=Employer.objects.search(query).values("pk"))
        )
    cases = cases.select_related("employer", "assigned_to", "region").order_by("-opened_at", "-id")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {
        "form": form, "page": page, "scope": scope, "query": query,
    })


# The case page ---------------------------------------------------------------------


@dataclass
class Entry:
    """One line of the case's timeline."""

    at: datetime
    type: str  # "activity", "transition", "escalation" or "referral"
    item: Any
    documents: list[Any]


def _timeline(case: Case, documents: list[Any]) -> list[Entry]:
    by_activity: dict[int, list[Any]] = {}
    for document in documents:
        if document.activity_id:
            by_activity.setdefault(document.activity_id, []).append(document)
    entries = [
        Entry(a.occurred_at, "activity", a, by_activity.get(a.pk, []))
        for a in case.activities.select_related("author", "owner")  # type: ignore[attr-defined]
    ]
    entries += [Entry(t.at, "transition", t, []) for t in case.transitions.select_related("by")]  # type: ignore[attr-defined]
    if reports := linked.reports():
        entries += [Entry(at, kind, item, []) for at, kind, item in reports.timeline(case)]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


@require_perm("cases.view_case")
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, request=request)
    user = request.user
    documents = case_documents(case)
    record(Action.VIEW, obj=case, request=request)
    may_change = user.has_perm("cases.change_case", case)
    return render(request, "cases/case_detail.html", {
        "case": case,
        "moves": workflow.available_moves(case, user),
        "timeline": _timeline(case, documents),
        "documents": documents,
        "decisions": case.decisions.select_related("proposed_by", "approved_by"),  # type: ignore[attr-defined]
        "shares": case.shares.select_related("user", "region", "shared_by", "revoked_by"),  # type: ignore[attr-defined]
        "reports": case.reports.prefetch_related("allegations"),  # type: ignore[attr-defined]
        "guidance": guidance_for(f"status:{case.status}"),
        "may_change": may_change and case.is_open,
        "may_share": user.has_perm("cases.share_case", case),
        "kinds": RECORDABLE_KINDS,
        "panels": panels.render(panels.CASE, case, request),
        "today": timezone.localdate(),
    })


# The steps of the life cycle ---------------------------------------------------------


@require_perm("cases.view_case")
def case_move(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    case = access_case(request.user, reference, request=request)
    if name not in workflow.MOVES:
        raise Http404
    if refusal := workflow.why_not(case, name, request.user):
        if refusal.permission:
            deny(request.user, refusal.permission, obj=case, request=request)
        messages.error(request, refusal.message)
        return redirect("cases:case_detail", case.reference)
    form = MoveForm(request.POST or None, case=case, name=name)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            workflow.move(case, name, actor=request.user, expected_version=form.cleaned_data["version"],  # type: ignore[arg-type]
                          **values)
        except Conflict as conflict:
            case.refresh_from_db()
            form = MoveForm(_with_version(request.POST, case.version), case=case, name=name)
            form.is_valid()
            form.add_error(None, conflict.message)
        except workflow.CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Done: %(step)s. The case is now “%(status)s”.")
                             % {"step": form.move.label, "status": Case.objects.get(pk=case.pk).get_status_display()})
            return redirect("cases:case_detail", case.reference)
    return render(request, "cases/case_move.html", {
        "case": case, "form": form, "move": form.move,
        "guidance": guidance_for(f"status:{case.status}"),
        "proposal": workflow.proposal_of(case),
    })


def _values(obj: Any, names: list[str]) -> list[tuple[str, Any]]:
    """(label, value as shown) of some fields of a saved object."""
    rows = []
    for name in names:
        if name == "done":
            rows.append((_("Done"), _("Yes") if obj.done_at else _("No")))
            continue
        field = obj._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display else getattr(obj, name)
        if name == "announced" and value is not None:
            value = _("Announced") if value else _("Unannounced")
        elif hasattr(value, "strftime"):
            value = value.strftime("%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d")
        rows.append((str(field.verbose_name).capitalize(), value))
    return rows


def _with_version(data: Any, version: int) -> Any:
    """The staff member's input, with the current version: what they typed is kept,
    and saving again after checking goes through."""
    data = data.copy()
    data["version"] = str(version)
    return data


# The case's own fields ------------------------------------------------------------


@require_perm("cases.change_case")
def case_edit(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, "cases.change_case", request=request)
    form = CaseForm(request.POST or None, instance=case, initial={"version": case.version})
    current, current_values = None, []
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            workflow.update_case(Case.objects.get(pk=case.pk), values, actor=request.user,  # type: ignore[arg-type]
                                 expected_version=form.cleaned_data["version"])
        except Conflict as conflict:
            current = Case.objects.get(pk=case.pk)
            current_values = _values(current, workflow.CASE_FIELDS)  # before the form writes on it
            form = CaseForm(_with_version(request.POST, current.version), instance=current)
            form.is_valid()
            form.add_error(None, conflict.message)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("cases:case_detail", case.reference)
    return render(request, "cases/case_edit.html", {
        "case": case, "form": form, "current": current,
        "current_values": current_values,
    })


# Activities ------------------------------------------------------------------------


@require_perm("cases.change_case")
def activity_new(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    case = access_case(request.user, reference, "cases.change_case", request=request)
    if kind not in RECORDABLE_KINDS:
        raise Http404
    if not case.is_open:
        messages.error(request, _("Activities can no longer be added to a case that is “%(status)s”.")
                       % {"status": case.get_status_display()})
        return redirect("cases:case_detail", case.reference)
    form = ActivityForm(request.POST or None, request.FILES or None, kind=kind, case=case,
                        instance=Activity(case=case, kind=kind))
    if request.method == "POST" and form.is_valid():
        try:
            activity = workflow.add_activity(case, kind, form.values(), actor=request.user)  # type: ignore[arg-type]
        except workflow.CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if upload := form.cleaned_data.get("attachment"):
                add_document(case, upload, actor=request.user, activity=activity)
            messages.success(request, _("%(kind)s recorded on case %(reference)s.")
                             % {"kind": activity.get_kind_display(), "reference": case.reference})
            return redirect("cases:case_detail", case.reference)
    return render(request, "cases/activity_form.html", {
        "case": case, "form": form, "kind": ActivityKind(kind),
        "guidance": guidance_for(f"activity:{kind}"),
    })


@require_perm("cases.view_case")
def activity_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = access_case(request.user, reference, request=request)
    activity = access_activity(request.user, pk, case=case, request=request)
    may_change = request.user.has_perm("cases.change_case", case) and case.is_open \
        and activity.kind in RECORDABLE_KINDS
    form = ActivityForm(request.POST or None, request.FILES or None, kind=activity.kind, case=case,
                        instance=activity) if may_change else None
    current, current_values = None, []
    if request.method == "POST":
        if form is None:
            deny(request.user, "cases.change_case", obj=case, request=request)
            raise PermissionDenied
        if form.is_valid():
            try:
                workflow.update_activity(Activity.objects.get(pk=activity.pk), form.values(),
                                         actor=request.user,  # type: ignore[arg-type]
                                         expected_version=form.cleaned_data["version"])
            except Conflict as conflict:
                current = Activity.objects.select_related("author", "owner").get(pk=activity.pk)
                current_values = _values(current, workflow.ACTIVITY_FIELDS[activity.kind])  # before the form writes on it
                form = ActivityForm(_with_version(request.POST, current.version), kind=activity.kind, case=case,
                                    instance=current)
                form.is_valid()
                form.add_error(None, conflict.message)
            except workflow.CaseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if upload := form.cleaned_data.get("attachment"):
                    add_document(case, upload, actor=request.user, activity=activity)
                messages.success(request, _("The activity is saved."))
                return redirect("cases:case_detail", case.reference)
    record(Action.VIEW, obj=case, request=request, activity=activity.pk)
    documents = [d for d in case_documents(case) if d.activity_id == activity.pk]
    today = timezone.localdate()
    overdue = activity.is_overdue(today)
    step = todo.next_step(activity, today, reminded=bool(todo.reminder_letters_sent([activity.pk]))) \
        if overdue else None
    return render(request, "cases/activity_detail.html", {
        "overdue": overdue, "next_step": step,
        "nonresponse": guidance_for(NONRESPONSE_TOPIC) if step and step.kind == "nonresponse" else [],
        "case": case, "activity": activity, "form": form, "current": current, "documents": documents,
        "values": _values(activity, workflow.ACTIVITY_FIELDS.get(activity.kind, ["occurred_at", "notes"])),
        "current_values": current_values,
        "guidance": guidance_for(f"activity:{activity.kind}"),
    })


# Sharing ---------------------------------------------------------------------------


@require_perm("cases.view_case")
def share_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, "cases.share_case", request=request)
    form = ShareForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            sharing = workflow.share(case, actor=request.user, reason=form.cleaned_data["reason"],  # type: ignore[arg-type]
                                     user=form.cleaned_data["user"], region=form.cleaned_data["region"])
        except workflow.CaseError as error:
            form.add_error(None, error.message)
        else:
            recipient = sharing.user.full_name if sharing.user else sharing.region.name  # type: ignore[union-attr]
            messages.success(request, _("Case %(reference)s is shared with %(recipient)s.")
                             % {"reference": case.reference, "recipient": recipient})
            return redirect("cases:case_detail", case.reference)
    return render(request, "cases/share_form.html", {"case": case, "form": form})


@require_perm("cases.view_case")
@require_POST
def share_revoke(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = access_case(request.user, reference, "cases.share_case", request=request)
    try:
        sharing = case.shares.get(pk=pk)  # type: ignore[attr-defined]
    except CaseShare.DoesNotExist as missing:
        raise Http404 from missing
    try:
        workflow.revoke_share(sharing, actor=request.user)  # type: ignore[arg-type]
    except workflow.CaseError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The sharing is revoked: they no longer see case %(reference)s.")
                         % {"reference": case.reference})
    return redirect("cases:case_detail", case.reference)

