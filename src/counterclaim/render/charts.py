"""Figure charts, drawn at build time in HTML and inline SVG: no JavaScript, nothing to fetch.

- The comparison: every figure or range on one axis from zero, one row each, headed by who
  states it and as of when (above the row on a phone, beside it on a wider screen, wrapping
  rather than cut), so that "more than 400" and "60 to 116" are seen to be different counts.
- The timeline, when a series (the same count at several dates) has two or more dated values:
  each value labelled, from zero; a value known only to the month or the year is drawn as a bar
  across that month or year, not as a point on one day.

Each party keeps one mark, a colour and a shape (:mod:`counterclaim.render.partymarks`), on every chart
of the site; the colours are CSS classes (``p0`` to ``p7``), so they follow the light or dark
scheme. Both charts are as wide as the page allows, from 288 px (a 320 px phone less the page's
margins) to 720 px; their text is 15 px at every width, and placed (:mod:`counterclaim.render.chartlayout`)
so that it fits and clears everything else at every width. The figures table next to the
charts is their full text alternative.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from markupsafe import Markup

from counterclaim.model.dates import PartialDate
from counterclaim.render.chartlayout import FONT_PX, Box, Label, Plot, Segment, point_box

#: A comparison row's track: the whole chart on a phone, the chart less its name column beside it
#: from 600 px (``@container`` in style.css; 344 to 464 px then); 288 to 600 px wide.
TRACK = (288.0, 600.0)
#: The timeline's plot: the chart less 8 px each side for marks at its ends.
PLOT = (272.0, 704.0)
#: Marker shapes, each drawn around (0, 0) within 7 px, one for each of the eight party marks.
SHAPES = (
    '<circle r="6"/>',
    '<path d="M-5-5h10v10h-10z"/>',
    '<path d="M0-7 7 0 0 7-7 0z"/>',
    '<path d="M0-7 7 5h-14z"/>',
    '<path d="M0 7 7-5h-14z"/>',
    '<path d="M-2-7h4v5h5v4h-5v5h-4v-5h-5v-4h5z"/>',
    '<path d="M-2-7h4v5h5v4h-5v5h-4v-5h-5v-4h5z" transform="rotate(45)"/>',
    '<circle class="s" r="5"/>',
)
MORE = ("more-than", "at-least")
FEWER = ("fewer-than", "at-most")


@dataclass(frozen=True)
class Point:
    """One figure as the chart needs it: already worded in the page's language."""

    who: str
    who_key: str
    #: The party's mark on this page (0 to 7), from :func:`counterclaim.render.partymarks.page_marks`.
    mark: int
    amount: str
    low: float
    high: float
    qualifier: str
    as_of: PartialDate | None
    as_of_text: str | None
    series: str | None


@dataclass(frozen=True)
class ChartWords:
    #: "as of", before a date.
    as_of: str
    #: Writes a number the page language's way.
    number: Callable[[float], str]
    #: The month names, January first.
    months: Sequence[str]
    #: Writes a month and its year ("January 2026").
    month_year: Callable[[PartialDate], str]
    #: The page's language is written right to left: zero and the earliest date are drawn on the
    #: right, everything mirrored (text anchored by its start then reaches left from it).
    rtl: bool = False


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1
    power: float = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def _share(value: float) -> float:
    """A share of the width as it is written (to a thousandth), so layout checks what is drawn."""
    return round(min(max(value, 0.0), 1.0), 3)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%" if share else "0"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _x(share: float, rtl: bool) -> float:
    """Where ``share`` of the way along the axis is, from the chart's left edge: the same share
    left to right, the rest of the width right to left (charts are laid out left to right and
    mirrored as they are written)."""
    return round(1.0 - share, 3) if rtl else share


def _text(label: Label, rtl: bool, css: str = "") -> str:
    """``label`` as SVG text: a value, or with ``css="d"`` a date. Mirrored, its offset is too;
    its anchor stays, since SVG anchors text by its start in the page's direction."""
    dx = -label.dx if rtl else label.dx
    shift = f' dx="{_num(dx)}"' if dx else ""
    classes = " ".join(c for c in (css, label.anchor) if c)
    kind = f' class="{classes}"' if classes else ""
    return f'<text x="{_pct(_x(label.share, rtl))}"{shift} y="{_num(label.y)}"{kind}>{escape(label.text)}</text>'


def _at(share: float, y: float, content: str, rtl: bool) -> str:
    """Shapes drawn around a point at ``share`` of the width (an inner SVG placed there)."""
    return f'<svg x="{_pct(_x(share, rtl))}" y="{_num(y)}">{content}</svg>'


