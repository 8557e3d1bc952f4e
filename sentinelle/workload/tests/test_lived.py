"""The lived workload: investigators and intake agents answer a monthly check-in
(how heavy the month felt, overload factors and tasks of little value from a
configurable list), once a month; team leads read the answers of their team
added up on the caseload page, never one person's, and nothing at all for a
month with fewer than five answers, whatever the size of the group."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentinelle.accounts.models import Region, Role, RoleCode, User
from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff, example_count, sign_in
from sentinelle.workload import lived
from sentinelle.workload.models import CheckIn, LivedItem

pytestmark = pytest.mark.django_db

CHECKIN = "/en/staff/workload/check-in/"
CASELOAD = "/en/staff/workload/caseload/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def item(code: str) -> LivedItem:
    return LivedItem.objects.get(code=code)


_counter = iter(range(1_000_000))


def colleague(region_code: str = "QC", role: str = RoleCode.INVESTIGATOR) -> User:
    """A staff member who only answers (no sign-in needed)."""
    user = User.objects.create(email=f"colleague{next(_counter)}@example.gc.ca", full_name="Colleague",
                               region=Region.objects.get(code=region_code))
    user.roles.set([Role.objects.get(code=role)])
    return user


def answers(count: int, region_code: str = "QC", *, heaviness: int = 4, codes=("interruptions",),
            month: date | None = None) -> None:
    for _i in range(count):
        lived.submit(colleague(region_code), heaviness=heaviness, items=[item(c) for c in codes], month=month)


@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC", full_name="Inès Gagnon")


@pytest.fixture
def lead():
    return create_staff("team_lead", region_code="QC", full_name="Louise Leblanc")


def test_the_list_is_reference_data_in_four_languages():
    factors = LivedItem.objects.filter(kind=LivedItem.Kind.FACTOR)
    tasks = LivedItem.objects.filter(kind=LivedItem.Kind.TASK)
    assert factors.count() >= 8 and tasks.count() >= 4
    assert all(i.name_fr and i.name_en and i.name_es and i.name_tl for i in LivedItem.objects.all())
    assert item("interruptions").name_fr == "Interruptions fréquentes"


@pytest.mark.parametrize(("language", "question", "factor"), [
    ("en", "How heavy did this month feel?", "Frequent interruptions"),
    ("fr", "Comment avez-vous ressenti la charge de ce mois", "Interruptions fréquentes"),
])
def test_an_investigator_answers_once_a_month(investigator, language, question, factor):
    client = client_for(investigator)
    page = text(client.get(f"/{language}/staff/workload/check-in/"))
    assert question in page and factor in page

    response = client.post(f"/{language}/staff/workload/check-in/", {
        "heaviness": "4", "factors": [item("interruptions").pk, item("staff_shortage").pk],
        "tasks": [item("duplicate_entry").pk]}, follow=True)

    assert response.status_code == 200
    checkin = CheckIn.objects.get()
    assert (checkin.user, checkin.heaviness, checkin.month) == (investigator, 4, lived.month_of())
    assert checkin.region.code == "QC"
    assert {i.code for i in checkin.items.all()} == {"interruptions", "staff_shortage", "duplicate_entry"}
    # The audit log says a check-in was made, not what it says.
    event = AuditEvent.objects.get(detail__workload_checkin=lived.month_of().strftime("%Y-%m"))
    assert event.actor == investigator and "heaviness" not in event.detail

    again = client.post(f"/{language}/staff/workload/check-in/", {"heaviness": "1"})
    assert again.status_code == 400
    assert CheckIn.objects.get().heaviness == 4


def test_an_intake_agent_answers_too_and_last_month_does_not_count(investigator):
    agent = create_staff("intake_agent", region_code="ON")
    lived.submit(agent, heaviness=2, items=[], month=date(2026, 1, 15))
    response = client_for(agent).post(CHECKIN, {"heaviness": "5"})
    assert response.status_code == 302
    assert sorted(CheckIn.objects.filter(user=agent).values_list("month", flat=True)) == [
        date(2026, 1, 1), lived.month_of()]


def test_a_missing_answer_is_said_and_what_was_ticked_is_kept(investigator):
    factor = item("meetings")
    response = client_for(investigator).post(CHECKIN, {"factors": [factor.pk], "tasks": ["999999"]})

    page = text(response)
    assert response.status_code == 400
    assert "Choose how heavy the month felt, on the scale from 1 to 5." in page
    assert "no longer offered" in page
    assert re.search(rf'value="{factor.pk}"[^>]*checked', page)
    assert not CheckIn.objects.exists()


def test_a_factor_no_longer_offered_is_not_asked(investigator):
    LivedItem.objects.filter(code="meetings").update(active=False)
    LivedItem.objects.create(code="new_software", kind=LivedItem.Kind.FACTOR, name_en="The new software",
                             name_fr="Le nouveau logiciel", name_es="El nuevo programa", name_tl="Ang bagong software")
    page = text(client_for(investigator).get(CHECKIN))
    assert "The new software" in page and "Too many meetings" not in page


def test_a_team_lead_reads_the_team_added_up_never_one_answer(lead):
    answers(3, heaviness=4, codes=("interruptions", "duplicate_entry"))
    answers(2, heaviness=2, codes=("interruptions",))
    answers(6, "ON", heaviness=5, codes=("staff_shortage",))

    page = text(client_for(lead).get(CASELOAD))

    assert "Lived workload of the team" in page
    assert "5 answers; how heavy the month felt: 3.2 on average" in page
    assert "Frequent interruptions: 5" in page and "Entering the same information twice: 3" in page
    # Ontario's team is not Quebec's lead's.
    assert "Staff shortage" not in page and "Ontario" not in page


def test_the_french_page_reads_the_aggregate_in_french(lead):
    answers(5)
    page = text(client_for(lead).get("/fr/staff/workload/caseload/"))
    assert "Charge de travail vécue de l’équipe" in page and "Interruptions fréquentes\u00a0: 5" in page


def test_the_check_in_and_the_aggregate_are_not_everyones(investigator, lead):
    answers(5)
    assert client_for(lead).post(CHECKIN, {"heaviness": "3"}).status_code == 403
    assert client_for(create_staff("qc_reviewer")).get(CHECKIN).status_code == 403
    assert "Lived workload" not in text(client_for(create_staff("administrator", region_code="HQ")).get(CASELOAD))
    assert client_for(investigator).get(CASELOAD).status_code == 403
    assert not CheckIn.objects.filter(user=lead).exists()


@settings(max_examples=example_count(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(size=st.integers(min_value=0, max_value=12), other=st.integers(min_value=0, max_value=8))
def test_a_group_of_fewer_than_five_answers_shows_nothing(lead, size, other):
    with transaction.atomic():
        answers(size, heaviness=5, codes=("emotional_demands", "paper_forms"))
        # Answers of another month and another region never make up the number.
        answers(other, heaviness=1, month=date(2025, 1, 1))
        answers(other, "ON", heaviness=1)

        summary = lived.aggregate(Region.objects.get(code="QC"), lived.month_of())
        page = text(client_for(lead).get(CASELOAD))
        transaction.set_rollback(True)

    this_month = page.split(lived.month_of().strftime("%Y-%m"), 1)[1].split("<h4>", 1)[0]
    if size < lived.MIN_GROUP:
        assert not summary.shown and summary.answers == 0 and not summary.factors and summary.average is None
        assert "Fewer than 5 answers: nothing is shown" in this_month
        assert "on average" not in this_month and "Heavy emotional demands" not in page
    else:
        assert summary.shown and summary.answers == size and summary.average == 5
        assert f"{size} answers; how heavy the month felt: 5.0 on average" in this_month
        assert f"Heavy emotional demands: {size}" in this_month and f"Paper forms and scanning: {size}" in this_month


def test_the_demo_has_three_months_of_check_ins_and_the_attestations():
    from sentinelle.demo.base import create_demo_staff
    from sentinelle.demo.people import seed_people
    from sentinelle.demo.training import seed_demo_training
    from sentinelle.training.models import Attestation, Completion

    create_demo_staff()
    seed_demo_training()
    attested, checkins = seed_people()

    assert attested == Completion.objects.count() > 0
    assert Attestation.objects.count() == attested
    months = lived.previous_months(3)
    quebec, ontario = Region.objects.get(code="QC"), Region.objects.get(code="ON")
    assert all(lived.aggregate(quebec, month).shown for month in months)
    assert not any(lived.aggregate(ontario, month).shown for month in months)
    assert checkins == CheckIn.objects.count() and set(CheckIn.objects.values_list("month", flat=True)) == set(months)
    assert seed_people() == (0, 0)


def test_the_three_months_shown_cross_the_new_year():
    assert lived.previous_months(3, today=date(2026, 1, 31)) == [date(2026, 1, 1), date(2025, 12, 1),
                                                                  date(2025, 11, 1)]
    assert lived.month_of(date(2024, 2, 29)) == date(2024, 2, 1)


def test_the_aggregates_of_every_region_and_month_take_the_same_queries_as_one(django_assert_max_num_queries):
    answers(lived.MIN_GROUP, "QC", codes=("interruptions",))
    answers(lived.MIN_GROUP, "ON", heaviness=2, codes=())
    regions, months = list(Region.objects.order_by("code")), lived.previous_months(3)

    with django_assert_max_num_queries(2):
        table = lived.aggregates(regions, months)

    assert [[(summary.region, summary.month) for summary in row] for row in table] == [
        [(region, month) for month in months] for region in regions]
    assert table == [[lived.aggregate(region, month) for month in months] for region in regions]
    shown = {summary.region.code: summary for row in table for summary in row if summary.shown}
    assert set(shown) == {"QC", "ON"}
    assert shown["QC"].average == 4 and shown["ON"].average == 2
    assert [(count.item.code, count.count) for count in shown["QC"].factors] == [("interruptions", lived.MIN_GROUP)]
