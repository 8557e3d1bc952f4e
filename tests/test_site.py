"""Health check, API schema, error pages and security headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_says_unavailable_when_the_database_is_down(monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_openapi_schema_documents_the_endpoints_and_their_security():
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Sentinelle API"
    assert {"/api/v1/me", "/api/v1/employers", "/api/v1/employers/{employer_id}"} <= set(schema["paths"])
    assert "StaffToken" in schema["components"]["securitySchemes"]


def test_strict_content_security_policy_and_headers():
    response = Client().get("/fr/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_worker_page_sets_no_lasting_cookie_and_refers_to_no_other_host():
    response = Client().get("/en/")
    for cookie in response.cookies.values():
        assert cookie["max-age"] == "" and cookie["expires"] == "", cookie.key
    html = response.content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_served_stylesheets_refer_to_no_other_host():
    for css in Path(settings.BASE_DIR, "static").rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text(), css


def test_not_found_page_is_in_the_visitors_language():
    response = Client().get("/fr/pas-une-page/")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()


def test_uploaded_files_are_kept_outside_the_web_root():
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(settings.BASE_DIR, "static").resolve() not in media.parents
    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None


def test_worker_pages_load_a_small_style_sheet_of_the_classes_they_use_and_no_web_font():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_static", Path(settings.BASE_DIR, "scripts/build_static.py"))
    build = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(build)  # type: ignore[union-attr]
    vendor = Path(settings.BASE_DIR, "static/vendor/gcds")
    full = build.rewrite_gcds_css((vendor / "gcds-css-shortcuts.min.css").read_text())
    worker = (vendor / "gcds-css-shortcuts.worker.css").read_text()
    # Built from today's templates: a class added to a worker page is in it.
    assert worker == build.subset_css(full, build.worker_words()), "run `make install` to rebuild it"
    assert ".mb-0{" in worker and ".font-size-h1{" in worker
    assert len(worker) < len(full) / 20

    html = Client().get("/fr/report/").content.decode()
    assert "gcds-css-shortcuts.worker" in html
    assert "fonts" not in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)[-1]
    assert not any("fonts" in href or "min.css" in href
                   for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html))
