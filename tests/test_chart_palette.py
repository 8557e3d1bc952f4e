"""One palette for every chart, in pages and PDFs (sentinelle/lib/palette.py):
no chart script, chart template or chart-drawing module names a colour of its
own; every page that draws charts carries the palette; every colour stands out
from the page (contrast of at least 3:1, WCAG 2.1 1.4.11) and from the others
as people with each kind of colour blindness see them."""

from __future__ import annotations

import base64
import itertools
import math
import re
from pathlib import Path

import pytest
from django.test import Client

from sentinelle.lib.palette import BACKGROUND, GRID, INK, PALETTE, contrast

ROOT = Path(__file__).resolve().parent.parent
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")

# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for
# simulation of color vision deficiency", severity 1.0, on linear RGB.
DEFICIENCIES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
    "typical vision": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}
# CIE76 distance under which two colours of a chart are taken for one another.
APART = 15.0


def _linear(hex_colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        value = int(hex_colour[i:i + 2], 16) / 255
        out.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    return out


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, v)) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_with(deficiency: str, hex_colour: str) -> tuple[float, float, float]:
    matrix, rgb = DEFICIENCIES[deficiency], _linear(hex_colour)
    return _lab([sum(row[j] * rgb[j] for j in range(3)) for row in matrix])


@pytest.mark.parametrize("colour", PALETTE)
def test_every_colour_stands_out_from_the_page(colour: str) -> None:
    # Computed here from the WCAG definition, not with the module's own function.
    def luminance(hex_colour: str) -> float:
        r, g, b = _linear(hex_colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    ratio = (max(luminance(colour), luminance(BACKGROUND)) + 0.05) / (
        min(luminance(colour), luminance(BACKGROUND)) + 0.05)
    assert ratio >= 3.0, f"{colour}: {ratio:.2f}:1"
    assert abs(contrast(colour) - ratio) < 1e-9


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_no_two_colours_look_alike_with_any_colour_blindness(deficiency: str) -> None:
    for first, second in itertools.combinations(PALETTE, 2):
        distance = math.dist(seen_with(deficiency, first), seen_with(deficiency, second))
        assert distance >= APART, f"{deficiency}: {first} and {second} are {distance:.1f} apart"


def chart_sources() -> list[Path]:
    """Every file that draws a chart: the pages' scripts (Chart.js), the
    templates that load them, and the Python that draws the PDFs' charts."""
    scripts = [p for p in ROOT.glob("sentinelle/*/static/**/*.js") if "new Chart" in p.read_text()
               or "window.Chart" in p.read_text()]
    scripts += [p for p in (ROOT / "static").glob("js/**/*.js") if "Chart" in p.read_text()]
    templates = [p for p in [*ROOT.glob("sentinelle/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
                 if "chartjs" in p.read_text()]
    python = [p for p in ROOT.glob("sentinelle/**/*.py") if "matplotlib" in p.read_text()
              and "/tests/" not in str(p) and p.name != "palette.py"]
    return scripts + templates + python


def test_every_chart_takes_its_colours_from_the_one_palette() -> None:
    sources = chart_sources()
    assert any(p.suffix == ".js" for p in sources) and any(p.suffix == ".py" for p in sources)
    for path in sources:
        text = path.read_text()
        assert not HEX.findall(text), f"{path.relative_to(ROOT)} names colours of its own: {HEX.findall(text)}"
        if path.suffix == ".js":
            assert "chart-palette" in text, f"{path.relative_to(ROOT)} does not read the page's palette"
        if path.suffix == ".html":
            assert "{% chart_palette %}" in text, f"{path.relative_to(ROOT)} loads charts without the palette"
        if path.suffix == ".py":
            assert "sentinelle.lib.palette" in text, path


@pytest.mark.django_db
def test_the_pages_and_the_pdf_charts_use_those_colours(client: Client) -> None:
    from sentinelle.dashboard.charts import svg_chart
    from sentinelle.dashboard.tables import Column, Table

    page = client.get("/en/statistics/").content.decode()
    block = re.search(r'<script id="chart-palette" type="application/json">(.*?)</script>', page)
    assert block is not None and [c.lower() for c in re.findall(r'"(#[0-9a-fA-F]{6})"', block.group(1))] == [
        c.lower() for c in PALETTE]

    table = Table("t", "T", [Column("Region", "label"), Column("A", chart=True), Column("B", chart=True)],
                  [["East", 3, 4], ["West", 5, 0]])
    chart = svg_chart(table)
    assert chart is not None
    svg = base64.b64decode(chart.split(",", 1)[1]).decode()
    fills = {c.lower() for c in re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", svg)}
    assert {PALETTE[0].lower(), PALETTE[1].lower()} <= fills
    drawn = fills - {"#ffffff", INK.lower(), GRID.lower()}  # the background, the text and the axes
    assert drawn <= {c.lower() for c in PALETTE}, drawn
