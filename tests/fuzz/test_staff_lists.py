"""Fuzzing the query strings of the staff lists and the public statistics: the
filters each page's own search form offers (found by reading the page) and made-up
ones, with arbitrary values. Never a 500 page."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from sentinelle.accounts.models import Role
from sentinelle.test import create_case, create_staff, sign_in
from tests.fuzz.conftest import fuzz

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/staff/reports/", "/en/staff/reports/referrals/", "/en/staff/reports/escalations/",
    "/en/staff/cases/", "/en/staff/employers/", "/en/staff/search/", "/en/staff/decisions/",
    "/en/staff/decisions/export.csv", "/en/staff/dashboard/", "/en/staff/audit/", "/en/staff/watch/",
    "/en/staff/access-requests/", "/en/staff/incidents/", "/en/staff/incidents/register/",
    "/en/staff/training/", "/en/staff/training/not-yet-trained/", "/en/staff/workload/",
    "/en/staff/quality/", "/en/staff/forecasts/", "/fr/statistics/", "/en/staff/notifications/",
]
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "0", "-1", "2026", "2026-13-45", "0000-00-00", "9999-12-31", "99999999999999999999",
                     "1e400", "NaN", "null", "true", "QC", "HQ", "all", "\x00", "%00", "' OR 1=1 --",
                     "<script>", "é" * 300, "x" * 5000, "2026-01-01", "C-2026-00001", "newest", "oldest"]),
)


class _GetForms(HTMLParser):
    """Names of the fields of the page's forms that send a GET."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.inside = (values.get("method") or "get").lower() == "get"
        elif self.inside and tag in ("input", "select", "textarea") and values.get("name"):
            self.names.add(values["name"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


@pytest.fixture
def signed_in(db) -> tuple[Client, dict[str, list[str]]]:
    """A staff member with every role at headquarters, and the filters of each page."""
    user = create_staff(*Role.objects.values_list("code", flat=True), region_code="HQ")
    create_case("QC")
    client = Client()
    sign_in(client, user)
    filters = {}
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        parser = _GetForms()
        if response.get("Content-Type", "").startswith("text/html"):
            parser.feed(response.content.decode())
        filters[page] = sorted(parser.names)
    return client, filters


@fuzz(150)
@given(data=st.data())
def test_any_query_string_on_a_staff_list_gets_a_page_not_an_error(examples, signed_in, data):
    examples()
    client, filters = signed_in
    page = data.draw(st.sampled_from(PAGES))
    names = st.sampled_from(filters[page]) if filters[page] else st.text(max_size=10)
    keys = st.one_of(names, st.text(max_size=10), st.sampled_from(["page", "sort", "order", "q", "format"]))
    query: dict[str, Any] = data.draw(st.dictionaries(keys, st.one_of(VALUES, st.lists(VALUES, max_size=3)),
                                                      max_size=6))
    response = client.get(page, query)
    assert response.status_code < 500, (page, query, response.content[:3000])
    assert response.status_code in (200, 302, 400, 404), (page, query, response.status_code)


def test_the_pages_offer_filters_to_fuzz(signed_in):
    _client, filters = signed_in
    with_filters = [page for page, names in filters.items() if names]
    assert len(with_filters) >= 8, filters
