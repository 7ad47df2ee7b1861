"""Misspellings: which known name a name that is not known was most likely meant to be.

A "did you mean" helps only when it is right: a suggestion that is merely similar (another
claimant whose id shares two words with a deleted one) sends a contributor the wrong way. A name
is taken for a misspelling of a known one only when a few typing slips turn one into the other
(a letter left out, added, changed, or two letters swapped): at most one slip in a short name,
and one more for every four letters after that.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

#: Names longer than this are not misspellings of an id (ids are at most 80 characters long).
LONGEST_MISSPELLING = 100


def close_match(name: str, known: Collection[str]) -> str | None:
    """The name in ``known`` that ``name`` most likely misspells, if one is close enough."""
    if len(name) > LONGEST_MISSPELLING or not known:
        return None
    # difflib finds the likely candidates quickly (it skips most names on their letters alone);
    # the count of slips then decides.
    allowed = slips_allowed(name)
    for candidate in difflib.get_close_matches(name, list(known), n=3, cutoff=0.6):
        if slips(name, candidate, allowed) <= allowed:
            return candidate
    return None


def slips_allowed(name: str) -> int:
    """How many typing slips a misspelling of ``name`` may hold."""
    return max(1, len(name) // 4)


def slips(a: str, b: str, most: int) -> int:
    """The typing slips between ``a`` and ``b`` (the optimal string alignment distance:
    insertions, deletions, substitutions and swaps of neighbours), or ``most + 1`` when there
    are more than ``most``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return min(row[len(b)], most + 1)


class Suggester:
    """The "did you mean" of unknown names: each name is compared with the known ones once, and
    at most LOOKUPS names per file, since comparing thousands of unknown names with thousands of
    known ones would take minutes, and nobody reads that many suggestions."""

    LOOKUPS = 50

    def __init__(self) -> None:
        self._said: dict[tuple[str, int], str] = {}

    def __call__(self, name: str, known: Collection[str]) -> str:
        key = (name, id(known))
        said = self._said.get(key)
        if said is None:
            close = close_match(name, known) if len(self._said) < self.LOOKUPS else None
            said = self._said[key] = f"; did you mean '{close}'?" if close else ""
        return said
