"""Presenters: the same diagnostics shown as terminal text, GitHub annotations or JSON.

What went wrong is decided elsewhere (loading and checking produce :class:`Diagnostic` values);
this module only decides how it looks. Each presenter is a function from diagnostics to text,
so tests read its output as a string and the command line only has to print it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from counterclaim.diagnostics import Diagnostic, Severity, summary

#: GitHub shows at most this many error annotations (and as many warnings) per step.
GITHUB_ANNOTATION_LIMIT = 10


def text(diagnostics: Sequence[Diagnostic]) -> str:
    """``path:line:col: severity: message``, an indented hint where there is one, a summary."""
    lines = [d.format() for d in diagnostics]
    lines.append(summary(diagnostics))
    return "\n".join(lines) + "\n"


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """One JSON document with every diagnostic and the counts."""
    errors = sum(1 for d in diagnostics if d.is_error)
    document = {
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "severity": d.severity.value,
                "message": d.message,
                "hint": d.hint,
                "code": d.code,
            }
            for d in diagnostics
        ],
        "counts": {
            "errors": errors,
            "warnings": len(diagnostics) - errors,
            "files": len({d.path for d in diagnostics}),
        },
        "summary": summary(diagnostics),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- GitHub Actions -------------------------------------------------------------------------


def escape_data(value: str) -> str:
    """Escape the message of a workflow command (what follows ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property of a workflow command (``file=``, ``title=``...)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    """The workflow command that shows ``diagnostic`` next to its line in a pull request."""
    command = "error" if diagnostic.severity is Severity.ERROR else "warning"
    properties = {
        "file": diagnostic.path,
        "line": str(diagnostic.line),
        "col": str(diagnostic.column),
        "title": diagnostic.code or "counterclaim",
    }
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    message = diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")
    return f"::{command} {listed}::{escape_data(message)}"


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """Every diagnostic as plain text for the log, then annotations for the first ten of each kind.

    GitHub drops annotations beyond ten errors and ten warnings per step, so the rest are only
    in the log (and in the step summary, see :func:`step_summary`).
    """
    lines = [d.format() for d in diagnostics]
    lines.append(summary(diagnostics))
    for severity in (Severity.ERROR, Severity.WARNING):
        of_kind = [d for d in diagnostics if d.severity is severity]
        lines.extend(annotation(d) for d in of_kind[:GITHUB_ANNOTATION_LIMIT])
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
    """A Markdown section for ``$GITHUB_STEP_SUMMARY``: the summary line and a table of all."""
    lines = ["### counterclaim check", "", summary(diagnostics)]
    if diagnostics:
        lines += ["", "| file | line | column | severity | problem |", "| --- | ---: | ---: | --- | --- |"]
        for d in diagnostics:
            problem = _cell(d.message) + (f"<br>hint: {_cell(d.hint)}" if d.hint else "")
            lines.append(f"| {_cell(d.path)} | {d.line} | {d.column} | {d.severity.value} | {problem} |")
    return "\n".join(lines) + "\n\n"


#: The output formats of ``counterclaim check --format``.
FORMATS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {"text": text, "github": github, "json": as_json}
