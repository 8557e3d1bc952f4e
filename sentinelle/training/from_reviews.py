"""The training that quality control results point to (seed 004): for each
investigator, the courses named by the checklist items on which their files'
recent reviews found an error, with their latest completion of each; and for
each intake agent, the courses named by the items their service-quality
observations missed. The errors come from quality
(`quality.feedback.courses_from_errors`, `quality.observation.courses_from_misses`);
a course code that the register does not know is shown by its code."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sentinelle.accounts.models import User
from sentinelle.quality.feedback import RECENT, by_person, courses_from_errors
from sentinelle.quality.observation import courses_from_misses
from sentinelle.training.completions import is_national_manager
from sentinelle.training.models import Completion, Course


@dataclass(frozen=True)
class Pointer:
    code: str
    course: Course | None
    errors: int
    last_error_on: datetime.date
    completed_on: datetime.date | None  # the latest completion, if any

    @property
    def completed_since(self) -> bool:
        """Completed after the latest error it points from."""
        return self.completed_on is not None and self.completed_on >= self.last_error_on


@dataclass(frozen=True)
class InvestigatorCourses:
    investigator: User
    pointers: list[Pointer]


def courses_for_investigators(user: Any, *, today: datetime.date | None = None) -> list[InvestigatorCourses]:
    """What `user` may see: every investigator for national managers and National
    HQ, their region's for a team lead. Three queries whatever the numbers."""
    today = today or timezone.localdate()
    region_id = None if user.is_national or is_national_manager(user) else user.region_id
    found = by_person((who, pointer) for source in (courses_from_errors(since=today - RECENT, region_id=region_id),
                                                    courses_from_misses(since=today - RECENT, region_id=region_id))
                      for who, pointers in source.items() for pointer in pointers)
    if not found:
        return []
    people = User.objects.select_related("region").in_bulk(list(found))
    codes = {pointer.course_code for pointers in found.values() for pointer in pointers}
    courses = {course.code: course for course in Course.objects.filter(code__in=codes)}
    latest: dict[tuple[int, str], datetime.date] = {}
    for who, code, on in Completion.objects.filter(user_id__in=list(found), course__code__in=codes).values_list(
            "user_id", "course__code", "completed_on").order_by("completed_on"):
        latest[(who, code)] = on
    rows = [InvestigatorCourses(people[who], [
        Pointer(p.course_code, courses.get(p.course_code), p.errors, p.last_error_on, latest.get((who, p.course_code)))
        for p in pointers]) for who, pointers in found.items() if who in people]
    return sorted(rows, key=lambda row: (row.investigator.full_name, row.investigator.pk))
