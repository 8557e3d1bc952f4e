"""The demo's officer training and equipment: the officer's course done and next
due within the year, the substitute's overdue; three pieces of field equipment
and one loan to a trained, attested intake agent; once."""

from __future__ import annotations

import pytest

from sentinelle.accounts.models import RoleCode
from sentinelle.demo.ethics import OFFICER, SUBSTITUTE, seed_ethics
from sentinelle.demo.officer_equipment import seed_officer_training_and_equipment
from sentinelle.test import create_staff
from sentinelle.training import obligations
from sentinelle.training.models import Equipment, EquipmentLoan

pytestmark = pytest.mark.django_db


def test_the_demo_officer_training_and_equipment_loan(personas):
    from sentinelle.demo.ethics import ANONYMOUS_AUTHOR, NAMED_AUTHOR

    for name in (OFFICER, SUBSTITUTE, ANONYMOUS_AUTHOR, NAMED_AUTHOR):
        create_staff(region_code="HQ", full_name=name)
    create_staff(RoleCode.INTAKE_AGENT, region_code="QC")
    seed_ethics()
    assert seed_officer_training_and_equipment() == 1
    assert seed_officer_training_and_equipment() == 0
    status = {s.user.full_name: s for s in obligations.statuses()}
    assert not status[OFFICER].overdue and status[OFFICER].last_completed_on is not None
    assert status[SUBSTITUTE].overdue and status[SUBSTITUTE].last_completed_on is None
    assert Equipment.objects.count() == 3
    loan = EquipmentLoan.objects.get()
    assert loan.equipment.asset_tag == "KIT-QC-01"
    assert loan.user.roles.filter(code=RoleCode.INTAKE_AGENT).exists() and loan.user.region.code == "QC"
