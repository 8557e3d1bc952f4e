"""The guidance library: what applies to a case status or an activity kind."""

from __future__ import annotations

from sentinelle.cases.models import Guidance


def guidance_for(*topics: str) -> list[Guidance]:
    """Topics are "status:<case status>" or "activity:<activity kind>"."""
    return list(Guidance.objects.filter(topic__in=topics))
