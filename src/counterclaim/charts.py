"""Figure charts as inline SVG, drawn at build time: no JavaScript, no images to fetch.

Two charts, both with a title and a description for screen readers; the figures table next to
them is the full text alternative:

- the comparison: every party's figure or range on one axis, labelled with who states it and
  as of when, so that "more than 400" and "60 to 116" are seen to be different counts;
- the timeline, when a series (the same count at several dates) has two or more dated values.

Colours come from CSS classes (``s0`` to ``s5``), so the charts follow the light or dark scheme.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from counterclaim.dates import PartialDate

WIDTH = 640
LABEL_WIDTH = 230
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - 24
ROW = 44
PALETTE = 6
#: Timeline labels closer than this (in the chart's units) to the last one alternate above and below.
LABEL_GAP = 80


@dataclass(frozen=True)
class Point:
    """One figure as the chart needs it: already worded in the page's language."""

    who: str
    who_key: str
    amount: str
    low: float
    high: float
    qualifier: str
    as_of: PartialDate | None
    as_of_text: str | None
    series: str | None


@dataclass(frozen=True)
class ChartWords:
    comparison_title: str
    comparison_desc: str
    timeline_title: str
    timeline_desc: str
    as_of: str
    #: Writes a number the page language's way.
    number: Callable[[float], str]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1
    power: float = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def _ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)]


def _x(value: float, top: float) -> float:
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * value / top


def _colours(points: Sequence[Point]) -> dict[str, int]:
    order: dict[str, int] = {}
    for point in points:
        order.setdefault(point.who_key, len(order) % PALETTE)
    return order


