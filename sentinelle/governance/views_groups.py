"""Staff pages of the working groups: the list, a group's page (mandate, members
and what is missing, meetings, open action items, work plan, repository of
practices), a meeting's page (attendance and declarations, then the agenda,
minutes, decisions and action items). Thin: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sentinelle.governance import groups
from sentinelle.governance.access import VIEW_GROUPS, access_group, access_meeting
from sentinelle.governance.forms_groups import (
    ActionItemForm,
    ActionStatusForm,
    AreaForm,
    AreaUpdateForm,
    DeclarationsForm,
    GroupForm,
    GroupReportForm,
    MandateForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PracticeForm,
    ValidateAreaForm,
)
from sentinelle.governance.models import (
    MAX_MEMBERS,
    ActionItem,
    ActionStatus,
    Meeting,
    WorkingGroup,
    group_warnings,
)
from sentinelle.lib.access import check_perm, require_perm

MANAGE = "governance.manage_groups"


@require_perm(VIEW_GROUPS)
def group_list(request: HttpRequest) -> HttpResponse:
    may_manage = request.user.has_perm(MANAGE)
    form = GroupForm(request.POST or None) if may_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            check_perm(request.user, MANAGE, request=request)
        elif form.is_valid():
            data = form.cleaned_data
            group = groups.create_group(
                {key: data[key] for key in ("name_en", "name_fr", "parent_committee_en", "parent_committee_fr",
                                            "started_on")},
                mandate_en=data["mandate_en"], mandate_fr=data["mandate_fr"], seats=data["seats"],
                actor=request.user, request=request)
            messages.success(request, gettext("Working group created."))
            return redirect("governance:group", pk=group.pk)
        status = 400
    return render(request, "governance/group_list.html", {
        "groups": WorkingGroup.objects.all(), "form": form}, status=status)


def _group_page(request: HttpRequest, group: WorkingGroup, *, forms_given: dict[str, forms.Form] | None = None,
                problem: str = "", status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    members = list(group.members.select_related("seat", "alternate_for"))  # type: ignore[attr-defined]
    seats = list(group.seats.all())  # type: ignore[attr-defined]
    may_manage = request.user.has_perm(MANAGE)
    query = request.GET.get("q", "").strip()[:100]
    practices = group.practices.all()  # type: ignore[attr-defined]
    if query:
        practices = practices.filter(Q(title__icontains=query) | Q(description__icontains=query)
                                     | Q(tags__icontains=query))
    given = forms_given or {}
    context: dict[str, Any] = {
        "group": group, "mandate": group.mandates.first(),  # type: ignore[attr-defined]
        "mandates": group.mandates.all(),  # type: ignore[attr-defined]
        "members": [(m, m.is_active(today)) for m in members], "seats": seats,
        "warnings": group_warnings(members, seats, today), "max_members": MAX_MEMBERS,
        "member_count": sum(1 for m in members if m.is_active(today) and m.counts_as_member),
        "meetings": group.meetings.all(),  # type: ignore[attr-defined]
        "actions": ActionItem.objects.filter(meeting__group=group).exclude(status=ActionStatus.DONE)
        .select_related("owner", "meeting"),
        "areas": group.areas.prefetch_related("updates__written_by"),  # type: ignore[attr-defined]
        "practices": practices, "query": query, "may_manage": may_manage, "problem": problem,
        "today": today,
        "reports": group.reports.select_related("author"),  # type: ignore[attr-defined]
    }
    if request.user.has_perm("governance.draft_group_report"):
        context["report_form"] = given.get("report") or GroupReportForm()
    if may_manage:
        context.update({
            "member_form": given.get("member") or MemberForm(group=group),
            "meeting_form": given.get("meeting") or MeetingForm(),
            "mandate_form": given.get("mandate") or MandateForm(initial={
                "text_fr": context["mandate"].text_fr if context["mandate"] else "",
                "text_en": context["mandate"].text_en if context["mandate"] else ""}),
            "area_form": given.get("area") or AreaForm(),
            "validate_form": given.get("validate") or ValidateAreaForm(),
            "update_form": given.get("update") or AreaUpdateForm(),
            "practice_form": given.get("practice") or PracticeForm(),
            "status_form": ActionStatusForm(),
        })
    return render(request, "governance/group.html", context, status=status)


@require_perm(VIEW_GROUPS)
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _group_page(request, access_group(request.user, pk, VIEW_GROUPS, request=request))


def _group_post(request: HttpRequest, pk: int, name: str, form_class: Callable[..., forms.Form],
                save: Callable[[WorkingGroup, dict[str, Any]], str], *,
                part: Callable[[WorkingGroup], Any] | None = None, **form_kwargs: Any) -> HttpResponse:
    """A form of the group's page: the group (and the `part` of it addressed, found
    first: one of another group is missing), the form, the service (which returns
    the message), and the page again with the form and its errors."""
    group = access_group(request.user, pk, MANAGE, request=request)
    if part is not None:
        part(group)
    if form_kwargs.pop("with_group", False):
        form_kwargs["group"] = group
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            done = save(group, form.cleaned_data)
        except groups.GroupError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, done)
            return redirect("governance:group", pk=group.pk)
    return _group_page(request, group, forms_given={name: form}, status=400)


@require_perm(MANAGE)
@require_POST
def mandate_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(group: WorkingGroup, data: dict[str, Any]) -> str:
        mandate = groups.new_mandate(group, text_en=data["text_en"], text_fr=data["text_fr"],
                                     adopted_on=data["adopted_on"], actor=request.user, request=request)
        return gettext("Version %(number)s of the mandate recorded.") % {"number": mandate.number}
    return _group_post(request, pk, "mandate", MandateForm, save)


@require_perm(MANAGE)
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(group: WorkingGroup, data: dict[str, Any]) -> str:
        member = groups.add_member(group, data, actor=request.user, request=request)
        return gettext("%(name)s added to the group.") % {"name": member.full_name}
    return _group_post(request, pk, "member", MemberForm, save, with_group=True)


@require_perm(MANAGE)
@require_POST
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk, MANAGE, request=request)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        return _group_page(request, group, forms_given={"meeting": form}, status=400)
    meeting = groups.plan_meeting(group, held_on=form.cleaned_data["held_on"], agenda=form.cleaned_data["agenda"],
                                  actor=request.user, request=request)
    messages.success(request, gettext("Meeting recorded. Record attendance and declarations before the agenda."))
    return redirect("governance:meeting", pk=group.pk, meeting_pk=meeting.pk)


@require_perm(MANAGE)
@require_POST
def area_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(group: WorkingGroup, data: dict[str, Any]) -> str:
        groups.propose_area(group, actor=request.user, request=request, **data)
        return gettext("Priority area added to the work plan.")
    return _group_post(request, pk, "area", AreaForm, save)


@require_perm(MANAGE)
@require_POST
def area_validate(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    def area(group: WorkingGroup) -> Any:
        return get_object_or_404(group.areas, pk=area_pk)  # type: ignore[attr-defined]

    def save(group: WorkingGroup, data: dict[str, Any]) -> str:
        groups.validate_area(area(group), actor=request.user, request=request, **data)
        return gettext("Validation by the parent committee recorded.")
    return _group_post(request, pk, "validate", ValidateAreaForm, save, part=area)


@require_perm(MANAGE)
@require_POST
def area_update(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    def area(group: WorkingGroup) -> Any:
        return get_object_or_404(group.areas, pk=area_pk)  # type: ignore[attr-defined]

    def save(group: WorkingGroup, data: dict[str, Any]) -> str:
        groups.add_area_update(area(group), actor=request.user, request=request, **data)
        return gettext("Progress update recorded.")
    return _group_post(request, pk, "update", AreaUpdateForm, save, part=area)


@require_perm(MANAGE)
@require_POST
def practice_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(group: WorkingGroup, data: dict[str, Any]) -> str:
        groups.add_practice(group, {"title": data["label"], "url": data["url"], "description": data["description"],
                                    "tags": data["tags"]}, actor=request.user, request=request)
        return gettext("Practice added to the repository.")
    return _group_post(request, pk, "practice", PracticeForm, save)


@require_perm(MANAGE)
@require_POST
def action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    def item(group: WorkingGroup) -> ActionItem:
        return get_object_or_404(ActionItem.objects.select_related("meeting"), pk=action_pk, meeting__group=group)

    def save(group: WorkingGroup, data: dict[str, Any]) -> str:
        groups.set_action_status(item(group), data["status"], actor=request.user, request=request)
        return gettext("Action item updated.")
    return _group_post(request, pk, "status", ActionStatusForm, save, part=item)


# A meeting -------------------------------------------------------------------------------------


def _declarations_form(meeting: Meeting, data: Any = None) -> DeclarationsForm:
    members = [m for m in meeting.group.members.all() if m.is_active(meeting.held_on)]  # type: ignore[attr-defined]
    return DeclarationsForm(
        data, members=members, recorded={d.member_id: d for d in meeting.declarations.all()},  # type: ignore[attr-defined]
        present=dict(meeting.attendance.values_list("member_id", "present")))  # type: ignore[attr-defined]


def _meeting_page(request: HttpRequest, meeting: Meeting, *, forms_given: dict[str, forms.Form] | None = None,
                  problem: str = "", status: int = 200) -> HttpResponse:
    given = forms_given or {}
    may_manage = request.user.has_perm(MANAGE)
    opened = meeting.agenda_opened_at is not None
    context: dict[str, Any] = {
        "group": meeting.group, "meeting": meeting, "opened": opened, "problem": problem, "may_manage": may_manage,
        "attendance": meeting.attendance.select_related("member").order_by("member__full_name"),  # type: ignore[attr-defined]
        "declarations": meeting.declarations.select_related("member", "recorded_by")  # type: ignore[attr-defined]
        .order_by("member__full_name"),
        "actions": meeting.action_items.select_related("owner"),  # type: ignore[attr-defined]
    }
    if may_manage:
        context.update({
            "declarations_form": given.get("declarations") or _declarations_form(meeting),
            "minutes_form": given.get("minutes") or MinutesForm(initial={"minutes": meeting.minutes,
                                                                         "decisions": meeting.decisions}),
            "action_form": given.get("action") or ActionItemForm(group=meeting.group),
        })
    return render(request, "governance/meeting.html", context, status=status)


@require_perm(VIEW_GROUPS)
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    group = access_group(request.user, pk, VIEW_GROUPS, request=request)
    return _meeting_page(request, access_meeting(request.user, group, meeting_pk, VIEW_GROUPS, request=request))


def _meeting_post(request: HttpRequest, pk: int, meeting_pk: int, name: str,
                  make_form: Callable[[Meeting], forms.Form], save: Callable[[Meeting, forms.Form], str]
                  ) -> HttpResponse:
    group = access_group(request.user, pk, MANAGE, request=request)
    meeting = access_meeting(request.user, group, meeting_pk, MANAGE, request=request)
    form = make_form(meeting)
    if form.is_valid():
        try:
            done = save(meeting, form)
        except groups.GroupError as error:
            meeting.refresh_from_db()
            return _meeting_page(request, meeting, forms_given={name: form}, problem=error.message, status=400)
        messages.success(request, done)
        return redirect("governance:meeting", pk=group.pk, meeting_pk=meeting.pk)
    return _meeting_page(request, meeting, forms_given={name: form}, status=400)


@require_perm(MANAGE)
@require_POST
def meeting_declarations(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    def save(meeting: Meeting, form: forms.Form) -> str:
        groups.record_declarations(meeting, form.entries(), actor=request.user,  # type: ignore[attr-defined]
                                   request=request)
        return gettext("Attendance and declarations of conflicts of interest recorded.")
    return _meeting_post(request, pk, meeting_pk, "declarations",
                         lambda meeting: _declarations_form(meeting, request.POST), save)


@require_perm(MANAGE)
@require_POST
def meeting_open(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    def save(meeting: Meeting, form: forms.Form) -> str:
        groups.open_agenda(meeting, actor=request.user, request=request)
        return gettext("The agenda is open for discussion.")
    return _meeting_post(request, pk, meeting_pk, "open", lambda meeting: forms.Form(request.POST), save)


@require_perm(MANAGE)
@require_POST
def meeting_minutes(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    def save(meeting: Meeting, form: forms.Form) -> str:
        groups.record_minutes(meeting, minutes=form.cleaned_data["minutes"],
                              decisions=form.cleaned_data["decisions"], actor=request.user, request=request)
        return gettext("Minutes and decisions recorded.")
    return _meeting_post(request, pk, meeting_pk, "minutes", lambda meeting: MinutesForm(request.POST), save)


@require_perm(MANAGE)
@require_POST
def meeting_action(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    def save(meeting: Meeting, form: forms.Form) -> str:
        data = form.cleaned_data
        groups.add_action_item(meeting, description=data["description"], owner=data["owner"],
                               due_on=data["due_on"], actor=request.user, request=request)
        return gettext("Action item recorded.")
    return _meeting_post(request, pk, meeting_pk, "action",
                         lambda meeting: ActionItemForm(request.POST, group=meeting.group), save)
