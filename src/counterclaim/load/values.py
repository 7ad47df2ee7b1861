"""Composed YAML nodes made into plain Python values, refusing what data files must not hold.

It runs for every value of every file, so the common case (a string) is checked first and
positions are left to the nodes. Text longer than MAX_TEXT_CHARS, with a word longer than
MAX_WORD_CHARS or holding a character it must not (controls, noncharacters, the bidirectional
overrides), numbers beyond MAX_NUMBER, tags and repeated fields are refused, each at its place;
an embedding or isolate a line leaves open is closed at its end.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

import yaml

from counterclaim.load.document import YamlDocument, span_of
from counterclaim.load.limits import MAX_DEPTH, MAX_ENTRIES, MAX_KEY_CHARS, MAX_NUMBER, MAX_TEXT_CHARS, MAX_WORD_CHARS
from counterclaim.model.diagnostics import Diagnostic, error

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


_STR = "tag:yaml.org,2002:str"

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
DIRECTIONAL = re.compile("[" + _MARKS + "\u202a-\u202c\u2066-\u2069]")
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
    found = DIRECTIONAL.search(text)
    return found.group() if found else None


def forbidden(text: str) -> str | None:
    """The first character ``text`` must not hold, if any."""
    for found in _SUSPECT.finditer(text):
        char = found.group()
        if ord(char) < 0x1FFFE or ord(char) & 0xFFFE == 0xFFFE:
            return char
    return None


class Converter:
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
        span = span_of(node)
        self.refused.add((span.line, span.column))
        self.problems.append(error(self.document.path, span.line, span.column, message, hint=hint, code=code))

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        """``node`` as plain data."""
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            value = node.value
            if (
                len(value) > MAX_TEXT_CHARS
                or (self._check_text and forbidden(value))
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
        char = forbidden(value) or (_directional(value) if key else None)
        assert char is not None
        # Written as it is, the character is reported where it is; written as an escape, at the text.
        span = span_of(node)
        self.refused.add((span.line, span.column))
        start = self.document.offset(span.line, span.column)
        at = self.document.text.find(char, start, self.document.offset(span.end_line, span.end_column))
        line, column = self.document.line_column(at) if at >= 0 else (span.line, span.column)
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
            if len(key) > MAX_KEY_CHARS or (self._check_text and (forbidden(key) or _directional(key))):
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
