"""Retention: what each app removes once its keeping time is over, run together
by the daily purge (`intake.tasks.purge_expired_records`).

Each app registers its own step in its `AppConfig.ready()` (`purge_step`), and
an app that needs another's records kept for a while registers a hold
(`hold`): the texts it still works on (an open access request names the
reports it covers), in which a record's reference must not appear to be
removed. So the app that purges depends on no app that holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

PurgeStep = Callable[[date], Any]
Hold = Callable[[], list[str]]

_steps: dict[str, PurgeStep] = {}
_holds: dict[str, Hold] = {}


def purge_step(name: str, step: PurgeStep) -> None:
    """Have the daily purge call `step(today)`; its result is kept under `name`."""
    _steps[name] = step


def hold(name: str, texts: Hold) -> None:
    """Keep every record whose reference appears in one of `texts()`."""
    _holds[name] = texts


def held_texts() -> list[str]:
    """Every text that holds records back, upper case (references are compared so)."""
    return [text.upper() for texts in _holds.values() for text in texts()]


def purge(today: date) -> dict[str, Any]:
    """Run every registered step; what each returned, by name."""
    return {name: step(today) for name, step in _steps.items()}
