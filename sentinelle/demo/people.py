"""Demo data of people: the attestations of the demo staff's completed courses,
and three months of lived-workload check-ins. Quebec's team answers with five
or more people (its team lead sees the aggregate); Ontario's three answers a
month stay hidden, as any group under five does. Through the real services."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import User
from sentinelle.training.attestations import sign_attestation
from sentinelle.training.models import Attestation, Completion
from sentinelle.workload import lived
from sentinelle.workload.models import CheckIn, LivedItem

MONTHS = 3


def seed_attestations() -> int:
    """Every demo completion attested (the current text); returns how many were added."""
    attested = set(Attestation.objects.values_list("user_id", "course_id"))
    added = 0
    for completion in Completion.objects.select_related("user", "course").order_by("pk"):
        if (completion.user_id, completion.course_id) not in attested:
            sign_attestation(completion.user, completion.course)
            attested.add((completion.user_id, completion.course_id))
            added += 1
    return added


@transaction.atomic
def seed_checkins(today: date | None = None) -> int:
    """This month's and the two previous months' check-ins of the investigators and
    intake agents of Quebec and Ontario; returns how many were added."""
    from sentinelle.demo.base import DEMO_DOMAIN

    today = today or timezone.localdate()
    factors = list(LivedItem.objects.filter(kind=LivedItem.Kind.FACTOR, active=True))
    tasks = list(LivedItem.objects.filter(kind=LivedItem.Kind.TASK, active=True))
    people = User.objects.filter(email__endswith="@" + DEMO_DOMAIN, is_active=True, region__code__in=["QC", "ON"],
                                 roles__code__in=lived.ANSWERING_ROLES).distinct().order_by("email")
    added = 0
    for age, month in enumerate(lived.previous_months(MONTHS, today=today)):
        for person in people:
            if CheckIn.objects.filter(user=person, month=month).exists():
                continue
            pick = random.Random(f"{person.email}{month}")  # noqa: S311 (demo answers, repeatable)
            # The busy season: the month before last weighed most.
            heaviness = max(1, min(5, pick.choice([2, 3, 3, 4]) + (1 if age == 2 else 0)))
            items = pick.sample(factors, k=min(len(factors), pick.randint(1, 3)))
            items += pick.sample(tasks, k=min(len(tasks), pick.randint(0, 2)))
            lived.submit(person, heaviness=heaviness, items=items, month=month)
            added += 1
    return added


def seed_people() -> tuple[int, int]:
    return seed_attestations(), seed_checkins()
