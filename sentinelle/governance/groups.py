"""Every change to a working group (terms of reference, seed 003): one function,
one transaction, one audit event. The rules of the mandate are kept here:

- at most eight members (alternates aside) and two co-chairs;
- a three-year term;
- each member's declaration of conflicts of interest is recorded before the
  agenda is discussed: declarations are refused once the agenda is opened, and
  the agenda opens only when every member present has declared; minutes,
  decisions and action items follow the opening;
- at most three priority areas, each validated by the parent committee;
- a quarterly written update per quarter once the group has started, and an
  annual report for each year of the group once that year has ended (the
  first one after the group's first year).

Refusals raise `GroupError` with the reason, for the page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from sentinelle.audit.services import Action, record
from sentinelle.dashboard.periods import quarter_bounds
from sentinelle.governance.models import (
    CO_CHAIRS,
    MAX_MEMBERS,
    MAX_PRIORITY_AREAS,
    ActionItem,
    AreaUpdate,
    Attendance,
    Declaration,
    GroupMember,
    GroupReport,
    GroupReportKind,
    Mandate,
    Meeting,
    MemberRole,
    Practice,
    PriorityArea,
    Seat,
    WorkingGroup,
    group_year,
    term_end,
)
from sentinelle.lib.locking import serialize


class GroupError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        self.message, self.field = message, field
        super().__init__(message)


def create_group(values: dict[str, Any], *, mandate_en: str, mandate_fr: str, seats: list[tuple[str, str]],
                 actor: Any, request: HttpRequest | None = None) -> WorkingGroup:
    with transaction.atomic():
        group = WorkingGroup.objects.create(**values, created_by=actor)
        Mandate.objects.create(group=group, number=1, text_en=mandate_en, text_fr=mandate_fr,
                               adopted_on=group.started_on, recorded_by=actor)
        for name_en, name_fr in seats:
            Seat.objects.create(group=group, name_en=name_en, name_fr=name_fr)
        record(Action.CREATE, actor=actor, obj=group, request=request)
    return group


def new_mandate(group: WorkingGroup, *, text_en: str, text_fr: str, adopted_on: datetime.date, actor: Any,
                request: HttpRequest | None = None) -> Mandate:
    """A new version of the terms of reference; the earlier ones are kept."""
    with transaction.atomic():
        serialize(f"governance:mandate:{group.pk}")
        last = group.mandates.order_by("-number").values_list("number", flat=True).first() or 0  # type: ignore[attr-defined]
        mandate = Mandate.objects.create(group=group, number=last + 1, text_en=text_en.strip(),
                                         text_fr=text_fr.strip(), adopted_on=adopted_on, recorded_by=actor)
        record(Action.UPDATE, actor=actor, obj=group, request=request, fields=["mandate"], version=mandate.number)
    return mandate


def add_member(group: WorkingGroup, values: dict[str, Any], *, actor: Any,
               request: HttpRequest | None = None) -> GroupMember:
    """A new member, whose term ends three years after it starts unless said
    otherwise. Refused past eight members or two co-chairs."""
    values = dict(values)
    values.setdefault("term_ends_on", None)
    if values["term_ends_on"] is None:
        values["term_ends_on"] = term_end(values["term_starts_on"])
    with transaction.atomic():
        serialize(f"governance:members:{group.pk}")
        on = values["term_starts_on"]
        active = [m for m in group.members.all() if m.is_active(max(on, timezone.localdate()))]  # type: ignore[attr-defined]
        if values.get("role") != MemberRole.ALTERNATE and sum(m.counts_as_member for m in active) >= MAX_MEMBERS:
            raise GroupError(gettext("The group already has %(count)s members, the most its mandate allows.") % {
                "count": MAX_MEMBERS})
        if values.get("role") == MemberRole.CO_CHAIR and sum(m.role == MemberRole.CO_CHAIR for m in active) >= CO_CHAIRS:
            raise GroupError(gettext("The group already has two co-chairs."), "role")
        member = GroupMember.objects.create(group=group, **values)
        record(Action.UPDATE, actor=actor, obj=group, request=request, fields=["members"], member=member.pk)
    return member


def plan_meeting(group: WorkingGroup, *, held_on: datetime.date, agenda: str, actor: Any,
                 request: HttpRequest | None = None) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(group=group, held_on=held_on, agenda=agenda.strip(), recorded_by=actor)
        record(Action.CREATE, actor=actor, obj=meeting, request=request, group=group.pk)
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def record_declarations(meeting: Meeting, entries: list[dict[str, Any]], *, actor: Any,
                        request: HttpRequest | None = None) -> None:
    """Attendance and declarations of conflicts of interest, before the agenda is
    discussed: `entries` are {"member", "present", "has_conflict", "details"};
    a member present must declare (has_conflict True or False)."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.agenda_opened_at is not None:
            raise GroupError(gettext("The agenda is already being discussed: declarations of conflicts of interest "
                                     "are recorded before it."))
        for entry in entries:
            member = entry["member"]
            Attendance.objects.update_or_create(meeting=meeting, member=member, defaults={"present": entry["present"]})
            if entry["present"]:
                if entry.get("has_conflict") is None:
                    raise GroupError(gettext("%(name)s is present: record their declaration of conflicts of "
                                             "interest.") % {"name": member.full_name})
                Declaration.objects.update_or_create(meeting=meeting, member=member, defaults={
                    "has_conflict": entry["has_conflict"], "details": (entry.get("details") or "").strip(),
                    "recorded_at": timezone.now(), "recorded_by": actor})
            else:
                Declaration.objects.filter(meeting=meeting, member=member).delete()
        record(Action.UPDATE, actor=actor, obj=meeting, request=request, fields=["attendance", "declarations"],
               conflicts=sum(1 for e in entries if e["present"] and e.get("has_conflict")))


