"""Demo data of the ethics officer's training and of field equipment, through the
real services:

- the ethics officer completed the ethics officer's course some months after
  their designation (next due within the year); the substitute has not taken it,
  and it is overdue: both show on the ethics page and the training register;
- a mobile outreach kit, a field laptop and a portable recorder, and a Quebec
  intake agent, trained and attested on field equipment, who checks out the kit
  for next week's outreach visit.

Runs after the ethics demo (the designations). Running it again adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sentinelle.accounts.models import RoleCode, User
from sentinelle.training import equipment
from sentinelle.training.attestations import sign_attestation
from sentinelle.training.completions import record_completion
from sentinelle.training.models import Course, CourseCode, Equipment, EquipmentKind, EquipmentLoan

OFFICER = "Marc-André Bouchard"
PIECES = [("outreach_kit", "KIT-QC-01"), ("field_laptop", "LAP-ON-01"), ("portable_recorder", "REC-QC-01")]


def seed_officer_training_and_equipment() -> int:
    """Returns the number of loans added (0 or 1)."""
    today = timezone.localdate()
    admin = User.objects.filter(is_active=True, roles__code=RoleCode.ADMINISTRATOR).order_by("pk").first()
    officer = User.objects.filter(full_name=OFFICER, is_active=True).first()
    if officer is not None:
        record_completion(officer, Course.objects.get(code=CourseCode.ETHICS_OFFICER), today - timedelta(days=280),
                          actor=admin)
    for kind, tag in PIECES:
        Equipment.objects.get_or_create(asset_tag=tag, defaults={"kind": EquipmentKind.objects.get(code=kind)})
    agent = (User.objects.filter(is_active=True, roles__code=RoleCode.INTAKE_AGENT, region__code="QC")
             .order_by("pk").first())
    kit = Equipment.objects.get(asset_tag="KIT-QC-01")
    if agent is None or EquipmentLoan.objects.filter(equipment=kit).exists():
        return 0
    course = kit.kind.course
    record_completion(agent, course, today - timedelta(days=45), actor=admin)
    sign_attestation(agent, course)
    start = today + timedelta(days=7)
    equipment.lend(kit, agent, start, start + timedelta(days=2), actor=agent)
    return 1