def _hedge(direction: int, start: float, rtl: bool) -> str:
    """An arrow for 'more than' (pointing away from zero) or 'fewer than' (towards it), from
    ``start`` px out."""
    direction = -direction if rtl else direction
    head = "h14m-5-5 5 5-5 5" if direction > 0 else "h-14m5-5-5 5 5 5"
    return f'<path class="s" d="M{_num(direction * start)} 0{head}"/>'


# -- the comparison -------------------------------------------------------------------------------


def comparison(points: Sequence[Point], words: ChartWords) -> Markup | None:
    """Every figure on one axis from zero; ``None`` when there is nothing to compare."""
    if not points:
        return None
    top = nice_ceiling(max(p.high for p in points) * 1.08)
    ticks = _value_ticks(top, words.number)
    parts = [f'<div class="cmp t{len(ticks) - 1}" aria-hidden="true">']
    parts += [_row(point, top, words) for point in points]
    parts.append('<svg class="ax">' + "".join(_text(t, words.rtl) for t in ticks) + "</svg></div>")
    return Markup("".join(parts))


@lru_cache(maxsize=1024)  # most charts of a site share a few scales
def _value_ticks(top: float, number: Callable[[float], str]) -> tuple[Label, ...]:
    """Labels for 0, a quarter, a half... of ``top``: five if they fit the narrowest track, else three."""
    for count in (4, 2, 1):
        labels = [
            Label(number(top * i / count), i / count, 0, 16, "" if i == 0 else "e" if i == count else "m", bold=False)
            for i in range(count + 1)
        ]
        plot = Plot(TRACK, 0, 22, [], [], [])
        if all(plot.place([label]) for label in labels):
            break
    return tuple(labels)


def _row(point: Point, top: float, words: ChartWords) -> str:
    low, high = _share(point.low / top), _share(point.high / top)
    rtl = words.rtl
    about = point.qualifier == "about"
    drawn: list[str] = []
    at_low: list[str] = []  # drawn around the low end (and a single value's point)
    at_high: list[str] = []
    if high > low:  # a range: a bar, its label clear of the bar's ends
        start = _pct(_x(high if rtl else low, rtl))
        drawn.append(f'<rect x="{start}" y="6" width="{_pct(high - low)}" height="12" rx="3"/>')
        if about:
            drawn.append(f'<rect class="s ab" x="{start}" y="2" width="{_pct(high - low)}" height="20" rx="6"/>')
        right = left = 5.0
    else:
        at_low.append(SHAPES[point.mark % len(SHAPES)] + ('<circle class="s ab" r="10"/>' if about else ""))
        right = left = 14.0 if about else 11.0
    # An arrow for a hedge, where the track has room for it (none points left of zero).
    if point.qualifier in MORE and (1 - high) * TRACK[0] >= right + 14:
        (at_low if high == low else at_high).append(_hedge(1, right - 2, rtl))
        right += 16
    if point.qualifier in FEWER and low * TRACK[0] >= left + 14:
        at_low.append(_hedge(-1, left - 2, rtl))
        left += 16
    drawn += [_at(low, 12, "".join(at_low), rtl)] if at_low else []
    drawn += [_at(high, 12, "".join(at_high), rtl)] if at_high else []
    # The amount goes right of the mark if it fits at the narrowest width, else left of it, else
    # under it (the row drawn taller), else (too long for any of those) into the row's heading.
    amount = point.amount
    plot = Plot(TRACK, 0, 44, [], [], [])
    placed = plot.place(
        [Label(amount, high, right, 17), Label(amount, low, -left, 17, "e")],
        [Label(amount, (low + high) / 2, 0, 40, "m"), Label(amount, low, -7, 40), Label(amount, high, 7, 40, "e")],
    )
    if placed:
        drawn.append(_text(placed, rtl))
    head = f"<b>{escape(point.who)}</b>"
    if point.as_of_text:
        head += f" <span>{escape(words.as_of)} {escape(point.as_of_text)}</span>"
    if not placed:
        head += f" <strong>{escape(amount)}</strong>"
    tall = " x" if placed and placed.y > 24 else ""
    return f'<div><p>{head}</p><svg class="p{point.mark}{tall}">{"".join(drawn)}</svg></div>'


# -- the timeline ---------------------------------------------------------------------------------

#: Where zero and the top of the timeline's scale are drawn (px from the top).
BASE, CEILING = 180.0, 26.0
#: How far below zero a value's label may go, and where the dates along the bottom stand.
LABEL_FLOOR, DATE_LINE = 190.0, 210.0


@dataclass(frozen=True)
class _Dated:
    """A value on the time axis: a day's point, or a bar across a month or a year."""

    point: Point
    start: float
    end: float
    y: float

    @property
    def is_day(self) -> bool:
        return self.end - self.start < 1e-9


