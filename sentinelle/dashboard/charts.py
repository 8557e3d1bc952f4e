"""Charts of the quarterly report, drawn on the server as SVG with matplotlib
(no pyplot, no display, no font fetched: text is drawn as paths)."""

from __future__ import annotations

import base64
import io

from sentinelle.dashboard.tables import Table
from sentinelle.lib.palette import GRID, INK, colour


def svg_chart(table: Table) -> str | None:
    """The table's chart as an SVG data URL; None when there is nothing to draw."""
    columns = table.chart_columns
    if not columns or not table.drawable:
        return None
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    rcParams["svg.fonttype"] = "path"
    rcParams["svg.hashsalt"] = "sentinelle"  # the same SVG for the same figures
    labels = [str(row[0]) for row in table.rows]
    figure = Figure(figsize=(6.4, 2.8))
    axes = figure.add_subplot()
    positions = range(len(labels))
    bottom = [0.0] * len(labels)
    width = 0.8 / (1 if table.stacked or table.chart != "bar" else len(columns))
    shares = all(table.columns[index].kind == "share" for index in columns)
    for number, index in enumerate(columns):
        scale = 100.0 if shares else 1.0
        values = [float(row[index]) * scale if row[index] is not None else 0.0 for row in table.rows]
        fill = colour(number)
        title = table.columns[index].title
        if table.chart == "line":
            axes.plot(list(positions), values, marker="o", color=fill, label=title)
        elif table.stacked:
            axes.bar(list(positions), values, width, bottom=bottom, color=fill, label=title)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        else:
            offset = (number - (len(columns) - 1) / 2) * width if table.chart == "bar" else 0
            axes.bar([p + offset for p in positions], values, width, color=fill, label=title)
    axes.set_xticks(list(positions), labels, rotation=30 if len(labels) > 4 else 0, ha="right" if len(labels) > 4 else "center",
                    fontsize=7)
    axes.tick_params(axis="both", labelsize=7, colors=INK)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    if shares:
        axes.set_ylim(0, 100)
        axes.set_ylabel("%", fontsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    if len(columns) > 1:
        axes.legend(fontsize=6, frameon=False)
    figure.tight_layout()
    output = io.StringIO()
    figure.savefig(output, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(output.getvalue().encode()).decode()
