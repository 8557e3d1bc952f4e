"""The completions of the training register, read and written: whose
completions a staff member sees, who has not yet completed a mandatory course,
and the import of completions from a CSV file (all rows checked first; nothing imported if one is wrong)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.lib import tabular
from sentinelle.lib.csv_import import line_error, read_rows
from sentinelle.training.models import Completion, Course, MandatoryTraining, Session


def is_national_manager(user: Any) -> bool:
    return bool(user.has_role(RoleCode.NATIONAL_ANALYST, RoleCode.ADMINISTRATOR))


def staff_in_reach(user: Any) -> QuerySet[User]:
    """The active staff members whose training `user` sees and records (beyond their own)."""
    staff = User.objects.filter(is_active=True, roles__isnull=False).distinct().select_related("region")
    if is_national_manager(user):
        return staff
    if user.has_role(RoleCode.TEAM_LEAD) and user.region_id is not None:
        return staff.filter(region_id=user.region_id)
    return staff.filter(pk=user.pk)


def completions_visible_to(user: Any) -> QuerySet[Completion]:
    completions = Completion.objects.select_related("user__region", "course", "session", "recorded_by")
    if is_national_manager(user):
        return completions
    if user.has_role(RoleCode.TEAM_LEAD) and user.region_id is not None:
        return completions.filter(user__region_id=user.region_id)
    return completions.filter(user_id=user.pk)


@transaction.atomic
def record_completion(member: User, course: Course, completed_on: date, *, actor: Any,
                      session: Session | None = None, source: str = Completion.Source.ENTERED,
                      request: HttpRequest | None = None) -> tuple[Completion, bool]:
    """The completion, and whether it is new (the same course on the same day is
    kept once); a new one is audited in the same transaction."""
    completion, created = Completion.objects.get_or_create(
        user=member, course=course, completed_on=completed_on,
        defaults={"session": session, "source": source, "recorded_by": actor},
    )
    if created:
        record(Action.CREATE, actor=actor, obj=member, request=request, training_completion=completion.pk,
               course=course.code, completed_on=completion.completed_on.isoformat())
    return completion, created


# Who is not yet trained ------------------------------------------------------------


@dataclass(frozen=True)
class Untrained:
    member: User
    requirement: MandatoryTraining
    overdue: bool


def untrained(user: Any, *, region_id: int | None = None, course: Course | None = None,
              today: date | None = None) -> list[Untrained]:
    """For each mandatory course of a role, the active staff of that role within
    `user`'s reach who have not completed it (overdue when the date has passed)."""
    today = today or timezone.localdate()
    requirements = MandatoryTraining.objects.select_related("role", "course").order_by(
        "mandatory_by", "course__position", "role_id")
    if course is not None:
        requirements = requirements.filter(course=course)
    staff = staff_in_reach(user) if (is_national_manager(user) or user.has_role(RoleCode.TEAM_LEAD)) \
        else User.objects.none()
    if region_id is not None:
        staff = staff.filter(region_id=region_id)
    done = set(Completion.objects.filter(user__in=staff).values_list("user_id", "course_id").distinct())
    rows = []
    for requirement in requirements:
        for member in staff.filter(roles=requirement.role).order_by("full_name", "pk"):
            if (member.pk, requirement.course_id) not in done:
                rows.append(Untrained(member, requirement, requirement.mandatory_by < today))
    return rows


def untrained_csv(rows: Iterable[Untrained]) -> bytes:
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow([_("Staff member"), _("E-mail address"), _("Region"), _("Role"), _("Course code"),
                     _("Course"), _("Mandatory by"), _("Overdue")])
    for row in rows:
        writer.writerow((
            row.member.full_name, row.member.email, row.member.region.name if row.member.region else "",
            row.requirement.role.name, row.requirement.course.code, row.requirement.course.name,
            row.requirement.mandatory_by.isoformat(), _("Yes") if row.overdue else _("No"),
        ))
    return ("\ufeff" + out.getvalue()).encode()


# Import ----------------------------------------------------------------------------------

