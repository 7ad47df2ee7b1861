"""How the charts draw each party (the claimant who states a figure): a colour and a marker
shape of its own, the same on every page of the site.

There are eight marks. Each pairs a colour, chosen to stand out at least 3:1 from the page in
the light and in the dark scheme (``theme/assets/style.css``, classes ``p0`` to ``p7``), with a
shape (drawn by :mod:`counterclaim.render.charts`), so that colour is never the only cue. A claimant
file may name its colour; otherwise it follows from the claimant's id, which never changes, so
a party looks the same on every chart without anyone choosing.

Eight marks cannot keep thousands of claimants apart, but a chart only has to tell apart the
few parties on it. When two parties on one page would share a mark, the one that named its
colour keeps it (between two that did not, or both did, the one whose id sorts first), and the
other takes the next free mark, on that page only. The choice depends on nothing but the
claimants on the page, so a page is redrawn exactly when one of them changes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

#: The colours a claimant file may name, in the order of their marks (``p0`` to ``p7``).
COLOURS = ("blue", "orange", "green", "purple", "red", "teal", "pink", "grey")


def preferred_mark(claimant_id: str, colour: str | None = None) -> int:
    """The mark a party has on any page where no other party claims it first: the colour its file
    names, or else one derived from its id (a checksum, the same in every build and on every
    machine, unlike Python's ``hash``)."""
    if colour is not None:
        return COLOURS.index(colour)
    return zlib.crc32(claimant_id.encode("utf-8")) % len(COLOURS)


def page_marks(parties: Mapping[str, str | None] | Iterable[tuple[str, str | None]]) -> dict[str, int]:
    """The mark of each party on one page, given each party's id and the colour its file names
    (or ``None``): its preferred mark, unless a party placed before it took that one already.
    The order of ``parties`` does not matter. With more than eight parties, marks repeat."""
    colours = dict(parties)
    order = sorted(colours, key=lambda party: (colours[party] is None, party))
    marks: dict[str, int] = {}
    for party in order:
        mark = preferred_mark(party, colours[party])
        if len(marks) < len(COLOURS):
            while mark in marks.values():
                mark = (mark + 1) % len(COLOURS)
        marks[party] = mark
    return marks
