"""Roles × regions × objects × endpoints: every staff page, API operation and file
URL, asked by every role (and by an account without a role, and anonymously) of
Quebec, Ontario and National HQ, about an object of Quebec and one of Ontario.
The answers must match the table in tests/matrix/table.py, written from the SPEC
and the rules: allowed → 200 (or the page's redirect), someone else's object →
404 like an id that does not exist, 403 only where the object's existence tells
nothing; ids swapped into another object's URL (IDOR) → 404; a refused write
changes nothing. All mismatches are reported together, in one table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sentinelle.test import url_routes
from tests.matrix.runner import Runner, everybody
from tests.matrix.table import ENDPOINTS
from tests.matrix.world import OBJECT_REGIONS, ROLES, USER_REGIONS, build_world

pytestmark = pytest.mark.django_db

# URL names the matrix does not ask about, and why.
NOT_IN_THE_MATRIX = {
    "healthz": "the load balancer's probe, no data",
    "api-v1:openapi-json": "the public description of the API",
    "api-v1:api-root": "the API's index",
    # The worker's pages work with a receipt code kept in the session, not with ids
    # (sentinelle/intake/tests/test_public_follow_up.py).
    "intake:survey": "worker page", "intake:survey_thanks": "worker page", "intake:follow_up_reply": "worker page",
}
MATRIX_NAMESPACES = {"staff", "cases", "reports", "audit", "dashboard", "workload", "forecast", "quality",
                     "training", "privacy", "incidents", "watch", "statistics", "intake", "api-v1",
                     "governance", "ethics"}


def _routes() -> dict[str, str]:
    """URL name -> route, for the namespaces the matrix covers. A route without a
    name is listed under "unnamed <route>", so that it cannot escape the matrix."""
    routes: dict[str, str] = {}
    for found in url_routes():
        name = found.pattern.name or f"unnamed /{found.route}"
        routes[f"{found.namespace}:{name}" if found.namespace else name] = "/" + found.route
    return {n: r for n, r in routes.items() if n.split(":")[0] in MATRIX_NAMESPACES or n == "healthz"}


def test_every_page_and_api_operation_is_in_the_matrix() -> None:
    """Every view of the staff, worker and API namespaces, including one added
    later, is asked by every role, by an account without a role and anonymously."""
    covered = {endpoint.name for endpoint in ENDPOINTS}
    names = set(_routes())
    assert not [n for n in names if " " in n], "give these URLs a name and add them to tests/matrix/table.py"
    missing = names - covered - set(NOT_IN_THE_MATRIX)
    assert not missing, f"add these to tests/matrix/table.py: {sorted(missing)}"
    assert not covered - names, "the table names URLs that no longer exist"


def test_every_operation_of_the_api_schema_is_in_the_matrix(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    in_schema = {(method.upper(), re.sub(r"\{\w+\}", "{}", path))
                 for path, methods in schema["paths"].items() for method in methods}
    routes = _routes()
    in_matrix = {(method, re.sub(r"<(?:\w+:)?\w+>", "{}", routes[endpoint.name]))
                 for endpoint in ENDPOINTS if endpoint.api for method in endpoint.methods}
    assert in_schema == in_matrix


@pytest.mark.parametrize("role", [*(r or "no role" for r in ROLES), "anonymous"])
def test_access_matrix(role: str, django_capture_on_commit_callbacks: Any) -> None:
    """One role (in each of the three regions) at a time, so that the workers of
    `pytest -n` share the matrix."""
    world = build_world(django_capture_on_commit_callbacks)
    people = [who for who in everybody()
              if (who.anonymous and role == "anonymous") or (not who.anonymous and (who.role or "no role") == role)]
    runner = Runner(world)
    runner.run(people)
    print(f"\naccess matrix, {role}: {len(ENDPOINTS)} endpoints × {len(people)} people "
          f"(regions {', '.join(USER_REGIONS) if role != 'anonymous' else '-'}) × objects of "
          f"{', '.join(OBJECT_REGIONS)}: {runner.cells} cells checked, {runner.requests} requests, "
          f"{runner.refused_writes} refused writes checked for no change; {len(runner.mismatches)} mismatches")
    slowest = sorted(runner.seconds.items(), key=lambda item: -item[1])[:5]
    print("slowest endpoints (s): " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in slowest))
    assert not runner.mismatches, "\n" + runner.table()
