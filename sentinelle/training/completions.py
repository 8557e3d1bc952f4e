"""The completions of the training register, read and written: whose
completions a staff member sees, who has not yet completed a mandatory course,
and the import of completions from a CSV file (all rows checked first; nothing imported if one is wrong)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
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
from sentinelle.training.models import Completion, Course, MandatoryTraining, Session

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000


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

def _normalise(header: str) -> str:
    ascii_header = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", ascii_header).strip()


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


def _text(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def check_import(raw: bytes, *, actor: Any) -> ImportResult:
    """Read and check every row; `errors` says what is wrong (file or lines)."""
    result = ImportResult()
    if len(raw) > MAX_IMPORT_BYTES:
        result.errors.append(_("The file is larger than 2 MB. Split it into smaller files."))
        return result
    text = _text(raw)
    if text is None:
        result.errors.append(_("The file is not a text (CSV) file in UTF-8. Save it as “CSV UTF-8” and try again."))
        return result
    # A spreadsheet saved in French often separates with semicolons.
    delimiter = max(",;\t", key=text.split("\n", 1)[0].count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.errors.append(_("The file is empty."))
        return result
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        for key, names in HEADERS.items():
            if _normalise(name) in names and key not in columns:
                columns[key] = index
    missing = [label for key, label in (("email", _("e-mail address")), ("course", _("course code")),
                                         ("date", _("completion date"))) if key not in columns]
    if missing:
        result.errors.append(_(
            "The first line must name the columns e-mail address, course code and completion date "
            "(in English or French, for example “email, course, completion date” or "
            "“courriel, cours, date de réussite”). Not found: %(missing)s."
        ) % {"missing": ", ".join(missing)})
        return result
    in_reach = {u.email.lower(): u for u in staff_in_reach(actor)}
    known = {e.lower() for e in User.objects.filter(is_active=True).values_list("email", flat=True)}
    courses = {c.code: c for c in Course.objects.all()}
    existing = set(Completion.objects.values_list("user_id", "course_id", "completed_on"))
    seen: set[tuple[int, int, date]] = set()
    today = timezone.localdate()
    count = 0
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            count += 1
            if count > MAX_IMPORT_ROWS:
                result.errors = [_("The file has more than %(max)d rows. Split it into smaller files.")
                                 % {"max": MAX_IMPORT_ROWS}]
                return result

            def cell(key: str, values: list[str] = values) -> str:
                index = columns[key]
                return values[index].strip() if index < len(values) else ""

            reasons = []
            email, code, when = cell("email").lower(), cell("course"), cell("date")
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
                result.errors.append(_("Line %(line)d: %(reasons)s.") % {"line": line, "reasons": "; ".join(reasons)})
                continue
            if member is None or course is None or completed_on is None:  # pragma: no cover (reasons given)
                continue
            row_key = (member.pk, course.pk, completed_on)
            if row_key in existing or row_key in seen:
                result.duplicates += 1
                continue
            seen.add(row_key)
            result.rows.append((member, course, completed_on))
    except csv.Error:
        result.errors.append(_("Line %(line)d: the file cannot be read as CSV there.") % {"line": reader.line_num})
    if not result.errors and not result.rows and not result.duplicates:
        result.errors.append(_("The file has no rows under its first line."))
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
