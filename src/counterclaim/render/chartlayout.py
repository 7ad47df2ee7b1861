"""Where chart text goes, so that it fits, and clears everything else, at any chart width.

A chart is drawn once, at build time, for every screen. Its x positions are a share of the
chart's width plus a fixed offset in CSS pixels (``x="37.5%" dx="10"``), while y positions and
text sizes are fixed pixels. So every left or right edge is a straight-line function of the
width, and two boxes that are apart, on the same side of each other, at the narrowest and at the
widest chart are apart at every width in between: checking those two widths is enough.

Text widths are estimated from the widths of DejaVu Sans Bold, which is wider than most system
fonts, so that an estimate errs on the long side. tests/validators/test_charts.py measures the
drawn result in Chromium.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: The size of all chart text, in CSS pixels: at least the theme's small text (0.92rem, 14.72 px).
FONT_PX = 15.0
#: How far a line of text reaches above and below its baseline, as a browser boxes it
#: (DejaVu Sans: 0.93 em and 0.24 em).
ASCENT, DESCENT = 14.0, 3.7
#: How far the ink of capitals and digits reaches above the baseline (0.73 em, and a little).
INK_ASCENT = 11.5
#: The least room between two pieces of text, and between text and a drawn mark or line.
GAP = 3.0

_NARROW = frozenset(" .,:;'|ijlIJíì")
_THIN = frozenset('ftr()-/"!')
_BROAD = frozenset("mwMW%…—")
_DESCENDERS = frozenset("gjpqy,;()")


@lru_cache(maxsize=16384)  # the same names, dates and amounts recur on chart after chart
def text_width(text: str, bold: bool = True) -> float:
    """The width of ``text`` at :data:`FONT_PX`, estimated on the long side (regular text is
    about a tenth narrower than bold)."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.4
        elif char in _THIN:
            ems += 0.52
        elif char in _BROAD:
            ems += 1.12
        elif char.isupper():
            ems += 0.86
        else:
            ems += 0.73
    return ems * FONT_PX * (1.0 if bold else 0.92)


@dataclass(frozen=True)
class Box:
    """A rectangle whose left and right edges are ``share * width + px``; top and bottom in px."""

    left_share: float
    left_px: float
    right_share: float
    right_px: float
    top: float
    bottom: float

    def left(self, width: float) -> float:
        return self.left_share * width + self.left_px

    def right(self, width: float) -> float:
        return self.right_share * width + self.right_px


def point_box(share: float, x: float, y: float, half_width: float, half_height: float) -> Box:
    """A mark drawn around ``share`` of the width plus ``x`` px, at ``y``."""
    return Box(share, x - half_width, share, x + half_width, y - half_height, y + half_height)


@dataclass(frozen=True)
class Label:
    """One piece of text where it could go: anchored at ``share`` of the width plus ``dx`` px,
    on the baseline ``y``, by its start, its middle (``"m"``) or its end (``"e"``)."""

    text: str
    share: float
    dx: float
    y: float
    anchor: str = ""
    bold: bool = True

    @property
    def width(self) -> float:
        return text_width(self.text, self.bold)

    def _edges(self) -> tuple[float, float]:
        start = {"": 0.0, "m": -self.width / 2, "e": -self.width}[self.anchor]
        return self.dx + start, self.dx + start + self.width

    def box(self) -> Box:
        """Where a browser boxes the text: what must not touch other text."""
        left, right = self._edges()
        return Box(self.share, left, self.share, right, self.y - ASCENT, self.y + DESCENT)

    def ink(self) -> Box:
        """Where the text is inked: what must not touch a mark or a line."""
        left, right = self._edges()
        below = DESCENT if any(c in _DESCENDERS for c in self.text) else 0.5
        return Box(self.share, left, self.share, right, self.y - INK_ASCENT, self.y + below)


def apart(a: Box, b: Box, widths: Sequence[float], gap: float = GAP) -> bool:
    """Whether ``a`` and ``b`` are at least ``gap`` apart at every width between the narrowest
    and the widest of ``widths``: above or below each other, or on one side all along."""
    if a.bottom + gap <= b.top or b.bottom + gap <= a.top:
        return True
    return all(a.right(w) + gap <= b.left(w) for w in widths) or all(b.right(w) + gap <= a.left(w) for w in widths)


def within(box: Box, widths: Sequence[float], top: float, bottom: float) -> bool:
    """Whether ``box`` stays inside the chart, between ``top`` and ``bottom``, at every width."""
    return box.top >= top and box.bottom <= bottom and all(box.left(w) >= 0 and box.right(w) <= w for w in widths)


@dataclass(frozen=True)
class Segment:
    """A straight line between two points, each at a share of the width and a y in px."""

    share1: float
    y1: float
    share2: float
    y2: float


def crosses(box: Box, segment: Segment, widths: Sequence[float], margin: float = GAP) -> bool:
    """Whether ``segment`` passes within ``margin`` of ``box`` at any of several widths from the
    narrowest to the widest (a line's slope changes with the width, so it is checked at nine)."""
    low, high = min(widths), max(widths)
    for step in range(9):
        width = low + (high - low) * step / 8
        x1, x2 = segment.share1 * width, segment.share2 * width
        left, right = box.left(width) - margin, box.right(width) + margin
        top, bottom = box.top - margin, box.bottom + margin
        if _segment_meets_rectangle(x1, segment.y1, x2, segment.y2, left, top, right, bottom):
            return True
    return False


def _segment_meets_rectangle(
    x1: float, y1: float, x2: float, y2: float, left: float, top: float, right: float, bottom: float
) -> bool:
    """Liang and Barsky's clipping test: some part of the segment lies inside the rectangle."""
    start, end = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            start = max(start, t)
        else:
            end = min(end, t)
        if start > end:
            return False
    return True


@dataclass
class Plot:
    """The text and drawn parts placed so far on one chart, and the chart's extent."""

    widths: Sequence[float]
    top: float
    bottom: float
    texts: list[Box]
    marks: list[Box]
    lines: list[Segment]

    def free(self, label: Label, *, across_lines: bool = False) -> bool:
        """Whether ``label`` fits the chart and clears the text placed so far and every mark, and
        (unless ``across_lines``) every line."""
        box, ink = label.box(), label.ink()
        return (
            within(box, self.widths, self.top, self.bottom)
            and all(apart(box, other, self.widths) for other in self.texts)
            and all(apart(ink, mark, self.widths) for mark in self.marks)
            and (across_lines or not any(crosses(ink, line, self.widths) for line in self.lines))
        )

    def place(self, *tiers: Sequence[Label]) -> Label | None:
        """The first candidate that fits and clears everything placed so far (and then joins it),
        or ``None``. Candidates come in tiers, nearest first: a tier's places clear of lines, then
        the same places across a line (chart text has a halo of the page's colour, so a line
        behind it does not hide it), before the next tier."""
        for tier in tiers:
            for across_lines in (False, True):
                for label in tier:
                    if self.free(label, across_lines=across_lines):
                        self.texts.append(label.box())
                        return label
        return None
