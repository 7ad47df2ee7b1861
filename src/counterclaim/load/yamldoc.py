"""Reading one YAML data file into plain values that remember where they were written.

Contributors edit these files in GitHub's web editor, so every value keeps its line and column,
and YAML's surprises are switched off: scalars follow YAML 1.2's core schema (``no`` and ``off``
stay text, ``2026-01-14`` stays text for the schema to check, ``012`` stays text), duplicate keys
are errors, and only plain data is accepted (no custom tags, no anchors or aliases). libyaml
does the parsing when it is available; the pure-Python parser is the fallback.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from counterclaim.model.diagnostics import Diagnostic, error, warning

ValuePath = tuple[str | int, ...]

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
#: The longest text one value may hold: a long analysis is some tens of thousands of characters.
MAX_TEXT_CHARS = 100_000
#: The longest field name (source keys and language codes are short).
MAX_KEY_CHARS = 200
#: The longest word (a run of characters without a space) a text may hold: as long as the
#: longest web address. Browsers lay out a word of tens of thousands of letters in seconds.
MAX_WORD_CHARS = 2_000
#: The most entries one list or group may hold (a claim cites dozens of sources, not thousands).
MAX_ENTRIES = 5_000
#: The largest number a figure may be; beyond it, numbers lose precision or cannot be drawn.
MAX_NUMBER = 1e15
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

_CLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PythonLoader: type = yaml.SafeLoader


class _Loader(_CLoader):  # type: ignore[misc]
    """libyaml's parser with YAML 1.2 core-schema scalars instead of YAML 1.1's."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


class _PureLoader(_PythonLoader):  # type: ignore[misc]
    """PyYAML's own parser, in Python, with the same scalars: used for files that may nest
    deeply, where libyaml's limits (which differ between its releases) would speak before ours."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


for _loader in (_Loader, _PureLoader):
    _loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    # Leading zeros stay text: "012345" is more likely an identifier than the number 12345.
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
    )
    _loader.add_implicit_resolver(
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

    def locator(self, path: Sequence[str | int]) -> Callable[[str], tuple[int, int]]:
        """Finds things inside the value at ``path`` that are looked for in the order they are
        written, as :meth:`locate` does: each is searched from where the one before was found, so
        a text that repeats a mistake ten thousand times is read once rather than each time."""
        span = self.span(path)
        end = self._offset(span.end_line, span.end_column)
        after = self._offset(span.line, span.column)

        def locate(needle: str) -> tuple[int, int]:
            nonlocal after
            found = self.text.find(needle, after, end)
            if found < 0:
                return span.line, span.column
            after = found + 1
            return self._line_column(found)

        return locate

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


def load_file(path: str, display_path: str, *, partial: bool = False) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read and parse the file at ``path``; diagnostics name it ``display_path``. See
    :func:`parse_bytes` for ``partial``."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [error(display_path, 1, 1, f"cannot read this file: {exc.strerror}", code="file-unreadable")]
    return parse_bytes(raw, display_path, partial=partial)


def parse_bytes(
    raw: bytes, display_path: str, *, partial: bool = False
) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Decode and parse one file's bytes into a :class:`YamlDocument`, or say why not.

    A file whose values are refused one by one (text too long or holding a character it must
    not, a number out of range, a tag, a repeated field) gives no document, unless ``partial``:
    then the document is given with those problems, so that the checks after this one still
    run on the rest (see :attr:`YamlDocument.refused`). A file that cannot be read as YAML at
    all never gives one."""
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
        root, reused = _compose(text) if _may_nest_deeply(text) else _compose_quickly(text)
    except _Refused as refused:
        mark = refused.mark
        found = error(display_path, mark.line + 1, mark.column + 1, refused.message, refused.hint, code=refused.code)
        return None, [*problems, found]
    except yaml.MarkedYAMLError as exc:
        return None, [*problems, _syntax_diagnostic(exc, text, display_path)]
    except yaml.reader.ReaderError as exc:
        return None, [*problems, _character_diagnostic(exc, text, display_path)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives marks
        return None, [*problems, error(display_path, 1, 1, f"this is not valid YAML: {exc}", code="yaml-syntax")]
    except RecursionError:
        return None, [*problems, error(display_path, 1, 1, "the file is nested too deeply to read", code="too-deep")]

    if reused is not None:
        return None, [*problems, _reuse_error(display_path, reused)]

    if root is None:
        hint = "start from `counterclaim new claim <id>`"
        return None, [*problems, error(display_path, 1, 1, "the file is empty", hint, code="empty-file")]

    document = YamlDocument(display_path, text, None, root)
    # Text can only hold a character it must not through an escape (after a backslash) or as it
    # is: a file with neither needs no look at each value.
    converter = _Converter(
        document, check_text="\\" in text or _forbidden(text) is not None or _DIRECTIONAL.search(text) is not None
    )
    document.data = converter.convert(root)
    problems.extend(converter.problems)
    if converter.problems:
        if not partial:
            return None, problems
        document.refused = frozenset(converter.refused)
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

#: The bidirectional overrides: they show the letters after them in reverse order whatever their
#: script (with U+202E, "gpj.exe" is shown as "exe.jpg"), so data text must not hold them.
_BIDI_CONTROLS = frozenset("\u202d\u202e")
#: Marks, embeddings and isolates, which real text carries (publishers' Arabic and Hebrew text
#: holds U+200F and U+202B): they set the direction of a passage without reversing any letters.
#: Text may hold them; a field name may not (nobody sees one, and a mark makes two names that look
#: the same differ), nor may an address (the schema's pattern for addresses refuses them) or an
#: id. An embedding or isolate left open is closed at the end of its line (:func:`closed`), so
#: that it reaches no further on a page than it does in the file.
_MARKS = "\u200e\u200f\u061c"
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_DIRECTIONAL = re.compile("[" + _MARKS + "\u202a-\u202c\u2066-\u2069]")
#: What text in data files must not hold: control characters other than tab and line feed (an
#: escape such as "\\0" or "\\e" in double quotes can write any), halves of surrogate pairs and
#: noncharacters (which XML feeds cannot carry), and the bidirectional overrides above. Beyond
#: the first plane only the last two code points of each plane are noncharacters; the pattern
#: finds every code point from U+1FFFE on (rare in text, and checked one by one), because a
#: class listing the 32 of them makes the search ten times slower.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(sorted(_BIDI_CONTROLS))
    + "\U0001fffe-\U0010ffff]"
)


