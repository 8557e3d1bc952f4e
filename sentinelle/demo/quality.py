"""Demo data of quality control: the sampling plan of the current fiscal year
(1 %, 2 %, 3 %, then 4 %, as in the compliance action plan), and the draw of
every demo file closed this fiscal year that has none yet, through the real draw
(files closed in earlier years were closed under no plan). Running it again adds
nothing."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sentinelle.cases.models import Case
from sentinelle.quality.models import Draw, SamplingRate, fiscal_year_of, quarter_bounds
from sentinelle.quality.sampling import draw_for_review

DEMO_RATES = {1: Decimal("0.01"), 2: Decimal("0.02"), 3: Decimal("0.03"), 4: Decimal("0.04")}


@transaction.atomic
def seed_demo_quality(today: date | None = None) -> int:
    """The plan's rates and the missing draws; how many rows were added."""
    year = fiscal_year_of(today or timezone.localdate())
    added = 0
    for quarter, rate in DEMO_RATES.items():
        _rate, created = SamplingRate.objects.get_or_create(fiscal_year=year, quarter=quarter,
                                                            defaults={"rate": rate})
        added += created
    drawn = Draw.objects.values("case_id")
    year_start, _end = quarter_bounds(year, 1)
    since = timezone.make_aware(datetime.combine(year_start, time.min))
    closed_this_year = Case.objects.filter(closed_at__gte=since, status="closed")
    for case in closed_this_year.exclude(pk__in=drawn).select_related("employer"):
        draw_for_review(case)
        added += 1
    return added