def open_agenda(meeting: Meeting, *, actor: Any, request: HttpRequest | None = None) -> Meeting:
    """The agenda is taken up: only once attendance is recorded and every member
    present has declared."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.agenda_opened_at is not None:
            return meeting
        present = set(Attendance.objects.filter(meeting=meeting, present=True).values_list("member_id", flat=True))
        if not present:
            raise GroupError(gettext("Record who is present, and their declarations, before the agenda."))
        declared = set(Declaration.objects.filter(meeting=meeting).values_list("member_id", flat=True))
        if present - declared:
            raise GroupError(gettext("Every member present must declare their conflicts of interest before the "
                                     "agenda is discussed."))
        meeting.agenda_opened_at = timezone.now()
        meeting.save(update_fields=["agenda_opened_at"])
        record(Action.UPDATE, actor=actor, obj=meeting, request=request, fields=["agenda_opened_at"])
    return meeting


def _discussed(meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    if meeting.agenda_opened_at is None:
        raise GroupError(gettext("Open the agenda first: the declarations of conflicts of interest come before it."))
    return meeting


def record_minutes(meeting: Meeting, *, minutes: str, decisions: str, actor: Any,
                   request: HttpRequest | None = None) -> Meeting:
    with transaction.atomic():
        meeting = _discussed(meeting)
        meeting.minutes, meeting.decisions = minutes.strip(), decisions.strip()
        meeting.save(update_fields=["minutes", "decisions"])
        record(Action.UPDATE, actor=actor, obj=meeting, request=request, fields=["minutes", "decisions"])
    return meeting


def add_action_item(meeting: Meeting, *, description: str, owner: GroupMember, due_on: datetime.date, actor: Any,
                    request: HttpRequest | None = None) -> ActionItem:
    with transaction.atomic():
        meeting = _discussed(meeting)
        if owner.group_id != meeting.group_id:
            raise GroupError(gettext("The owner must be a member of the group."), "owner")
        item = ActionItem.objects.create(meeting=meeting, description=description.strip(), owner=owner,
                                         due_on=due_on)
        record(Action.UPDATE, actor=actor, obj=meeting, request=request, fields=["action_items"], item=item.pk)
    return item


def set_action_status(item: ActionItem, status: str, *, actor: Any, request: HttpRequest | None = None) -> ActionItem:
    with transaction.atomic():
        item.status = status
        item.save(update_fields=["status"])
        record(Action.UPDATE, actor=actor, obj=item.meeting, request=request, fields=["action_items"],
               item=item.pk, status=status)
    return item


def propose_area(group: WorkingGroup, *, title_en: str, title_fr: str, proposed_on: datetime.date, actor: Any,
                 request: HttpRequest | None = None) -> PriorityArea:
    """A priority area of the work plan; never more than three (the database
    refuses a fourth position too)."""
    with transaction.atomic():
        serialize(f"governance:areas:{group.pk}")
        taken = set(group.areas.values_list("position", flat=True))  # type: ignore[attr-defined]
        free = [n for n in range(1, MAX_PRIORITY_AREAS + 1) if n not in taken]
        if not free:
            raise GroupError(gettext("The work plan already has three priority areas, the most its mandate allows."))
        try:
            with transaction.atomic():
                area = PriorityArea.objects.create(group=group, position=free[0], title_en=title_en.strip(),
                                                   title_fr=title_fr.strip(), proposed_on=proposed_on)
        except IntegrityError as error:
            raise GroupError(gettext("The work plan already has three priority areas, the most its mandate "
                                     "allows.")) from error
        record(Action.UPDATE, actor=actor, obj=group, request=request, fields=["areas"], area=area.pk)
    return area


def validate_area(area: PriorityArea, *, validated_by: str, validated_on: datetime.date, actor: Any,
                  request: HttpRequest | None = None) -> PriorityArea:
    """The parent committee's validation: who, and when."""
    with transaction.atomic():
        area.validated_by, area.validated_on = validated_by.strip(), validated_on
        area.save(update_fields=["validated_by", "validated_on"])
        record(Action.UPDATE, actor=actor, obj=area.group, request=request, fields=["areas"], area=area.pk,
               validated_on=validated_on.isoformat())
    return area


