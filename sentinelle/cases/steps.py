"""Step hooks: how cases tells the apps above it that a case took a step, and
asks them whether a step may be taken, without importing them.

Each app fills the registry in its `AppConfig.ready()`, as it registers its
notifications: quality draws a closed file for review and puts a corrected file
back for re-check; training refuses an activity whose course the staff member
has not completed. Hooks run inside the step's own transaction, so that what
they write stands or falls with the step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

# (case, *, actor, note, now): what follows a step of the life cycle (`workflow.MOVES`).
type AfterStep = Callable[..., Any]
# (actor, **context) -> why the step is refused, in words, or None.
type Gate = Callable[..., str | None]

# The gate asked before an activity is recorded or changed; context: kind, announced.
RECORD_ACTIVITY = "record_activity"

_AFTER: dict[str, list[AfterStep]] = {}
_GATES: dict[str, list[Gate]] = {}


def after(step: str, hook: AfterStep) -> None:
    """Call `hook` each time a case takes `step` (a name of `workflow.MOVES`)."""
    hooks = _AFTER.setdefault(step, [])
    if hook not in hooks:
        hooks.append(hook)


def gate(step: str, hook: Gate) -> None:
    """Ask `hook` before `step` is taken; a message refuses it."""
    hooks = _GATES.setdefault(step, [])
    if hook not in hooks:
        hooks.append(hook)


def taken(step: str, case: Any, *, actor: Any, note: str, now: datetime) -> None:
    """Tell every hook of `step` that `case` took it (within the step's transaction)."""
    for hook in _AFTER.get(step, ()):
        hook(case, actor=actor, note=note, now=now)


def refusal(step: str, actor: Any, **context: Any) -> str | None:
    """The first gate's reason to refuse `step` to `actor`; None when every gate lets it through."""
    for hook in _GATES.get(step, ()):
        if message := hook(actor, **context):
            return message
    return None
