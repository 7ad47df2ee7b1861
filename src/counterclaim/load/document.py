"""One data file's plain data, with the place where each key and value was written.

Contributors edit these files in GitHub's web editor, so every problem is reported at its line
and column: positions are read from the composed YAML nodes when a diagnostic asks for one (most
files have no problem, and recording every position up front would cost more than parsing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

ValuePath = tuple[str | int, ...]


@dataclass(frozen=True)
class Span:
    """Where a value was written: 1-based start and end (the end is exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class YamlDocument:
    """The plain data of one file, with the position of every key and value.

    Positions are read from the composed YAML nodes when a diagnostic asks for one: most files
    have no problem, and recording every position up front would cost more than parsing.
    """

    path: str
    text: str
    data: Any
    root: yaml.Node | None = None
    #: Where values that could not be taken as they are were written (line, column): text kept
    #: as it is for the checks that follow, other values read as empty. A problem found later at
    #: one of these places is a consequence of the one reported there already.
    refused: frozenset[tuple[int, int]] = frozenset()
    #: Each mapping node's entries by key, made when a position inside it is first asked for.
    _entry_index: dict[yaml.Node, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def _walk(self, path: Sequence[str | int]) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        """The node at ``path`` (or the deepest one on the way), the key node of its entry, and
        whether the whole path was found."""
        node, key_node = self.root, None
        for part in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                found = self._entries(node).get(part)
                if found is not None:
                    key_node, child = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child, key_node = node.value[part], None
            if child is None:
                return node, None, False
            node = child
        return node, key_node, True

    def _entries(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The mapping's key and value nodes by key, the first of duplicate keys winning (the one
        whose value the data holds). Indexed once per mapping: a file with thousands of sources
        asks for the position of each, and a scan per question would take quadratic time."""
        entries = self._entry_index.get(node)
        if entries is None:
            entries = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    entries.setdefault(str(key.value), (key, value))
            self._entry_index[node] = entries
        return entries

    def span(self, path: Sequence[str | int]) -> Span:
        """The span of the value at ``path``, or of its nearest enclosing value."""
        node, _, _ = self._walk(path)
        return span_of(node) if node is not None else Span(1, 1, 1, 1)

    def position(self, path: Sequence[str | int]) -> tuple[int, int]:
        s = self.span(path)
        return s.line, s.column

    def key_position(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Where the key of the mapping entry at ``path`` was written (the value's if unknown)."""
        _, key_node, found = self._walk(path)
        if not found or key_node is None:
            return self.position(path)
        return key_node.start_mark.line + 1, key_node.start_mark.column + 1

    def locate(self, path: Sequence[str | int], needle: str, occurrence: int = 0) -> tuple[int, int]:
        """The position of the ``occurrence``-th ``needle`` inside the value at ``path``.

        Used for things inside text, such as a footnote label in an analysis: the needle is
        searched in the file's own characters, so the position is right whatever the quoting
        or block style. Falls back to the value's start.
        """
        span = self.span(path)
        start = self.offset(span.line, span.column)
        end = self.offset(span.end_line, span.end_column)
        found = start - 1
        for _ in range(occurrence + 1):
            found = self.text.find(needle, found + 1, end)
            if found < 0:
                return span.line, span.column
        return self.line_column(found)

    def locator(self, path: Sequence[str | int]) -> Callable[[str], tuple[int, int]]:
        """Finds things inside the value at ``path`` that are looked for in the order they are
        written, as :meth:`locate` does: each is searched from where the one before was found, so
        a text that repeats a mistake ten thousand times is read once rather than each time."""
        span = self.span(path)
        end = self.offset(span.end_line, span.end_column)
        after = self.offset(span.line, span.column)

        def locate(needle: str) -> tuple[int, int]:
            nonlocal after
            found = self.text.find(needle, after, end)
            if found < 0:
                return span.line, span.column
            after = found + 1
            return self.line_column(found)

        return locate

    def _line_starts(self) -> list[int]:
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
            self.__dict__["_starts"] = starts
        return starts

    def offset(self, line: int, column: int) -> int:
        starts = self._line_starts()
        if line - 1 >= len(starts):
            return len(self.text)
        return starts[line - 1] + column - 1

    def line_column(self, offset: int) -> tuple[int, int]:
        import bisect

        starts = self._line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1


def span_of(node: yaml.Node) -> Span:
    return Span(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        node.end_mark.line + 1,
        node.end_mark.column + 1,
    )