#: A run of more than MAX_WORD_CHARS characters where a line cannot break: no space, and none of
#: the scripts written without spaces (Thai, Lao, Khmer, CJK, kana, Hangul), which break anywhere.
_UNBREAKABLE = (
    "[^\\s\u0e00-\u0eff\u1780-\u17ff\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
)
# Only from the start of a run (the look-behind), so that a text of long words is read once.
_LONG_WORD = re.compile(f"(?<!{_UNBREAKABLE}){_UNBREAKABLE}{{{MAX_WORD_CHARS + 1},}}")


def closed(text: str) -> str:
    """``text`` with every embedding (U+202A, U+202B) and isolate (U+2066 to U+2068) that a line
    opens and does not close closed at the end of that line, innermost first, as the Unicode
    bidirectional algorithm closes them at the end of a paragraph. Unchanged if it opens none."""
    if not any(opener in text for opener in _OPENERS):
        return text
    lines = []
    for line in text.split("\n"):
        open_: list[str] = []
        for char in line:
            if char in _OPENERS:
                open_.append(char)
            elif char == "\u202c" and open_ and open_[-1] in "\u202a\u202b":
                open_.pop()
            elif char == "\u2069" and any(o in "\u2066\u2067\u2068" for o in open_):
                # An isolate's end closes every embedding opened inside it too.
                while open_.pop() not in "\u2066\u2067\u2068":
                    pass
        lines.append(line + "".join(_OPENERS[o] for o in reversed(open_)))
    return "\n".join(lines)


def _directional(text: str) -> str | None:
    """The first mark, embedding or isolate in ``text``, if any."""
    found = _DIRECTIONAL.search(text)
    return found.group() if found else None


def _forbidden(text: str) -> str | None:
    """The first character ``text`` must not hold, if any."""
    for found in _SUSPECT.finditer(text):
        char = found.group()
        if ord(char) < 0x1FFFE or ord(char) & 0xFFFE == 0xFFFE:
            return char
    return None


