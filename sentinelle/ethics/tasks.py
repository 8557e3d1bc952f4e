"""The daily check of the ethics officer's designation for the weeks ahead."""

from __future__ import annotations

from datetime import timedelta

from sentinelle.ethics.services import warn_of_gaps
from sentinelle.lib.schedule import recurring


@recurring(every=timedelta(hours=6), title="Ethics officer coverage")
def check_coverage() -> bool:
    return warn_of_gaps()
