"""Role + region + sharing decide what a staff member may open, on pages and in
the API alike; a refusal looks like "not found" and is written to the audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.test import api_token_for, create_employer, sign_in

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


@pytest.fixture
def quebec_and_ontario():
    return create_employer("QC", legal_name="Fermes Beaulieu inc."), create_employer(
        "ON", legal_name="Erie Greenhouses Ltd."
    )


def test_region_a_user_cannot_open_a_region_b_employer_page(personas, quebec_and_ontario):
    quebec, ontario = quebec_and_ontario
    client = Client()
    sign_in(client, personas.investigator_qc)

    assert client.get(f"/en/staff/employers/{quebec.pk}/").status_code == 200
    refused = client.get(f"/en/staff/employers/{ontario.pk}/")
    assert refused.status_code == 404
    assert "Erie Greenhouses" not in refused.content.decode()
    # Same answer as for an employer that does not exist at all.
    assert client.get("/en/staff/employers/999999/").status_code == 404

    denial = AuditEvent.objects.get(action=Action.PERMISSION_DENIED)
    assert denial.actor == personas.investigator_qc
    assert denial.object_id == str(ontario.pk)
    assert denial.detail["permission"] == "cases.view_employer"
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(quebec.pk)).count() == 1


def test_employer_list_shows_only_the_users_region(personas, quebec_and_ontario):
    client = Client()
    sign_in(client, personas.team_lead_on)
    page = client.get("/en/staff/employers/").content.decode()
    assert "Erie Greenhouses" in page
    assert "Fermes Beaulieu" not in page


def test_national_hq_sees_every_region(personas, quebec_and_ontario):
    quebec, ontario = quebec_and_ontario
    client = Client()
    sign_in(client, personas.privacy_officer)
    assert client.get(f"/en/staff/employers/{quebec.pk}/").status_code == 200
    assert client.get(f"/en/staff/employers/{ontario.pk}/").status_code == 200


def test_staff_without_a_role_are_refused_and_audited(personas, quebec_and_ontario):
    client = Client()
    sign_in(client, personas.outsider)
    assert client.get("/en/staff/").status_code == 403
    assert client.get("/en/staff/employers/").status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, actor=personas.outsider).count() == 2


def test_a_deactivated_account_loses_access_at_once(personas, quebec_and_ontario):
    quebec, _ontario = quebec_and_ontario
    client = Client()
    sign_in(client, personas.investigator_qc)
    personas.investigator_qc.is_active = False
    personas.investigator_qc.save()
    response = client.get(f"/en/staff/employers/{quebec.pk}/")
    assert response.status_code == 302


def test_audit_log_is_for_privacy_officers_and_administrators(personas):
    for user, expected in [
        (personas.privacy_officer, 200),
        (personas.admin, 200),
        (personas.investigator_qc, 403),
        (personas.team_lead_on, 403),
    ]:
        client = Client()
        sign_in(client, user)
        assert client.get("/en/staff/audit/").status_code == expected, user


def test_admin_site_is_for_administrators_only(personas):
    client = Client()
    sign_in(client, personas.admin)
    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/admin/accounts/region/").status_code == 200

    other = Client()
    sign_in(other, personas.team_lead_on)
    response = other.get("/en/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_sign_in_goes_through_the_second_factor(personas):
    response = Client().get("/en/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


# API -----------------------------------------------------------------------------


def _api(token: str | None = None) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}") if token else Client()


def test_api_applies_the_same_region_rule(personas, quebec_and_ontario):
    quebec, ontario = quebec_and_ontario
    api = _api(api_token_for(personas.investigator_qc))

    ok = api.get(f"/api/v1/employers/{quebec.pk}")
    assert ok.status_code == 200
    assert ok.json()["legal_name"] == "Fermes Beaulieu inc."
    assert ok.json()["region"] == "QC"

    assert api.get(f"/api/v1/employers/{ontario.pk}").status_code == 404
    assert api.get("/api/v1/employers/999999").status_code == 404
    names = [e["legal_name"] for e in api.get("/api/v1/employers").json()["items"]]
    assert names == ["Fermes Beaulieu inc."]
    assert AuditEvent.objects.filter(
        action=Action.PERMISSION_DENIED, object_id=str(ontario.pk), actor=personas.investigator_qc
    ).exists()


def test_api_requires_a_valid_unrevoked_token(personas):
    assert _api().get("/api/v1/me").status_code == 401
    assert _api("snt_not-a-token").get("/api/v1/me").status_code == 401

    token = api_token_for(personas.team_lead_on)
    me = _api(token).get("/api/v1/me").json()
    assert me == {"email": personas.team_lead_on.email, "full_name": "Daniel Lead", "region": "ON",
                  "roles": ["team_lead"]}

    from sentinelle.accounts.models import ApiToken
    from sentinelle.accounts.services import revoke_api_token

    revoke_api_token(ApiToken.objects.get(user=personas.team_lead_on), actor=personas.team_lead_on)
    assert _api(token).get("/api/v1/me").status_code == 401


def test_api_tokens_stop_working_once_the_end_date_has_passed(personas):
    import datetime

    from django.utils import timezone

    lead = personas.team_lead_on
    token = api_token_for(lead)
    lead.leaves_on = timezone.localdate()  # leaves tonight: still works today
    lead.save()
    assert _api(token).get("/api/v1/me").status_code == 200
    lead.leaves_on = timezone.localdate() - datetime.timedelta(days=2)
    lead.save()
    assert _api(token).get("/api/v1/me").status_code == 401


def test_api_refuses_a_role_that_may_not_see_employers(personas):
    api = _api(api_token_for(personas.outsider))
    assert api.get("/api/v1/employers").status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, actor=personas.outsider).exists()


def test_tokens_are_stored_only_as_digests(personas):
    from sentinelle.accounts.models import ApiToken

    raw = api_token_for(personas.investigator_qc)
    stored = ApiToken.objects.get(user=personas.investigator_qc)
    assert raw not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == ApiToken.digest_of(raw)


def test_staff_create_and_revoke_their_own_tokens_on_the_page(personas):
    client = Client()
    sign_in(client, personas.investigator_qc)
    page = client.post("/en/staff/api-tokens/", {"name": "Monthly export"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Copy it now" in html
    from sentinelle.accounts.models import ApiToken

    token = ApiToken.objects.get(user=personas.investigator_qc)
    assert token.prefix in html
    empty = client.post("/en/staff/api-tokens/", {"name": "  "})
    assert empty.status_code == 400
    assert "This field is required" in empty.content.decode()

    # Someone else's token cannot be revoked: it looks like it does not exist.
    other = Client()
    sign_in(other, personas.team_lead_on)
    assert other.post(f"/en/staff/api-tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/en/staff/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED, actor=personas.investigator_qc).exists()
