"""Small-cell suppression, checked independently: no count under 5 is shown, and
no hidden count can be worked out from the totals, one line at a time or all the
row and column equations together (exact rational elimination)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentinelle.dashboard.public import suppress, suppress_group, with_totals
from sentinelle.test import example_count

Position = tuple[int, int]


def rank(rows: list[list[Fraction]]) -> int:
    """Rank by Gaussian elimination over the rationals."""
    matrix = [row[:] for row in rows]
    rank_ = 0
    columns = len(matrix[0]) if matrix else 0
    for col in range(columns):
        pivot = next((r for r in range(rank_, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank_], matrix[pivot] = matrix[pivot], matrix[rank_]
        for r in range(len(matrix)):
            if r != rank_ and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank_][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank_], strict=True)]
        rank_ += 1
    return rank_


def recomputable(tables: Sequence[tuple[list[list[int]], set[Position]]],
                 same: Sequence[Sequence[tuple[int, Position]]] = ()) -> list[tuple[int, Position]]:
    """Hidden cells fixed by the published figures. Each table is written as the
    attacker sees it: inner cells, then a total for each row, each column, and
    the grand total; every total is an equation over the cells it adds."""
    unknown: dict[tuple[int, Position], int] = {}
    for group in same:
        hidden_members = [(t, p) for t, p in group if p in tables[t][1]]
        if hidden_members:
            number = max(unknown.values(), default=-1) + 1
            for member in hidden_members:
                unknown[member] = number
    for t, (_grid, hidden) in enumerate(tables):
        for p in sorted(hidden):
            if (t, p) not in unknown:
                unknown[(t, p)] = max(unknown.values(), default=-1) + 1
    size = max(unknown.values(), default=-1) + 1
    equations: list[list[Fraction]] = []
    for t, (grid, _hidden) in enumerate(tables):
        inner_rows, inner_cols = len(grid) - 1, len(grid[0]) - 1
        # total of row r = sum of its cells; total of column c = sum of its cells;
        # grand total = sum of the row totals = sum of the column totals.
        sums: list[tuple[Position, list[Position]]] = []
        sums += [((r, inner_cols), [(r, c) for c in range(inner_cols)]) for r in range(inner_rows)]
        sums += [((inner_rows, c), [(r, c) for r in range(inner_rows)]) for c in range(inner_cols)]
        sums.append(((inner_rows, inner_cols), [(r, inner_cols) for r in range(inner_rows)]))
        sums.append(((inner_rows, inner_cols), [(inner_rows, c) for c in range(inner_cols)]))
        for total, parts in sums:
            equation = [Fraction(0)] * size
            for p in parts:
                if (t, p) in unknown:
                    equation[unknown[(t, p)]] += 1
            if (t, total) in unknown:
                equation[unknown[(t, total)]] -= 1
            if any(equation):
                equations.append(equation)
    base = rank(equations) if equations else 0
    fixed = []
    for key, number in unknown.items():
        unit = [Fraction(int(i == number)) for i in range(size)]
        if rank([*equations, unit]) == base:
            fixed.append(key)
    return fixed


def assert_safe(grid: list[list[int]], hidden: set[Position]) -> None:
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if 0 < value < 5:
                assert (r, c) in hidden, f"{value} shown at {(r, c)}"
    # One line at a time: no line (with its total) has exactly one hidden figure.
    for line in [[(r, c) for c in range(len(grid[0]))] for r in range(len(grid))] + \
                [[(r, c) for r in range(len(grid))] for c in range(len(grid[0]))]:
        assert sum(p in hidden for p in line) != 1, line
    assert recomputable([(grid, hidden)]) == []


def test_a_hand_table() -> None:
    grid = with_totals([[3, 10, 12], [8, 9, 20], [15, 2, 30]])
    hidden = suppress(grid)
    assert {(0, 0), (2, 1)} <= hidden  # the 3 and the 2
    assert_safe(grid, hidden)
    # The complements are the smallest counts that close a cycle: the 10 and the 15.
    assert hidden == {(0, 0), (0, 1), (2, 0), (2, 1)}


def test_the_checker_finds_what_a_single_suppression_leaves_open() -> None:
    grid = with_totals([[3, 10], [8, 9]])
    assert recomputable([(grid, {(0, 0)})]) == [(0, (0, 0))]
    # Two tables of one pattern each, linked by a cycle that is a bridge in the
    # other: the dumbbell is caught by the combined equations.
    grid = with_totals([[6, 7, 8, 9], [6, 7, 8, 9], [6, 7, 8, 9], [6, 7, 8, 9]])
    dumbbell = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)}
    assert (0, (0, 2)) in recomputable([(grid, dumbbell)])
    assert_safe(grid, suppress(grid, dumbbell))


def test_a_small_total_is_hidden_too() -> None:
    grid = with_totals([[2, 0, 1], [10, 12, 30], [9, 15, 7]])
    hidden = suppress(grid)
    assert (0, 3) in hidden  # the row total, 3
    assert_safe(grid, hidden)


def test_zeros_are_shown_and_a_table_without_small_counts_is_untouched() -> None:
    grid = with_totals([[0, 10, 12], [8, 0, 20]])
    assert suppress(grid) == set()


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=cols, max_size=cols),
            min_size=rows, max_size=rows,
        )
    )
)


@settings(max_examples=example_count(250), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_random_tables_show_no_small_count_and_nothing_recomputable(inner: list[list[int]]) -> None:
    grid = with_totals(inner)
    assert_safe(grid, suppress(grid))


@settings(max_examples=example_count(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables, st.integers(min_value=1, max_value=5), st.data())
def test_two_tables_sharing_their_column_totals_are_safe_together(
    first: list[list[int]], rows: int, data: st.DataObject
) -> None:
    """A second table of the same columns whose column totals are the same figures
    (as reports by province and by sector share the quarter totals)."""
    grid_a = with_totals(first)
    totals = grid_a[-1][:-1]
    # Split each column total of the first table over `rows` rows.
    second = [[0] * len(totals) for _ in range(rows)]
    for c, total in enumerate(totals):
        remaining = total
        for r in range(rows - 1):
            share = data.draw(st.integers(0, remaining))
            second[r][c] = share
            remaining -= share
        second[rows - 1][c] = remaining
    grid_b = with_totals(second)
    assert grid_b[-1] == grid_a[-1]
    last_a, last_b = len(grid_a) - 1, len(grid_b) - 1
    links = [[(0, (last_a, c)), (1, (last_b, c))] for c in range(len(grid_a[0]))]
    hidden_a, hidden_b = suppress_group([grid_a, grid_b], links)
    for grid, hidden in ((grid_a, hidden_a), (grid_b, hidden_b)):
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                assert not 0 < value < 5 or (r, c) in hidden
    for c in range(len(grid_a[0])):  # a shared figure is hidden in both or neither
        assert ((last_a, c) in hidden_a) == ((last_b, c) in hidden_b)
    assert recomputable([(grid_a, hidden_a), (grid_b, hidden_b)], links) == []
