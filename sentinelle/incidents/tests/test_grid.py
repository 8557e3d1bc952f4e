"""The risk-of-serious-harm grid: four factors rated low (1), medium (2) or high
(3), each rating shown with its guidance; the grid's conclusion by its
documented rule; the officer confirms it or overrides it, with a reason."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.incidents.grid import FACTORS, conclusion
from sentinelle.incidents.models import Incident, RegisterEntry
from sentinelle.test import sign_in

from .factories import complete_incident, edit_data

pytestmark = pytest.mark.django_db(databases=["default"])

L, M, H = 1, 2, 3


@pytest.mark.parametrize(("sensitivity", "malicious", "consequences", "probability", "expected"), [
    (H, H, H, L, False),   # a low probability: never by the grid alone
    (L, L, L, L, False),
    (H, L, L, M, True),    # highly sensitive, harmful use possible
    (L, L, H, M, True),    # high consequences, harmful use possible
    (M, H, M, M, True),    # 2 + 3 + 2 + 2 = 9
    (M, M, M, M, False),   # 8
    (L, H, M, H, True),    # 1 + 3 + 2 + 3 = 9
    (L, H, L, H, False),   # 8, nothing high but malicious use and probability
    (M, L, M, H, False),   # 8
    (M, H, M, H, True),    # 10
])
def test_the_grids_rule(sensitivity, malicious, consequences, probability, expected):
    assert conclusion(sensitivity=sensitivity, malicious_use=malicious, consequences=consequences,
                      probability=probability) is expected


def test_the_rule_on_all_81_combinations():
    yes = 0
    for s, m, c, p in itertools.product((L, M, H), repeat=4):
        result = conclusion(sensitivity=s, malicious_use=m, consequences=c, probability=p)
        if p == L:
            assert result is False
        elif s == H or c == H:
            assert result is True
        else:
            assert result is (s + m + c + p >= 9)
        yes += result
    # With probability medium or high (54 combinations): 30 have sensitivity or consequences high;
    # of the 24 others (s, c in {L, M}), the sum reaches 9 for: p=M: m=H with s=c=M (1); p=H: m=H with
    # s + c >= 3 (3), m=M with s=c=M (1), m=L never (s + c would need 5).
    assert yes == 30 + 1 + 3 + 1


def test_no_conclusion_until_every_factor_is_rated():
    assert conclusion(sensitivity=H, malicious_use=H, consequences=H, probability=None) is None


def test_each_rating_comes_with_its_guidance():
    for factor in FACTORS:
        labels = [label for _value, label in factor.choices()]
        assert [value for value, _label in factor.choices()] == [1, 2, 3]
        assert labels[0].startswith("Low – ") and labels[2].startswith("High – ")
        assert all(len(label) > 20 for label in labels)


@pytest.fixture
def officer(personas) -> Client:
    client = Client()
    sign_in(client, personas.privacy_officer)
    return client


def test_the_officer_confirms_the_grid(personas, officer):
    incident = complete_incident(personas.privacy_officer, serious_harm=None)
    response = officer.post(f"/en/staff/incidents/{incident.pk}/conclusion/", {"serious_harm": "yes"}, follow=True)
    assert "Conclusion recorded: you confirmed the grid’s conclusion." in response.content.decode()
    incident.refresh_from_db()
    assert incident.serious_harm is True and incident.overridden is False and incident.concluded_by == personas.privacy_officer
    assert AuditEvent.objects.filter(action="update", object_id=str(incident.pk), detail__overridden=False).exists()
    # The incident is complete: its first register entry is written.
    assert RegisterEntry.objects.get(incident=incident).serious_harm is True


def test_overriding_the_grid_needs_a_reason(personas, officer):
    incident = complete_incident(personas.privacy_officer, serious_harm=None)
    response = officer.post(f"/en/staff/incidents/{incident.pk}/conclusion/", {"serious_harm": "no", "reason": " "})
    assert response.status_code == 400
    assert "Say why your conclusion departs from the grid’s." in response.content.decode()
    incident.refresh_from_db()
    assert incident.serious_harm is None

    officer.post(f"/en/staff/incidents/{incident.pk}/conclusion/",
                 {"serious_harm": "no", "reason": "The recipient is a public body bound to confidentiality."})
    incident.refresh_from_db()
    assert (incident.serious_harm, incident.overridden) == (False, True)
    assert incident.override_reason == "The recipient is a public body bound to confidentiality."


def test_no_conclusion_before_the_four_factors_are_rated(personas, officer):
    incident = complete_incident(personas.privacy_officer, serious_harm=None, consequences=None)
    response = officer.post(f"/en/staff/incidents/{incident.pk}/conclusion/", {"serious_harm": "yes"})
    assert response.status_code == 400
    assert "Rate the four factors of the grid before concluding." in response.content.decode()


def test_changing_a_rating_asks_for_the_conclusion_again(personas, officer):
    incident = complete_incident(personas.privacy_officer)
    data = edit_data(officer, incident)
    data["probability"] = "1"
    response = officer.post(f"/en/staff/incidents/{incident.pk}/edit/", data, follow=True)
    assert "confirm the conclusion on the risk of serious harm again" in response.content.decode()
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.probability == 1 and incident.serious_harm is None and incident.grid_conclusion is False
