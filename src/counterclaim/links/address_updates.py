"""Rewriting addresses that moved for good, in place, leaving the rest of the file as it was.

``counterclaim links --fix-redirects`` replaces a source's ``url`` (or ``archive_url``) with the
address it now permanently redirects to. The file is edited as text, at the value's line and
column from ``load.document``, and never written out again from the data, so comments, quoting, order,
line endings and a byte-order mark all stay. The value keeps its quoting (plain, '...' or "...")
unless the new address cannot be written that way. Before anything is written, the edited text
is read again: it must hold the same data with only those addresses changed, and pass the
schema; otherwise the file is left alone and the reason is given.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from counterclaim.links.status import CitedLink
from counterclaim.load import schema
from counterclaim.load.document import YamlDocument
from counterclaim.load.reading import parse_bytes

#: An address that can be written without quotes anywhere, even inside [...] or {...}.
_PLAIN_SAFE = re.compile(r"^https?://[^\s,\[\]{}'\"]+$")


class _Refused(Exception):
    """This file cannot be rewritten safely; the message says why."""


def rewrite(moves: Sequence[tuple[CitedLink, str]]) -> tuple[dict[CitedLink, str], list[str]]:
    """Rewrite each citation's address as the new one: what was rewritten, and why a file was not.

    The files are edited one by one; a file that cannot be edited safely is left as it was.
    """
    by_file: dict[str, list[tuple[CitedLink, str]]] = {}
    for citation, new in moves:
        by_file.setdefault(citation.path, []).append((citation, new))
    done: dict[CitedLink, str] = {}
    problems: list[str] = []
    for path, items in by_file.items():
        try:
            _rewrite_file(Path(path), items)
        except _Refused as exc:
            problems.append(f"{path}: not rewritten: {exc}")
        except OSError as exc:
            problems.append(f"{path}: not rewritten: {exc.strerror}")
        else:
            done.update(dict(items))
    return done, problems


def _rewrite_file(path: Path, items: Sequence[tuple[CitedLink, str]]) -> None:
    raw = path.read_bytes()
    doc, _ = parse_bytes(raw, str(path))
    if doc is None:
        raise _Refused("it cannot be read as YAML any more")
    text = raw.decode("utf-8")
    expected = copy.deepcopy(doc.data)
    edits: list[tuple[int, int, str, str]] = []
    for citation, new in items:
        where = citation.value_path
        if _get(doc.data, where) != citation.url:
            raise _Refused(f"the address at line {citation.line} changed after it was checked")
        start, end = _offsets(doc, text, where)
        edits.append((start, end, citation.url, new))
        _set(expected, where, new)
    for quote_all in (False, True):
        edited = text
        for start, end, old, new in sorted(edits, reverse=True):
            replacement = _written_like(text[start:end], old, new, quote_all)
            if replacement is None:
                raise _Refused(f"the address at line {_line_of(text, start)} is written in a way this cannot edit")
            edited = edited[:start] + replacement + edited[end:]
        problem = _problem_after(edited, expected, str(path))
        if problem is None:
            _replace(path, edited.encode("utf-8"))
            return
    raise _Refused(problem)


def _offsets(doc: YamlDocument, text: str, where: tuple[str, ...]) -> tuple[int, int]:
    """Where the value at ``where`` is in the file's own text (with any BOM and CRs kept)."""
    span = doc.span(where)
    # Positions count lines by "\n" and skip a byte-order mark; a CR stays at its line's end.
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    bom = 1 if text.startswith("\ufeff") else 0

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1 + (bom if line == 1 else 0)

    return offset(span.line, span.column), offset(span.end_line, span.end_column)


def _written_like(written: str, old: str, new: str, quote_all: bool) -> str | None:
    """``new`` written with the quoting of ``written`` (which must be ``old``); None if it is not."""
    double = json.dumps(new, ensure_ascii=False)
    if written == old:
        return new if _PLAIN_SAFE.match(new) and not quote_all else double
    if written == "'" + old.replace("'", "''") + "'":
        return "'" + new.replace("'", "''") + "'"
    if written == json.dumps(old, ensure_ascii=False):
        return double
    return None


def _problem_after(edited: str, expected: Any, path: str) -> str | None:
    """Why the edited text is not the same data with the new addresses, or None if it is."""
    doc, _ = parse_bytes(edited.encode("utf-8"), path)
    if doc is None or doc.data != expected:
        return "the edited file would not read back as the same data with the new addresses"
    problems = schema.validate(doc, "claim")
    if problems:
        return f"a new address would not pass the checks ({problems[0].message})"
    return None


def _replace(path: Path, content: bytes) -> None:
    """Write ``content`` over ``path`` in one step, so an interruption never leaves half a file."""
    temporary = path.with_name(f".{path.name}.counterclaim-rewrite")
    try:
        temporary.write_bytes(content)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _get(data: Any, where: tuple[str, ...]) -> Any:
    for key in where:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _set(data: Any, where: tuple[str, ...], value: str) -> None:
    for key in where[:-1]:
        data = data[key]
    data[where[-1]] = value


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
