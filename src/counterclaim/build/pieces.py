"""Files made of many pieces (the export, the DataFeed, the feeds, the search index's files),
written again under ``mkdocs serve`` only where their pieces changed.

After an edit of one claim, the export of 10,000 claims (65 MB) differs from the last one in
one claim's record: only that record is written over, and what follows it moved if its length
changed, rather than the whole file encoded and written again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class PieceFiles:
    """The pieces each file was last written from, with their lengths in bytes."""

    def __init__(self) -> None:
        self._written: dict[Path, tuple[list[str], list[int]]] = {}

    def write(self, target: Path, pieces: Iterable[str], *, known: bool = True) -> None:
        """Make ``target`` hold ``pieces``, one after the other, in UTF-8. Where it was last
        written from pieces here (and ``known``: the file is as this left it), only the pieces
        that differ are written."""
        pieces = list(pieces)
        before = self._written.get(target) if known else None
        if before is None or not target.is_file():
            encoded = [piece.encode("utf-8") for piece in pieces]
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                handle.writelines(encoded)
            self._written[target] = (pieces, [len(piece) for piece in encoded])
            return
        old, lengths = before
        start, shared = 0, min(len(old), len(pieces))
        while start < shared and _same(old[start], pieces[start]):
            start += 1
        if start == len(old) == len(pieces):
            return
        kept = 0  # pieces at the end that are as they were
        while kept < shared - start and _same(old[-1 - kept], pieces[-1 - kept]):
            kept += 1
        middle = [piece.encode("utf-8") for piece in pieces[start : len(pieces) - kept]]
        offset = sum(lengths[:start])
        old_middle = sum(lengths[start : len(old) - kept])
        new_middle = sum(len(piece) for piece in middle)
        with target.open("r+b") as handle:
            if new_middle == old_middle:  # the same length: written over in place
                handle.seek(offset)
                handle.writelines(middle)
            else:
                handle.seek(offset + old_middle)
                tail = handle.read()
                handle.seek(offset)
                handle.writelines(middle)
                handle.write(tail)
                handle.truncate()
        ends = lengths[len(old) - kept :]
        self._written[target] = (pieces, [*lengths[:start], *(len(piece) for piece in middle), *ends])


def _same(before: str, now: str) -> bool:
    """Whether a piece is as it was (most often the very same string)."""
    return before is now or before == now
