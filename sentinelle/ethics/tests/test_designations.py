"""The ethics officer is designated for every day ahead, with a substitute during
each recorded absence; administrators are warned (navigation, notification once a
day) of any day that is not covered, and keep the designations from the ethics page."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import Notification
from sentinelle.audit.models import AuditEvent
from sentinelle.ethics.designations import coverage_gaps, on_duty
from sentinelle.ethics.models import Absence, Designation, Post
from sentinelle.ethics.services import warn_of_gaps
from sentinelle.test import create_staff, sign_in

from .factories import designate

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def test_a_day_without_an_officer_is_a_gap():
    today = timezone.localdate()
    officer = create_staff(region_code="HQ")
    assert [gap.day for gap in coverage_gaps(today, 3)] == [today, today + timedelta(days=1), today + timedelta(days=2)]
    designate(officer, ends_on=today + timedelta(days=10))
    gaps = coverage_gaps(today, 30)
    assert gaps[0].day == today + timedelta(days=11) and len(gaps) == 19 and not gaps[0].absent
    designate(create_staff(region_code="QC"), starts_on=today + timedelta(days=11))
    assert coverage_gaps(today, 30) == []


def test_an_absence_without_a_substitute_is_a_gap_and_one_with_a_substitute_is_not():
    today = timezone.localdate()
    officer, substitute = create_staff(region_code="HQ"), create_staff(region_code="ON")
    designate(officer)
    Absence.objects.create(starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=7), created_by=officer)
    gaps = coverage_gaps(today, 30)
    assert [(g.day, g.absent) for g in gaps] == [(today + timedelta(days=d), True) for d in (5, 6, 7)]
    designate(substitute, Post.SUBSTITUTE, starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=6))
    assert [g.day for g in coverage_gaps(today, 30)] == [today + timedelta(days=7)]
    # While the officer is away, the ethics page gives the substitute to reach.
    assert on_duty(today + timedelta(days=5)).reachable.user == substitute  # type: ignore[union-attr]
    assert on_duty(today).reachable.user == officer  # type: ignore[union-attr]


def test_administrators_are_warned_once_a_day(personas):
    assert warn_of_gaps() is True
    assert warn_of_gaps() is False  # another run the same day: already warned
    warned = Notification.objects.filter(kind="ethics_coverage_gap")
    assert list(warned.values_list("user", flat=True)) == [personas.admin.pk]
    assert "No ethics officer is designated on" in str(warned.get().text)
    page = unescape(_client(personas.admin).get("/en/staff/").content.decode())
    assert "Ethics and disclosure: no ethics officer on" in page
    assert "no ethics officer on" not in unescape(_client(personas.investigator_qc).get("/en/staff/").content.decode())


def test_no_warning_when_every_day_is_covered(personas):
    designate(create_staff(region_code="HQ"))
    assert warn_of_gaps() is False
    assert not Notification.objects.filter(kind="ethics_coverage_gap").exists()


def test_an_administrator_designates_the_officer_through_the_page_and_it_is_audited(personas):
    officer = create_staff(region_code="HQ", full_name="Étienne Éthique")
    client = _client(personas.admin)
    today = timezone.localdate()
    response = client.post("/fr/staff/ethics/designations/new/", {
        "post": "officer", "user": officer.pk, "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=1)).isoformat(), "phone": "", "email": ""})
    assert response.status_code == 400 and "La date de fin précède la date de début" in unescape(
        response.content.decode())
    response = client.post("/en/staff/ethics/designations/new/", {
        "post": "officer", "user": officer.pk, "starts_on": today.isoformat(), "ends_on": "",
        "phone": "418 555-0100", "email": "ethique@sentinelle.example"})
    assert response.status_code == 302
    designation = Designation.objects.get()
    assert AuditEvent.objects.filter(object_type="ethics.designation", action="create", actor=personas.admin).exists()
    page = unescape(_client(personas.investigator_qc).get("/en/staff/ethics/").content.decode())
    assert "Étienne Éthique" in page and "418 555-0100" in page and "Protecteur du citoyen" in page
    assert "Public Sector Integrity Commissioner" in page
    assert designation.user == officer
    assert _client(personas.investigator_qc).get("/en/staff/ethics/designations/new/").status_code == 403


def test_the_officer_keeps_a_register_of_consultations_without_names_unless_agreed(personas):
    officer = create_staff(region_code="HQ")
    designate(officer)
    client = _client(officer)
    response = client.post("/en/staff/ethics/consultations/", {
        "asked_on": timezone.localdate().isoformat(), "topic": "Gifts", "question": "May I accept a basket of "
        "vegetables from an employer?", "advice": "No: decline it politely.", "person": ""})
    assert response.status_code == 302
    client.post("/en/staff/ethics/consultations/", {
        "asked_on": timezone.localdate().isoformat(), "topic": "Outside work", "question": "May I teach evenings?",
        "advice": "Yes, if no employer of our files is involved.", "person": personas.investigator_qc.pk})
    page = unescape(client.get("/en/staff/ethics/consultations/").content.decode())
    assert "basket of vegetables" in page and "Not named" in page and "Amélie Investigator" in page
    response = client.post("/fr/staff/ethics/consultations/", {"asked_on": "", "topic": "", "question": "Écrit",
                                                                "advice": "", "person": ""})
    assert response.status_code == 400 and "Écrit" in unescape(response.content.decode())
    for reader in (personas.admin, personas.privacy_officer, personas.investigator_qc):
        assert _client(reader).get("/en/staff/ethics/consultations/").status_code == 403
