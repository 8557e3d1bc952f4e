"""A working group's action items in their owner's "my tasks": a member may be
linked to a staff account, and the open action items that member owns show on
that staff member's "my tasks" page, overdue first, until they are done."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sentinelle.governance.models import ActionItem, GroupMember
from sentinelle.governance.tests.factories import add_member, working_group
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


def _discussed_meeting(client, group, members):  # type: ignore[no-untyped-def]
    """A meeting recorded through the pages up to its minutes; returns its base URL."""
    response = client.post(f"/en/staff/governance/groups/{group.pk}/meetings/",
                           {"held_on": timezone.localdate().isoformat(), "agenda": "1. Work plan"})
    assert response.status_code == 302
    base = response["Location"]
    entries = {}
    for member in members:
        entries[f"present_{member.pk}"] = "on"
        entries[f"conflict_{member.pk}"] = "no"
    assert client.post(base + "declarations/", entries).status_code == 302
    assert client.post(base + "open/").status_code == 302
    assert client.post(base + "minutes/", {"minutes": "Reviewed.", "decisions": ""}).status_code == 302
    return base


def test_action_items_of_a_member_linked_to_a_staff_account_are_in_their_tasks(client) -> None:
    secretariat = create_staff("secretariat", region_code="HQ", full_name="Sophie Secretariat")
    analyst = create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")
    investigator = create_staff("investigator", region_code="QC", full_name="Ivan Investigator")
    group = working_group(secretariat)
    sign_in(client, secretariat)
    # The member form offers the optional link to a staff account.
    page = client.get(f"/en/staff/governance/groups/{group.pk}/").content.decode()
    assert "Staff account" in page
    for name, user in (("Nadia Analyst", analyst), ("Ivan Investigator", investigator)):
        response = client.post(f"/en/staff/governance/groups/{group.pk}/members/", {
            "full_name": name, "organisation": "Program", "role": "member", "user": user.pk,
            "term_starts_on": "2025-01-01"})
        assert response.status_code == 302
    outsider = add_member(group, "Olga Outside", start=datetime.date(2025, 1, 1))
    nadia = GroupMember.objects.get(user=analyst)
    ivan = GroupMember.objects.get(user=investigator)
    assert outsider.user is None
    base = _discussed_meeting(client, group, [nadia, ivan, outsider])
    today = timezone.localdate()
    for description, owner, due in (("Draft the sector survey.", nadia, today - datetime.timedelta(days=3)),
                                    ("Circulate the minutes.", nadia, today + datetime.timedelta(days=10)),
                                    ("Call the association of employers.", ivan, today + datetime.timedelta(days=5)),
                                    ("Book the room.", outsider, today)):
        response = client.post(base + "actions/", {"description": description, "owner": owner.pk,
                                                   "due_on": due.isoformat()})
        assert response.status_code == 302

    sign_in(client, analyst)
    page = client.get("/en/staff/tasks/").content.decode()
    assert "Draft the sector survey." in page and "Circulate the minutes." in page
    assert "Call the association of employers." not in page and "Book the room." not in page
    assert page.index("Draft the sector survey.") < page.index("Circulate the minutes.")  # overdue first
    assert group.name_en in page
    # The analyst may read the group: the line leads to its page.
    assert f"/en/staff/governance/groups/{group.pk}/#actions-title" in page
    assert client.get(f"/en/staff/governance/groups/{group.pk}/").status_code == 200

    # An investigator who may not read the groups still sees what they owe, without a link that would refuse them.
    sign_in(client, investigator)
    page = client.get("/en/staff/tasks/").content.decode()
    assert "Call the association of employers." in page and "Draft the sector survey." not in page
    assert f"/en/staff/governance/groups/{group.pk}/" not in page

    # Once done, the action item leaves the list; the secretariat (linked to no member) has none.
    sign_in(client, secretariat)
    done = ActionItem.objects.get(description="Draft the sector survey.")
    assert client.post(f"/en/staff/governance/groups/{group.pk}/actions/{done.pk}/",
                       {"status": "done"}).status_code == 302
    assert "Circulate the minutes." not in client.get("/en/staff/tasks/").content.decode()
    sign_in(client, analyst)
    page = client.get("/en/staff/tasks/").content.decode()
    assert "Draft the sector survey." not in page and "Circulate the minutes." in page
    # A member who left the group no longer owes its actions.
    nadia.left_on = today
    nadia.save(update_fields=["left_on"])
    assert "Circulate the minutes." not in client.get("/en/staff/tasks/").content.decode()