@dataclass(frozen=True)
class _Tag:
    """What one label says, and the marks it belongs to: one value, or several of one series
    drawn so close together that they share a label."""

    text: str
    values: tuple[_Dated, ...]

    @property
    def is_day(self) -> bool:
        return self.values[0].is_day


def timeline(points: Sequence[Point], words: ChartWords) -> Markup | None:
    """Each series with two or more dated values, over time; ``None`` if there is none."""
    # A series is one party's count: two parties that name the same series get a line each.
    series: dict[tuple[str, str], list[Point]] = {}
    for point in points:
        if point.series and point.as_of:
            series.setdefault((point.series, point.who_key), []).append(point)
    series = {k: sorted(v, key=_first_day) for k, v in series.items() if len(v) >= 2}
    if not series:
        return None
    dated = [p for ps in series.values() for p in ps]
    first = min(_first_day(p) for p in dated)
    days = max(_last_day(p) for p in dated) + 1 - first
    top = nice_ceiling(max(p.high for p in dated) * 1.08)

    def on_axis(point: Point) -> _Dated:
        y = BASE - (BASE - CEILING) * point.high / top
        if point.as_of is not None and point.as_of.precision == "day":
            middle = _share((_first_day(point) + 0.5 - first) / days)
            return _Dated(point, middle, middle, y)
        return _Dated(
            point, _share((_first_day(point) - first) / days), _share((_last_day(point) + 1 - first) / days), y
        )

    lines = [[on_axis(p) for p in values] for values in series.values()]
    plot = Plot(PLOT, 0, LABEL_FLOOR, [], [], [])
    for values in lines:
        days_only = [d for d in values if d.is_day]
        plot.lines += [Segment(a.start, a.y, b.start, b.y) for a, b in itertools.pairwise(days_only)]
        for d in values:
            plot.marks.append(
                point_box(d.start, 0, d.y, 7, 7) if d.is_day else Box(d.start, 0, d.end, 0, d.y - 3, d.y + 3)
            )
    # Bars first (they have the fewest places to go), then points from left to right.
    tags = sorted((tag for values in lines for tag in _tags(values)), key=lambda t: (t.is_day, t.values[0].start))
    placed = [(tag, plot.place(*_label_places(tag))) for tag in tags]

    rtl = words.rtl
    body = [f'<line class="grid" x2="100%" y1="{_num(BASE)}" y2="{_num(BASE)}"/>']
    for values in lines:
        body.append(f'<g class="p{values[0].point.mark}">')
        days_only = [d for d in values if d.is_day]
        for a, b in itertools.pairwise(days_only):
            body.append(
                f'<line class="s" x1="{_pct(_x(a.start, rtl))}" y1="{_num(a.y)}" x2="{_pct(_x(b.start, rtl))}"'
                f' y2="{_num(b.y)}"/>'
            )
        for d in values:
            if d.is_day:
                body.append(_at(d.start, d.y, SHAPES[d.point.mark % len(SHAPES)], rtl))
            else:
                body.append(
                    f'<rect x="{_pct(_x(d.end if rtl else d.start, rtl))}" y="{_num(d.y - 3)}"'
                    f' width="{_pct(d.end - d.start)}" height="6" rx="3"/>'
                )
        body.append("</g>")
    body += [_text(label, rtl) for _, label in placed if label]
    dates, height = _date_axis(first, days, words, [d for values in lines for d in values])
    body += dates
    unplaced = [d.point for tag, label in placed if label is None for d in tag.values]
    svg = f'<svg class="tl" height="{_num(height)}">' + "".join(body) + "</svg>"
    return Markup(f'<div aria-hidden="true">{_legend(dated, unplaced)}{svg}</div>')


#: Values of one series closer than this at the widest chart (in px, across and up) share a label.
CLOSE = 14.0


def _tags(values: Sequence[_Dated]) -> list[_Tag]:
    """The labels of one series: a bar's its own; points close together, one for them all."""
    tags: list[_Tag] = []
    group: list[_Dated] = []
    for d in [*values, None]:
        if group and (
            d is None or not d.is_day or (d.start - group[-1].start) * PLOT[1] > CLOSE or abs(d.y - group[-1].y) > CLOSE
        ):
            tags.append(_Tag(" · ".join(g.point.amount for g in group), tuple(group)))
            group = []
        if d is not None and d.is_day:
            group.append(d)
        elif d is not None:
            tags.append(_Tag(d.point.amount, (d,)))
    return tags