HEADERS = {
    "email": {"email", "e mail", "email address", "e mail address", "courriel", "adresse courriel",
              "adresse electronique", "adresse e mail", "adresse de courriel"},
    "course": {"course", "course code", "code", "cours", "code du cours", "code de cours", "formation",
               "code de formation", "code de la formation"},
    "date": {"completion date", "completed on", "completed", "date", "date completed", "date de reussite",
             "date d achevement", "date de fin", "date de completion", "reussi le", "termine le", "suivi le",
             "date de la formation"},
}


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    rows: list[tuple[User, Course, date]] = field(default_factory=list)
    duplicates: int = 0
    imported: int = 0


def _columns_message(missing: list[str]) -> str:
    return _(
        "The first line must name the columns e-mail address, course code and completion date "
        "(in English or French, for example “email, course, completion date” or "
        "“courriel, cours, date de réussite”). Not found: %(missing)s."
    ) % {"missing": ", ".join(missing)}


def check_import(raw: bytes, *, actor: Any) -> ImportResult:
    """Read and check every row; `errors` says what is wrong (file or lines)."""
    result = ImportResult()
    read = read_rows(raw, HEADERS, {"email": _("e-mail address"), "course": _("course code"),
                                    "date": _("completion date")}, columns_message=_columns_message)
    if read.errors:
        result.errors = read.errors
        return result
    in_reach = {u.email.lower(): u for u in staff_in_reach(actor)}
    known = {e.lower() for e in User.objects.filter(is_active=True).values_list("email", flat=True)}
    courses = {c.code: c for c in Course.objects.all()}
    existing = set(Completion.objects.values_list("user_id", "course_id", "completed_on"))
    seen: set[tuple[int, int, date]] = set()
    today = timezone.localdate()
    for row in read.rows:
        reasons = []
        email, code, when = row.cells["email"].lower(), row.cells["course"], row.cells["date"]
        member = in_reach.get(email)
        if not email:
            reasons.append(_("the e-mail address is missing"))
        elif member is None and email in known:
            reasons.append(_("“%(email)s” is not a staff member of your region") % {"email": email})
        elif member is None:
            reasons.append(_("no active staff member has the e-mail address “%(email)s”") % {"email": email})
        course = courses.get(code.lower())
        if not code:
            reasons.append(_("the course code is missing"))
        elif course is None:
            reasons.append(_("there is no course with the code “%(code)s” (the codes are: %(codes)s)")
                           % {"code": code, "codes": ", ".join(courses)})
        completed_on = None
        if not when:
            reasons.append(_("the completion date is missing"))
        else:
            try:
                completed_on = date.fromisoformat(when)
            except ValueError:
                reasons.append(_("“%(date)s” is not a date written YYYY-MM-DD") % {"date": when})
            else:
                if completed_on > today:
                    reasons.append(_("the completion date %(date)s is in the future")
                                   % {"date": completed_on.isoformat()})
        if reasons:
            result.errors.append(line_error(row.line, reasons))
            continue
        if member is None or course is None or completed_on is None:  # pragma: no cover (reasons given)
            continue
        row_key = (member.pk, course.pk, completed_on)
        if row_key in existing or row_key in seen:
            result.duplicates += 1
            continue
        seen.add(row_key)
        result.rows.append((member, course, completed_on))
    return result


@transaction.atomic
def import_completions(raw: bytes, *, actor: Any, filename: str = "",
                       request: HttpRequest | None = None) -> ImportResult:
    """Check every row; import them all, or none when one is wrong. An import is
    audited in its own transaction."""
    result = check_import(raw, actor=actor)
    if result.errors:
        return result
    Completion.objects.bulk_create([
        Completion(user=member, course=course, completed_on=completed_on, source=Completion.Source.IMPORTED,
                   recorded_by=actor) for member, course, completed_on in result.rows
    ])
    result.imported = len(result.rows)
    record(Action.CREATE, actor=actor, request=request, training_import=filename[:200],
           imported=result.imported, duplicates=result.duplicates)
    return result
