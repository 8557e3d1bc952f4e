"""Demo data of service-quality observation: the phased rollout of the current
fiscal year (Quebec first, then Ontario, then every region, a growing share of
agents and channels), the quarters up to today approved with their draws, and a
dozen observations of the selected agents by their team leads, through the real
services. Running it again adds nothing."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.quality import observation
from sentinelle.quality.models import (
    AgentDraw,
    Answer,
    ObservationRollout,
    fiscal_year_of,
    quarter_bounds,
    quarter_of,
)

# Quarter: (regions, channels, share of agents).
PHASES = {
    1: (["QC"], ["in_person"], Decimal("0.25")),
    2: (["QC", "ON"], ["in_person", "phone"], Decimal("0.50")),
    3: (["QC", "ON", "ATL", "WST"], ["in_person", "phone", "outreach"], Decimal("0.75")),
    4: (["QC", "ON", "ATL", "WST"], ["in_person", "phone", "outreach"], Decimal("1")),
}
OBSERVATIONS = 12
COMMENTS = ["Calm, clear explanation of confidentiality.", "Forgot to give the receipt code at the end.",
            "Good use of the interpreter line.", ""]


@transaction.atomic
def seed_demo_observation(today: datetime.date | None = None) -> int:
    """The rollout and the observations; how many observations were added."""
    today = today or timezone.localdate()
    year = fiscal_year_of(today)
    analyst = User.objects.filter(roles__code=RoleCode.NATIONAL_ANALYST, is_active=True).order_by("pk").first()
    if analyst is None or ObservationRollout.objects.filter(fiscal_year=year).exists():
        return 0
    for quarter, (regions, channels, share) in PHASES.items():
        rollout = observation.set_rollout(year, quarter, regions=list(Region.objects.filter(code__in=regions)),
                                          channels=channels, share=share, actor=analyst)
        if quarter <= quarter_of(today):
            observation.approve_rollout(rollout, actor=analyst)
    chance = random.Random(f"observation-{year}")  # noqa: S311 (demo answers; the draws are secure)
    items = list(observation.checklist())
    added = 0
    for n in range(OBSERVATIONS):
        quarter = 1 + n % quarter_of(today)
        start, end = quarter_bounds(year, quarter)
        end = min(end, today)
        draws = list(AgentDraw.objects.filter(rollout__fiscal_year=year, rollout__quarter=quarter, selected=True)
                     .select_related("agent", "region", "rollout"))
        if not draws or end < start:
            continue
        draw = draws[n % len(draws)]
        observer = (User.objects.filter(roles__code=RoleCode.TEAM_LEAD, region=draw.region, is_active=True)
                    .exclude(pk=draw.agent_id).order_by("pk").first()
                    or User.objects.filter(roles__code=RoleCode.QC_REVIEWER, is_active=True).order_by("pk").first())
        if observer is None:
            continue
        answers = {item.pk: chance.choices([Answer.MET, Answer.ERROR, Answer.NOT_APPLICABLE], [8, 2, 1])[0]
                   for item in items}
        observation.record_observation(
            observer=observer, agent=draw.agent, channel=chance.choice(draw.rollout.channels),
            mode=chance.choice(["on_site", "virtual"]),
            observed_on=start + datetime.timedelta(days=chance.randrange((end - start).days + 1)),
            answers=answers, comments=COMMENTS[n % len(COMMENTS)])
        added += 1
    return added
