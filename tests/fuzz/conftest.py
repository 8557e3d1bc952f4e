"""Shared settings of the fuzz tests and the count of examples they run.

Every fuzz test is reproducible (`derandomize=True`: the examples come from the
test's own name, no example database), has no deadline (the machine is shared),
and counts its examples with the `examples` fixture; tests/fuzz/summary.py prints the totals."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from sentinelle.test import example_count
from tests.fuzz.summary import PROPERTY

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


def fuzz(max_examples: int) -> settings:
    """The shared settings with this many examples (a tenth under the `light`
    Hypothesis profile of `make check`: sentinelle.test.example_count)."""
    return settings(FUZZ, max_examples=example_count(max_examples))


class Examples:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, weight: int = 1) -> None:
        self.count += weight


@pytest.fixture
def examples(request: pytest.FixtureRequest) -> Any:
    """Call it once per example (or with a weight: cases run in one example)."""
    counter = Examples()
    yield counter
    request.node.user_properties.append((PROPERTY, counter.count))
