"""A pytest plugin (registered by the root conftest.py) that prints how many
examples each fuzz test ran, and the total, at the end of the run. The counts
travel as user properties of the test reports, so they reach the controller
under pytest-xdist."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

PROPERTY = "fuzz examples"
_totals: Counter[str] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":
        return
    for name, value in report.user_properties:
        if name == PROPERTY:
            _totals[report.nodeid] += int(str(value))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _totals:
        return
    terminalreporter.write_sep("-", "fuzzing")
    for nodeid, count in sorted(_totals.items()):
        terminalreporter.write_line(f"{count:7d}  {nodeid}")
    terminalreporter.write_line(f"Fuzz: {sum(_totals.values())} examples in {len(_totals)} tests.")
