"""Working groups (terms of reference, seed 003): members (at most eight, two
co-chairs, alternates, three-year terms, required seats) and what the page warns
of; meetings whose declarations of conflicts of interest are recorded before the
agenda is discussed, then minutes, decisions and action items; a work plan of
at most three priority areas validated by the parent committee; the repository
of practices."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sentinelle.governance import groups
from sentinelle.governance.models import Declaration, GroupMember, Meeting, PriorityArea, term_end
from sentinelle.governance.tests.factories import add_member, working_group
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():  # type: ignore[no-untyped-def]
    return create_staff("secretariat", region_code="HQ", full_name="Sophie Secretariat")


def test_a_term_is_three_years() -> None:
    assert term_end(datetime.date(2025, 9, 1)) == datetime.date(2028, 8, 31)
    assert term_end(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)


def test_the_page_reports_an_empty_required_seat_and_terms_ending_soon(client, secretariat) -> None:
    group = working_group(secretariat)
    seat = group.seats.get()
    today = timezone.localdate()
    add_member(group, "Claire Chair", role="co_chair", start=today - datetime.timedelta(days=100))
    add_member(group, "Paul Chair", role="co_chair", start=today - datetime.timedelta(days=100),
               end=today + datetime.timedelta(days=30))
    sign_in(client, secretariat)
    page = client.get(f"/en/staff/governance/groups/{group.pk}/").content.decode()
    assert "The required seat “Francophone seat” is empty." in page
    assert "The term of Paul Chair ends on" in page and "in 30 days" in page
    assert "Claire Chair ends" not in page
    add_member(group, "Françoise Siège", seat=seat, start=today - datetime.timedelta(days=10))
    page = client.get(f"/fr/staff/governance/groups/{group.pk}/").content.decode()
    assert "Siège francophone" in page and "est vacant" not in page
    kinds = [w.kind for w in client.get(f"/en/staff/governance/groups/{group.pk}/").context["warnings"]]
    assert kinds == ["term_ending"]


def test_at_most_eight_members_and_two_co_chairs(client, secretariat) -> None:
    group = working_group(secretariat)
    first = add_member(group, "Member 1", role="co_chair")
    add_member(group, "Member 2", role="co_chair")
    with pytest.raises(groups.GroupError, match="two co-chairs"):
        add_member(group, "Third chair", role="co_chair")
    for n in range(3, 9):
        add_member(group, f"Member {n}")
    sign_in(client, secretariat)
    response = client.post(f"/en/staff/governance/groups/{group.pk}/members/", {
        "full_name": "Member 9", "organisation": "Org", "role": "member", "term_starts_on": "2025-09-01"})
    assert response.status_code == 400 and "already has 8 members" in response.content.decode()
    # An alternate does not count against the eight.
    response = client.post(f"/en/staff/governance/groups/{group.pk}/members/", {
        "full_name": "Alex Alternate", "organisation": "Org", "role": "alternate", "alternate_for": first.pk,
        "term_starts_on": "2025-09-01"})
    assert response.status_code == 302
    alternate = GroupMember.objects.get(full_name="Alex Alternate")
    assert alternate.term_ends_on == datetime.date(2028, 8, 31) and alternate.alternate_for == first
    assert GroupMember.objects.filter(group=group).count() == 9


def _meeting(group, secretariat) -> Meeting:  # type: ignore[no-untyped-def]
    return groups.plan_meeting(group, held_on=timezone.localdate(), agenda="1. Sector survey\n2. Work plan",
                               actor=secretariat)


def test_declarations_are_recorded_before_the_agenda(client, secretariat) -> None:
    group = working_group(secretariat)
    ana = add_member(group, "Ana Member", start=datetime.date(2025, 1, 1))
    ben = add_member(group, "Ben Member", start=datetime.date(2025, 1, 1))
    meeting = _meeting(group, secretariat)
    sign_in(client, secretariat)
    base = f"/en/staff/governance/groups/{group.pk}/meetings/{meeting.pk}/"
    # The agenda cannot open before attendance and declarations, nor minutes come before it.
    response = client.post(base + "open/")
    assert response.status_code == 400 and "before the agenda" in response.content.decode()
    response = client.post(base + "minutes/", {"minutes": "Discussed.", "decisions": ""})
    assert response.status_code == 400 and "Open the agenda first" in response.content.decode()
    # A member present who has not declared is refused, and nothing is kept.
    response = client.post(base + "declarations/", {f"present_{ana.pk}": "on", f"present_{ben.pk}": "on",
                                                    f"conflict_{ana.pk}": "no"})
    assert response.status_code == 400 and "must declare" in response.content.decode()
    assert not Declaration.objects.filter(meeting=meeting).exists()
    response = client.post(base + "declarations/", {
        f"present_{ana.pk}": "on", f"conflict_{ana.pk}": "no", f"present_{ben.pk}": "on",
        f"conflict_{ben.pk}": "yes", f"details_{ben.pk}": "Board member of a funded organisation."})
    assert response.status_code == 302
    assert client.post(base + "open/").status_code == 302
    meeting.refresh_from_db()
    declared = Declaration.objects.filter(meeting=meeting)
    assert declared.count() == 2 and all(d.recorded_at <= meeting.agenda_opened_at for d in declared)
    # Once the agenda is discussed, declarations can no longer be recorded or changed.
    response = client.post(base + "declarations/", {f"present_{ana.pk}": "on", f"conflict_{ana.pk}": "yes",
                                                    f"details_{ana.pk}": "Late."})
    assert response.status_code == 400 and "recorded before it" in response.content.decode()
    assert not Declaration.objects.get(meeting=meeting, member=ana).has_conflict
    with pytest.raises(groups.GroupError):
        groups.record_declarations(meeting, [{"member": ana, "present": True, "has_conflict": True}],
                                   actor=secretariat)
    assert client.post(base + "minutes/", {"minutes": "Survey reviewed.", "decisions": "Adopt the plan."}
                       ).status_code == 302
    response = client.post(base + "actions/", {"description": "Circulate the survey summary.", "owner": ana.pk,
                                               "due_on": "2026-01-15"})
    assert response.status_code == 302
    page = client.get(f"/en/staff/governance/groups/{group.pk}/").content.decode()
    assert "Circulate the survey summary." in page and "Ana Member" in page
    page = client.get(base).content.decode()
    assert "Board member of a funded organisation." in page and "Survey reviewed." in page


def test_at_most_three_priority_areas_validated_by_the_parent_committee(client, secretariat) -> None:
    group = working_group(secretariat)
    sign_in(client, secretariat)
    url = f"/en/staff/governance/groups/{group.pk}/areas/"
    for n in range(1, 4):
        assert client.post(url, {"title_en": f"Area {n}", "title_fr": f"Domaine {n}", "proposed_on": "2025-10-01"}
                           ).status_code == 302
    response = client.post(url, {"title_en": "Area 4", "title_fr": "Domaine 4", "proposed_on": "2025-10-01"})
    assert response.status_code == 400 and "already has three priority areas" in response.content.decode()
    assert PriorityArea.objects.filter(group=group).count() == 3
    # The database holds the limit too.
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityArea.objects.create(group=group, position=4, title_en="x", title_fr="x", proposed_on="2025-10-01")
    area = PriorityArea.objects.get(group=group, position=1)
    page = client.get(f"/en/staff/governance/groups/{group.pk}/").content.decode()
    assert "Not validated by the parent committee yet." in page
    response = client.post(f"{url}{area.pk}/validate/", {"validated_by": "Co-chairs of the council",
                                                         "validated_on": "2025-11-05"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.validated_by, area.validated_on) == ("Co-chairs of the council", datetime.date(2025, 11, 5))
    assert client.post(f"{url}{area.pk}/updates/", {"text": "Recruitment data late.", "risk_flag": "on"}
                       ).status_code == 302
    page = client.get(f"/en/staff/governance/groups/{group.pk}/").content.decode()
    assert "Validated by Co-chairs of the council on 2025-11-05." in page and "Risk raised" in page


def test_the_repository_of_practices_is_tagged_and_searchable(client, secretariat) -> None:
    group = working_group(secretariat)
    sign_in(client, secretariat)
    url = f"/en/staff/governance/groups/{group.pk}/practices/"
    assert client.post(url, {"label": "Retention toolkit", "url": "https://example.org/retention.pdf",
                             "tags": "retention, recruitment", "description": ""}).status_code == 302
    assert client.post(url, {"label": "Wellness guide", "url": "/en/staff/", "tags": "mental health",
                             "description": "Staff wellbeing."}).status_code == 302
    assert client.post(url, {"label": "Bad", "url": "javascript:alert(1)"}).status_code == 400
    found = client.get(f"/en/staff/governance/groups/{group.pk}/", {"q": "recruit"}).context["practices"]
    assert [p.title for p in found] == ["Retention toolkit"]
    found = client.get(f"/en/staff/governance/groups/{group.pk}/", {"q": "WELLBEING"}).context["practices"]
    assert [p.title for p in found] == ["Wellness guide"]


def test_the_mandate_is_versioned_in_both_languages(client, secretariat) -> None:
    group = working_group(secretariat)
    sign_in(client, secretariat)
    response = client.post(f"/en/staff/governance/groups/{group.pk}/mandate/", {
        "text_en": "Revised mandate.", "text_fr": "Mandat révisé.", "adopted_on": "2026-03-01"})
    assert response.status_code == 302
    assert list(group.mandates.values_list("number", flat=True)) == [2, 1]
    assert "Mandat révisé." in client.get(f"/fr/staff/governance/groups/{group.pk}/").content.decode()


def test_who_may_see_and_keep_working_groups(client, secretariat) -> None:
    group = working_group(secretariat)
    sign_in(client, create_staff("manager", region_code="QC"))
    assert client.get(f"/en/staff/governance/groups/{group.pk}/").status_code == 200
    assert client.post(f"/en/staff/governance/groups/{group.pk}/areas/", {
        "title_en": "A", "title_fr": "A", "proposed_on": "2025-10-01"}).status_code == 403
    sign_in(client, create_staff("investigator", region_code="HQ"))
    assert client.get("/en/staff/governance/groups/").status_code == 403
    assert not PriorityArea.objects.exists()
