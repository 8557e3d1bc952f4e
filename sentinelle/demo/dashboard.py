"""Demo data of the dashboard: the national targets of the demo years."""

from __future__ import annotations

from sentinelle.dashboard.periods import current_fiscal_year
from sentinelle.dashboard.targets import seed_targets


def seed_demo_targets() -> int:
    """The national seed targets of the last ten fiscal years, this one and the
    next, where missing (the data migration seeds them too); the number created."""
    from sentinelle.dashboard.models import Target

    return seed_targets(Target, current_fiscal_year())
