"""Schemathesis against /api/v1/openapi.json, through the WSGI application:
every operation with cases made from the schema (valid ones, checked against the
response schema; and invalid ones), with the token of a staff member who may do
everything, and without a token. Zero server errors; the number of cases run for
each operation is printed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import given
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from sentinelle.accounts.models import Role
from sentinelle.cases.models import Activity, ActivityKind
from sentinelle.test import api_token_for, create_case, create_staff
from tests.fuzz.conftest import fuzz

pytestmark = pytest.mark.django_db

# Per operation and per kind of pass; twelve operations, four passes each.
VALID_CASES = 15
INVALID_CASES = 8


@pytest.fixture
def api(db) -> Iterator[tuple[Any, dict[str, str], dict[str, Any]]]:
    from sentinelle.wsgi import application

    # Requests through the WSGI application end by closing "old" connections, which
    # would close the test's own transaction on PostgreSQL: Django's test client
    # does the same as this while it makes a request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    user = create_staff(*Role.objects.values_list("code", flat=True), region_code="HQ")
    case = create_case("QC")
    activity = Activity.objects.create(case=case, kind=ActivityKind.PHONE_CALL, author=user, occurred_at=timezone.now(),
                                       notes="Called the employer.")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    real = {"reference": case.reference, "employer_id": case.employer_id, "activity_id": activity.pk}
    try:
        yield schema, {"Authorization": f"Bearer {api_token_for(user)}"}, real
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run(operation: Any, mode: GenerationMode, headers: dict[str, str], path_parameters: dict[str, Any],
         checks: list[Any], max_examples: int) -> list[int]:
    statuses: list[int] = []

    @fuzz(max_examples)
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None))
    def one(case: Any) -> None:
        statuses.append(case.call_and_validate(headers=headers, checks=checks).status_code)

    one()
    return statuses


def test_no_operation_answers_with_a_server_error(api, examples, capsys):
    schema, token, real = api
    counts: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {parameter.name for parameter in operation.path_parameters}
        ours = {name: value for name, value in real.items() if name in names}
        passes: list[tuple[GenerationMode, dict[str, str], dict[str, Any], list[Any], int]] = [
            # Valid requests, authorised, on real objects and on made-up ones; the
            # answer conforms to the response schema. (Not status_code_conformance:
            # the schema documents only the 200s, not the 400/403/404/409 answers.)
            (GenerationMode.POSITIVE, token, ours, [not_a_server_error, response_schema_conformance], VALID_CASES),
            (GenerationMode.POSITIVE, token, {}, [not_a_server_error, response_schema_conformance], VALID_CASES),
            # Invalid requests: a clear 4xx, never a 500.
            (GenerationMode.NEGATIVE, token, ours, [not_a_server_error], INVALID_CASES),
            # Without a token: refused, never a 500.
            (GenerationMode.POSITIVE, {}, ours, [not_a_server_error], INVALID_CASES),
        ]
        count = 0
        for number, (mode, headers, path_parameters, checks, max_examples) in enumerate(passes):
            statuses = _run(operation, mode, headers, path_parameters, checks, max_examples)
            count += len(statuses)
            if number == 0 and operation.method.upper() == "GET":
                assert 200 in statuses, (operation.label, statuses)  # the fuzzing reached real answers
            if not headers:
                assert set(statuses) == {401}, (operation.label, statuses)
        counts[operation.label] = count
    examples(sum(counts.values()))
    with capsys.disabled():
        print()
        for label, count in counts.items():
            print(f"schemathesis {count:5d} cases  {label}")
        print(f"schemathesis {sum(counts.values()):5d} cases in {len(counts)} operations")
    assert len(counts) >= 12, counts
    assert all(count > 0 for count in counts.values()), counts


@pytest.mark.parametrize("query", ["limit=50262105773362666012672&offset=346465", "offset=99999999999999999999999",
                                   "limit=0", "offset=-1"])
def test_a_huge_or_negative_page_is_refused_with_a_message(api, client, query):
    """Found by schemathesis: a limit beyond a database integer was a 500."""
    _schema, token, _real = api
    for path in ("/api/v1/employers", "/api/v1/cases", "/api/v1/decisions"):
        response = client.get(f"{path}?{query}", headers=token)
        assert response.status_code == 422, (path, query, response.content[:500])
        assert response.json()["detail"], response.json()
