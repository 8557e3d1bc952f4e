"""Every field the Regulation requires (art. 3 for the notice to the Commission,
art. 5 for the notice to the persons concerned and the public notice, art. 7 for
the register) is enforced: while one is missing, the notice or the entry is
refused, and the refusal names the missing field."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from sentinelle.incidents.models import Notice, NoticeKind, RegisterEntry
from sentinelle.incidents.notices import NoticeError, generate_notice
from sentinelle.incidents.register import RegisterError, record_entry
from sentinelle.incidents.requirements import ARTICLE_3, ARTICLE_5, ARTICLE_7, REQUIREMENTS
from sentinelle.test import sign_in

from .factories import complete_incident

pytestmark = pytest.mark.django_db

# How to take each required field away from a complete incident.
WITHOUT = {
    "body_name": {"body_name": ""},
    "contact_name": {"contact_name": ""},
    "contact_details": {"contact_phone": "", "contact_email": ""},
    "information_concerned": {"information_concerned": ""},
    "circumstances": {"circumstances": "  "},
    "occurred_on": {"occurred_on": None},
    "learned_on": {"learned_on": None},
    "persons_concerned": {"persons_concerned": None},
    "persons_in_quebec": {"persons_in_quebec": None},
    "grid": {"probability": None},
    "conclusion": {"serious_harm": None},
    "harm_explanation": {"harm_explanation": ""},
    "measures_reduce": {"with_measures": ("prevent",)},
    "measures": {"with_measures": ()},
    "notification_measures": {"notification_measures": ""},
    "suggested_measures": {"suggested_measures": ""},
}


def test_the_articles_list_the_regulations_fields():
    assert ARTICLE_3 == ["body_name", "contact_name", "contact_details", "information_concerned", "circumstances",
                         "occurred_on", "learned_on", "persons_concerned", "persons_in_quebec", "grid", "conclusion",
                         "harm_explanation", "measures_reduce", "notification_measures"]
    assert set(ARTICLE_5) == {"information_concerned", "circumstances", "occurred_on", "measures_reduce",
                              "suggested_measures", "contact_name", "contact_details"}
    assert set(ARTICLE_7) == {"information_concerned", "circumstances", "occurred_on", "learned_on",
                              "persons_concerned", "grid", "conclusion", "measures"}


def test_a_complete_incident_gets_every_notice_and_its_entry(personas):
    incident = complete_incident(personas.privacy_officer)
    record_entry(incident, actor=personas.privacy_officer)
    for kind in NoticeKind.values:
        generate_notice(incident, kind, language="en", given_on=date(2026, 3, 6), actor=personas.privacy_officer,
                        recipients=["Worker A, 1 Main St."], condition="no_contact")
    assert Notice.objects.filter(incident=incident).count() == 3


@pytest.mark.parametrize("key", ARTICLE_3)
def test_the_notice_to_the_commission_needs_every_field_of_article_3(personas, key):
    incident = complete_incident(personas.privacy_officer, **WITHOUT[key])
    with translation.override("en"), pytest.raises(NoticeError) as refused:
        generate_notice(incident, NoticeKind.COMMISSION, language="fr", given_on=date(2026, 3, 6),
                        actor=personas.privacy_officer)
    label = str(REQUIREMENTS[key].label)
    assert refused.value.message == f"The notice cannot be generated: these required fields are missing: {label}."
    assert not Notice.objects.exists()


@pytest.mark.parametrize("kind", [NoticeKind.PERSONS, NoticeKind.PUBLIC])
@pytest.mark.parametrize("key", ARTICLE_5)
def test_the_notices_to_the_persons_need_every_field_of_article_5(personas, key, kind):
    incident = complete_incident(personas.privacy_officer, **WITHOUT[key])
    with translation.override("en"), pytest.raises(NoticeError) as refused:
        generate_notice(incident, kind, language="en", given_on=date(2026, 3, 6), actor=personas.privacy_officer,
                        recipients=["Worker A"], condition="hardship")
    assert refused.value.message.endswith(f"missing: {REQUIREMENTS[key].label}.")
    assert not Notice.objects.exists()


@pytest.mark.parametrize("key", ARTICLE_7)
def test_the_register_needs_every_field_of_article_7(personas, key):
    incident = complete_incident(personas.privacy_officer, **WITHOUT[key])
    with translation.override("en"), pytest.raises(RegisterError) as refused:
        record_entry(incident, actor=personas.privacy_officer)
    assert refused.value.message == ("The incident cannot be recorded in the register: these required fields "
                                     f"(art. 7) are missing: {REQUIREMENTS[key].label}.")
    assert not RegisterEntry.objects.exists()


def test_every_missing_field_is_named_at_once(personas):
    incident = complete_incident(personas.privacy_officer, contact_name="", learned_on=None, harm_explanation="")
    with translation.override("en"), pytest.raises(NoticeError) as refused:
        generate_notice(incident, NoticeKind.COMMISSION, language="en", given_on=date(2026, 3, 6),
                        actor=personas.privacy_officer)
    assert refused.value.message.endswith(
        "missing: Contact person; Date the body learned of the incident; Explanation of the serious harm (section 3).")


def test_information_that_cannot_be_described_is_explained_instead(personas):
    incident = complete_incident(personas.privacy_officer, information_concerned="",
                                 information_not_describable="The stolen laptop's content is not yet known.")
    notice = generate_notice(incident, NoticeKind.COMMISSION, language="en", given_on=date(2026, 3, 6),
                             actor=personas.privacy_officer)
    assert notice.pk


def test_a_batch_to_the_persons_needs_its_recipients_and_a_public_notice_its_condition(personas):
    incident = complete_incident(personas.privacy_officer)
    with translation.override("en"):
        with pytest.raises(NoticeError) as refused:
            generate_notice(incident, NoticeKind.PERSONS, language="en", given_on=date(2026, 3, 6),
                            actor=personas.privacy_officer, recipients=["", "  "])
        assert refused.value.message.endswith("missing: Recipients (one per line).")
        with pytest.raises(NoticeError) as refused:
            generate_notice(incident, NoticeKind.PUBLIC, language="en", given_on=date(2026, 3, 6),
                            actor=personas.privacy_officer, condition="")
        assert refused.value.message.endswith("missing: Condition that justifies a public notice (art. 6).")


def test_no_notice_without_a_risk_of_serious_harm(personas):
    incident = complete_incident(personas.privacy_officer, serious_harm=False)
    with translation.override("en"), pytest.raises(NoticeError) as refused:
        generate_notice(incident, NoticeKind.COMMISSION, language="en", given_on=date(2026, 3, 6),
                        actor=personas.privacy_officer)
    assert "no risk of serious harm" in refused.value.message


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_notice_form_names_the_missing_fields_in_the_users_language(personas, language):
    incident = complete_incident(personas.privacy_officer, contact_name="", persons_in_quebec=None)
    client = Client()
    sign_in(client, personas.privacy_officer)

    response = client.post(f"/{language}/staff/incidents/{incident.pk}/notices/commission/new/",
                           {"language": "fr", "given_on": "2026-03-06"})

    assert response.status_code == 400
    page = response.content.decode()
    with translation.override(language):
        expected = [str(REQUIREMENTS["contact_name"].label), str(REQUIREMENTS["persons_in_quebec"].label)]
    for label in expected:
        assert label in page
    assert 'role="alert"' in page
    assert not Notice.objects.exists()
