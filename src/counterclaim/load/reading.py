"""Reading one YAML data file into plain values that remember where they were written.

The bytes are decoded (UTF-8, with a warning for a byte-order mark or Windows line endings) and
held to the size limit; the text is composed into YAML nodes (``composing``) and the nodes made
into plain values (``values``); a file that is not valid YAML is told in plain words
(``yaml_errors``). YAML's surprises are switched off: scalars follow YAML 1.2's core schema
(``no`` and ``off`` stay text, ``2026-01-14`` stays text for the schema to check, ``012`` stays
text), duplicate keys are errors, and only plain data is accepted (no custom tags, no anchors or
aliases). libyaml does the parsing when it is available; the pure-Python parser is the fallback.
"""

from __future__ import annotations

import yaml

from counterclaim.load.composing import Refused, compose
from counterclaim.load.document import YamlDocument
from counterclaim.load.limits import MAX_FILE_BYTES
from counterclaim.load.values import DIRECTIONAL, Converter, forbidden
from counterclaim.load.yaml_errors import character_diagnostic, reuse_diagnostic, syntax_diagnostic
from counterclaim.model.diagnostics import Diagnostic, error, warning


def load_file(path: str, display_path: str, *, partial: bool = False) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read and parse the file at ``path``; diagnostics name it ``display_path``. See
    :func:`parse_bytes` for ``partial``."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [unreadable(display_path, exc)]
    return parse_bytes(raw, display_path, partial=partial)


def unreadable(display_path: str, exc: OSError) -> Diagnostic:
    """The file could not be read at all."""
    return error(display_path, 1, 1, f"cannot read this file: {exc.strerror}", code="file-unreadable")


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
        root, reused = compose(text)
    except Refused as refused:
        mark = refused.mark
        found = error(display_path, mark.line + 1, mark.column + 1, refused.message, refused.hint, code=refused.code)
        return None, [*problems, found]
    except yaml.MarkedYAMLError as exc:
        return None, [*problems, syntax_diagnostic(exc, text, display_path)]
    except yaml.reader.ReaderError as exc:
        return None, [*problems, character_diagnostic(exc, text, display_path)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives marks
        return None, [*problems, error(display_path, 1, 1, f"this is not valid YAML: {exc}", code="yaml-syntax")]
    except RecursionError:
        return None, [*problems, error(display_path, 1, 1, "the file is nested too deeply to read", code="too-deep")]

    if reused is not None:
        return None, [*problems, reuse_diagnostic(display_path, reused)]

    if root is None:
        hint = "start from `counterclaim new claim <id>`"
        return None, [*problems, error(display_path, 1, 1, "the file is empty", hint, code="empty-file")]

    document = YamlDocument(display_path, text, None, root)
    # Text can only hold a character it must not through an escape (after a backslash) or as it
    # is: a file with neither needs no look at each value.
    converter = Converter(
        document, check_text="\\" in text or forbidden(text) is not None or DIRECTIONAL.search(text) is not None
    )
    document.data = converter.convert(root)
    problems.extend(converter.problems)
    if converter.problems:
        if not partial:
            return None, problems
        document.refused = frozenset(converter.refused)
    return document, problems
