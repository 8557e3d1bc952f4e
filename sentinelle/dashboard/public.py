"""The public statistics: aggregate counts by province, sector, outcome and fiscal
quarter, with small-cell suppression.

Suppression rules (the public page explains them):

- Primary: every count from 1 to 4 is hidden, totals included. A zero is shown:
  it tells that nothing happened, which identifies nobody.
- Complementary: a hidden count must never be recomputable from the totals. A
  table with its totals is treated as one grid whose every row and column adds
  up (the totals being part of the grid). Hidden cells are the edges of a
  bipartite graph between rows and columns; the row and column equations fix a
  hidden cell's value exactly when that edge is a bridge (it lies on no cycle of
  hidden cells). So: while a row or column has exactly one hidden cell, the
  smallest other count of that line is hidden too; then, while some hidden cell
  is a bridge, the smallest count that closes a cycle through it is hidden.
- Totals are always computed from the full data, never from what is shown.
- Tables that publish the same figure (the quarter totals of the province and
  sector tables of one measure) hide it in both or in neither, and the group is
  checked as a whole: a figure fixed by the equations of several tables together
  is hidden along with the smallest count of its line."""

from __future__ import annotations

import datetime
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.forecast import quarters
from sentinelle.lib.geo import Province

THRESHOLD = 5
Position = tuple[int, int]


# Suppression on a grid ---------------------------------------------------------

def with_totals(inner: Sequence[Sequence[int]]) -> list[list[int]]:
    """The grid with a total column and a total row (computed from all the data)."""
    rows = [[*row, sum(row)] for row in inner]
    columns = len(rows[0]) if rows else 1
    rows.append([sum(row[c] for row in rows) for c in range(columns)])
    return rows


def primary(grid: Sequence[Sequence[int]]) -> set[Position]:
    return {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if 0 < v < THRESHOLD}


