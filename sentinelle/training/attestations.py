"""Attestations: after completing a course a staff member signs the current
attestation text; the activities that require the course then require it too."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.training.gate import not_completed
from sentinelle.training.models import Attestation, AttestationText, Course


class AttestationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def has_completed(user: Any, course: Course) -> bool:
    return not not_completed(user, [course])


def signed(user: Any, course: Course) -> Attestation | None:
    """`user`'s newest attestation of `course`."""
    pk = getattr(user, "pk", None)
    return None if pk is None else (Attestation.objects.filter(user_id=pk, course=course)
                                    .select_related("text").order_by("-text__version", "-signed_at").first())


@transaction.atomic
def sign_attestation(member: Any, course: Course, *, request: HttpRequest | None = None) -> Attestation:
    """`member` signs the current attestation text for `course`, which they must
    have completed; signing the same version again changes nothing. Audited."""
    text = AttestationText.current()
    if text is None:
        raise AttestationError(_("No attestation text is in force; an administrator must add one."))
    if not has_completed(member, course):
        raise AttestationError(_("Your training record does not show the course “%(course)s” as completed: "
                                 "you may sign its attestation once your completion is recorded.")
                               % {"course": course.name})
    existing = Attestation.objects.filter(user=member, course=course, text=text).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            attestation = Attestation.objects.create(user=member, course=course, text=text)
    except IntegrityError:  # signed twice at once: the first one stands
        return Attestation.objects.get(user=member, course=course, text=text)
    record(Action.CREATE, actor=member, obj=member, request=request, training_attestation=attestation.pk,
           course=course.code, attestation_version=text.version)
    return attestation