def add_area_update(area: PriorityArea, *, text: str, risk_flag: bool, actor: Any,
                    request: HttpRequest | None = None) -> AreaUpdate:
    with transaction.atomic():
        update = AreaUpdate.objects.create(area=area, text=text.strip(), risk_flag=risk_flag, written_by=actor)
        record(Action.UPDATE, actor=actor, obj=area.group, request=request, fields=["areas"], area=area.pk,
               risk_flag=risk_flag)
    return update


def add_practice(group: WorkingGroup, values: dict[str, Any], *, actor: Any,
                 request: HttpRequest | None = None) -> Practice:
    with transaction.atomic():
        practice = Practice.objects.create(group=group, added_by=actor, **values)
        record(Action.UPDATE, actor=actor, obj=group, request=request, fields=["practices"], practice=practice.pk)
    return practice


def start_group_report(group: WorkingGroup, kind: str, *, actor: Any, fiscal_year: int | None = None,
                       quarter: int | None = None, year: int | None = None,
                       request: HttpRequest | None = None) -> GroupReport:
    """A new draft of a quarterly written update (a quarter of the fiscal year
    that has begun, since the group started) or of an annual report (year
    `year` of the group, 1 for its first, refused until that year has ended).
    One report of each kind per period."""
    today = timezone.localdate()
    if kind == GroupReportKind.ANNUAL:
        start, end = group_year(group.started_on, year or 1)
        if end >= today:
            raise GroupError(gettext(
                "The annual report comes after the year it covers: this year of the group ends on %(date)s.") % {
                "date": end.isoformat()}, "year")
    elif kind == GroupReportKind.QUARTERLY:
        if fiscal_year is None or quarter is None or not 1 <= quarter <= 4:
            raise GroupError(gettext("Choose the quarter of the update."), "quarter")
        start, end = quarter_bounds(fiscal_year, quarter)
        if start > today:
            raise GroupError(gettext("This quarter has not begun yet."), "quarter")
        if end < group.started_on:
            raise GroupError(gettext("The group had not started in this quarter."), "quarter")
    else:
        raise GroupError(gettext("Choose the kind of report."), "kind")
    try:
        with transaction.atomic():
            report = GroupReport.objects.create(group=group, kind=kind, period_start=start, period_end=end,
                                                author=actor)
            record(Action.CREATE, actor=actor, obj=report, request=request, group=group.pk, kind=kind,
                   period_start=start.isoformat())
    except IntegrityError as error:
        raise GroupError(gettext("There is already a report of this kind for this period.")) from error
    return report
