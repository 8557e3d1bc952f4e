"""Staff disclosures: any staff member makes one (anonymously or not) and follows
it up with a receipt code; only the ethics officer and the substitute designated
today read it, each reading audited; no role does, administrators and privacy
officers included, in the pages, the audit log or the admin site."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import RoleCode
from sentinelle.audit.models import AuditEvent
from sentinelle.ethics.models import Disclosure, Message, Post
from sentinelle.test import create_staff, sign_in

from .factories import designate, disclosure

pytestmark = pytest.mark.django_db

SECRET = "Le chef d’équipe falsifie les rapports d’inspection de la ferme Tremblay."


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def _disclose(user, *, anonymous: bool = True, text: str = SECRET) -> tuple[Disclosure, str]:  # type: ignore[no-untyped-def]
    response = _client(user).post("/en/staff/ethics/disclose/", {
        "wrongdoing": text, "when_where": "", "anonymous": "yes" if anonymous else "no"})
    assert response.status_code == 200
    page = unescape(response.content.decode())
    made = Disclosure.objects.get()
    code = page.split('class="receipt-code"><strong>')[1].split("<")[0]
    assert made.reference in page
    return made, code


def test_an_anonymous_disclosure_keeps_no_trace_of_its_author(personas):
    officer = create_staff("investigator", region_code="QC", full_name="Éloïse Éthique")
    designate(officer)
    author = personas.investigator_qc
    made, code = _disclose(author)
    assert made.anonymous and made.discloser is None
    assert len(code.replace("-", "")) == 20 and code.replace("-", "") not in made.receipt_verifier
    created = AuditEvent.objects.get(object_type="ethics.disclosure", action="create")
    assert (created.actor, created.actor_label, created.ip_address, created.path) == (None, "", None, "")
    assert created.object_label == made.reference and SECRET not in str(created.detail)
    page = unescape(_client(officer).get(f"/en/staff/ethics/disclosures/{made.pk}/").content.decode())
    assert SECRET in page and author.full_name not in page and "Anonymous" in page


def test_a_named_disclosure_shows_its_author_to_the_officer_only(personas):
    officer = create_staff(region_code="HQ")
    designate(officer)
    made, _code = _disclose(personas.investigator_qc, anonymous=False)
    assert made.discloser == personas.investigator_qc
    page = unescape(_client(officer).get(f"/en/staff/ethics/disclosures/{made.pk}/").content.decode())
    assert "Amélie Investigator" in page
    audit = unescape(_client(personas.admin).get("/en/staff/audit/").content.decode())
    assert "Amélie Investigator" not in audit.split("<main")[1] and SECRET not in audit


@pytest.mark.parametrize("role", [*RoleCode.values, None])
def test_no_role_reads_a_disclosure(personas, role):
    designate(create_staff(region_code="HQ"))
    made, _code = disclosure(personas.outsider)
    reader = create_staff(*([role] if role else []), region_code="HQ")
    client = _client(reader)
    assert client.get("/en/staff/ethics/disclosures/").status_code == 403
    assert client.get(f"/en/staff/ethics/disclosures/{made.pk}/").status_code in (403, 404)
    assert client.post(f"/en/staff/ethics/disclosures/{made.pk}/handling/", {"status": "closed"}).status_code in (
        403, 404)
    assert client.post(f"/en/staff/ethics/disclosures/{made.pk}/messages/", {"text": "Bonjour"}).status_code in (
        403, 404)
    assert not Message.objects.exists()
    made.refresh_from_db()
    assert made.status == "received"
    # Nor through the audit log nor the admin site.
    for path in ["/en/staff/audit/", "/en/admin/"]:
        response = client.get(path)
        assert SECRET not in unescape(response.content.decode())
    assert Disclosure not in admin.site._registry and Message not in admin.site._registry


def test_every_reading_by_the_officer_is_audited_and_names_them(personas):
    officer = create_staff(region_code="HQ")
    designate(officer)
    made, _code = disclosure(personas.outsider)
    client = _client(officer)
    for _ in range(2):
        assert client.get(f"/en/staff/ethics/disclosures/{made.pk}/").status_code == 200
    readings = AuditEvent.objects.filter(object_type="ethics.disclosure", action="view", actor=officer)
    assert readings.count() == 2


def test_the_substitute_reads_while_designated_and_not_after(personas):
    officer, substitute = create_staff(region_code="HQ"), create_staff(region_code="QC")
    designate(officer)
    today = timezone.localdate()
    current = designate(substitute, Post.SUBSTITUTE, ends_on=today)
    made, _code = disclosure(personas.outsider)
    assert _client(substitute).get(f"/en/staff/ethics/disclosures/{made.pk}/").status_code == 200
    current.ends_on = today - timedelta(days=1)
    current.save()
    assert _client(substitute).get(f"/en/staff/ethics/disclosures/{made.pk}/").status_code in (403, 404)
    # A designation that has not begun opens nothing either.
    later = create_staff(region_code="ON")
    designate(later, starts_on=today + timedelta(days=1))
    assert _client(later).get("/en/staff/ethics/disclosures/").status_code == 403


def test_an_officer_replaced_by_a_later_designation_reads_no_more(personas):
    before, after = create_staff(region_code="HQ"), create_staff(region_code="QC")
    designate(before)  # never ended: the later designation replaces it
    designate(after, starts_on=timezone.localdate() - timedelta(days=1))
    made, _code = disclosure(personas.outsider)
    assert _client(after).get(f"/en/staff/ethics/disclosures/{made.pk}/").status_code == 200
    assert _client(before).get(f"/en/staff/ethics/disclosures/{made.pk}/").status_code in (403, 404)
    assert _client(before).get("/en/staff/ethics/disclosures/").status_code == 403


def test_the_officer_answers_and_the_author_reads_it_through_the_receipt_code(personas):
    officer = create_staff(region_code="HQ")
    designate(officer)
    author = personas.investigator_qc
    made, code = _disclose(author)
    officer_client = _client(officer)
    response = officer_client.post(f"/en/staff/ethics/disclosures/{made.pk}/messages/",
                                   {"text": "Merci. Avez-vous des dates précises ?"})
    assert response.status_code == 302
    response = officer_client.post(f"/en/staff/ethics/disclosures/{made.pk}/handling/", {
        "status": "investigating", "handling": "Rencontre avec la direction le 3 mars.", "outcome": "",
        "reprisal_complaint": "", "reprisal_received_on": "", "version": made.version})
    assert response.status_code == 302
    author_client = _client(author)
    page = unescape(author_client.post("/en/staff/ethics/follow-up/", {"code": code.replace("-", " ")})
                    .content.decode())
    assert "Avez-vous des dates précises ?" in page and "Under investigation" in page
    assert "Rencontre avec la direction" not in page  # the handling notes stay the officer's
    response = author_client.post("/en/staff/ethics/follow-up/reply/", {"code": code, "text": "Le 2 et le 9 mars."})
    assert response.status_code == 200 and "Le 2 et le 9 mars." in unescape(response.content.decode())
    page = unescape(officer_client.get(f"/en/staff/ethics/disclosures/{made.pk}/").content.decode())
    assert "Le 2 et le 9 mars." in page
    replies = AuditEvent.objects.filter(object_type="ethics.disclosure", detail__by="receipt code")
    assert replies.exists() and not replies.exclude(actor=None).exists()


def test_a_wrong_code_is_refused_with_a_clear_message_and_nothing_is_shown(personas):
    designate(create_staff(region_code="HQ"))
    disclosure(personas.outsider)
    client = _client(personas.investigator_qc)
    response = client.post("/en/staff/ethics/follow-up/", {"code": "1234"})
    assert response.status_code == 400 and "A receipt code has 20 digits" in unescape(response.content.decode())
    response = client.post("/en/staff/ethics/follow-up/", {"code": "12345-12345-12345-12345"})
    assert response.status_code == 400 and "No disclosure has this code" in response.content.decode()
    assert SECRET not in response.content.decode()
    response = client.post("/fr/staff/ethics/follow-up/", {"code": "12345-12345-12345-12345"})
    assert "Aucune divulgation" in unescape(response.content.decode())


def test_wrong_codes_spend_tries_of_their_own_bucket_and_then_the_page_waits(personas, settings):
    settings.FOLLOW_UP_TRIES_BURST = 2
    made, code = _disclose(personas.investigator_qc)
    client = _client(personas.investigator_qc)
    response = client.post("/en/staff/ethics/follow-up/", {"code": code})
    assert response.status_code == 200  # the right code costs no try
    for _ in range(2):
        assert client.post("/en/staff/ethics/follow-up/", {"code": "12345-12345-12345-12345"}).status_code == 400
    response = client.post("/en/staff/ethics/follow-up/", {"code": code})
    assert response.status_code == 429 and SECRET not in unescape(response.content.decode())
    assert "Try again in 10 minutes." in response.content.decode()  # one try back every 10 minutes
    response = client.post("/en/staff/ethics/follow-up/reply/", {"code": code, "text": "Encore moi."})
    assert response.status_code == 429 and not made.messages.exists()


def test_an_empty_disclosure_is_refused_and_what_was_typed_stays(personas):
    client = _client(personas.investigator_qc)
    response = client.post("/fr/staff/ethics/disclose/", {"wrongdoing": "", "when_where": "Montréal, en mai",
                                                          "anonymous": "yes"})
    page = unescape(response.content.decode())
    assert response.status_code == 400 and "Montréal, en mai" in page and "Décrivez" in page
    assert not Disclosure.objects.exists()


def test_a_stale_handling_is_a_conflict_and_saves_nothing(personas):
    officer = create_staff(region_code="HQ")
    designate(officer)
    made, _code = disclosure(personas.outsider)
    client = _client(officer)
    data = {"status": "under_review", "handling": "Premier examen.", "outcome": "", "reprisal_complaint": "",
            "reprisal_received_on": "", "version": made.version}
    assert client.post(f"/en/staff/ethics/disclosures/{made.pk}/handling/", data).status_code == 302
    data["handling"] = "Autre chose."
    assert client.post(f"/en/staff/ethics/disclosures/{made.pk}/handling/", data).status_code == 409
    made.refresh_from_db()
    assert made.handling == "Premier examen."


def test_a_reprisal_complaint_is_recorded_with_the_disclosure(personas):
    officer = create_staff(region_code="HQ")
    designate(officer)
    made, _code = disclosure(personas.outsider)
    response = _client(officer).post(f"/en/staff/ethics/disclosures/{made.pk}/handling/", {
        "status": "investigating", "handling": "", "outcome": "", "version": made.version,
        "reprisal_complaint": "Mutée à Gaspé deux semaines après la divulgation.",
        "reprisal_received_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.reprisal_received_on == timezone.localdate()
    page = unescape(_client(officer).get("/en/staff/ethics/disclosures/").content.decode())
    assert made.reference in page
