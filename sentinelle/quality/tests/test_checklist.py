"""The checklist is changed through its service: the version the analyst opened
is checked, so that a second analyst saving from an older page is told of the
conflict instead of overwriting the first; every change and refusal is audited."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.lib.locking import Conflict
from sentinelle.quality import review
from sentinelle.quality.models import ChecklistItem
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _form(item: ChecklistItem, **changes) -> dict[str, object]:
    data: dict[str, object] = {"group": item.group, "text_en": item.text_en, "text_fr": item.text_fr,
                               "course_code": item.course_code, "position": item.position,
                               "version": item.version}
    if item.substantial:
        data["substantial"] = "on"
    if item.active:
        data["active"] = "on"
    data.update(changes)
    return data


def test_a_second_analyst_saving_from_an_older_page_sees_the_conflict_and_overwrites_nothing():
    item = ChecklistItem.objects.order_by("pk").first()
    assert item is not None, "the checklist comes with the migrations"
    first = _client(create_staff("national_analyst", region_code="HQ"))
    second = _client(create_staff("national_analyst", region_code="HQ"))
    url = f"/en/staff/quality/checklist/{item.pk}/"
    opened = _form(item)

    assert first.post(url, {**opened, "text_en": "Checked by the first analyst"}).status_code == 302
    response = second.post(url, {**opened, "text_en": "Checked by the second analyst"})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Somebody else saved this in the meantime." in page
    assert "Saved in the meantime by somebody else: “Checked by the first analyst”." in page
    saved = ChecklistItem.objects.get(pk=item.pk)
    assert saved.text_en == "Checked by the first analyst" and saved.version == item.version + 1
    updates = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(item.pk),
                                        object_type="quality.checklistitem")
    assert [event.detail["fields"] for event in updates] == [["text_en"]]

    # Saving again from the page that showed the conflict goes through.
    version = saved.version
    assert second.post(url, {**opened, "text_en": "Checked by the second analyst", "version": version}
                       ).status_code == 302
    assert ChecklistItem.objects.get(pk=item.pk).text_en == "Checked by the second analyst"


def test_the_service_refuses_an_older_version_and_writes_nothing():
    item = ChecklistItem.objects.order_by("pk").first()
    assert item is not None
    analyst = create_staff("national_analyst", region_code="HQ")
    review.change_checklist_item(item, {"text_en": "First."}, actor=analyst, expected_version=item.version)
    stale = ChecklistItem.objects.get(pk=item.pk)
    with pytest.raises(Conflict):
        review.change_checklist_item(stale, {"text_en": "Second."}, actor=analyst, expected_version=1)
    assert ChecklistItem.objects.get(pk=item.pk).text_en == "First."


def test_a_reviewer_adding_an_item_is_refused_and_the_refusal_audited():
    reviewer = create_staff("qc_reviewer", region_code="QC")
    count = ChecklistItem.objects.count()
    response = _client(reviewer).post("/en/staff/quality/checklist/", {
        "group": "decision", "text_en": "A new item.", "text_fr": "Un nouvel élément.", "position": "1"})
    assert response.status_code == 403
    assert ChecklistItem.objects.count() == count
    [denial] = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED)
    assert denial.actor_id == reviewer.pk and denial.detail["permission"] == "quality.manage_plan"