def _label_places(tag: _Tag) -> list[list[Label]]:
    """Where a label may go, in tiers, nearest first: above its marks (a bar's label stays above
    it, where it does not crowd the points), beside them, below, then further out."""
    text, values = tag.text, tag.values
    start, end = min(d.start for d in values), max(d.end for d in values)
    high, low = min(d.y for d in values), max(d.y for d in values)
    if tag.is_day:
        above, below, side = high - 12, low + 23, 11.0
        anchors = [((start + end) / 2, "m"), (end, "e"), (start, "")]
    else:
        above, below, side = high - 7, low + 19, 5.0
        anchors = [((start + end) / 2, "m"), (start, ""), (end, "e"), ((start + end) / 2, ""), ((start + end) / 2, "e")]

    def around(baseline: float) -> list[Label]:
        return [Label(text, share, 0, baseline, anchor) for share, anchor in anchors]

    middle = (high + low) / 2 + 5
    beside = [Label(text, end, side, middle), Label(text, start, -side, middle, "e")]
    if tag.is_day:
        near = [around(above) + beside, around(below)]
    else:
        near = [around(above), around(above - 19), beside + around(below)]
    return near + [around(above - 19 * step) + around(below + 19 * step) for step in (1, 2, 3)]


def _date_axis(first: int, days: int, words: ChartWords, values: Sequence[_Dated]) -> tuple[list[str], float]:
    """The dates along the bottom, and the chart's height below them: the first and the last
    value's dates at the ends (the last one a line lower if both do not fit on one), and between
    them the start of each month (or year, over more than two years) where its name fits."""
    plot = Plot(PLOT, 0, DATE_LINE + 2 * (FONT_PX + 6), [], [], [])
    earliest = min(values, key=lambda d: d.start)
    latest = max(values, key=lambda d: d.end)
    out: list[str] = []
    height = DATE_LINE + 8
    start_label = plot.place([Label(earliest.point.as_of_text or "", earliest.start, 0, DATE_LINE, bold=False)])
    end_text = latest.point.as_of_text or ""
    end_label = None
    if latest is not earliest and end_text != (earliest.point.as_of_text or ""):
        end_label = plot.place(
            [Label(end_text, latest.end, 0, y, "e", bold=False) for y in (DATE_LINE, DATE_LINE + FONT_PX + 6)]
        )
    for label in (start_label, end_label):
        if label:
            out.append(_text(label, words.rtl, "d"))
            height = max(height, label.y + 8)
    for ordinal, text in _calendar_ticks(first, days, words):
        share = _share((ordinal - first) / days)
        label = plot.place([Label(text, share, 0, DATE_LINE, "m", bold=False)])
        if label:
            out.append(
                f'<line class="grid" x1="{_pct(_x(share, words.rtl))}" x2="{_pct(_x(share, words.rtl))}"'
                f' y1="{_num(BASE)}" y2="{_num(BASE + 6)}"/>'
            )
            out.append(_text(label, words.rtl, "d"))
    return out, height


def _calendar_ticks(first: int, days: int, words: ChartWords) -> list[tuple[int, str]]:
    """The first day of each month (or of each year, over more than two years) after ``first``."""
    last = first + days
    day = datetime.date.fromordinal(first)
    yearly = days > 731
    ticks: list[tuple[int, str]] = []
    year, month = day.year, day.month
    while True:
        if yearly or month == 12:
            year, month = year + 1, 1
        else:
            month += 1
        tick = datetime.date(year, month, 1).toordinal()
        if tick >= last:
            return ticks
        if yearly:
            text = str(year)
        elif month == 1:
            text = words.month_year(PartialDate(year, month))
        else:
            text = words.months[month - 1]
        ticks.append((tick, text))


def _legend(dated: Sequence[Point], unplaced: Sequence[Point]) -> str:
    """Who each line is, with its mark (names wrap, and colour is not the only cue); and any value
    the chart had no room to label, with its date."""
    parties: dict[str, Point] = {}
    for point in dated:
        parties.setdefault(point.who_key, point)
    entries = [
        f'<span><svg class="p{p.mark}" viewBox="-8 -8 16 16">{SHAPES[p.mark % len(SHAPES)]}</svg>'
        f"<b>{escape(p.who)}</b></span>"
        for p in parties.values()
    ]
    entries += [f"<span>{escape(p.as_of_text or '')}: {escape(p.amount)}</span>" for p in unplaced]
    return f'<p class="lg">{" ".join(entries)}</p>'


def _first_day(point: Point) -> int:
    assert point.as_of is not None
    return point.as_of.first_day.toordinal()


def _last_day(point: Point) -> int:
    assert point.as_of is not None
    return point.as_of.last_day.toordinal()
