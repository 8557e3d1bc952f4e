"""Equipment: each kind (a mobile outreach kit, a field laptop, a portable
recorder) requires a course; a staff member checks a piece out only with the
course completed and its attestation signed, through the same gate as the
activities, and the refusal names the course; a piece is not lent twice for the
same days. Kinds are reference data in four languages."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test import Client

from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.models import AuditEvent
from sentinelle.test import at_once, create_staff, sign_in
from sentinelle.training import equipment
from sentinelle.training.attestations import sign_attestation
from sentinelle.training.models import Completion, Course, Equipment, EquipmentKind, EquipmentLoan

pytestmark = pytest.mark.django_db
URL = "/en/staff/training/equipment/"


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def piece(kind: str = "outreach_kit", tag: str = "KIT-001") -> Equipment:
    return Equipment.objects.create(kind=EquipmentKind.objects.get(code=kind), asset_tag=tag)


def trained(user, kind: str = "outreach_kit", *, attested: bool = True) -> None:  # type: ignore[no-untyped-def]
    course = EquipmentKind.objects.get(code=kind).course
    Completion.objects.create(user=user, course=course, completed_on=date(2026, 3, 2))
    if attested:
        sign_attestation(user, course)


def loan(item: Equipment, member, start: str = "2026-07-06", end: str = "2026-07-10") -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"equipment": item.pk, "member": member.pk, "starts_on": start, "ends_on": end}


def test_equipment_kinds_are_reference_data_each_with_its_course():
    kinds = {k.code: k for k in EquipmentKind.objects.select_related("course")}
    assert {"outreach_kit", "field_laptop", "portable_recorder"} <= set(kinds)
    assert kinds["outreach_kit"].course.code == "field_equipment"
    assert kinds["outreach_kit"].name_fr == "Trousse de services mobiles"
    assert Course.objects.get(code="field_equipment").delivery_mode == "both"


def test_a_loan_without_the_course_is_refused_naming_it_and_the_form_is_kept():
    agent = create_staff(RoleCode.INTAKE_AGENT)
    item = piece()
    response = _client(agent).post(URL, loan(item, agent))
    page = unescape(response.content.decode())
    assert response.status_code == 400
    assert ("Using the equipment “Mobile outreach kit” requires the course “Field equipment: safe use, health "
            "and safety”, which your training record does not show as completed. Nothing was saved.") in page
    assert 'value="2026-07-06"' in page and 'value="2026-07-10"' in page
    assert not EquipmentLoan.objects.exists()
    french = unescape(_client(agent).post("/fr/staff/training/equipment/", loan(item, agent)).content.decode())
    assert "«\u00a0Équipement de terrain\u00a0: utilisation sécuritaire, santé et sécurité\u00a0»" in french


def test_a_loan_after_the_course_without_its_signed_attestation_is_refused_naming_it():
    agent = create_staff(RoleCode.INTAKE_AGENT)
    trained(agent, "portable_recorder", attested=False)
    item = piece("portable_recorder", "REC-7")
    response = _client(agent).post(URL, loan(item, agent))
    page = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Using the equipment “Portable recorder” requires the signed attestation of the course" in page
    assert "“Interview techniques and evidence gathering”" in page
    assert not EquipmentLoan.objects.exists()


def test_with_the_course_and_its_attestation_the_loan_is_recorded_and_audited():
    agent = create_staff(RoleCode.INTAKE_AGENT)
    trained(agent)
    item = piece()
    response = _client(agent).post(URL, loan(item, agent))
    assert response.status_code == 302
    made = EquipmentLoan.objects.get()
    assert (made.user, made.equipment, made.starts_on, made.ends_on, made.recorded_by) == (
        agent, item, date(2026, 7, 6), date(2026, 7, 10), agent)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, detail__equipment_loan=made.pk)
    assert event.actor_id == agent.pk and event.detail["equipment"] == "KIT-001"
    page = unescape(_client(agent).get(URL).content.decode())
    assert "KIT-001" in page and "2026-07-10" in page


def test_a_team_lead_lends_to_the_staff_of_their_region_and_the_gate_checks_the_borrower():
    lead = create_staff(RoleCode.TEAM_LEAD, region_code="QC")
    trained(lead)  # the lead's own training does not count for someone else
    agent = create_staff(RoleCode.INTAKE_AGENT, region_code="QC")
    item = piece()
    refused = _client(lead).post(URL, loan(item, agent))
    assert refused.status_code == 400 and not EquipmentLoan.objects.exists()
    trained(agent)
    assert _client(lead).post(URL, loan(item, agent)).status_code == 302
    assert EquipmentLoan.objects.get().user == agent
    # Someone of another region is not in the lead's reach; an agent lends to nobody else.
    other = create_staff(RoleCode.INTAKE_AGENT, region_code="ON")
    trained(other)
    assert _client(lead).post(URL, loan(item, other, "2026-08-01", "2026-08-02")).status_code == 400
    assert _client(agent).post(URL, loan(item, other, "2026-08-01", "2026-08-02")).status_code == 400
    assert EquipmentLoan.objects.count() == 1


def test_who_may_lend_to_whom_is_the_rule_of_training_rules():
    """Oneself; a team lead, their region's staff; a national manager, anyone."""
    lead = create_staff(RoleCode.TEAM_LEAD, region_code="QC")
    agent = create_staff(RoleCode.INTAKE_AGENT, region_code="QC")
    other = create_staff(RoleCode.INTAKE_AGENT, region_code="ON")
    analyst = create_staff(RoleCode.NATIONAL_ANALYST)
    assert agent.has_perm("training.lend_equipment", agent)
    assert not agent.has_perm("training.lend_equipment", other)
    assert lead.has_perm("training.lend_equipment", agent)
    assert not lead.has_perm("training.lend_equipment", other)
    assert analyst.has_perm("training.lend_equipment", other)


