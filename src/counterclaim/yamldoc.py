"""Reading one YAML data file into plain values that remember where they were written.

Contributors edit these files in GitHub's web editor, so every value keeps its line and column,
and YAML's surprises are switched off: scalars follow YAML 1.2's core schema (``no`` and ``off``
stay text, ``2026-01-14`` stays text for the schema to check, ``012`` stays text), duplicate keys
are errors, and only plain data is accepted (no custom tags, no anchors or aliases). libyaml
does the parsing when it is available; the pure-Python parser is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from counterclaim.diagnostics import Diagnostic, error, warning

ValuePath = tuple[str | int, ...]

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's parser with YAML 1.2 core-schema scalars instead of YAML 1.1's."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Leading zeros stay text: "012345" is more likely an identifier than the number 12345.
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?[eE][-+]?[0-9]+)$"),
    list("-+0123456789."),
)


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

    def _walk(self, path: Sequence[str | int]) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        """The node at ``path`` (or the deepest one on the way), the key node of its entry, and
        whether the whole path was found."""
        node, key_node = self.root, None
        for part in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                # The first of duplicate keys: the one whose value the data holds.
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and str(key.value) == part:
                        child, key_node = value, key
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child, key_node = node.value[part], None
            if child is None:
                return node, None, False
            node = child
        return node, key_node, True

    def span(self, path: Sequence[str | int]) -> Span:
        """The span of the value at ``path``, or of its nearest enclosing value."""
        node, _, _ = self._walk(path)
        return _span(node) if node is not None else Span(1, 1, 1, 1)

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
        start = self._offset(span.line, span.column)
        end = self._offset(span.end_line, span.end_column)
        found = start - 1
        for _ in range(occurrence + 1):
            found = self.text.find(needle, found + 1, end)
            if found < 0:
                return span.line, span.column
        return self._line_column(found)

    def _line_starts(self) -> list[int]:
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
            self.__dict__["_starts"] = starts
        return starts

    def _offset(self, line: int, column: int) -> int:
        starts = self._line_starts()
        if line - 1 >= len(starts):
            return len(self.text)
        return starts[line - 1] + column - 1

    def _line_column(self, offset: int) -> tuple[int, int]:
        import bisect

        starts = self._line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1


def load_file(path: str, display_path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read and parse the file at ``path``; diagnostics name it ``display_path``."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [error(display_path, 1, 1, f"cannot read this file: {exc.strerror}", code="file-unreadable")]
    return parse_bytes(raw, display_path)


def parse_bytes(raw: bytes, display_path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Decode and parse one file's bytes into a :class:`YamlDocument`, or say why not."""
    problems: list[Diagnostic] = []
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                display_path,
                1,
                1,
                f"this file is larger than {MAX_FILE_BYTES // 1_000_000} MB, too large for one claim",
                hint="split it, or move long texts into shorter summaries",
                code="file-too-large",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            warning(
                display_path,
                1,
                1,
                "the file starts with an invisible byte-order mark",
                hint="save the file as 'UTF-8' rather than 'UTF-8 with BOM'",
                code="byte-order-mark",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        message = "this file is not valid UTF-8 text (a character here was saved in another encoding)"
        return None, [
            *problems,
            error(display_path, line, column, message, "save the file with the UTF-8 encoding", code="not-utf8"),
        ]
    if "\r\n" in text:
        line = text.count("\n", 0, text.index("\r\n")) + 1
        problems.append(
            warning(
                display_path,
                line,
                text.split("\n")[line - 1].index("\r") + 1,
                "the file uses Windows line endings",
                hint="save it with Unix (LF) line endings; most editors have the setting at the bottom of the window",
                code="windows-line-endings",
            )
        )
        text = text.replace("\r\n", "\n")

    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [*problems, _syntax_diagnostic(exc, text, display_path)]
    except yaml.reader.ReaderError as exc:
        return None, [*problems, _character_diagnostic(exc, text, display_path)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives marks
        return None, [*problems, error(display_path, 1, 1, f"this is not valid YAML: {exc}", code="yaml-syntax")]
    except RecursionError:
        return None, [*problems, error(display_path, 1, 1, "the file is nested too deeply to read", code="too-deep")]

    reused = _first_anchor_or_alias(text, display_path) if "&" in text or "*" in text else None
    if reused is not None:
        return None, [*problems, reused]

    if root is None:
        hint = "start from `counterclaim new claim <id>`"
        return None, [*problems, error(display_path, 1, 1, "the file is empty", hint, code="empty-file")]

    document = YamlDocument(display_path, text, None, root)
    converter = _Converter(document)
    document.data = converter.convert(root, (), 0)
    problems.extend(converter.problems)
    if converter.problems:
        return None, problems
    return document, problems


def _span(node: yaml.Node) -> Span:
    return Span(
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        node.end_mark.line + 1,
        node.end_mark.column + 1,
    )


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Converter:
    """Turns composed YAML nodes into plain Python values. It runs for every value of every
    file, so the common case (a string) is checked first and positions are left to the nodes."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()

    def _error(self, node: yaml.Node, message: str, *, hint: str | None = None, code: str) -> None:
        span = _span(node)
        self.problems.append(error(self.document.path, span.line, span.column, message, hint=hint, code=code))

    def convert(self, node: yaml.Node, path: ValuePath, depth: int) -> Any:
        """``node`` as plain data (``path`` is kept for callers; positions come from nodes)."""
        return self._convert(node, depth)

    def _convert(self, node: yaml.Node, depth: int) -> Any:
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            return node.value
        if id(node) in self._seen:
            # Only an alias shares a node, and files with aliases are refused before converting;
            # this guard keeps an alias bomb from being expanded even so.
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._error(node, f"the data is nested more than {MAX_DEPTH} levels deep", code="too-deep")
            return None
        if tag not in _SAFE_TAGS:
            self._error(
                node,
                f"the YAML tag '{tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed in data files",
                hint="write plain text, numbers, lists and fields, without tags starting with '!'",
                code="yaml-tag",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self._convert(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        try:
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:bool":
                return value.lower() == "true"
            if tag == "tag:yaml.org,2002:int":
                return int(value)
            if tag == "tag:yaml.org,2002:float":
                return float(value)
        except ValueError:
            self._error(node, f"'{value}' cannot be read as the type its tag asks for", code="yaml-tag")
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self._error(key_node, "a field name must be plain text", code="yaml-complex-key")
                continue
            key = str(key_node.value)
            if key in first_seen:
                first = first_seen[key].start_mark
                self._error(
                    key_node,
                    f"'{key}' appears twice here; the second one would silently replace the first",
                    hint=f"the first '{key}' is at line {first.line + 1}; keep one of them",
                    code="duplicate-key",
                )
                continue
            first_seen[key] = key_node
            result[key] = self._convert(value_node, depth + 1)
        return result


def _first_anchor_or_alias(text: str, path: str) -> Diagnostic | None:
    """The first alias (``*name``) in the file, else its first anchor (``&name``), as an error.

    Neither is plain data: an alias repeats a value written elsewhere, and an anchor alone
    silently drops its ``&name`` from what looks like text.
    """
    first_anchor: Any = None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return _reuse_error(path, event.start_mark)
        if first_anchor is None and getattr(event, "anchor", None) is not None:
            first_anchor = event.start_mark
    return None if first_anchor is None else _reuse_error(path, first_anchor)


def _reuse_error(path: str, mark: Any) -> Diagnostic:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    message = "YAML anchors and aliases (& and *) are not supported in data files"
    return error(path, line, column, message, hint=_ALIAS_HINT, code="yaml-alias")


_ALIAS_HINT = "write the value out in full; if it is text that starts with * or &, put it in double quotes"


def _character_diagnostic(exc: yaml.reader.ReaderError, text: str, path: str) -> Diagnostic:
    """A character YAML does not accept (a control character), at its place."""
    offset = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    # PyYAML gives the character as a code point when it read text (always, here).
    code_point = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[0])
    return error(
        path,
        line,
        column,
        f"the file contains an invisible control character (U+{code_point:04X}) here",
        hint="delete it; it often comes from copying text out of a PDF or a word processor",
        code="yaml-control-character",
    )


#: The start of a line that begins a field: its indentation and its name, up to the colon.
_FIELD_START = re.compile(r"^( *)(?:- )?([^\s:#'\"][^:#]*?):")
#: A field whose value starts with [ or {: the text up to the bracket, and the bracket.
_BRACKET_VALUE = re.compile(r"^(\s*(?:- )?[^\s:#'\"][^:#]*?:\s+)([\[{])")


@dataclass(frozen=True)
class _Mark:
    """A 0-based place, like the marks PyYAML gives."""

    line: int
    column: int


def _indent_above(lines: list[str], line: int) -> int:
    """The indentation of the nearest line above ``line`` (1-based) that holds something."""
    for text in reversed(lines[: line - 1]):
        stripped = text.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            return len(text) - len(stripped)
    return 0


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """Turn a libyaml error into a plain-words diagnostic at the most useful place."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    char = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""

    def diag(message: str, hint: str | None, at: Any = None, code: str = "yaml-syntax") -> Diagnostic:
        nonlocal line, column
        if at is not None:
            line, column = at.line + 1, at.column + 1
        return error(path, line, column, message, hint=hint, code=code)

    if "cannot start any token" in problem and char == "\t":
        return diag(
            "a tab character is used here; YAML indentation must use spaces",
            "replace the tab with spaces (two per level)",
            code="yaml-tab",
        )
    if "quoted scalar" in context:
        if "end of stream" in problem:
            return diag(
                "this quoted text is never closed",
                "add the closing quotation mark at the end of the text",
                exc.context_mark,
                code="yaml-unclosed-quote",
            )
        if "escape" in problem:
            return diag(
                "a backslash inside double quotes starts an escape sequence YAML does not know",
                "write \\\\ for a backslash, or use single quotes around the text",
                code="yaml-escape",
            )
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        return diag(
            "YAML anchors and aliases (& and *) are not supported in data files",
            _ALIAS_HINT,
            exc.context_mark,
            code="yaml-alias",
        )
    if "mapping values are not allowed" in problem:
        field = _FIELD_START.match(lines[line - 1]) if 0 < line <= len(lines) else None
        if field and field.end() == column and len(field.group(1)) > _indent_above(lines, line):
            # `date:` indented under `source: x` reads as the text 'x date', then a colon.
            return diag(
                f"'{field.group(2)}' is indented further than the line above it, so it is read as part of that"
                " line's text",
                "fields of the same group must start in the same column; use spaces, two per level",
                _Mark(line - 1, len(field.group(1))),
                code="yaml-indentation",
            )
        return diag(
            "a colon followed by a space inside unquoted text makes the rest look like a new field",
            "if it is part of the text, put the whole text in double quotes;"
            " if it is a field, give it a line of its own, lined up with the fields above it",
            code="yaml-colon",
        )
    if "while parsing a flow" in context:
        return diag(
            "a list or group opened with [ or { is not closed",
            "add the closing ] or }, or put text that starts with [ or { in quotes",
            exc.context_mark,
            code="yaml-unclosed-bracket",
        )
    if "could not find expected ':'" in problem:
        return diag(
            "a line here has no colon after its field name, or continues text that should be quoted",
            "write `name: value`, or put multi-line text in quotes",
            exc.context_mark,
            code="yaml-missing-colon",
        )
    before = lines[line - 1][: column - 1].rstrip() if 0 < line <= len(lines) else ""
    if "did not find expected key" in problem and before.endswith(("'", '"')) and len(before.split(":", 1)) > 1:
        return diag(
            "the text goes on after its closing quotation mark",
            "put the whole value inside the quotation marks",
            code="yaml-text-after-quote",
        )
    opened = _BRACKET_VALUE.match(before)
    if "did not find expected key" in problem and opened and before.endswith(("]", "}")):
        return diag(
            f"this text starts with '{opened.group(2)}', so it is read as a list or a group, and the text after it"
            " is left over",
            "put the whole text in double quotes",
            _Mark(line - 1, len(opened.group(1))),
            code="yaml-bracket-text",
        )
    if (
        "did not find expected key" in problem
        or "expected <block end>" in problem
        or "did not find expected '-' indicator" in problem
    ):
        return diag(
            "the indentation here does not line up with the lines above it",
            "fields of the same group must start in the same column; use spaces, two per level",
            code="yaml-indentation",
        )
    if "expected a single document" in problem + context:
        return diag(
            "this file holds more than one YAML document (a second '---' line)",
            "keep one claim per file and remove the extra '---'",
            code="yaml-multiple-documents",
        )
    bad_start = "found character that cannot start any token" in problem
    if "found undefined alias" in problem or (bad_start and char in "*&"):
        return diag(
            "YAML anchors and aliases (& and *) are not supported in data files", _ALIAS_HINT, code="yaml-alias"
        )
    detail = problem + (f" ({context})" if context else "")
    return diag(f"this is not valid YAML: {detail}", None)
