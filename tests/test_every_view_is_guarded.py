"""A safety net for views added later: every staff page and every API operation
refuses an anonymous visitor and a staff member without a role."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sentinelle.test import api_token_for, create_staff, sign_in

pytestmark = pytest.mark.django_db
STAFF_NAMESPACES = {"staff", "cases", "audit", "reports", "dashboard", "workload", "forecast", "quality", "training", "privacy", "incidents", "watch"}


def _staff_paths() -> list[str]:
    paths = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in STAFF_NAMESPACES:
                route = prefix + str(entry.pattern)
                paths.append("/" + re.sub(r"<(?:int:)?\w+>", "1", route).replace("^", "").replace("$", ""))

    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and "LocalePrefixPattern" in type(entry.pattern).__name__:
            walk(entry.url_patterns, "en/", None)
    return paths


def test_the_staff_page_list_is_not_empty():
    assert {"/en/staff/", "/en/staff/employers/", "/en/staff/audit/"} <= set(_staff_paths())


@pytest.mark.parametrize("path", _staff_paths())
def test_staff_pages_send_anonymous_visitors_to_sign_in(path):
    response = Client().get(path)
    assert response.status_code == 302, path
    assert response["Location"].startswith("/en/accounts/login/"), path


@pytest.mark.parametrize("path", _staff_paths())
def test_staff_pages_refuse_a_staff_member_without_a_role(path):
    client = Client()
    sign_in(client, create_staff(region_code="ON"))
    assert client.get(path).status_code in {403, 404, 405}, path


def test_every_api_operation_needs_a_token_and_a_role():
    schema = Client().get("/api/v1/openapi.json").json()
    roleless = api_token_for(create_staff(region_code="ON"))
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{\w+\}", "1", path)
        for method in operations:
            anonymous = Client().generic(method.upper(), concrete)
            assert anonymous.status_code == 401, (method, path)
            if path == "/api/v1/me":
                continue  # tells any signed-in staff member who they are, nothing more
            response = Client(HTTP_AUTHORIZATION=f"Bearer {roleless}").generic(method.upper(), concrete)
            assert response.status_code in {403, 404}, (method, path)
