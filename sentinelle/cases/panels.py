"""What other apps show on the case page, read without importing them.

The apps above cases (quality, for one: the completed review of the file) add a
section to the case page by registering a `Panel` in their `AppConfig.ready()`,
as quality fills `cases.steps`. A panel returns its HTML for this case and this
reader, or None when it has nothing to show them; whoever may read what is
decided inside the panel, by the app's own rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from sentinelle.cases.models import Case

Panel = Callable[[Case, HttpRequest], SafeString | None]

_panels: dict[str, Panel] = {}


def register(name: str, panel: Panel) -> None:
    _panels[name] = panel


def render(case: Case, request: HttpRequest) -> list[SafeString]:
    """The sections of the other apps for this case and this reader, in the order registered."""
    shown: list[Any] = [panel(case, request) for panel in _panels.values()]
    return [html for html in shown if html]