class _Converter:
    """Turns composed YAML nodes into plain Python values. It runs for every value of every
    file, so the common case (a string) is checked first and positions are left to the nodes.
    Text longer than MAX_TEXT_CHARS, with a word longer than MAX_WORD_CHARS or holding a
    character from _SUSPECT that it must not, numbers beyond MAX_NUMBER and lists or groups of
    more than MAX_ENTRIES are refused."""

    def __init__(self, document: YamlDocument, *, check_text: bool = True) -> None:
        self.document = document
        self.problems: list[Diagnostic] = []
        #: Where each refused value starts (line, column).
        self.refused: set[tuple[int, int]] = set()
        self._seen: set[int] = set()
        self._check_text = check_text

    def _error(self, node: yaml.Node, message: str, *, hint: str | None = None, code: str) -> None:
        span = _span(node)
        self.refused.add((span.line, span.column))
        self.problems.append(error(self.document.path, span.line, span.column, message, hint=hint, code=code))

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        """``node`` as plain data."""
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            value = node.value
            if (
                len(value) > MAX_TEXT_CHARS
                or (self._check_text and _forbidden(value))
                or (len(value) > MAX_WORD_CHARS and _LONG_WORD.search(value))
            ):
                self._refuse_text(node, value, MAX_TEXT_CHARS)
                # Refused text is kept as it is: the file is refused, but the checks after this
                # one still read it (for its citations, say) instead of finding it empty.
                return value
            return closed(value) if self._check_text else value
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
        if isinstance(node, yaml.MappingNode) and len(node.value) > MAX_ENTRIES:
            self._error(node.value[MAX_ENTRIES][0], f"this group has more than {MAX_ENTRIES:,} fields", code="too-many")
            return None
        if isinstance(node, yaml.SequenceNode) and len(node.value) > MAX_ENTRIES:
            self._error(node.value[MAX_ENTRIES], f"this list has more than {MAX_ENTRIES:,} entries", code="too-many")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _refuse_text(self, node: yaml.Node, value: str, limit: int, *, key: bool = False) -> None:
        """Say why ``value`` (the text of ``node``, a field name if ``key``) cannot be read: its
        length or a character."""
        if len(value) > limit:
            self._error(
                node,
                f"this text is {len(value):,} characters long; the most a field can hold is {limit:,}",
                hint="shorten it: the full text of a document belongs in the source it comes from",
                code="text-too-long",
            )
            return
        word = _LONG_WORD.search(value) if len(value) > MAX_WORD_CHARS else None
        if word is not None:
            self._error(
                node,
                f"this text has a word of {len(word.group()):,} characters with no space in it; the most is"
                f" {MAX_WORD_CHARS:,}",
                hint="browsers take seconds to lay out a word that long on a page: add spaces, or shorten it",
                code="word-too-long",
            )
            return
        char = _forbidden(value) or (_directional(value) if key else None)
        assert char is not None
        # Written as it is, the character is reported where it is; written as an escape, at the text.
        span = _span(node)
        self.refused.add((span.line, span.column))
        start = self.document._offset(span.line, span.column)
        at = self.document.text.find(char, start, self.document._offset(span.end_line, span.end_column))
        line, column = self.document._line_column(at) if at >= 0 else (span.line, span.column)
        name = f"U+{ord(char):04X}"
        if char in _BIDI_CONTROLS:
            message = (
                f"the text contains an invisible character ({name}) that shows the letters after it in reverse order"
            )
            hint = "delete it: it can make the text read differently from what is written; to set the direction of a"
            hint += " word or a passage, use a right-to-left or left-to-right mark (U+200F, U+200E) instead"
            code = "bidi-control"
        elif key:
            message = f"this field name contains an invisible character ({name}) that sets the direction of text"
            hint = "delete it: a field name is never shown, and with it a name that looks right is not the one"
            hint += " counterclaim knows"
            code = "bidi-control"
        elif unicodedata.category(char) == "Cc":
            message = f"the text contains an invisible control character ({name})"
            hint = "delete it; in double quotes, an escape such as \\0 or \\e writes one"
            code = "yaml-control-character"
        else:
            message = f"the text contains {name}, which is not a character"
            hint = "delete it; in double quotes, an escape such as \\uFFFE writes one"
            code = "not-a-character"
        self.problems.append(error(self.document.path, line, column, message, hint=hint, code=code))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        shown = value if len(value) <= 40 else value[:37] + "..."
        number: int | float
        try:
            if tag == "tag:yaml.org,2002:null":
                if value not in ("", "~", "null", "Null", "NULL"):
                    raise ValueError(value)
                return None
            if tag == "tag:yaml.org,2002:bool":
                if value.lower() not in ("true", "false"):
                    raise ValueError(value)
                return value.lower() == "true"
            if tag == "tag:yaml.org,2002:int":
                number = int(value)
            elif tag == "tag:yaml.org,2002:float":
                number = float(value)
            else:
                return value
        except ValueError:
            self._error(node, f"'{shown}' cannot be read as the type its tag asks for", code="yaml-tag")
            return None
        # An int must fit a float (charts and formatting use floats); inf and nan are not numbers.
        if abs(number) > MAX_NUMBER or (isinstance(number, float) and not math.isfinite(number)):
            self._error(
                node,
                f"'{shown}' is not a number that can be used here: numbers must be finite and at most {MAX_NUMBER:.0e}",
                hint="count in a larger unit (thousands, millions) and say so in 'unit'",
                code="number-out-of-range",
            )
            return None
        return number

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self._error(key_node, "a field name must be plain text", code="yaml-complex-key")
                continue
            key = str(key_node.value)
            if key_node.tag not in _SAFE_TAGS:
                self.convert(key_node, depth + 1)  # says why the tag is refused
                continue
            if len(key) > MAX_KEY_CHARS or (self._check_text and (_forbidden(key) or _directional(key))):
                self._refuse_text(key_node, key, MAX_KEY_CHARS, key=True)
                continue
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
            result[key] = self.convert(value_node, depth + 1)
        return result