def _pick(grid: Sequence[Sequence[int]], candidates: Iterable[Position]) -> Position | None:
    """The complement to hide: the smallest non-zero count (a zero only if nothing
    else will do), an inner cell before a total."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1

    def key(p: Position) -> tuple[bool, int, bool, int, int]:
        v = grid[p[0]][p[1]]
        return (v == 0, v, p[0] == last_row or p[1] == last_col, p[0], p[1])

    ordered = sorted(candidates, key=key)
    return ordered[0] if ordered else None


def _lonely_line(grid: Sequence[Sequence[int]], hidden: set[Position]) -> Position | None:
    rows, cols = len(grid), len(grid[0])
    for r in range(rows):
        line = [(r, c) for c in range(cols)]
        if sum(p in hidden for p in line) == 1:
            return _pick(grid, [p for p in line if p not in hidden])
    for c in range(cols):
        line = [(r, c) for r in range(rows)]
        if sum(p in hidden for p in line) == 1:
            return _pick(grid, [p for p in line if p not in hidden])
    return None


def _reachable(start: tuple[str, int], edges: set[Position]) -> set[tuple[str, int]]:
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for r, c in edges:
        neighbours[("r", r)].append(("c", c))
        neighbours[("c", c)].append(("r", r))
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in neighbours[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _bridge_complement(grid: Sequence[Sequence[int]], hidden: set[Position]) -> Position | None:
    rows, cols = len(grid), len(grid[0])
    for edge in sorted(hidden):
        rest = hidden - {edge}
        side_a = _reachable(("r", edge[0]), rest)
        if ("c", edge[1]) in side_a:
            continue  # on a cycle: not recomputable
        side_b = _reachable(("c", edge[1]), rest)
        candidates = [
            (r, c) for r in range(rows) for c in range(cols) if (r, c) not in hidden and (
                (("r", r) in side_a and ("c", c) in side_b) or (("r", r) in side_b and ("c", c) in side_a))
        ]
        pick = _pick(grid, candidates) or _pick(grid, [(edge[0], c) for c in range(cols) if (edge[0], c) not in hidden])
        if pick is not None:
            return pick
    return None


def suppress(grid: Sequence[Sequence[int]], forced: Iterable[Position] = ()) -> set[Position]:
    """The cells of `grid` (totals included as its last row and column) to hide."""
    if not grid or not grid[0]:
        return set()
    hidden = primary(grid) | set(forced)
    while True:
        extra = _lonely_line(grid, hidden) or _bridge_complement(grid, hidden)
        if extra is None:
            return hidden
        hidden.add(extra)


# Checking a group of tables together ---------------------------------------------

def determined(grids: Sequence[Sequence[Sequence[int]]], hidden: Sequence[set[Position]],
               links: Sequence[Sequence[tuple[int, Position]]] = ()) -> list[tuple[int, Position]]:
    """The hidden cells whose value the published figures fix, all tables together
    (every row and column of each grid adds up; linked cells are one figure)."""
    import numpy as np

    variable: dict[tuple[int, Position], int] = {}
    for link in links:
        members = [m for m in link if m[1] in hidden[m[0]]]
        if members:
            index = len(set(variable.values()))
            for m in members:
                variable[m] = index
    for t, cells in enumerate(hidden):
        for p in sorted(cells):
            if (t, p) not in variable:
                variable[(t, p)] = len(set(variable.values()))
    count = len(set(variable.values()))
    if count == 0:
        return []
    equations = []
    for t, grid in enumerate(grids):
        rows, cols = len(grid), len(grid[0])
        lines = [[(r, c) for c in range(cols)] for r in range(rows)] + [[(r, c) for r in range(rows)] for c in range(cols)]
        for line in lines:
            equation = np.zeros(count)
            for p in line:
                sign = -1.0 if (p[0] == rows - 1) != (p[1] == cols - 1) else 1.0
                if (t, p) in variable and p in hidden[t]:
                    equation[variable[(t, p)]] += sign
            if equation.any():
                equations.append(equation)
    if not equations:
        return []
    # A hidden cell is fixed when its unit vector lies in the equations' row
    # space, that is when every solution of the homogeneous system leaves it at
    # 0: its component is 0 in each vector of the null space. One singular value
    # decomposition gives that space (one per cell would cost a second a page).
    matrix = np.array(equations)
    _u, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    tolerance = singular.max(initial=0.0) * max(matrix.shape) * np.finfo(float).eps
    rank = int((singular > tolerance).sum())
    null_space = vt[rank:]
    return [key for key, index in variable.items() if not (np.abs(null_space[:, index]) > 1e-9).any()]


def suppress_group(grids: Sequence[Sequence[Sequence[int]]],
                   links: Sequence[Sequence[tuple[int, Position]]] = ()) -> list[set[Position]]:
    """Suppress each grid, then make the linked figures agree and the group safe as a whole."""
    forced: list[set[Position]] = [set() for _ in grids]
    while True:
        hidden = [suppress(grid, forced[t]) for t, grid in enumerate(grids)]
        changed = False
        for link in links:
            if any(p in hidden[t] for t, p in link):
                for t, p in link:
                    if p not in hidden[t] and p not in forced[t]:
                        forced[t].add(p)
                        changed = True
        if changed:
            continue
        for t, p in determined(grids, hidden, links):
            grid = grids[t]
            line = [(p[0], c) for c in range(len(grid[0]))] + [(r, p[1]) for r in range(len(grid))]
            pick = _pick(grid, [q for q in line if q not in hidden[t] and q not in forced[t]])
            if pick is not None:
                forced[t].add(pick)
                changed = True
                break
        if not changed:
            return hidden


# The published tables --------------------------------------------------------------

@dataclass
class Cell:
    value: int
    hidden: bool

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value


@dataclass
class Table:
    slug: str
    caption: Any
    row_heading: Any
    columns: list[str]
    row_labels: list[Any]
    grid: list[list[int]]  # with totals
    hidden: set[Position] = field(default_factory=set)

    def rows(self) -> list[tuple[Any, list[Cell], Cell]]:
        out = []
        for r, label in enumerate(self.row_labels):
            cells = [Cell(v, (r, c) in self.hidden) for c, v in enumerate(self.grid[r])]
            out.append((label, cells[:-1], cells[-1]))
        return out

    @property
    def drawable(self) -> bool:
        """Whether its chart would show anything: some inner count is shown and
        not zero (hidden counts are never drawn)."""
        return any(self.grid[r][c] and (r, c) not in self.hidden
                   for r in range(len(self.grid) - 1) for c in range(len(self.grid[r]) - 1))

    def totals(self) -> tuple[list[Cell], Cell]:
        r = len(self.grid) - 1
        cells = [Cell(v, (r, c) in self.hidden) for c, v in enumerate(self.grid[r])]
        return cells[:-1], cells[-1]


NOT_STATED = "__none__"


def _by_quarter(queryset: QuerySet, date_field: str, keys: Sequence[str], span: list[int], *,  # type: ignore[type-arg]
                dates: bool) -> list[dict[tuple[Any, Any], int]]:
    """For each of `keys`, the counts by that key and fiscal quarter, all from one
    GROUP BY (the rows are read once for every table that counts them); also,
    last, the counts by the first two keys over the whole span."""
    from sentinelle.forecast.compute import bound, quarter_of

    rows = (queryset.order_by()
            .filter(**{f"{date_field}__gte": bound(span[0], dates=dates),
                       f"{date_field}__lt": bound(span[-1] + 1, dates=dates)})
            .annotate(_quarter=quarter_of(date_field, span[0], span[-1], dates=dates))
            .values_list(*keys, "_quarter").annotate(_n=Count("*")))  # COUNT(*): read from an index alone
    counts: list[dict[tuple[Any, Any], int]] = [defaultdict(int) for _key in range(len(keys) + 1)]
    for *values, quarter, n in rows:
        stated = [value if value not in (None, "") else NOT_STATED for value in values]
        for index, value in enumerate(stated):
            counts[index][(value, quarter)] += n
        counts[-1][(stated[0], stated[-1])] += n
    return counts


def _grid(counts: dict[tuple[Any, Any], int], row_keys: list[Any], col_keys: list[Any]) -> list[list[int]]:
    return with_totals([[counts.get((r, c), 0) for c in col_keys] for r in row_keys])


@dataclass
class Statistics:
    span: list[int]
    quarter_labels: list[str]
    sections: list[tuple[Any, list[Table]]]


@dataclass(frozen=True)
class Counts:
    """What the statistics count and hide: the same in every language (only the
    labels differ), so counted once for all of them."""

    span: list[int]
    sector_ids: list[int]
    grids: list[list[list[int]]]
    hidden: list[set[Position]]


def kept_statistics(today: datetime.date | None = None, *, again: bool = False) -> Statistics:
    """The statistics in the active language. Their counts are computed at most
    once per `lib.kept.kept_seconds()` (as the dashboard's figures) and kept in
    the shared cache, where every app server finds them, once for every
    language: a page in another language shows the same figures, labelled in
    it. A new quarter is counted at once. `again`: count and keep them now,
    whether or not kept ones exist."""
    from sentinelle.lib.kept import kept

    last = quarters.last_complete(today or timezone.localdate())
    return statistics(kept(f"statistics:{LAYOUT}:{last}", lambda: count(today), Counts, again=again))


def warm() -> int:
    """Count and keep the statistics now, ahead of visitors (every language
    reads them); returns the number of languages served."""
    from django.conf import settings

    kept_statistics(again=True)
    return len(settings.LANGUAGES)


# Changed whenever the kept classes change shape (a kept copy is then never read).
LAYOUT = 2


def count(today: datetime.date | None = None) -> Counts:
    """The counts of the four most recent complete fiscal quarters, and the cells
    each table hides."""
    from sentinelle.cases.models import Case, CaseStatus, Decision, DecisionStatus, Outcome, Sector
    from sentinelle.intake.models import Report

    last = quarters.last_complete(today or timezone.localdate())
    span = list(range(last - 3, last + 1))
    provinces = [*Province.values, NOT_STATED]
    sector_ids = list(Sector.objects.order_by("naics_code").values_list("pk", flat=True))
    sector_keys = [*sector_ids, NOT_STATED]
    outcome_keys = list(Outcome.values)

    reports = Report.objects.all()
    completed = Case.objects.filter(status=CaseStatus.CLOSED, inspection_started_at__isnull=False)
    decisions = Decision.objects.filter(status=DecisionStatus.APPROVED)

    # One query per kind of row, each grouped by every key its tables need.
    by_province, by_sector, _both = _by_quarter(reports, "submitted_on", ["employer_province", "sector_id"], span,
                                                dates=True)
    completed_province, completed_sector, _both = _by_quarter(
        completed, "closed_at", ["province", "sector_id"], span, dates=False)  # the employer's, kept on the case
    by_outcome, _province, outcome_province = _by_quarter(
        decisions, "approved_at", ["outcome", "case__province"], span, dates=False)
    grids = [_grid(by_province, provinces, span), _grid(by_sector, sector_keys, span),
             _grid(completed_province, provinces, span), _grid(completed_sector, sector_keys, span),
             _grid(by_outcome, outcome_keys, span), _grid(outcome_province, outcome_keys, provinces)]
    return Counts(span, sector_ids, grids, suppress_group(grids, _shared_figures(grids)))


def statistics(counts: Counts | None = None) -> Statistics:
    """The tables of `counts` (counted now if not given), labelled in the active language."""
    from sentinelle.cases.models import Outcome, Sector

    counts = counts or count()
    labels = [quarters.label(q) for q in counts.span]
    not_stated = str(_("Not stated"))
    provinces = [*(str(label) for label in Province.labels), not_stated]
    names = {sector.pk: str(sector.name) for sector in Sector.objects.filter(pk__in=counts.sector_ids)}
    sectors = [*(names.get(pk, str(pk)) for pk in counts.sector_ids), not_stated]
    outcomes = [str(label) for label in Outcome.labels]
    province = str(_("Province or territory"))
    made = [
        ("reports-province", _("Reports received, by province or territory of the workplace"), province, labels,
         provinces),
        ("reports-sector", _("Reports received, by sector"), _("Sector"), labels, sectors),
        ("inspections-province", _("Inspections completed, by province or territory of the employer"), province,
         labels, provinces),
        ("inspections-sector", _("Inspections completed, by sector"), _("Sector"), labels, sectors),
        ("outcomes-quarter", _("Outcomes of approved decisions, by quarter"), _("Outcome"), labels, outcomes),
        ("outcomes-province", _("Outcomes of approved decisions, by province or territory (the four quarters)"),
         _("Outcome"), provinces, outcomes),
    ]
    tables = [Table(slug, str(caption), str(heading), columns, rows, grid, hidden)
              for (slug, caption, heading, columns, rows), grid, hidden
              in zip(made, counts.grids, counts.hidden, strict=True)]
    return Statistics(counts.span, labels, [
        (str(_("Reports received")), tables[0:2]),
        (str(_("Inspections completed")), tables[2:4]),
        (str(_("Outcomes")), tables[4:6]),
    ])


def _shared_figures(grids: Sequence[Sequence[Sequence[int]]]) -> list[list[tuple[int, Position]]]:
    """Figures published in two tables: the total row of the province and sector
    tables of a measure (0 and 1; 2 and 3), and the outcome totals of tables 4 and 5."""
    links: list[list[tuple[int, Position]]] = []
    for a, b in ((0, 1), (2, 3)):
        ra, rb = len(grids[a]) - 1, len(grids[b]) - 1
        links += [[(a, (ra, c)), (b, (rb, c))] for c in range(len(grids[a][0]))]
    ca, cb = len(grids[4][0]) - 1, len(grids[5][0]) - 1
    links += [[(4, (r, ca)), (5, (r, cb))] for r in range(len(grids[4]))]
    return links
