"""Security headers on every kind of response, the referrer policy and CSRF over
HTTPS, and `manage.py check --deploy` with the production environment of
deploy/production.env."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.test import Client

from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation
from sentinelle.intake.services import submit_report
from sentinelle.test import (
    PASSWORD,
    api_token_for,
    create_case,
    create_staff,
    fresh_totp_code,
    sign_in,
    tiny_png,
)

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = ROOT / "deploy" / "production.env"
A_YEAR = 365 * 24 * 3600


def production_environment() -> dict[str, str]:
    """The KEY=VALUE lines of deploy/production.env (comments and blanks skipped)."""
    values = {}
    for line in PRODUCTION_ENV.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _sep, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


@pytest.fixture
def behind_tls(settings: Any) -> None:
    """The HTTPS settings of deploy/production.env, as the settings module makes
    them (SecurityMiddleware reads them when a client first loads the middleware)."""
    production = production_environment()
    settings.SECURE_HSTS_SECONDS = int(production["SECURE_HSTS_SECONDS"])
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


def _https(client: Client) -> Client:
    client.defaults["HTTP_X_FORWARDED_PROTO"] = "https"
    client.defaults["HTTP_HOST"] = "testserver"  # as a browser sends it
    return client


def _report_with_a_file() -> tuple[Any, Any, str]:
    code = receipts.new_receipt_code()
    upload = SimpleUploadedFile("photo.png", tiny_png(), content_type="image/png")
    fields = {"anonymous": True, "employer_name": "Ferme Dubé", "employer_province": "QC", "description": "x"}
    report = submit_report(fields, [Allegation.WAGES], [upload], idempotency_key=uuid.uuid4().hex,
                           receipt_code=code).report
    return report, report.attachments.get(), code


def _every_kind_of_response() -> dict[str, tuple[Any, int]]:
    """name -> (response, status expected), over HTTPS behind the proxy."""
    investigator = create_staff("investigator", region_code="QC")
    case = create_case("QC")
    report, attachment, code = _report_with_a_file()
    token = api_token_for(investigator)

    worker = _https(Client())
    staff = _https(Client())
    sign_in(staff, investigator)
    api = _https(Client(HTTP_AUTHORIZATION=f"Bearer {token}"))
    return {
        "worker home": (worker.get("/en/"), 200),
        "report form": (worker.get("/en/report/"), 200),
        "follow-up (code form)": (worker.get("/en/follow-up/"), 200),
        "follow-up (the report, after the code)": (worker.post("/en/follow-up/", {"code": code}), 200),
        "staff sign-in": (_https(Client()).get("/en/accounts/login/"), 200),
        "staff list (cases)": (staff.get("/en/staff/cases/"), 200),
        "case page": (staff.get(f"/en/staff/cases/{case.reference}/"), 200),
        "report page": (staff.get(f"/en/staff/reports/{report.pk}/"), 200),
        "API list with a token": (api.get("/api/v1/cases"), 200),
        "API refusal without a token": (_https(Client()).get("/api/v1/cases"), 401),
        "file download": (staff.get(f"/en/staff/reports/{report.pk}/attachments/{attachment.pk}/"), 200),
        "redirect to sign-in": (_https(Client()).get("/en/staff/"), 302),
        "404": (staff.get("/en/staff/cases/C-0000-00000/"), 404),
        "404 outside every page": (worker.get("/en/no-such-page/"), 404),
        "health check": (worker.get("/healthz"), 200),
        "static file": (worker.get(static("css/sentinelle.css")), 200),
    }


@pytest.mark.django_db
def test_every_kind_of_response_carries_the_security_headers(behind_tls: None) -> None:
    responses = _every_kind_of_response()
    problems = []
    for name, (response, status) in responses.items():
        headers = response.headers
        checks = {
            "status": response.status_code == status,
            "CSP without unsafe-*": "default-src 'none'" in headers.get("Content-Security-Policy", "")
            and "unsafe-" not in headers.get("Content-Security-Policy", ""),
            "HSTS": headers.get("Strict-Transport-Security") == f"max-age={A_YEAR}; includeSubDomains",
            "nosniff": headers.get("X-Content-Type-Options") == "nosniff",
            "referrer": headers.get("Referrer-Policy") == "same-origin",
            "frames": "frame-ancestors 'none'" in headers.get("Content-Security-Policy", ""),
        }
        cache_control = {part.strip() for part in headers.get("Cache-Control", "").split(",")}
        if name == "static file":
            # A hashed name: cached for ever, since a changed file gets a new name.
            checks["long cache"] = "immutable" in cache_control and "no-store" not in cache_control
        else:
            checks["no-store"] = "no-store" in cache_control and "private" in cache_control
            checks["no public"] = "public" not in cache_control
            # For browsers older than CSP's frame-ancestors (static files need not).
            checks["X-Frame-Options"] = headers.get("X-Frame-Options") == "DENY"
        failed = [check for check, ok in checks.items() if not ok]
        if failed:
            problems.append(f"{name} ({response.status_code}): {failed} {dict(headers)}")
    assert not problems, "\n".join(problems)
    print(f"\n{len(responses)} kinds of response checked, header by header")


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(behind_tls: None) -> None:
    response = Client().get("/en/report/", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/report/"


# Views whose responses are the same for everybody and may be cached publicly: the
# only exceptions to no-store. Adding one is a decision, made here.
PUBLIC_VIEWS = {"sentinelle/dashboard/views_public.py"}


def test_only_the_published_statistics_declare_themselves_public() -> None:
    declaring = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "sentinelle").rglob("*.py")
        if "tests" not in path.parts
        and re.search(
            r"patch_cache_control\([^)]*public\s*=\s*True|cache_page|cache_control\([^)]*public"
            r"|\[\"Cache-Control\"\]\s*=\s*\"[^\"]*public",
            path.read_text(),
        )
    }
    assert declaring == PUBLIC_VIEWS


@pytest.mark.django_db
def test_a_public_page_keeps_its_cache_and_a_private_one_does_not(behind_tls: None) -> None:
    statistics = _https(Client()).get("/en/statistics/")
    assert statistics.status_code == 200
    assert "public" in statistics["Cache-Control"] and "no-store" not in statistics["Cache-Control"]
    # The worker's pages, although anonymous, are private: what a worker reported.
    report = _https(Client()).get("/en/report/")
    assert "no-store" in report["Cache-Control"] and "public" not in report["Cache-Control"]


def test_no_page_relaxes_the_policy_with_unsafe_inline_or_eval() -> None:
    """Views may adjust the policy for one response (document previews do); none
    may allow inline code or eval, and no template may hold inline script or style
    that the policy would block."""
    offenders = []
    for path in (ROOT / "sentinelle").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"UNSAFE_(INLINE|EVAL|HASHES)|WASM_UNSAFE|'unsafe-|unsafe-inline", text):
            offenders.append(str(path.relative_to(ROOT)))
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "sentinelle").rglob("templates/**/*.html")]:
        if "pdf" in path.name or "pdf" in path.parent.name:
            continue  # rendered into PDF files on the server, never sent as a page
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|<style\b|\son[a-z]+=\"", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# Referrer policy and CSRF over HTTPS ------------------------------------------------


def _login_form(client: Client, path: str = "/en/accounts/login/") -> str:
    """The CSRF token of the form at `path`."""
    page = client.get(path)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_signing_in_over_https_works_with_the_origin_header_and_no_referer(behind_tls: None) -> None:
    """What a browser sends under Sentinelle's policy: the page's Origin, and (for
    the test) no Referer at all."""
    user = create_staff("investigator")
    client = _https(Client(enforce_csrf_checks=True))
    token = _login_form(client)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD,
                                                   "csrfmiddlewaretoken": token},
                           HTTP_ORIGIN="https://testserver")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    token = _login_form(client, response["Location"])
    response = client.post(response["Location"], {"code": fresh_totp_code(user), "csrfmiddlewaretoken": token},
                           HTTP_ORIGIN="https://testserver")
    assert response.status_code == 302
    assert client.get("/en/staff/").status_code == 200


@pytest.mark.django_db
def test_the_origin_a_browser_sends_under_no_referrer_fails_the_csrf_check(behind_tls: None) -> None:
    """Why the policy is "same-origin" and not "no-referrer": under no-referrer a
    browser posts forms with `Origin: null` (see tests/browser/test_referrer_policy.py), which
    Django's CSRF protection refuses, as it must."""
    user = create_staff("investigator")
    client = _https(Client(enforce_csrf_checks=True))
    token = _login_form(client)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD,
                                                   "csrfmiddlewaretoken": token},
                           HTTP_ORIGIN="null")
    assert response.status_code == 403
    assert client.get("/en/staff/").status_code == 302


# manage.py check --deploy ---------------------------------------------------------------


def test_check_deploy_with_the_production_environment_reports_nothing(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SENTINELLE_VAR_DIR": str(tmp_path / "var"),
        **production_environment(),
        # The secrets are not in the file; a strong key, as the file says to make one.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RECEIPT_PEPPER": secrets.token_urlsafe(32),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.fullmatch(r"System check identified no issues \(\d+ silenced\)\.\n", output), output


def test_the_production_guide_uses_the_production_environment_file() -> None:
    """The guide points at deploy/production.env and restates none of its values
    differently (one place for the production settings)."""
    guide = (ROOT / "docs" / "production.md").read_text()
    assert "deploy/production.env" in guide
    production = production_environment()
    for name, value in re.findall(r"\b([A-Z][A-Z_]+)=(\S+)", guide):
        if name in production:
            assert value == production[name], f"docs/production.md sets {name}={value}, the file {production[name]}"
