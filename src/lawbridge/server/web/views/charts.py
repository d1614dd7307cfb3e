"""Small server-rendered SVG charts: the geometry of bar (grouped or stacked) and line charts, drawn
by ``components/chart.html`` with a title, a description and the data as a table beside it.

No JavaScript and no inline styles (the pages' CSP forbids both): series are coloured by CSS class
(``series-0`` …). Labels are message ids or plain numbers; the template translates them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 40


@dataclass(frozen=True, slots=True)
class Mark:
    """One bar (or one point of a line) with the value it stands for."""

    x: float
    y: float
    width: float
    height: float
    series: int
    category: str
    value: float


@dataclass(slots=True)
class Chart:
    key: str
    title: str
    kind: str  # "bar" or "line"
    categories: list[str]
    series: list[tuple[str, list[float]]]
    width: int = WIDTH
    height: int = HEIGHT
    marks: list[Mark] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)  # (series, SVG points)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    labels: list[tuple[float, str]] = field(default_factory=list)  # (x centre, category)

    @property
    def plot_bottom(self) -> float:
        return self.height - BOTTOM

    @property
    def plot_right(self) -> float:
        return self.width - RIGHT

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        """The data table: one row per category, one column per series."""
        return [
            (name, [values[i] for _, values in self.series])
            for i, name in enumerate(self.categories)
        ]


def nice_step(peak: float, most: int = 5) -> float:
    """The smallest 1, 2 or 5 × 10^k step that covers ``peak`` in at most ``most`` steps."""
    if peak <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(peak / most))
    for factor in (1, 2, 5, 10):
        if factor * power * most >= peak:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def compact(value: float) -> str:
    """A tick label: 1,500,000 → "1.5M", 2,500 → "2.5k", 3 → "3"."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


def _scale(chart: Chart, peak: float) -> float:
    """Ticks at whole steps from 0 to the first step at or above ``peak``; returns the top."""
    step = nice_step(peak)
    count = max(1, math.ceil(peak / step - 1e-9))
    top = step * count
    chart.ticks = [(_y(chart, step * i, top), compact(step * i)) for i in range(count + 1)]
    return top


def _y(chart: Chart, value: float, top: float) -> float:
    return chart.plot_bottom - (chart.plot_bottom - TOP) * value / top


def bar_chart(
    key: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    *,
    stacked: bool = False,
) -> Chart:
    """Bars per category: side by side per series, or stacked."""
    chart = Chart(key, title, "bar", categories, series)
    sums = [sum(v[i] for _, v in series) for i in range(len(categories))]
    peak = max(sums if stacked else [x for _, v in series for x in v] or [0], default=0)
    top = _scale(chart, peak)
    band = (chart.plot_right - LEFT) / max(len(categories), 1)
    inner = band * 0.7
    for i, category in enumerate(categories):
        start = LEFT + band * i + (band - inner) / 2
        chart.labels.append((LEFT + band * (i + 0.5), category))
        base = 0.0
        for s, (_, values) in enumerate(series):
            value = values[i]
            width = inner if stacked else inner / len(series)
            x = start if stacked else start + width * s
            y = _y(chart, base + value, top)
            height = _y(chart, base, top) - y
            chart.marks.append(Mark(x, y, width, height, s, category, value))
            base += value if stacked else 0.0
    return chart


def line_chart(
    key: str, title: str, categories: list[str], series: list[tuple[str, list[float]]]
) -> Chart:
    """One line per series across the categories, a point mark at each value."""
    chart = Chart(key, title, "line", categories, series)
    top = _scale(chart, max((x for _, v in series for x in v), default=0))
    step = (chart.plot_right - LEFT) / max(len(categories) - 1, 1)
    for i, category in enumerate(categories):
        chart.labels.append((LEFT + step * i, category))
    for s, (_, values) in enumerate(series):
        points = [(LEFT + step * i, _y(chart, v, top)) for i, v in enumerate(values)]
        chart.lines.append((s, " ".join(f"{x:.1f},{y:.1f}" for x, y in points)))
        for (x, y), value, category in zip(points, values, categories, strict=True):
            chart.marks.append(Mark(x, y, 0, 0, s, category, value))
    return chart
