"""Numbers, money and dates are written the way the page's language writes them:
"$15,000.00" in English and « 15 000,00 $ » in French, on every page that shows
an amount (the case, the decision to approve, the employer, the decision register,
the case summary) and in the letters."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.test import Client

from sentinelle.cases.models import DecisionStatus, Outcome
from sentinelle.cases.tests.test_register import decide
from sentinelle.lib.formats import money, number, percent
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db

AMOUNT = {"en": "$15,000.00", "fr": "15\u00a0000,00\u00a0$"}
WRONG = re.compile(r"15000[.,]00|15000\b")


def test_the_helpers_write_each_language_its_own_way():
    assert money(Decimal("15000"), "en") == "$15,000.00"
    assert money(Decimal("15000"), "fr") == "15\u00a0000,00\u00a0$"
    assert money(Decimal("1234567.5"), "en") == "$1,234,567.50"
    assert number(3000, 0, "fr") == "3\u00a0000" and number(3000, 0, "en") == "3,000"
    assert number(2.5, 1, "fr") == "2,5" and number(2.5, 1, "en") == "2.5"
    assert percent(Decimal("0.803"), 1, "fr") == "80,3\u00a0%" and percent(Decimal("0.803"), 1, "en") == "80.3%"
    assert money(None, "en") == "–"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_amount_reads_in_the_pages_language_on_every_page_that_shows_it(language):
    approved = decide("QC", employer_name="Fermes Beaulieu inc.", outcome=Outcome.PENALTY,
                      penalty_amount=Decimal("15000"))
    proposed = decide("QC", employer_name="Serres Proposées inc.", outcome=Outcome.PENALTY,
                      penalty_amount=Decimal("15000"), status=DecisionStatus.PROPOSED)
    client = Client()
    sign_in(client, create_staff("team_lead", "national_analyst", region_code="QC"))
    pages = [
        f"/{language}/staff/decisions/",
        f"/{language}/staff/cases/{approved.case.reference}/",
        f"/{language}/staff/cases/{proposed.case.reference}/",
        f"/{language}/staff/employers/{approved.case.employer.pk}/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
        assert AMOUNT[language] in text, path
        assert not WRONG.search(text), (path, WRONG.search(text))
