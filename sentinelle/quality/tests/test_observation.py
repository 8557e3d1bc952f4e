"""Service-quality observation: an approved rollout draws the share of each
configured region's intake agents, observers of the agent's region observe them
on the configured channels, the agent reads their own observations, and the
results show by region, as a page and a download, and point to training."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from sentinelle.accounts.models import Region, User
from sentinelle.audit.models import AuditEvent
from sentinelle.quality import observation as obs
from sentinelle.quality.access import observations_visible_to
from sentinelle.quality.models import (
    AgentDraw,
    Answer,
    Observation,
    ObservationItem,
    ObservationRollout,
    fiscal_year_of,
    quarter_of,
)
from sentinelle.test import create_staff, example_count, sign_in

pytestmark = pytest.mark.django_db


def _quarter() -> tuple[int, int]:
    today = timezone.localdate()
    return fiscal_year_of(today), quarter_of(today)


def _agents(region: str, count: int) -> list:
    return [create_staff("intake_agent", region_code=region, full_name=f"Agent {region} {n}") for n in range(count)]


def _approved(analyst, regions=("QC",), channels=("phone",), share="0.5"):
    year, quarter = _quarter()
    rollout = obs.set_rollout(year, quarter, regions=list(Region.objects.filter(code__in=regions)),
                              channels=list(channels), share=Decimal(share), actor=analyst)
    obs.approve_rollout(rollout, actor=analyst)
    return rollout


@pytest.fixture
def analyst():
    return create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")


def _all_met() -> dict[int, str]:
    return {item.pk: Answer.MET for item in obs.checklist()}


def test_an_approved_observation_rollout_selects_agents_as_configured(analyst):
    quebec, ontario, prairies = _agents("QC", 7), _agents("ON", 4), _agents("WST", 5)
    create_staff("investigator", region_code="QC", full_name="Not an agent")
    rollout = _approved(analyst, regions=("QC", "ON"), channels=("phone", "in_person"), share="0.3")
    draws = AgentDraw.objects.filter(rollout=rollout)
    # Every agent of the configured regions is drawn, and only them.
    assert set(draws.values_list("agent_id", flat=True)) == {a.pk for a in quebec + ontario}
    assert not draws.filter(agent__in=prairies).exists()
    # The share of each region: ceil(0.3 × 7) = 3 in Quebec, ceil(0.3 × 4) = 2 in Ontario.
    assert draws.filter(region__code="QC", selected=True).count() == 3
    assert draws.filter(region__code="ON", selected=True).count() == 2
    # The selected are the lowest random values of their region: checkable by anyone.
    for code in ("QC", "ON"):
        region_draws = list(draws.filter(region__code=code).order_by("random_value", "agent_id"))
        wanted = sum(d.selected for d in region_draws)
        assert all(d.selected for d in region_draws[:wanted]) and not any(d.selected for d in region_draws[wanted:])
    rollout.refresh_from_db()
    assert rollout.status == "approved" and rollout.channels == ["phone", "in_person"]
    assert AuditEvent.objects.filter(object_id=str(rollout.pk), detail__step="approve_observation_rollout").exists()


@settings(max_examples=example_count(10), deadline=None)
@given(agents=st.integers(min_value=1, max_value=12), percent=st.integers(min_value=1, max_value=100))
def test_the_share_drawn_is_the_configured_share_whatever_the_numbers(agents, percent):
    # The database is not reset between examples: start each from no rollout and no agent.
    ObservationRollout.objects.all().delete()
    User.objects.filter(roles__code="intake_agent").update(is_active=False)
    analyst = create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")
    _agents("ATL", agents)
    rollout = _approved(analyst, regions=("ATL",), share=str(Decimal(percent) / 100))
    assert AgentDraw.objects.filter(rollout=rollout).count() == agents
    selected = AgentDraw.objects.filter(rollout=rollout, selected=True).count()
    assert selected == math.ceil(Decimal(percent) / 100 * agents)


def test_an_approved_quarter_no_longer_changes(analyst):
    _agents("QC", 2)
    rollout = _approved(analyst)
    with pytest.raises(obs.ObservationError):
        obs.set_rollout(rollout.fiscal_year, rollout.quarter, regions=[Region.objects.get(code="QC")],
                        channels=["web"], share=Decimal(1), actor=analyst)
    with pytest.raises(obs.ObservationError):
        obs.approve_rollout(rollout, actor=analyst)
    assert AgentDraw.objects.filter(rollout=rollout).count() == 2


def test_only_a_selected_agent_on_a_configured_channel_is_observed(analyst):
    agent, other = _agents("QC", 2)
    _approved(analyst, share="0.5")
    chosen = AgentDraw.objects.get(selected=True).agent
    left_out = other if chosen == agent else agent
    lead = create_staff("team_lead", region_code="QC", full_name="Lea Lead")
    today = timezone.localdate()
    with pytest.raises(obs.ObservationError):
        obs.record_observation(observer=lead, agent=left_out, channel="phone", mode="virtual", observed_on=today,
                               answers=_all_met())
    with pytest.raises(obs.ObservationError):
        obs.record_observation(observer=lead, agent=chosen, channel="web", mode="virtual", observed_on=today,
                               answers=_all_met())
    with pytest.raises(obs.ObservationError):
        obs.record_observation(observer=lead, agent=chosen, channel="phone", mode="virtual", observed_on=today,
                               answers={})
    first = ObservationItem.objects.filter(active=True).first()
    done = obs.record_observation(observer=lead, agent=chosen, channel="phone", mode="on_site", observed_on=today,
                                  answers={**_all_met(), first.pk: Answer.ERROR})
    items = ObservationItem.objects.filter(active=True).count()
    assert done.score == round(100 * (items - 1) / items)
    assert AuditEvent.objects.filter(object_id=str(done.pk), action="create").exists()


def _observe_page(client, agent, **fields):
    data = {"agent": agent.pk, "channel": "phone", "mode": "virtual",
            "observed_on": timezone.localdate().isoformat(), "comments": "Calm and clear."}
    for item in obs.checklist():
        data[f"item_{item.pk}"] = Answer.MET
    data.update(fields)
    return client.post(reverse("quality:observation_new"), data)


def test_a_team_lead_of_the_region_observes_and_the_agent_then_reads_it(analyst):
    _agents("QC", 1)
    _approved(analyst, share="1")
    agent = AgentDraw.objects.get(selected=True).agent
    lead, outsider = (create_staff("team_lead", region_code="QC", full_name="Lea Lead"),
                      create_staff("team_lead", region_code="ON", full_name="Omar Lead"))
    client = Client()
    sign_in(client, outsider)
    assert _observe_page(client, agent).status_code == 400  # not an agent of their region: not offered
    assert not Observation.objects.exists()
    sign_in(client, lead)
    page = client.get(reverse("quality:observation_new"))
    assert agent.full_name in page.content.decode()
    response = _observe_page(client, agent)
    assert response.status_code == 302
    done = Observation.objects.get()
    assert done.observer == lead and done.score == 100 and done.region.code == "QC"
    agent_client = Client()
    sign_in(agent_client, agent)
    mine = agent_client.get(reverse("quality:observation_list")).content.decode()
    assert "Calm and clear." not in mine and reverse("quality:observation", args=[done.pk]) in mine
    assert "Calm and clear." in agent_client.get(reverse("quality:observation", args=[done.pk])).content.decode()
    colleague = create_staff("intake_agent", region_code="QC", full_name="Colleague")
    sign_in(agent_client, colleague)
    assert agent_client.get(reverse("quality:observation", args=[done.pk])).status_code in (403, 404)


def test_bad_input_is_explained_and_kept(analyst):
    _agents("QC", 1)
    _approved(analyst, share="1")
    agent = AgentDraw.objects.get(selected=True).agent
    client = Client()
    sign_in(client, create_staff("qc_reviewer", region_code="QC", full_name="Quinn Reviewer"))
    response = _observe_page(client, agent, channel="web", comments="Kept words")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kept words" in body and "not observed in that quarter" in body
    assert not Observation.objects.exists()


def test_results_by_region_page_and_downloads_and_training(analyst):
    from sentinelle.training.from_reviews import courses_for_investigators

    _agents("QC", 2)
    _agents("ON", 1)
    _approved(analyst, regions=("QC", "ON"), share="1")
    lead = create_staff("team_lead", region_code="QC", full_name="Lea Lead")
    coursed = ObservationItem.objects.exclude(course_code="").first()
    for draw in AgentDraw.objects.filter(region__code="QC"):
        obs.record_observation(observer=lead, agent=draw.agent, channel="phone", mode="virtual",
                               observed_on=timezone.localdate(), answers={**_all_met(), coursed.pk: Answer.ERROR})
    on_lead = create_staff("team_lead", region_code="ON", full_name="Omar Lead")
    on_agent = AgentDraw.objects.get(region__code="ON").agent
    obs.record_observation(observer=on_lead, agent=on_agent, channel="phone", mode="on_site",
                           observed_on=timezone.localdate(), answers=_all_met())
    client = Client()
    sign_in(client, analyst)
    url = reverse("quality:observation_results")
    page = client.get(url).content.decode()
    assert "Quebec" in page and "Ontario" in page
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Quebec" in text and "Ontario" in text
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    sign_in(client, lead)
    page = client.get(url).content.decode()
    assert "Quebec" in page and "Ontario" not in page
    # The misses point to the item's course on the training page, for the agents.
    rows = courses_for_investigators(analyst)
    pointed = {row.investigator.pk: [p.code for p in row.pointers] for row in rows}
    for draw in AgentDraw.objects.filter(region__code="QC"):
        assert pointed[draw.agent_id] == [coursed.course_code]
    assert on_agent.pk not in pointed


def test_the_observation_list_follows_the_rule_national_observers_see_every_region(analyst):
    _agents("QC", 1)
    _approved(analyst, share="1")
    agent = AgentDraw.objects.get(selected=True).agent
    lead = create_staff("team_lead", region_code="QC", full_name="Lea Lead")
    done = obs.record_observation(observer=lead, agent=agent, channel="phone", mode="virtual",
                                  observed_on=timezone.localdate(), answers=_all_met())
    national, ontario = (create_staff("team_lead", region_code="HQ", full_name="Hugo Lead"),
                         create_staff("team_lead", region_code="ON", full_name="Omar Lead"))
    for user, sees in ((national, True), (ontario, False), (lead, True), (agent, True)):
        assert (done in observations_visible_to(user)) is sees
        assert user.has_perm("quality.view_observation", done) is sees
