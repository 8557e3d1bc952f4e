"""What other apps show on the pages of cases, read without importing them.

The apps above cases add a section to the case page (quality: the completed
review of the file) or to the employer page (workload: the employer risk score)
by registering a `Panel` for that page in their `AppConfig.ready()`, as quality
fills `cases.steps`. A panel returns its HTML for this case or employer and this
reader, or None when it has nothing to show them; whoever may read what is
decided inside the panel, by the app's own rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

# The pages that show panels; the object a panel is given is the page's.
CASE = "case"
EMPLOYER = "employer"

# (the case or the employer, request) -> its HTML, or None.
Panel = Callable[[Any, HttpRequest], SafeString | None]

_panels: dict[str, dict[str, Panel]] = {CASE: {}, EMPLOYER: {}}


def register(page: str, name: str, panel: Panel) -> None:
    _panels[page][name] = panel


def render(page: str, obj: Any, request: HttpRequest) -> list[SafeString]:
    """The sections of the other apps for this object of `page` and this reader, in the order registered."""
    shown: list[Any] = [panel(obj, request) for panel in _panels[page].values()]
    return [html for html in shown if html]