class _Refused(Exception):
    """Reading stopped early: the file is nested too deeply or holds too many entries."""

    def __init__(self, mark: Any, message: str, hint: str | None, code: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint, self.code = mark, message, hint, code


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The file's one document as YAML nodes, and the place of its first alias (else anchor).

    For files that may be nested deeply, composed here from the events of PyYAML's own parser,
    without recursion, rather than by ``yaml.compose`` with libyaml: libyaml's composer recurses
    in C once per level of nesting (some ten thousand ``[`` crash the process), its scanner slows
    down quadratically with the depth of ``[...]``, and since PyYAML 6.0.4 it stops at a depth
    of its own with a message of its own, placed a thousand characters past the first level
    too deep (its scanner reads ahead). Here reading stops at the first value nested more than
    MAX_DEPTH levels deep, or at the entry past MAX_ENTRIES in one list or group, so none of
    that is ever reached. An alias is not followed: its place is noted, and the file is refused
    once it has been read (after any syntax error in it), so an alias bomb never expands.
    """
    loader = _PureLoader(text)
    try:
        loader.get_event()  # the start of the stream
        if loader.check_event(yaml.StreamEndEvent):
            return None, None
        loader.get_event()  # the start of the document
        root: yaml.Node | None = None
        alias: Any = None
        anchor: Any = None
        # The collections being read, outermost first, and for each the key awaiting its value.
        open_nodes: list[yaml.Node] = []
        keys: list[yaml.Node | None] = []
        resolve, get_event = loader.resolve, loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                open_nodes.pop().end_mark = event.end_mark
                keys.pop()
                continue
            node: yaml.Node
            if kind is yaml.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                node_class = yaml.MappingNode if kind is yaml.MappingStartEvent else yaml.SequenceNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(node_class, None, event.implicit)
                node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
            elif kind is yaml.AliasEvent:
                alias = alias or event.start_mark
                node = yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            else:  # the end of the document
                break
            if anchor is None and event.anchor is not None:
                anchor = event.start_mark
            if open_nodes:
                _attach(open_nodes[-1], keys, node, len(open_nodes))
            else:
                root = node
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                open_nodes.append(node)
                keys.append(None)
        if not loader.check_event(yaml.StreamEndEvent):
            extra = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root.start_mark if root is not None else None,
                "but found another document",
                extra.start_mark,
            )
        return root, alias or anchor
    finally:
        loader.dispose()


#: At most this many "[" and "{" in a file: flow collections cannot nest deeper than that.
_FLOW_OPENINGS = 1_000
#: A line that starts with this many characters of indentation and of "- ", "? " and ": "
#: indicators (with any tags and anchors between them) may open that many block collections.
_DEEP_LINE = re.compile(r"^(?:[ \t?:\-]|[!&][^ \t\n]*+){1000}", re.MULTILINE)


def _may_nest_deeply(text: str) -> bool:
    """Whether the file could be nested some thousands of levels deep, which crashes libyaml's
    composer; the depth is bounded by the number of brackets and by the longest run of
    indentation and indicators at the start of a line."""
    return text.count("[") + text.count("{") > _FLOW_OPENINGS or _DEEP_LINE.search(text) is not None


def _compose_quickly(text: str) -> tuple[yaml.Node | None, Any]:
    """What :func:`_compose` gives, by libyaml's own composer, for a file that cannot nest deeply."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # A libyaml with a lower limit of its own than the depth this file can reach: read it
        # the careful way, so that our limit and message apply.
        if "nesting depth" in f"{exc.problem} {exc.context}":
            return _compose(text)
        raise
    reused = _first_anchor_or_alias(text) if "&" in text or "*" in text else None
    return root, reused


def _first_anchor_or_alias(text: str) -> Any:
    """The place of the first alias (``*name``) in the file, else of its first anchor (``&name``).

    Neither is plain data: an alias repeats a value written elsewhere, and an anchor alone
    silently drops its ``&name`` from what looks like text.
    """
    first_anchor: Any = None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
        if first_anchor is None and getattr(event, "anchor", None) is not None:
            first_anchor = event.start_mark
    return first_anchor


def _attach(parent: yaml.Node, keys: list[yaml.Node | None], node: yaml.Node, depth: int) -> None:
    """Add ``node``, found ``depth`` levels deep, to ``parent``, the innermost open collection."""
    if depth > MAX_DEPTH and not (
        isinstance(parent, yaml.MappingNode) and keys[-1] is None and type(node) is yaml.ScalarNode
    ):
        # A field name is not a level of its own (its value is), unless it is itself a group.
        message = f"the data is nested more than {MAX_DEPTH} levels deep"
        raise _Refused(node.start_mark, message, "write the data with fewer levels of lists and groups", "too-deep")
    if isinstance(parent, yaml.MappingNode):
        key = keys[-1]
        if key is None:  # a field name: its value comes next
            if len(parent.value) >= MAX_ENTRIES:
                raise _Refused(node.start_mark, f"this group has more than {MAX_ENTRIES:,} fields", None, "too-many")
            keys[-1] = node
            return
        keys[-1] = None
        entry: Any = (key, node)
    else:
        if len(parent.value) >= MAX_ENTRIES:
            raise _Refused(node.start_mark, f"this list has more than {MAX_ENTRIES:,} entries", None, "too-many")
        entry = node
    parent.value.append(entry)


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


#: A field whose value is block text (``|`` or ``>``, with any chomping or indentation sign).
_BLOCK_KEY = re.compile(r"^( *)(?:- )?[^\s#'\"][^#]*?:[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _indentation(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content_above(lines: list[str], line: int) -> int | None:
    """The 1-based number of the nearest line above ``line`` that holds something."""
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _stray_above(lines: list[str], line: int) -> tuple[int, str, int] | None:
    """When the field on ``line`` is indented further than the field just above it, and lines up
    with the fields before that one: the line above moved left out of its group. Its number, its
    field name and the group's indentation."""
    above = _content_above(lines, line)
    if above is None or not 0 < line <= len(lines):
        return None
    wanted, moved = _indentation(lines[line - 1]), _indentation(lines[above - 1])
    field = _FIELD_START.match(lines[above - 1])
    if field is None or moved >= wanted:
        return None
    # Above the moved line, the group's own fields (and anything nested deeper in them).
    for number in range(above - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = _indentation(text)
        if indent < wanted:
            return None
        if indent == wanted:
            return (above, field.group(2), wanted) if _FIELD_START.match(text) else None
    return None


def _dedented_text(lines: list[str], line: int) -> tuple[int, int, int] | None:
    """When ``line`` (1-based) continues block text (``|`` or ``>``) but is indented less than
    it: the line, the text's first line and the text's indentation."""
    if not 0 < line <= len(lines) or not lines[line - 1].strip():
        return None
    indent = _indentation(lines[line - 1])
    least: int | None = None  # the least indentation of the lines between, text lines all
    first_text: int | None = None
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip():
            continue
        own = _indentation(text)
        block = _BLOCK_KEY.match(text)
        if block is not None and least is not None and own < least:
            # The text's indentation is that of its first line, and no line of it is less indented.
            if first_text is not None and _indentation(lines[first_text - 1]) == least and indent < least:
                return line, first_text, least
            return None
        least = own if least is None else min(least, own)
        first_text = number
    return None


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
        stray = _stray_above(lines, line) if field and field.end() == column else None
        if stray is not None:
            # `publisher:` moved left out of its group, and the next field is where it belongs:
            # the wrong line is the one that moved.
            wrong, name, wanted = stray
            return diag(
                f"'{name}' starts to the left of the fields of its group, so the group ends before it",
                f"add spaces before '{name}' so that it starts in column {wanted + 1}, like the fields above and"
                " below it",
                _Mark(wrong - 1, len(lines[wrong - 1]) - len(lines[wrong - 1].lstrip(" "))),
                code="yaml-indentation",
            )
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
    dedented = _dedented_text(lines, exc.context_mark.line + 1 if exc.context_mark else line)
    if dedented is None and exc.problem_mark is not None:
        dedented = _dedented_text(lines, exc.problem_mark.line + 1)
    if dedented is not None:
        at_line, first_line, indent = dedented
        return diag(
            f"this line is indented less than the text above it (which starts on line {first_line}), so the text"
            " ends before it",
            f"indent it by {indent} spaces, like the other lines of the text",
            _Mark(at_line - 1, len(lines[at_line - 1]) - len(lines[at_line - 1].lstrip(" "))),
            code="yaml-indentation",
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
