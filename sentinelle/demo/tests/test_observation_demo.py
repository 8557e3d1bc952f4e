"""The demo has the observation rollout of the current fiscal year, approved up
to the current quarter, and a dozen observations of the selected agents, made once only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sentinelle.demo.base import create_demo_staff
from sentinelle.demo.observation import OBSERVATIONS, seed_demo_observation
from sentinelle.quality.models import AgentDraw, Observation, ObservationRollout, fiscal_year_of, quarter_of

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_phased_rollout_and_a_dozen_observations():
    create_demo_staff()
    today = timezone.localdate()
    assert seed_demo_observation(today) == OBSERVATIONS == 12
    rollouts = ObservationRollout.objects.filter(fiscal_year=fiscal_year_of(today))
    assert rollouts.count() == 4
    assert {r.quarter for r in rollouts.filter(status="approved")} == set(range(1, quarter_of(today) + 1))
    observed = Observation.objects.all()
    assert all(AgentDraw.objects.filter(rollout=o.rollout, agent=o.agent, selected=True).exists() for o in observed)
    assert all(o.channel in o.rollout.channels and o.observed_on <= today for o in observed)
    assert seed_demo_observation(today) == 0
    assert Observation.objects.count() == OBSERVATIONS
