"""The audit log can be added to, never changed or emptied."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from sentinelle.audit.models import AppendOnlyError, AuditEvent
from sentinelle.audit.services import Action, record
from sentinelle.test import create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


def test_record_names_the_actor_object_and_region():
    user = create_staff("investigator", region_code="QC")
    employer = create_employer("QC", legal_name="Serres Lachance inc.")
    event = record(Action.VIEW, actor=user, obj=employer, note="opened from search")
    assert event.actor_label == user.email
    assert event.object_type == "cases.employer"
    assert event.object_id == str(employer.pk)
    assert event.object_label == "Serres Lachance inc."
    assert event.region_code == "QC"
    assert event.detail == {"note": "opened from search"}


def test_entries_cannot_be_changed_or_deleted_through_the_application():
    event = record(Action.SIGN_IN_FAILED, actor_label="someone@example.org")
    event.actor_label = "someone.else@example.org"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.actor_label == "someone@example.org"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete_even_in_raw_sql():
    event = record(Action.SIGN_IN_FAILED, actor_label="someone@example.org")
    for statement in (
        "UPDATE audit_auditevent SET actor_label = 'forged' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.actor_label == "someone@example.org"


def test_the_trigger_is_installed_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
        )
        assert [row[0] for row in cursor.fetchall()] == ["audit_auditevent_append_only"]


def test_the_admin_site_offers_no_way_to_edit_the_log():
    from django.contrib import admin

    assert AuditEvent not in admin.site._registry


def test_audit_page_filters_by_person_and_event(personas):
    record(Action.SIGN_IN_FAILED, actor_label="intruder@example.org")
    client = Client()
    sign_in(client, personas.privacy_officer)
    page = client.get("/en/staff/audit/", {"who": "intruder", "action": "sign_in_failed"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "intruder@example.org" in html
    assert personas.privacy_officer.email not in html.split("<table", 1)[1]
    bad = client.get("/en/staff/audit/", {"since": "yesterday"})
    assert bad.status_code == 200
    assert "Enter a valid date" in bad.content.decode()
