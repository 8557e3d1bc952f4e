"""The employer register (list, the employer's page with its whole history,
merging a duplicate) and the staff search across cases, employers and reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from sentinelle.audit.services import Action, record
from sentinelle.cases import employer_register, linked, panels
from sentinelle.cases import search as staff_search
from sentinelle.cases.access import access_employer
from sentinelle.cases.forms_register import OpenCaseForm, RegisterFiguresForm, RegisterImportForm
from sentinelle.cases.merge import (
    MERGE_PERM,
    MergeRefused,
    fillable,
    merge_employers,
    merged_family,
    refusal,
    survivor,
    what_moves,
)
from sentinelle.cases.models import Case, Decision, Employer, EmployerQuerySet
from sentinelle.cases.opening import open_case_without_report
from sentinelle.cases.workflow import CaseError
from sentinelle.lib import csv_import
from sentinelle.lib.access import deny, require_perm, visible_to
from sentinelle.lib.locking import STAMP, Conflict, add_stamp_field, show_set_conflict, stamp_of

PER_PAGE = 50
HISTORY_LIMIT = 200
CANDIDATES = 20


# The register -----------------------------------------------------------------------


@dataclass
class CountlessPage:
    """A page of a list too long to count at each visit: it knows only whether
    there is a page before and after it."""

    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _register(user: Any) -> EmployerQuerySet:
    # Ordered by the folded-name column, which has its own index: the register
    # reads one page of it, whether the user sees one region or all of them.
    employers = visible_to(user, Employer.objects.filter(merged_into__isnull=True)).order_by("search_name", "id")
    return cast(EmployerQuerySet, employers)


@require_perm("cases.view_employer")
def employer_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[: staff_search.MAX_LENGTH]
    employers = _register(request.user).select_related("sector", "region")
    context: dict[str, Any] = {"query": query,
                               "may_import": request.user.has_perm(employer_register.IMPORT_PERM)}
    if query:
        # A search narrows the list enough to count it.
        context["page"] = Paginator(employers.search(query), PER_PAGE).get_page(request.GET.get("page"))
        context["counted"] = True
    else:
        number = _page_number(request)
        start = (number - 1) * PER_PAGE
        rows = list(employers[start: start + PER_PAGE + 1])
        context["page"] = CountlessPage(rows[:PER_PAGE], number, has_next=len(rows) > PER_PAGE)
    return render(request, "cases/employer_list.html", context)


@require_perm("cases.view_employer")
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = access_employer(request.user, pk, request=request)
    record(Action.VIEW, obj=employer, request=request)
    user: Any = request.user
    family = merged_family(employer)
    duplicates = list(Employer.objects.filter(pk__in=family[1:]).order_by("search_name", "id"))
    cases = list(
        visible_to(user, Case.objects.filter(employer__in=family))
        .select_related("assigned_to", "employer").order_by("-opened_at", "-id")[:HISTORY_LIMIT]
    )
    decisions = list(
        visible_to(user, Decision.objects.filter(case__employer__in=family))
        .select_related("case").order_by("-proposed_at", "-id")[:HISTORY_LIMIT]
    )
    reader = linked.reports() if user.has_perm("intake.view_report") else None
    may_read_reports = reader is not None
    reports = list(visible_to(user, reader.of_employers(family))[:HISTORY_LIMIT]) if reader else []
    kept = survivor(employer) if employer.merged_into_id else None
    return render(request, "cases/employer_detail.html", {
        "employer": employer,
        "kept": kept,
        "duplicates": duplicates,
        "cases": cases,
        "decisions": decisions,
        "reports": reports,
        "may_read_reports": may_read_reports,
        "history_limit": HISTORY_LIMIT,
        "may_merge": kept is None and user.has_perm(MERGE_PERM, employer),
        "may_change_register": kept is None and user.has_perm(employer_register.CHANGE_PERM, employer),
        "may_open_case": kept is None and user.has_perm("cases.open_case", employer),
        "panels": panels.render(panels.EMPLOYER, employer, request),
    })


# The register's figures for risk selection, and opening a case without a report ---------


@require_perm(employer_register.CHANGE_PERM)
def employer_register_figures(request: HttpRequest, pk: int) -> HttpResponse:
    employer = access_employer(request.user, pk, employer_register.CHANGE_PERM, request=request)
    saved = employer_register.saved_values(employer)
    form = add_stamp_field(RegisterFiguresForm(request.POST or None, initial=saved), stamp_of(saved))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                employer_register.change_register_figures(
                    employer, positions=form.cleaned_data["approved_positions"],
                    first_approved_on=form.cleaned_data["first_approved_on"], actor=request.user,
                    stamp=form.cleaned_data.get(STAMP), request=request)
            except Conflict as conflict:
                saved = employer_register.saved_values(employer)
                form = show_set_conflict(add_stamp_field(RegisterFiguresForm(initial=saved), stamp_of(saved)),
                                         conflict, data=request.POST)
            except ValueError as wrong:
                form.add_error(None, str(wrong))
            else:
                messages.success(request, _("The register's figures of this employer are saved."))
                return redirect("cases:employer_detail", pk=employer.pk)
        status = 400
    return render(request, "cases/employer_register_figures.html", {"employer": employer, "form": form},
                  status=status)


@require_perm(employer_register.IMPORT_PERM)
def employer_register_import(request: HttpRequest) -> HttpResponse:
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = employer_register.import_register(
            form.cleaned_data["file"], actor=request.user, request=request,
            filename=str(getattr(request.FILES.get("file"), "name", "")))
        if not result.errors:
            messages.success(request, ngettext("%(count)d employer updated.", "%(count)d employers updated.",
                                               result.imported) % {"count": result.imported})
            return redirect("cases:employer_list")
        csv_import.refuse(form, result.errors)
    return render(request, "cases/employer_register_import.html", {"form": form},
                  status=400 if form.errors else 200)


@require_perm("cases.open_case")
def employer_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    """A case on this employer without a worker's report (seed 000, priority 2)."""
    employer = access_employer(request.user, pk, "cases.open_case", request=request)
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = open_case_without_report(employer, origin=form.cleaned_data["origin"], actor=request.user,
                                            summary=form.cleaned_data["summary"], request=request)
        except CaseError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, _("Case %(reference)s is opened. It waits in the work queue.")
                             % {"reference": case.reference})
            return redirect("cases:case_detail", reference=case.reference)
    return render(request, "cases/employer_open_case.html", {"employer": employer, "form": form},
                  status=400 if form.errors else 200)


