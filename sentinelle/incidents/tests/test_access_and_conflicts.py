"""Reaching an incident goes through `access_incident`, which audits every
refusal; a save on a version somebody else has saved since is refused as a
conflict and loses nothing."""

from __future__ import annotations

from html import unescape

import pytest
from django.http import Http404
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.incidents.access import MANAGE, VIEW, access_incident
from sentinelle.incidents.models import Incident
from sentinelle.test import create_staff, sign_in

from .factories import complete_incident, edit_data

pytestmark = pytest.mark.django_db

CONFLICT = "Somebody else saved this in the meantime. Nothing of yours was saved"


def test_a_refusal_by_access_incident_is_audited_once(personas):
    incident = complete_incident(personas.privacy_officer)
    assert access_incident(personas.privacy_officer, incident.pk, VIEW) == incident
    assert not AuditEvent.objects.filter(action="permission_denied").exists()
    with pytest.raises(Http404):
        access_incident(personas.investigator_qc, incident.pk, MANAGE)
    denied = AuditEvent.objects.get(action="permission_denied")
    assert (denied.actor, denied.object_id, denied.detail["permission"]) == (
        personas.investigator_qc, str(incident.pk), MANAGE)
    with pytest.raises(Http404):  # an incident that does not exist: nothing was refused
        access_incident(personas.privacy_officer, incident.pk + 1000, VIEW)
    assert AuditEvent.objects.filter(action="permission_denied").count() == 1


def test_a_refused_page_leaves_one_audit_entry(personas):
    incident = complete_incident(personas.privacy_officer)
    client = Client()
    sign_in(client, personas.investigator_qc)
    assert client.get(f"/en/staff/incidents/{incident.pk}/").status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied", actor=personas.investigator_qc).count() == 1


def _clients(first_user, second_user) -> tuple[Client, Client]:
    first, second = Client(), Client()
    sign_in(first, first_user)
    sign_in(second, second_user)
    return first, second


def test_an_edit_on_a_stale_version_is_a_conflict_and_nothing_is_lost(personas):
    officer = personas.privacy_officer
    colleague = create_staff("privacy_officer", region_code="HQ", full_name="Zoé Colleague")
    incident = complete_incident(officer)
    url = f"/en/staff/incidents/{incident.pk}/edit/"
    first, second = _clients(officer, colleague)
    mine, theirs = edit_data(first, incident), edit_data(second, incident)  # both open the form
    assert mine["version"] == theirs["version"]

    assert first.post(url, {**mine, "title": "Lost laptop (first officer)"}).status_code == 302
    updates = AuditEvent.objects.filter(action="update", object_id=str(incident.pk)).count()
    response = second.post(url, {**theirs, "title": "Stolen laptop (second officer)"})

    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert CONFLICT in page and "Stolen laptop (second officer)" in page
    assert Incident.objects.get(pk=incident.pk).title == "Lost laptop (first officer)"
    assert AuditEvent.objects.filter(action="update", object_id=str(incident.pk)).count() == updates
    # The form shown again carries the current version: saving after checking goes through.
    again = edit_data(second, incident)
    assert again["version"] != theirs["version"]
    assert second.post(url, {**again, "title": "Stolen laptop (second officer)"}).status_code == 302
    assert Incident.objects.get(pk=incident.pk).title == "Stolen laptop (second officer)"


def test_a_conclusion_on_a_stale_version_is_a_conflict(personas):
    officer = personas.privacy_officer
    incident = complete_incident(officer)
    url = f"/en/staff/incidents/{incident.pk}/conclusion/"
    seen = incident.version
    first, second = _clients(officer, create_staff("privacy_officer", region_code="HQ"))
    grid = "yes" if incident.grid_conclusion else "no"
    assert first.post(url, {"serious_harm": grid, "version": seen}).status_code == 302
    concluded_at = Incident.objects.get(pk=incident.pk).concluded_at
    other = "no" if grid == "yes" else "yes"
    response = second.post(url, {"serious_harm": other, "reason": "I disagree with the grid.", "version": seen})
    assert response.status_code == 200 and CONFLICT in unescape(response.content.decode())
    saved = Incident.objects.get(pk=incident.pk)
    assert (saved.overridden, saved.concluded_at) == (False, concluded_at)
