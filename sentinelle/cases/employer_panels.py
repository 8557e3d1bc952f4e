"""What the apps above cases add to an employer's page, without cases importing
them: each app registers, in its `AppConfig.ready()`, a function that gives the
template of its section and what it shows, or None to show nothing (workload
adds the employer's risk score and the rules that produced it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sentinelle.cases.models import Employer


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


# (employer, user) -> the section to show, or None.
type PanelOf = Callable[[Employer, Any], Panel | None]

_PANELS: list[PanelOf] = []


def register(panel: PanelOf) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels(employer: Employer, user: Any) -> list[Panel]:
    return [panel for panel_of in _PANELS if (panel := panel_of(employer, user)) is not None]