# Merging a duplicate ----------------------------------------------------------------


@require_perm(MERGE_PERM)
def employer_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: find the duplicate, by name or business number."""
    kept = access_employer(request.user, pk, MERGE_PERM, request=request)
    query = request.GET.get("q", "").strip()[: staff_search.MAX_LENGTH]
    candidates: list[Employer] = []
    problem = ""
    too_short = False
    if kept.merged_into_id:
        problem = _("This employer was itself merged into another one. Merge into the employer that was kept.")
    elif "q" in request.GET:
        if not staff_search.is_searchable(query):
            too_short = True
            problem = _("Enter at least 2 characters of the name or business number of the duplicate.")
        else:
            candidates = list(
                _register(request.user).exclude(pk=kept.pk).search(query)
                .select_related("sector", "region")[:CANDIDATES]
            )
            if not candidates:
                problem = _("No other employer you can reach matches this search. Employers of another region "
                            "can be merged only by someone who can reach both regions.")
    return render(request, "cases/employer_merge.html", {
        "employer": kept, "query": query, "candidates": candidates, "problem": problem,
        "searched": "q" in request.GET,
    }, status=400 if too_short else 200)


@require_perm(MERGE_PERM)
@require_http_methods(["GET", "POST"])
def employer_merge_confirm(request: HttpRequest, pk: int, duplicate_pk: int) -> HttpResponse:
    """Step 2: what moves, and the confirmation; the merge itself on POST."""
    kept = access_employer(request.user, pk, MERGE_PERM, request=request)
    duplicate = Employer.objects.select_related("sector", "region").filter(pk=duplicate_pk).first()
    context: dict[str, Any] = {"employer": kept, "duplicate": duplicate, "confirm": True}
    if duplicate is None:
        context["problem"] = _("There is no such employer in the register.")
        return render(request, "cases/employer_merge.html", context, status=404)
    if not request.user.has_perm("cases.view_employer", duplicate):
        # The same answer as for an id that does not exist: nothing tells that an
        # employer of another region has this id.
        deny(request.user, MERGE_PERM, obj=duplicate, request=request)
        context["duplicate"] = None
        context["problem"] = _("There is no such employer in the register.")
        return render(request, "cases/employer_merge.html", context, status=404)
    problem = refusal(kept, duplicate, request.user)
    if problem:
        context["problem"] = problem
        return render(request, "cases/employer_merge.html", context, status=400)

    if request.method == "POST":
        try:
            result = merge_employers(kept, duplicate, actor=request.user, request=request)
        except MergeRefused as refused:
            context["problem"] = refused.message
            return render(request, "cases/employer_merge.html", context, status=409)
        messages.success(request, _(
            "%(duplicate)s is merged into %(kept)s. Reports moved: %(reports)s. Cases moved: %(cases)s. "
            "The duplicate stays in the register, marked as merged."
        ) % {"duplicate": duplicate, "kept": kept, "reports": result.reports, "cases": result.cases})
        return redirect("cases:employer_detail", pk=kept.pk)

    moves = what_moves(duplicate)
    context.update({
        "reports_moving": moves.pop("intake.report", 0),
        "cases_moving": moves.pop("cases.case", 0),
        "others_moving": sum(moves.values()),
        "filled": [getattr(Employer._meta.get_field(name), "verbose_name", name) for name in fillable(kept, duplicate)],
    })
    return render(request, "cases/employer_merge.html", context)


# Search -----------------------------------------------------------------------------


@require_perm("cases.view_employer")
def search(request: HttpRequest) -> HttpResponse | HttpResponseRedirect:
    query = request.GET.get("q", "").strip()[: staff_search.MAX_LENGTH]
    context: dict[str, Any] = {"query": query, "searched": "q" in request.GET,
                               "min_length": staff_search.MIN_LENGTH, "group_size": staff_search.GROUP_SIZE}
    status = 200
    if "q" in request.GET and not staff_search.is_searchable(query):
        context["too_short"] = True
        status = 400
    elif query:
        results = staff_search.search(request.user, query)
        context["results"] = results
        # The query may hold a worker's or a witness's name: the log keeps its
        # length and what was found, never its text.
        record(Action.VIEW, request=request, search="staff", query_length=len(query), found=results.counts())
    return render(request, "cases/search.html", context, status=status)