def _svg(chart_id: str, height: float, title: str, desc: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _grid(moves: Iterable[str]) -> str:
    """The grid lines, one path. Text is anchored by class: ``m`` in the middle, ``e`` at the end."""
    return f'<path class="grid" d="{"".join(moves)}"/>'


def comparison(chart_id: str, points: Sequence[Point], words: ChartWords) -> Markup | None:
    """Every figure on one axis from zero; ``None`` when there is nothing to compare."""
    if not points:
        return None
    number = words.number
    top = nice_ceiling(max(p.high for p in points) * 1.08)
    colours = _colours(points)
    axis_y = 24 + ROW * len(points)
    ticks = [(_x(tick, top), number(tick)) for tick in _ticks(top)]
    body = [_grid(f"M{x:.0f} 16V{axis_y}" for x, _ in ticks)]
    body += [f'<text class="tick m" x="{x:.0f}" y="{axis_y + 16}">{escape(label)}</text>' for x, label in ticks]
    for row, point in enumerate(points):
        y = 24 + ROW * row + ROW / 2
        css = f"s{colours[point.who_key]}"
        body.append(f'<text class="who" y="{y - 4:.0f}">{escape(_clip(point.who, 34))}</text>')
        if point.as_of_text:
            when = f"{words.as_of} {point.as_of_text}"
            body.append(f'<text class="when" y="{y + 12:.0f}">{escape(_clip(when, 38))}</text>')
        low, high = _x(point.low, top), _x(point.high, top)
        if point.high > point.low:
            body.append(
                f'<rect class="{css}" x="{low:.0f}" y="{y - 6:.0f}" width="{high - low:.0f}" height="12" rx="3"/>'
            )
        else:
            body.append(f'<circle class="{css}" cx="{low:.0f}" cy="{y:.0f}" r="6"/>')
        body.extend(_hedge(point, low, high, y, css))
        left_of = high > (PLOT_LEFT + PLOT_RIGHT) / 2
        label_x = low - 10 if left_of else high + 12
        if point.qualifier in ("more-than", "at-least") and not left_of:
            label_x += 18
        if point.qualifier in ("fewer-than", "at-most") and left_of:
            label_x -= 18
        body.append(
            f'<text class="amount{" e" if left_of else ""}" x="{label_x:.0f}" y="{y + 4:.0f}">'
            f"{escape(point.amount)}</text>"
        )
    return _svg(chart_id, axis_y + 26, words.comparison_title, words.comparison_desc, body)


def _hedge(point: Point, low: float, high: float, y: float, css: str) -> list[str]:
    """An arrow for 'more than' or 'fewer than'; a dashed halo for 'about'."""
    if point.qualifier in ("more-than", "at-least"):
        return [f'<path class="{css} hedge" d="M{high + 7:.0f} {y:.0f}h14m-5 -5l5 5l-5 5"/>']
    if point.qualifier in ("fewer-than", "at-most"):
        return [f'<path class="{css} hedge" d="M{low - 7:.0f} {y:.0f}h-14m5 -5l-5 5l5 5"/>']
    if point.qualifier == "about":
        return [
            f'<rect class="{css} about" x="{low - 12:.0f}" y="{y - 10:.0f}" '
            f'width="{high - low + 24:.0f}" height="20" rx="10"/>'
        ]
    return []


def timeline(chart_id: str, points: Sequence[Point], words: ChartWords) -> Markup | None:
    """Each series with two or more dated values, as a line over time; ``None`` if there is none."""
    series: dict[str, list[Point]] = {}
    for point in points:
        if point.series and point.as_of:
            series.setdefault(point.series, []).append(point)
    series = {k: sorted(v, key=_when) for k, v in series.items() if len(v) >= 2}
    if not series:
        return None
    number = words.number
    dated = [p for ps in series.values() for p in ps]
    first = min(_day(p) for p in dated)
    last = max(_day(p) for p in dated)
    span = max(last - first, 1)
    top = nice_ceiling(max(p.high for p in dated) * 1.08)
    height, plot_top, plot_bottom = 260, 20, 200
    left, right = 70, WIDTH - 200
    colours = _colours(dated)

    def x(point: Point) -> float:
        return left + (right - left) * (_day(point) - first) / span

    def y(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * value / top

    ticks = _ticks(top)
    body = [_grid(f"M{left} {y(tick):.0f}H{right}" for tick in ticks)]
    for tick in ticks:
        body.append(f'<text class="tick e" x="{left - 8}" y="{y(tick) + 4:.0f}">{escape(number(tick))}</text>')
    for name, values in series.items():
        css = f"s{colours[values[0].who_key]}"
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(p):.0f} {y(p.high):.0f}" for i, p in enumerate(values))
        body.append(f'<path class="{css} line" d="{path}"/>')
        previous: tuple[float, bool] | None = None  # where the last label went: its x, and whether above
        for p in values:
            body.append(f'<circle class="{css}" cx="{x(p):.0f}" cy="{y(p.high):.0f}" r="4"/>')
            # A label goes above its point, or below it when the last one, close by, went above.
            above = previous is None or x(p) - previous[0] >= LABEL_GAP or not previous[1]
            label_y = y(p.high) - 9 if above else y(p.high) + 18
            body.append(f'<text class="amount small m" x="{x(p):.0f}" y="{label_y:.0f}">{escape(p.amount)}</text>')
            previous = (x(p), above)
        end = values[-1]
        body.append(
            f'<text class="who" x="{x(end) + 10:.0f}" y="{y(end.high) + 4:.0f}">{escape(_clip(end.who, 24))}</text>'
        )
        del name
    start_text = next(p.as_of_text for p in sorted(dated, key=_when) if p.as_of_text)
    end_text = next(p.as_of_text for p in sorted(dated, key=_when, reverse=True) if p.as_of_text)
    body.append(f'<text class="tick" x="{left}" y="{plot_bottom + 22}">{escape(start_text or "")}</text>')
    body.append(f'<text class="tick e" x="{right}" y="{plot_bottom + 22}">{escape(end_text or "")}</text>')
    return _svg(chart_id, height, words.timeline_title, words.timeline_desc, body)


def _when(point: Point) -> float:
    return _day(point) if point.as_of else 0.0


def _day(point: Point) -> float:
    """Where a date falls on the time axis: a month or a year is drawn at its middle."""
    assert point.as_of is not None
    return (point.as_of.first_day.toordinal() + point.as_of.last_day.toordinal()) / 2


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