def test_a_piece_is_not_lent_twice_for_the_same_days():
    first, second = create_staff(RoleCode.INTAKE_AGENT), create_staff(RoleCode.INTAKE_AGENT)
    trained(first)
    trained(second)
    item = piece()
    assert _client(first).post(URL, loan(item, first)).status_code == 302
    response = _client(second).post(URL, loan(item, second, "2026-07-10", "2026-07-12"))
    assert response.status_code == 400
    assert "KIT-001 is already in use from 2026-07-06 to 2026-07-10" in unescape(response.content.decode())
    assert _client(second).post(URL, loan(item, second, "2026-07-11", "2026-07-12")).status_code == 302
    assert EquipmentLoan.objects.count() == 2


def test_bad_dates_are_explained():
    agent = create_staff(RoleCode.INTAKE_AGENT)
    trained(agent)
    item = piece()
    response = _client(agent).post(URL, loan(item, agent, "2026-07-10", "2026-07-06"))
    assert response.status_code == 400
    assert "The end date comes before the start date." in unescape(response.content.decode())
    response = _client(agent).post(URL, loan(item, agent, "2026-31-12", ""))
    page = unescape(response.content.decode())
    assert "Write the date as YYYY-MM-DD." in page and "Give the day the equipment is returned." in page
    assert not EquipmentLoan.objects.exists()


# Serialized rollback puts the reference data back for the tests that follow: the threads commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_loans_of_one_piece_for_the_same_days_keep_only_the_first():
    """Two staff members check out the same piece for the same days at the same
    moment (threads with their own connections): one loan is kept, the other is
    refused. (SQLite runs one write transaction at a time: nothing to race.)"""
    if connection.vendor != "postgresql":
        pytest.skip("a race needs two connections writing at once (PostgreSQL)")
    first, second = create_staff(RoleCode.INTAKE_AGENT), create_staff(RoleCode.INTAKE_AGENT)
    trained(first)
    trained(second)
    item = piece()

    def borrow(member: User) -> str:
        try:
            equipment.lend(item, member, date(2026, 7, 6), date(2026, 7, 10), actor=member)
        except equipment.LoanRefused:
            return "refused"
        return "lent"

    outcomes = at_once(lambda: borrow(first), lambda: borrow(second))
    assert sorted(outcomes) == ["lent", "refused"]
    assert EquipmentLoan.objects.count() == 1
