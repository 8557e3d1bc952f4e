"""Service-quality observation (seed 004): the phased rollout by quarter, the
secure draw of the intake agents to observe, the observations themselves, the
results by region and the courses that the misses point to.

A rollout names, for one quarter of the fiscal year, the regions and intake
channels observed and the share of each region's intake agents. When the
quality lead approves it, every active intake agent of those regions gets a
whole number below `SCALE` from the operating system's secure generator
(`secrets`); in each region the ceil(share × agents) lowest numbers are
selected. Every draw is kept, selected or not, so anyone can check it."""

from __future__ import annotations

import datetime
import math
import secrets
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.intake.models import Channel
from sentinelle.lib.locking import save_changes
from sentinelle.quality.feedback import CoursePointer, by_person
from sentinelle.quality.models import (
    SCALE,
    AgentDraw,
    Answer,
    Observation,
    ObservationAnswer,
    ObservationItem,
    ObservationRollout,
    RolloutStatus,
    fiscal_year_of,
    quarter_of,
)


class ObservationError(Exception):
    """A change that cannot be made, in words."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


# The rollout ---------------------------------------------------------------------------


def rollout_for(day: datetime.date) -> ObservationRollout | None:
    """The approved rollout of the quarter of `day` (a quarter without one observes nobody)."""
    return ObservationRollout.objects.filter(
        fiscal_year=fiscal_year_of(day), quarter=quarter_of(day), status=RolloutStatus.APPROVED).first()


@transaction.atomic
def set_rollout(fiscal_year: int, quarter: int, *, regions: list[Region], channels: list[str], share: Decimal,
                actor: Any, expected_version: int | None = None) -> ObservationRollout:
    """Create or change a draft quarter of the rollout."""
    if not 1 <= quarter <= 4:
        raise ObservationError(_("Choose a quarter from 1 to 4."))
    if not Decimal(0) < share <= Decimal(1):
        raise ObservationError(_("A share of agents is more than 0 % and at most 100 %."))
    if not regions:
        raise ObservationError(_("Choose at least one region."))
    unknown = set(channels) - set(Channel.values)
    if not channels or unknown:
        raise ObservationError(_("Choose at least one intake channel."))
    rollout = ObservationRollout.objects.select_for_update().filter(fiscal_year=fiscal_year, quarter=quarter).first()
    channels = [code for code in Channel.values if code in channels]
    if rollout is None:
        rollout = ObservationRollout.objects.create(fiscal_year=fiscal_year, quarter=quarter, channels=channels,
                                                    share=share, set_by=actor)
        action = Action.CREATE
    else:
        if rollout.status == RolloutStatus.APPROVED:
            raise ObservationError(_("This quarter is approved: its agents are drawn and it no longer changes."))
        save_changes(rollout, {"channels": channels, "share": share, "set_by": actor, "set_at": timezone.now()},
                     ["channels", "share", "set_by", "set_at"], expected_version=expected_version)
        action = Action.UPDATE
    rollout.regions.set(regions)
    record(action, actor=actor, obj=rollout, fiscal_year=fiscal_year, quarter=quarter, share=str(share),
           channels=channels, regions=sorted(region.pk for region in regions))
    return rollout


def rollouts() -> QuerySet[ObservationRollout]:
    """Every quarter of the rollout, with how many agents were drawn and selected (one query and a prefetch)."""
    return (ObservationRollout.objects.prefetch_related("regions").select_related("set_by", "approved_by")
            .annotate(drawn=Count("draws"), selected=Count("draws", filter=Q(draws__selected=True))))


def agents_of(regions: Any) -> QuerySet[User]:
    return User.objects.filter(is_active=True, roles__code=RoleCode.INTAKE_AGENT,
                               region__in=regions).distinct()


@transaction.atomic
def approve_rollout(rollout: ObservationRollout, *, actor: Any, expected_version: int | None = None) -> list[AgentDraw]:
    """Approve a draft quarter and draw its agents, region by region."""
    rollout = ObservationRollout.objects.select_for_update().get(pk=rollout.pk)
    if rollout.status == RolloutStatus.APPROVED:
        raise ObservationError(_("This quarter is already approved."))
    now = timezone.now()
    save_changes(rollout, {"status": RolloutStatus.APPROVED, "approved_by": actor, "approved_at": now},
                 ["status", "approved_by", "approved_at"], expected_version=expected_version)
    by_region: dict[int, list[User]] = defaultdict(list)
    for agent in agents_of(rollout.regions.all()).order_by("pk"):
        if agent.region_id is not None:
            by_region[agent.region_id].append(agent)
    draws: list[AgentDraw] = []
    for region_id, agents in sorted(by_region.items()):
        wanted = math.ceil(rollout.share * len(agents))
        values = {agent.pk: secrets.randbelow(SCALE) for agent in agents}
        chosen = set(sorted(values, key=lambda pk: (values[pk], pk))[:wanted])
        draws += [AgentDraw(rollout=rollout, agent_id=pk, region_id=region_id, random_value=value, scale=SCALE,
                            selected=pk in chosen, drawn_at=now) for pk, value in values.items()]
    AgentDraw.objects.bulk_create(draws)
    record(Action.UPDATE, actor=actor, obj=rollout, step="approve_observation_rollout",
           drawn=len(draws), selected=sum(draw.selected for draw in draws))
    return draws


# Observations ----------------------------------------------------------------------------


def checklist() -> QuerySet[ObservationItem]:
    return ObservationItem.objects.filter(active=True)


def observable_draws(user: Any, on: datetime.date) -> QuerySet[AgentDraw]:
    """The selected agents of the quarter of `on` that `user` may observe."""
    rollout = rollout_for(on)
    if rollout is None:
        return AgentDraw.objects.none()
    draws = AgentDraw.objects.filter(rollout=rollout, selected=True).select_related("agent", "region")
    if not user.is_national:
        draws = draws.filter(region_id=user.region_id)
    return draws.exclude(agent_id=user.pk).order_by("agent__full_name", "pk")


def score_of(answers: Mapping[int, str]) -> int:
    """The share of applicable items met, in whole per cent (100 when none applies)."""
    applicable = [answer for answer in answers.values() if answer != Answer.NOT_APPLICABLE]
    if not applicable:
        return 100
    return round(100 * sum(answer == Answer.MET for answer in applicable) / len(applicable))


@transaction.atomic
def record_observation(*, observer: Any, agent: User, channel: str, mode: str, observed_on: datetime.date,
                       answers: Mapping[int, str], comments: str = "") -> Observation:
    """Record a completed observation: the agent must be selected in the approved
    rollout of that quarter, the channel one of its channels, every item answered."""
    rollout = rollout_for(observed_on)
    draw = None if rollout is None else AgentDraw.objects.filter(
        rollout=rollout, agent=agent, selected=True).first()
    if rollout is None or draw is None:
        raise ObservationError(_("This agent is not selected for observation in that quarter."))
    if channel not in rollout.channels:
        raise ObservationError(_("This channel is not observed in that quarter."))
    if observed_on > timezone.localdate():
        raise ObservationError(_("An observation cannot be dated in the future."))
    if agent.pk == observer.pk:
        raise ObservationError(_("Nobody observes themselves."))
    items = {item.pk: item for item in checklist()}
    if set(answers) != set(items) or not set(answers.values()) <= set(Answer.values):
        raise ObservationError(_("Answer every item of the checklist."))
    observation = Observation.objects.create(
        rollout=rollout, agent=agent, observer=observer, region_id=draw.region_id, channel=channel, mode=mode,
        observed_on=observed_on, score=score_of(answers), comments=comments.strip())
    ObservationAnswer.objects.bulk_create([
        ObservationAnswer(observation=observation, item_id=pk, answer=answer, course_code=items[pk].course_code)
        for pk, answer in answers.items()])
    record(Action.CREATE, actor=observer, obj=observation, agent=agent.pk, score=observation.score,
           channel=channel, mode=mode)
    return observation


# Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionResult:
    region: Region
    observations: int
    agents: int
    average: int | None
    misses: int


def results_by_region(*, fiscal_year: int, region_id: int | None = None) -> list[RegionResult]:
    """Per region, for one fiscal year: observations, agents observed, the average score and misses."""
    observations = Observation.objects.filter(rollout__fiscal_year=fiscal_year)
    if region_id is not None:
        observations = observations.filter(region_id=region_id)
    rows = {row["region_id"]: row for row in observations.values("region_id").annotate(
        count=Count("pk", distinct=True), agents=Count("agent_id", distinct=True),
        total=Count("answers", filter=Q(answers__answer=Answer.ERROR)))}
    scores: dict[int, list[int]] = defaultdict(list)
    for region, score in observations.values_list("region_id", "score"):
        scores[region].append(score)
    regions = Region.objects.filter(pk__in=list(rows)).order_by("code")
    return [RegionResult(region, rows[region.pk]["count"], rows[region.pk]["agents"],
                         round(sum(scores[region.pk]) / len(scores[region.pk])) if scores[region.pk] else None,
                         rows[region.pk]["total"]) for region in regions]


def courses_from_misses(*, since: datetime.date, region_id: int | None = None) -> dict[int, list[CoursePointer]]:
    """For each intake agent (user id) observed since `since` with a miss on an
    item that names a course: those courses, the most misses first (the same
    shape as `quality.feedback.courses_from_errors`)."""
    answers = ObservationAnswer.objects.filter(
        answer=Answer.ERROR, observation__observed_on__gte=since).exclude(course_code="")
    if region_id is not None:
        answers = answers.filter(observation__region_id=region_id)
    rows = answers.values("observation__agent_id", "course_code").annotate(
        errors=Count("pk"), last=Max("observation__observed_on"),
    ).values_list("observation__agent_id", "course_code", "errors", "last")
    return by_person((who, CoursePointer(code, errors, last)) for who, code, errors, last in rows)
