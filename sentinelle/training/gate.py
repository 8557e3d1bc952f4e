"""The courses some work requires."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def required_courses(kind: str, *, announced: bool | None) -> list[Any]:
    """The courses required to record an activity of this kind."""
    from sentinelle.training.models import ActivityRequirement

    requirements = ActivityRequirement.objects.filter(kind=kind).select_related("course")
    if announced is not False:
        # Only an activity known to be unannounced needs the "unannounced only" courses.
        requirements = requirements.filter(unannounced_only=False)
    return sorted({r.course_id: r.course for r in requirements}.values(), key=lambda c: (c.position, c.code))


def not_completed(user: Any, courses: Iterable[Any]) -> list[Any]:
    """Those of `courses` that `user` has not completed."""
    from sentinelle.training.models import Completion

    return _without(user, courses, Completion)


def unattested(user: Any, courses: Iterable[Any]) -> list[Any]:
    """Those of `courses` whose attestation `user` has not signed (any version)."""
    from sentinelle.training.models import Attestation

    return _without(user, courses, Attestation)


def _without(user: Any, courses: Iterable[Any], record: Any) -> list[Any]:
    """Those of `courses` for which `user` has no row of `record` (a completion, an attestation)."""
    courses = list(courses)
    pk = getattr(user, "pk", None)
    done = set() if pk is None or not courses else set(
        record.objects.filter(user_id=pk, course__in=courses).values_list("course_id", flat=True))
    return [course for course in courses if course.pk not in done]


def missing_course_message(user: Any, kind: str, *, announced: bool | None) -> str | None:
    """Why `user` may not record an activity of this kind (the course it requires
    that they have not completed, or whose attestation they have not signed), in
    words; None when they may."""
    from sentinelle.cases.models import ActivityKind

    label = ActivityKind(kind).label if kind in ActivityKind.values else kind
    if announced is False:
        what = _("Recording an unannounced activity “%(kind)s” requires") % {"kind": label}
    else:
        what = _("Recording an activity “%(kind)s” requires") % {"kind": label}
    return missing_courses_message(user, what, required_courses(kind, announced=announced))


def missing_courses_message(user: Any, what: str, required: Iterable[Any]) -> str | None:
    """Why `user` may not do `what` (“Recording … requires”, “Using … requires”):
    the `required` courses they have not completed, or, all completed, those whose
    attestation they have not signed, in words; None when they may."""
    required = list(required)
    missing = not_completed(user, required)
    if not missing:
        return missing_attestation_message(what, unattested(user, required))
    names = ", ".join(_("“%(course)s”") % {"course": course.name} for course in missing)
    return ngettext(
        "%(what)s the course %(courses)s, which your training record does not show as completed. "
        "Nothing was saved. Once you have taken the course, ask your team lead to record it in the "
        "training register.",
        "%(what)s the courses %(courses)s, which your training record does not show as completed. "
        "Nothing was saved. Once you have taken them, ask your team lead to record them in the "
        "training register.",
        len(missing),
    ) % {"what": what, "courses": names}


def missing_attestation_message(what: str, courses: list[Any]) -> str | None:
    """`what` (“Recording … requires”, “Using … requires”) the attestation of these
    courses, which the staff member has not signed; None when there is none."""
    if not courses:
        return None
    names = ", ".join(_("“%(course)s”") % {"course": course.name} for course in courses)
    return ngettext(
        "%(what)s the signed attestation of the course %(courses)s, which you have completed but not "
        "attested. Nothing was saved. Sign the attestation on the course's page in the training register.",
        "%(what)s the signed attestations of the courses %(courses)s, which you have completed but not "
        "attested. Nothing was saved. Sign the attestations on the courses' pages in the training register.",
        len(courses),
    ) % {"what": what, "courses": names}


def trained_user_ids(course_codes: Iterable[str], user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` who have completed every one of `course_codes`."""
    from sentinelle.training.models import Completion

    codes, ids = set(course_codes), set(user_ids)
    if not codes or not ids:
        return ids
    return set(
        Completion.objects.filter(user_id__in=ids, course__code__in=codes)
        .values("user_id").annotate(n=Count("course", distinct=True)).filter(n=len(codes))
        .values_list("user_id", flat=True)
    )
