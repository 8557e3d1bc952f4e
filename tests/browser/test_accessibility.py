"""Every page passes axe-core with no violation at all, in French and in English
(worker pages also in Spanish and Tagalog), signed out and signed in, including
the states a form shows after a mistake."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Response

from sentinelle.accounts.models import Notification
from sentinelle.accounts.notifications import mark_read, notify
from sentinelle.test import PASSWORD, Personas, create_employer, create_staff, wrong_code

from .conftest import assert_accessible, enter_code, enter_password, fresh_totp_code, sign_in, submit

pytestmark = pytest.mark.browser

OFFICIAL_LANGUAGES = ["fr", "en"]
WORKER_LANGUAGES = ["fr", "en", "es", "tl"]


def assert_status(response: Response | None, status: int) -> None:
    assert response is not None
    assert response.status == status, f"{response.url}: HTTP {response.status}, not {status}"


def open_page(page: Page, path: str, *, status: int = 200) -> None:
    response = page.goto(path)
    assert_status(response, status)
    assert page.url.endswith(path), f"{path} ended at {page.url}"


# Signed out -----------------------------------------------------------------------


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_worker_home(page: Page, language: str) -> None:
    open_page(page, f"/{language}/")
    assert_accessible(page)


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_worker_page_not_found(page: Page, language: str) -> None:
    open_page(page, f"/{language}/no-such-page/", status=404)
    assert_accessible(page)


SIGNED_OUT_PAGES = {
    "sign_in": "/accounts/login/",
    "password_reset": "/accounts/password/reset/",
    "password_reset_sent": "/accounts/password/reset/done/",
    "sign_up_closed": "/accounts/signup/",
    "staff_page_not_found": "/staff/no-such-page/",
}


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
@pytest.mark.parametrize("path", SIGNED_OUT_PAGES.values(), ids=SIGNED_OUT_PAGES.keys())
def test_signed_out_page(page: Page, language: str, path: str) -> None:
    status = 404 if "no-such-page" in path else 200
    open_page(page, f"/{language}{path}", status=status)
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_sign_in_with_nothing_entered(page: Page, language: str) -> None:
    open_page(page, f"/{language}/accounts/login/")
    submit(page, "login")
    assert page.get_by_role("alert").is_visible()
    assert page.locator('[aria-invalid="true"]').count() == 2
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_sign_in_with_a_wrong_password(page: Page, language: str) -> None:
    user = create_staff("investigator")
    enter_password(page, user, language=language, password="not the password")
    assert page.url.endswith(f"/{language}/accounts/login/")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_second_factor_step(page: Page, language: str) -> None:
    user = create_staff("investigator")
    enter_password(page, user, language=language)
    assert page.url.endswith(f"/{language}/accounts/2fa/authenticate/")
    assert_accessible(page)

    enter_code(page, wrong_code(user))
    assert page.locator('input[name="code"][aria-invalid="true"]').is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_account_locked_page(page: Page, language: str) -> None:
    user = create_staff("team_lead", region_code="ON")
    enter_password(page, user, language=language)
    bad = wrong_code(user)
    for _attempt in range(4):
        assert_status(enter_code(page, bad), 200)
    assert_status(enter_code(page, bad), 429)
    assert page.locator('input[name="code"]').count() == 0
    assert_accessible(page)


# Signed in ------------------------------------------------------------------------

# (persona, path, HTTP status); "{employer}" stands for an employer of Quebec, within
# the investigator's reach, "{investigator}" for the investigator's account.
SIGNED_IN_PAGES: dict[str, tuple[str, str, int]] = {
    "staff_home": ("investigator_qc", "/staff/", 200),
    "employers": ("investigator_qc", "/staff/employers/", 200),
    "employers_none_found": ("investigator_qc", "/staff/employers/?q=no+such+employer", 200),
    "employer": ("investigator_qc", "/staff/employers/{employer}/", 200),
    "audit_log": ("privacy_officer", "/staff/audit/", 200),
    "audit_log_invalid_filter": ("privacy_officer", "/staff/audit/?since=yesterday&until=2026-13-45", 200),
    "api_tokens": ("team_lead_on", "/staff/api-tokens/", 200),
    "notifications": ("team_lead_on", "/staff/notifications/", 200),
    "second_factor_management": ("investigator_qc", "/accounts/2fa/", 200),
    "email_addresses": ("investigator_qc", "/accounts/email/", 200),
    "password_change": ("investigator_qc", "/accounts/password/change/", 200),
    "sign_out": ("investigator_qc", "/accounts/logout/", 200),
    "access_denied": ("investigator_qc", "/staff/audit/", 403),
    "admin_index": ("admin", "/admin/", 200),
    "admin_staff_list": ("admin", "/admin/accounts/user/", 200),
    "admin_staff_add": ("admin", "/admin/accounts/user/add/", 200),
    "admin_staff_change": ("admin", "/admin/accounts/user/{investigator}/change/", 200),
    "admin_sectors": ("admin", "/admin/cases/sector/", 200),
    "admin_regions": ("admin", "/admin/accounts/region/", 200),
}




@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [pytest.param(*page, id=name) for name, page in SIGNED_IN_PAGES.items()],
)
def test_signed_in_page(
    page: Page, personas: Personas, language: str, persona: str, path: str, status: int
) -> None:
    # Enough employers for the list to have a second page (50 a page).
    employers = [create_employer("QC") for _n in range(51)]
    path = path.format(employer=employers[0].pk, investigator=personas.investigator_qc.pk)
    user = getattr(personas, persona)
    for kind in ("escalation_12h", "escalation_target"):  # one read, one not
        notify([user], kind, {"reference": "R-2026-TEST"})
    mark_read(Notification.objects.filter(kind="escalation_12h"))
    sign_in(page, user, language=language)
    open_page(page, f"/{language}{path}", status=status)
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_api_tokens_after_a_mistake_and_after_creating_one(
    page: Page, personas: Personas, language: str
) -> None:
    sign_in(page, personas.team_lead_on, language=language)
    open_page(page, f"/{language}/staff/api-tokens/")
    submit(page, "name")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    page.fill('input[name="name"]', "Monthly report")
    submit(page, "name")
    assert page.locator(".secret").is_visible()
    assert_accessible(page)


def reauthenticate(page: Page) -> None:
    assert "/accounts/reauthenticate/" in page.url, page.url
    page.fill('input[name="password"]', PASSWORD)
    submit(page, "password")


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_recovery_codes(page: Page, personas: Personas, language: str) -> None:
    sign_in(page, personas.investigator_qc, language=language)
    page.goto(f"/{language}/accounts/2fa/recovery-codes/generate/")
    # Confirming access comes first: that page is checked too.
    assert_accessible(page)
    reauthenticate(page)
    assert page.url.endswith(f"/{language}/accounts/2fa/recovery-codes/generate/")
    assert_accessible(page)

    submit(page)
    open_page(page, f"/{language}/accounts/2fa/recovery-codes/")
    assert page.locator("textarea#recovery_codes").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_authenticator_deactivation_page(page: Page, personas: Personas, language: str) -> None:
    sign_in(page, personas.investigator_qc, language=language)
    page.goto(f"/{language}/accounts/2fa/totp/deactivate/")
    reauthenticate(page)
    assert page.url.endswith(f"/{language}/accounts/2fa/totp/deactivate/")
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_authenticator_activation(page: Page, language: str) -> None:
    """A staff member without a second factor is sent to set one up."""
    user = create_staff("investigator", with_totp=False)
    enter_password(page, user, language=language)
    page.goto(f"/{language}/staff/")
    reauthenticate(page)
    assert page.url.endswith(f"/{language}/accounts/2fa/totp/activate/")
    assert_accessible(page)

    page.fill('input[name="code"]', "000000")
    submit(page, "code")
    assert page.locator('input[name="code"][aria-invalid="true"]').is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_staff_home_after_signing_in_with_the_second_factor(
    page: Page, personas: Personas, language: str
) -> None:
    """The staff home just after signing in shows the sign-in message."""
    enter_password(page, personas.admin, language=language)
    enter_code(page, fresh_totp_code(personas.admin))
    assert page.url.endswith(f"/{language}/staff/")
    assert_accessible(page)
