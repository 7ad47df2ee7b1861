"""Presenters: the same diagnostics shown as terminal text, GitHub annotations or JSON.

What went wrong is decided elsewhere (loading and checking produce :class:`Diagnostic` values);
this module only decides how it looks. Each presenter is a function from diagnostics to text,
so tests read its output as a string and the command line only has to print it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from counterclaim.model.diagnostics import Diagnostic, Severity, summary, visible

#: GitHub shows at most this many error annotations (and as many warnings) per step.
GITHUB_ANNOTATION_LIMIT = 10


@dataclass(frozen=True)
class Mistake:
    """One mistake and every place it is made: the same message and hint (a deleted claimant
    that fifty claims still name is one mistake, shown once, with its fifty places)."""

    places: tuple[Diagnostic, ...]

    @property
    def first(self) -> Diagnostic:
        return self.places[0]

    @property
    def others(self) -> tuple[Diagnostic, ...]:
        return self.places[1:]

    def format(self) -> str:
        """The first place as ``path:line:col: severity: message``, the other places each on a
        line of their own, then the hint."""
        first = self.first
        if not self.others:
            return first.format()
        lines = [first.format().split("\n", 1)[0] + f" (and in {len(self.others)} more place{_s(self.others)})"]
        lines += [f"  {visible(d.path)}:{d.line}:{d.column}" for d in self.others]
        if first.hint:
            lines.append(f"  hint: {visible(first.hint)}")
        return "\n".join(lines)


def _s(items: Sequence[object]) -> str:
    return "s" if len(items) != 1 else ""


def mistakes(diagnostics: Iterable[Diagnostic]) -> list[Mistake]:
    """The diagnostics grouped by mistake, in the order each is first met."""
    groups: dict[tuple[Severity, str, str | None, str], list[Diagnostic]] = {}
    for d in diagnostics:
        groups.setdefault((d.severity, d.message, d.hint, d.code), []).append(d)
    return [Mistake(tuple(places)) for places in groups.values()]


def listing(diagnostics: Iterable[Diagnostic]) -> str:
    """Every mistake with its places and hint, one after the other (no summary)."""
    return "\n".join(m.format() for m in mistakes(diagnostics))


def text(diagnostics: Sequence[Diagnostic]) -> str:
    """Each mistake at ``path:line:col: severity: message``, with its other places and an
    indented hint where there is one, then a summary."""
    lines = [m.format() for m in mistakes(diagnostics)]
    lines.append(summary(diagnostics))
    return "\n".join(lines) + "\n"


def first_few(diagnostics: Sequence[Diagnostic], shown: int) -> str:
    """The first ``shown`` mistakes only, for a log that is not the place to read them all; the
    rest are neither formatted nor grouped."""
    return "\n".join(m.format() for m in mistakes(_head(diagnostics, shown)))


def _head(diagnostics: Sequence[Diagnostic], mistakes_wanted: int) -> list[Diagnostic]:
    """The diagnostics of the first ``mistakes_wanted`` mistakes (each with all its places)."""
    wanted: set[tuple[Severity, str, str | None, str]] = set()
    for d in diagnostics:
        if len(wanted) == mistakes_wanted:
            break
        wanted.add((d.severity, d.message, d.hint, d.code))
    return [d for d in diagnostics if (d.severity, d.message, d.hint, d.code) in wanted]


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """One JSON document with every diagnostic, the same grouped by mistake, and the counts."""
    errors = sum(1 for d in diagnostics if d.is_error)
    notes = sum(1 for d in diagnostics if d.severity is Severity.NOTE)
    document = {
        "diagnostics": [_fields(d) for d in diagnostics],
        "mistakes": [
            {
                "severity": m.first.severity.value,
                "message": m.first.message,
                "hint": m.first.hint,
                "code": m.first.code,
                "places": [{"path": d.path, "line": d.line, "column": d.column} for d in m.places],
            }
            for m in mistakes(diagnostics)
        ],
        "counts": {
            "errors": errors,
            "warnings": len(diagnostics) - errors - notes,
            "files": len({d.path for d in diagnostics if d.severity is not Severity.NOTE}),
        },
        "summary": summary(diagnostics),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _fields(d: Diagnostic) -> dict[str, object]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "severity": d.severity.value,
        "message": d.message,
        "hint": d.hint,
        "code": d.code,
    }


# -- GitHub Actions -------------------------------------------------------------------------


def escape_data(value: str) -> str:
    """Escape the message of a workflow command (what follows ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property of a workflow command (``file=``, ``title=``...)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def annotation(diagnostic: Diagnostic, others: int = 0) -> str:
    """The workflow command that shows ``diagnostic`` next to its line in a pull request; with
    ``others``, the same mistake is made in that many other places, listed in the log."""
    command = _COMMANDS[diagnostic.severity]
    properties = {
        "file": diagnostic.path,
        "line": str(diagnostic.line),
        "col": str(diagnostic.column),
        "title": diagnostic.code or "counterclaim",
    }
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    message = diagnostic.message
    if others:
        message += f" (and in {others} more place{'s' if others != 1 else ''}, listed in the log and the job summary)"
    message += f"\nhint: {diagnostic.hint}" if diagnostic.hint else ""
    return f"::{command} {listed}::{escape_data(message)}"


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """Every mistake as plain text for the log, then annotations for the first ten of each kind.

    GitHub drops annotations beyond ten errors and ten warnings per step, so the rest are only
    in the log (and in the step summary, see :func:`step_summary`). A mistake made in several
    places is annotated once, at its first place.
    """
    grouped = mistakes(diagnostics)
    lines = [m.format() for m in grouped]
    lines.append(summary(diagnostics))
    for severity in (Severity.ERROR, Severity.WARNING):
        of_kind = [m for m in grouped if m.first.severity is severity]
        lines.extend(annotation(m.first, len(m.others)) for m in of_kind[:GITHUB_ANNOTATION_LIMIT])
        left = len(of_kind) - GITHUB_ANNOTATION_LIMIT
        if left > 0:
            what = f"{severity.value}{'s' if left != 1 else ''}"
            lines.append(
                f"{left} more {what} not shown as annotations (GitHub shows {GITHUB_ANNOTATION_LIMIT});"
                " all are listed above and in the job summary"
            )
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    # Messages quote the contributor's own text: keep it from becoming HTML or breaking the table.
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def step_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """A Markdown section for ``$GITHUB_STEP_SUMMARY``: the summary line and a table of every
    mistake, with the other places it is made in."""
    lines = ["### counterclaim check", "", summary(diagnostics)]
    if diagnostics:
        lines += ["", "| file | line | column | severity | problem |", "| --- | ---: | ---: | --- | --- |"]
        for m in mistakes(diagnostics):
            d = m.first
            problem = _cell(d.message)
            if m.others:
                places = ", ".join(f"{o.path}:{o.line}:{o.column}" for o in m.others)
                problem += f"<br>also in: {_cell(places)}"
            problem += f"<br>hint: {_cell(d.hint)}" if d.hint else ""
            lines.append(f"| {_cell(d.path)} | {d.line} | {d.column} | {d.severity.value} | {problem} |")
    return "\n".join(lines) + "\n\n"


#: The output formats of ``counterclaim check --format``.
FORMATS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {"text": text, "github": github, "json": as_json}
