"""Staff pages of the training completions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sentinelle.audit.services import Action, record
from sentinelle.lib import csv_import
from sentinelle.lib.access import check_perm, get_object_for_user, require_perm
from sentinelle.training import attestations, completions, equipment, from_reviews, obligations
from sentinelle.training.forms import CompletionForm, ImportForm, LoanForm, UntrainedFilterForm
from sentinelle.training.models import (
    ActivityRequirement,
    AttestationText,
    Course,
    Equipment,
    EquipmentLoan,
    MandatoryTraining,
)


@require_perm("training.view_course")
def course_list(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.prefetch_related(
        Prefetch("mandatory_for", queryset=MandatoryTraining.objects.select_related("role")),
        Prefetch("required_for", queryset=ActivityRequirement.objects.all()),
    )
    mine = {c.course_id: c for c in completions.completions_visible_to(request.user).filter(
        user_id=getattr(request.user, "pk", 0)).order_by("completed_on")}
    user = request.user
    return render(request, "training/course_list.html", {
        "courses": [(course, mine.get(course.pk)) for course in courses],
        "may_record": user.has_perm("training.record_completion"),
        "may_import": user.has_perm("training.import_completions"),
        "may_see_untrained": user.has_perm("training.view_untrained"),
        "may_see_from_reviews": user.has_perm("training.view_courses_from_errors"),
        "may_see_equipment": user.has_perm("training.view_equipment"),
        # Courses owed by a date because of a post (the ethics officer's): those of the staff whose
        # training one sees (a handful of posts: each asked of the rules, no list of the staff read).
        "owed": [owed for owed in obligations.statuses() if user.has_perm("training.view_completion", owed.user)],
    })


@require_perm("training.view_course")
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_for_user(request.user, "training.view_course", Course.objects.all(), request=request,
                                 code=code)
    rows = completions.completions_visible_to(request.user).filter(course=course).order_by(
        "user__full_name", "-completed_on")
    return render(request, "training/course_detail.html", {
        "course": course,
        "sessions": course.sessions.select_related("region"),  # type: ignore[attr-defined]
        "completions": rows,
        "requirements": course.required_for.all(),  # type: ignore[attr-defined]
        "mandatory": course.mandatory_for.select_related("role"),  # type: ignore[attr-defined]
        "may_record": request.user.has_perm("training.record_completion"),
        "completed": attestations.has_completed(request.user, course),
        "attestation": attestations.signed(request.user, course),
        "attestation_text": AttestationText.current(),
    })


@require_perm("training.sign_attestation")
@require_POST
def attestation_sign(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_for_user(request.user, "training.view_course", Course.objects.all(), request=request,
                                 code=code)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to attest before signing. Nothing was signed."))
        return redirect("training:course_detail", course.code)
    try:
        attestation = attestations.sign_attestation(request.user, course, request=request)
    except attestations.AttestationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your attestation of “%(course)s” (version %(version)s) is signed.")
                         % {"course": course.name, "version": attestation.text.version})
    return redirect("training:course_detail", course.code)


@require_perm("training.record_completion")
def completion_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"completed_on": timezone.localdate()}
    if code := request.GET.get("course"):
        initial["course"] = code
    form = CompletionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        member, course = form.cleaned_data["member"], form.cleaned_data["course"]
        completion, created = completions.record_completion(
            member, course, form.cleaned_data["completed_on"], actor=request.user,
            session=form.cleaned_data["session"], request=request)
        if created:
            messages.success(request, _("The completion of “%(course)s” by %(name)s is recorded.")
                             % {"course": course.name, "name": member.full_name})
        else:
            messages.info(request, _("%(name)s’s completion of “%(course)s” on %(date)s was already recorded.")
                          % {"course": course.name, "name": member.full_name,
                             "date": completion.completed_on.isoformat()})
        return redirect("training:course_detail", course.code)
    return render(request, "training/completion_form.html", {"form": form})


@require_perm("training.import_completions")
def completion_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = completions.import_completions(form.cleaned_data["file"], actor=request.user, request=request,
                                                filename=str(getattr(request.FILES.get("file"), "name", "")))
        if not result.errors:
            messages.success(request, " ".join([
                ngettext("%(count)d completion imported.", "%(count)d completions imported.",
                         result.imported) % {"count": result.imported},
                ngettext("%(count)d duplicate skipped (already recorded or repeated in the file).",
                         "%(count)d duplicates skipped (already recorded or repeated in the file).",
                         result.duplicates) % {"count": result.duplicates},
            ]))
            return redirect("training:untrained")
        csv_import.refuse(form, result.errors)
    return render(request, "training/completion_import.html", {
        "form": form, "courses": Course.objects.all(),
    }, status=400 if form.errors else 200)


def _untrained(request: HttpRequest) -> tuple[UntrainedFilterForm, list[completions.Untrained]]:
    filters = UntrainedFilterForm(request.GET or None, user=request.user)
    region_id = course = None
    if filters.is_bound and filters.is_valid():
        region = filters.cleaned_data.get("region")
        region_id, course = (region.pk if region else None), filters.cleaned_data.get("course")
    return filters, completions.untrained(request.user, region_id=region_id, course=course)


@require_perm("training.view_untrained")
def untrained(request: HttpRequest) -> HttpResponse:
    filters, rows = _untrained(request)
    return render(request, "training/untrained.html", {
        "filters": filters, "rows": rows, "overdue": sum(row.overdue for row in rows),
        "query": request.GET.urlencode(),
    }, status=400 if filters.is_bound and not filters.is_valid() else 200)


@require_perm("training.view_untrained")
def untrained_csv(request: HttpRequest) -> HttpResponse:
    _filters, rows = _untrained(request)
    record(Action.EXPORT, request=request, export="training_untrained", rows=len(rows),
           filters={k: v for k, v in request.GET.items() if v})
    response = HttpResponse(completions.untrained_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="not-yet-trained-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@require_perm("training.view_courses_from_errors")
def courses_from_reviews(request: HttpRequest) -> HttpResponse:
    """Per investigator, the courses their recent review errors point to."""
    return render(request, "training/courses_from_reviews.html", {
        "rows": from_reviews.courses_for_investigators(request.user),
        "days": from_reviews.RECENT.days,
    })


@require_perm("training.view_equipment")
def equipment_register(request: HttpRequest) -> HttpResponse:
    """The equipment, the course each kind requires, and the loans; a loan is
    refused, naming the course, to someone without it or without its attestation."""
    may_lend = request.user.has_perm("training.lend_equipment")
    form = LoanForm(request.POST if request.method == "POST" else None, user=request.user,
                    initial={"member": request.user.pk, "starts_on": timezone.localdate(),
                             "ends_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        check_perm(request.user, "training.lend_equipment", request=request)
        if form.is_valid():
            data = form.cleaned_data
            check_perm(request.user, "training.lend_equipment", data["member"], request=request)
            try:
                loan = equipment.lend(data["equipment"], data["member"], data["starts_on"], data["ends_on"],
                                      actor=request.user, request=request)
            except equipment.LoanRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("%(equipment)s is checked out to %(name)s from %(start)s to %(end)s.")
                                 % {"equipment": str(loan.equipment), "name": loan.user.full_name,
                                    "start": loan.starts_on.isoformat(), "end": loan.ends_on.isoformat()})
                return redirect("training:equipment")
        status = 400
    today = timezone.localdate()
    items = list(Equipment.objects.filter(active=True).select_related("kind__course"))
    in_use = {loan.equipment_id: loan for loan in EquipmentLoan.objects.filter(starts_on__lte=today, ends_on__gte=today)}
    return render(request, "training/equipment.html", {
        "form": form, "may_lend": may_lend,
        "items": [(item, in_use.get(item.pk)) for item in items],
        "loans": equipment.loans_visible_to(request.user)[:100],
    }, status=status)
