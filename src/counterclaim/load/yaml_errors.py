"""libyaml's errors told in plain words, at the most useful place.

libyaml says "mapping values are not allowed here" or "did not find expected key"; a journalist
editing a claim in GitHub's web editor needs to hear that a colon inside text needs quotes, or
that a field moved left out of its group, at the line to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from counterclaim.model.diagnostics import Diagnostic, error


def reuse_diagnostic(path: str, mark: Any) -> Diagnostic:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    message = "YAML anchors and aliases (& and *) are not supported in data files"
    return error(path, line, column, message, hint=_ALIAS_HINT, code="yaml-alias")


_ALIAS_HINT = "write the value out in full; if it is text that starts with * or &, put it in double quotes"


def character_diagnostic(exc: yaml.reader.ReaderError, text: str, path: str) -> Diagnostic:
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


def syntax_diagnostic(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
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
