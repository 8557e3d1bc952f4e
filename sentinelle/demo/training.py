"""Demo data of the training register (called by the demo loader after
sentinelle.demo.base.create_demo_staff)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import Role, RoleCode, User
from sentinelle.training.models import Completion, Course, CourseCode, MandatoryTraining, Session

# The demo investigator left without the unannounced-inspection course, so that
# the training gate on activities can be shown.
UNTRAINED_INVESTIGATOR = "Olivier Tremblay"

MANDATORY: dict[str, list[tuple[str, int]]] = {
    # role: (course, mandatory-by date as days from today; negative: already passed)
    RoleCode.INVESTIGATOR: [(CourseCode.CASE_MANAGEMENT_SYSTEM, -60), (CourseCode.INTERVIEWS_EVIDENCE, -30),
                            (CourseCode.UNANNOUNCED_INSPECTION, -14), (CourseCode.CASE_SUMMARY, 30),
                            (CourseCode.ESCALATION, 45)],
    RoleCode.TEAM_LEAD: [(CourseCode.CASE_MANAGEMENT_SYSTEM, -60), (CourseCode.ESCALATION, -30),
                         (CourseCode.QC_CHECKLIST_GUIDE, 60)],
    RoleCode.QC_REVIEWER: [(CourseCode.QC_CHECKLIST_GUIDE, 30)],
    RoleCode.INTAKE_AGENT: [(CourseCode.ESCALATION, 30), (CourseCode.CASE_MANAGEMENT_SYSTEM, 60)],
}


@transaction.atomic
def seed_demo_training(today: date | None = None) -> int:
    """Sessions, mandatory-by dates and completions for the demo staff; returns
    how many completions were added. Every demo investigator and team lead has
    completed every course, except UNTRAINED_INVESTIGATOR the unannounced
    inspections. Running it again adds nothing."""
    from sentinelle.demo.base import DEMO_DOMAIN, DEMO_STAFF, _email_for

    today = today or timezone.localdate()
    courses = {c.code: c for c in Course.objects.all()}
    roles = {r.code: r for r in Role.objects.all()}
    for role, items in MANDATORY.items():
        for code, days in items:
            MandatoryTraining.objects.get_or_create(role=roles[role], course=courses[code],
                                                    defaults={"mandatory_by": today + timedelta(days=days)})
    sessions = {}
    for position, code in enumerate(courses, start=1):
        sessions[code], _created = Session.objects.get_or_create(
            course=courses[code], held_on=today - timedelta(days=90 + 7 * position),
            defaults={"place": "Ottawa", "trainer": "Centre de formation / Training centre"},
        )
        Session.objects.get_or_create(course=courses[code], held_on=today + timedelta(days=21 + 7 * position),
                                      defaults={"place": "En ligne / Online"})
    staff = {u.email: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    added = 0
    for full_name, role, _region in DEMO_STAFF:
        if role not in {RoleCode.INVESTIGATOR, RoleCode.TEAM_LEAD}:
            continue
        member = staff.get(_email_for(full_name))
        if member is None:
            continue
        for code, course in courses.items():
            if full_name == UNTRAINED_INVESTIGATOR and code == CourseCode.UNANNOUNCED_INSPECTION:
                continue
            if code == CourseCode.ETHICS_OFFICER:  # the officer's own course: sentinelle.demo.officer_equipment
                continue
            if Completion.objects.filter(user=member, course=course).exists():
                continue
            Completion.objects.create(user=member, course=course, session=sessions[code],
                                      completed_on=sessions[code].held_on, source=Completion.Source.IMPORTED)
            added += 1
    return added
