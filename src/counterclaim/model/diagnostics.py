"""Diagnostics: what is wrong with the data, and where.

A diagnostic is a value. Loading and checking produce them; presenters (the terminal, GitHub
annotations, the MkDocs plugin's error, a test's list) show them. Nothing here prints.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    #: Not a problem of its own: what an error stopped from being checked.
    NOTE = "note"


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str | None = None
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """``path:line:col: error: message`` followed, when there is one, by a hint line."""
        text = f"{visible(self.path)}:{self.line}:{self.column}: {self.severity.value}: {visible(self.message)}"
        if self.hint:
            text += f"\n  hint: {visible(self.hint)}"
        return text


#: Characters shown as escapes: controls, line and paragraph separators, invisible formats.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """``text`` on one line with nothing invisible: a file name or a quoted value holding a line
    break cannot start a line of its own in a log (where ``::error`` would be a command)."""
    return _INVISIBLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def clip(text: str, length: int = 80) -> str:
    """``text`` shortened for a message, which quotes what was written, on one line and with
    nothing invisible (a link's address is decoded, and %0a in it is a line break)."""
    text = text if len(text) <= length else text[: length - 3] + "..."
    return visible(text)


def error(path: str, line: int, column: int, message: str, hint: str | None = None, *, code: str) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.ERROR, message, hint, code)


def warning(path: str, line: int, column: int, message: str, hint: str | None = None, *, code: str) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.WARNING, message, hint, code)


def note(path: str, line: int, column: int, message: str, *, code: str) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.NOTE, message, None, code)


def sort_diagnostics(diagnostics: Iterable[Diagnostic], rank: Callable[[str], int] | None = None) -> list[Diagnostic]:
    """File by file, top to bottom, without repeats; files of a lower ``rank`` first (the files
    others depend on come before them, so that a cause is read before its consequences)."""
    return sorted(set(diagnostics), key=lambda d: diagnostic_order(d, rank))


def diagnostic_order(d: Diagnostic, rank: Callable[[str], int] | None = None) -> tuple[int, str, int, int, bool, str]:
    """Where ``d`` goes in :func:`sort_diagnostics`' order."""
    return ((rank or _first)(d.path), d.path, d.line, d.column, d.severity is Severity.NOTE, d.message)


def _first(path: str) -> int:
    return 0


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def problems(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The errors and warnings (what ``--strict`` counts), without the notes."""
    return [d for d in diagnostics if d.severity is not Severity.NOTE]


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """One line: '2 errors and 1 warning in 3 files' or 'no problems found'."""
    items = [d for d in diagnostics if d.severity is not Severity.NOTE]
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    if not items:
        return "no problems found"
    files = len({d.path for d in items})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {files} file{'s' if files != 1 else ''}"
