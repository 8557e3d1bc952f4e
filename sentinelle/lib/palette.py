"""The one palette of every chart: those of the pages (Chart.js, which reads it
from the page: `{% chart_palette %}`, lib/template_filters.py) and of the PDFs
(matplotlib, dashboard/charts.py).

The hues are Okabe and Ito's set for colour-blind readers ("Color Universal
Design", 2008), with the orange darkened and the two lightest (sky blue, yellow)
left out, so that every colour has a contrast of at least 3:1 against the white of
the page (WCAG 2.1, 1.4.11 Non-text Contrast), and any two stay apart as people
with protanopia, deuteranopia or tritanopia see them (tests/test_chart_palette.py
checks both, and that every chart takes its colours from here)."""

from __future__ import annotations

BACKGROUND = "#ffffff"
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#6E4C00",  # orange, darkened to an ochre (apart from vermillion for every reader)
    "#000000",  # black
)
# Text and lines drawn around the charts (axes, ticks, grid).
INK = "#333333"
GRID = "#767676"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast(first: str, second: str = BACKGROUND) -> float:
    """The contrast ratio of two colours (WCAG 2.1), from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
