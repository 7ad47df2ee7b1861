"""Misspellings: which known name a name that is not known was most likely meant to be.

A "did you mean" helps only when it is right: a suggestion that is merely similar (another
claimant whose id shares two words with a deleted one) sends a contributor the wrong way. A name
is taken for a misspelling of a known one only when a few typing slips turn one into the other
(a letter left out, added, changed, or two letters swapped): at most one slip in a short name,
and one more for every four letters after that.
"""

from __future__ import annotations

from collections.abc import Collection

from rapidfuzz import process
from rapidfuzz.distance import OSA

#: Names longer than this are not misspellings of an id (ids are at most 80 characters long).
LONGEST_MISSPELLING = 100


def close_match(name: str, known: Collection[str]) -> str | None:
    """The name in ``known`` that ``name`` most likely misspells (the fewest typing slips), if one is close enough."""
    if len(name) > LONGEST_MISSPELLING or not known:
        return None
    # The optimal string alignment distance counts insertions, deletions, substitutions and
    # swaps of neighbours; names further away than allowed are not scored to the end. Of equally
    # close names the first in alphabetical order wins, so that the suggestion does not depend on
    # the order of a set. (A mapping would be matched on its values: the names are its keys.)
    close = process.extract(name, list(known), scorer=OSA.distance, score_cutoff=slips_allowed(name), limit=None)
    return min(((slips, str(candidate)) for candidate, slips, _ in close), default=(0, None))[1]


def slips_allowed(name: str) -> int:
    """How many typing slips a misspelling of ``name`` may hold."""
    return max(1, len(name) // 4)


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
