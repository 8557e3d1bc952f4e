"""Reference data of the tip line in the admin site."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from sentinelle.audit.models import AuditEvent
from sentinelle.intake.models import ExclusionRule, Partner, RiskRule
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/en/admin/")
    request.user = user
    return request


def test_the_reference_data_is_registered():
    for model in (RiskRule, Partner, ExclusionRule):
        assert admin.site.is_registered(model)


def test_national_analysts_may_tune_risk_weights_but_not_partners():
    analyst = create_staff("national_analyst", region_code="HQ")
    rules_admin = admin.site.get_model_admin(RiskRule)
    partners_admin = admin.site.get_model_admin(Partner)
    assert rules_admin.has_change_permission(_request(analyst))
    assert rules_admin.has_module_permission(_request(analyst))
    assert not partners_admin.has_change_permission(_request(analyst))


@pytest.mark.parametrize("role", ["team_lead", "investigator", "intake_agent"])
def test_other_roles_may_not(role):
    user = create_staff(role, region_code="HQ")
    assert not admin.site.get_model_admin(RiskRule).has_change_permission(_request(user))
    assert not admin.site.get_model_admin(ExclusionRule).has_change_permission(_request(user))


def test_an_administrator_changes_a_weight_and_it_is_recorded(personas):
    client = Client()
    sign_in(client, personas.admin)
    rule = RiskRule.objects.get(kind="allegation", key="wages")
    assert client.get("/en/admin/intake/riskrule/").status_code == 200
    response = client.post(f"/en/admin/intake/riskrule/{rule.pk}/change/",
                           {"kind": "allegation", "key": "wages", "weight": 33, "active": "on"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.weight == 33
    assert AuditEvent.objects.filter(action="update", object_type="intake.riskrule", actor=personas.admin,
                                     detail__fields=["weight"]).exists()
    assert client.get("/en/admin/intake/partner/").status_code == 200
    assert client.get("/en/admin/intake/exclusionrule/").status_code == 200
