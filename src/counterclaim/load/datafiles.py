"""The data folder: where each kind of file is, which files are data, and one data file read
into a document that has been checked against the schema.

Layout::

    data/ratings.yaml          the rating scale
    data/topics.yaml           the topics (optional)
    data/claimants/<id>.yaml   one claimant per file
    data/claims/<id>.yaml      one claim per file

A file is read once (:func:`read`): its bytes serve both whoever digests it and :func:`parse`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path

from counterclaim.load import schema
from counterclaim.load.document import YamlDocument
from counterclaim.load.limits import MAX_FILE_BYTES
from counterclaim.load.reading import load_file, parse_bytes, unreadable
from counterclaim.model.diagnostics import Diagnostic, clip, error

RATINGS_FILE = "ratings.yaml"
TOPICS_FILE = "topics.yaml"
CLAIMANTS_DIR = "claimants"
CLAIMS_DIR = "claims"

#: What an id is (the schema says the same): lowercase letters a to z, digits, single hyphens.
#: A data file is named after the id of what it holds.
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: What to do with an empty file, by kind.
EMPTY_HINTS = {
    "claim": "start from `counterclaim new claim <id>`",
    "claimant": "start from `counterclaim new claimant <id>`",
    "ratings": "write the rating scale: a list under 'ratings:', each rating with an id, a label, a description"
    " and a colour (see schema/ratings.schema.json)",
    "topics": "write the topics as a list under 'topics:', each with an id and a label, or delete the file"
    " if there are none",
}


def normal(path: Path) -> Path:
    """One spelling per file (absolute, without '..'), without following symbolic links."""
    return Path(os.path.abspath(path))


def read(path: Path) -> bytes | OSError:
    """The file's bytes (at most one more than a data file may hold, which is enough to refuse
    it), or why it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return exc


def parse(
    raw: bytes | OSError, path: Path, shown: str, kind: str, data_dir: Path
) -> tuple[YamlDocument | None, list[Diagnostic], bool]:
    """The document of the file at ``path`` (shown as ``shown``), whose bytes are ``raw``, if it
    could be read as YAML (whatever the schema says of it); its problems; and whether it is
    sound (no error so far: its data fits the schema of its ``kind``)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(data_dir.resolve()):
        outside = error(shown, 1, 1, "this file is a link to a place outside the data folder", code="outside-data")
        return None, [outside], False
    if isinstance(raw, OSError):
        return None, [unreadable(shown, raw)], False
    doc, found = parse_bytes(raw, shown, partial=True)
    if doc is None:
        if found and found[0].code == "empty-file":
            found = [replace(d, hint=EMPTY_HINTS[kind]) if d.code == "empty-file" else d for d in found]
        return None, found, False
    problems = schema.validate(doc, kind)
    sound = not problems and not any(d.is_error for d in found)
    return doc, found + without_consequences(problems, found, doc), sound


def without_consequences(later: list[Diagnostic], earlier: list[Diagnostic], doc: YamlDocument) -> list[Diagnostic]:
    """The errors of a later check, less those at a place where an earlier check found an error
    or a value was refused: one mistake, one message (a date written 2026-1-5 breaks the schema's
    pattern and is not a real date either; the first to say so is enough)."""
    taken = doc.refused | {(d.line, d.column) for d in earlier if d.is_error}
    return [d for d in later if not (d.is_error and (d.line, d.column) in taken)]


def data_files(
    directory: Path, shown: Callable[[Path], str], chosen: Collection[Path] | None = None
) -> tuple[list[Path], list[Diagnostic]]:
    """The data files in ``directory`` (only those in ``chosen``, if given), in name order; and
    a problem for each file named wrongly, which is left out."""
    if not directory.is_dir():
        return [], []
    found = sorted(directory.iterdir())
    if chosen is not None:
        found = [path for path in found if normal(path) in chosen]
    paths: list[Path] = []
    problems: list[Diagnostic] = []
    for path in found:
        problem = _misnamed(path, shown)
        if problem is not None:
            problems.append(problem)
        elif path.suffix in (".yaml", ".yml") and path.is_file():
            paths.append(path)
    return paths, problems


def _misnamed(path: Path, shown: Callable[[Path], str]) -> Diagnostic | None:
    """What is wrong with the name of ``path``, if it is a data file (a ``.yaml`` file) whose
    name is not an id. Any other name is refused, since it becomes a page address and is
    printed in logs (where a line break in it could pass for a command to the CI runner)."""
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return None
    if path.suffix == ".yml":
        message, hint, code = (
            "data files must end in .yaml, not .yml",
            f"rename it to {path.stem}.yaml",
            "wrong-extension",
        )
    elif not ID.fullmatch(path.stem):
        message = f"the file name '{clip(path.name)}' is not an id"
        inside = _id_inside(path)
        if inside is not None:
            hint = f"rename it to {inside}.yaml, after the id inside"
        else:
            hint = (
                "choose an id of lowercase letters a to z, digits and single hyphens; write it as the file's"
                " 'id' and name the file after it, then .yaml"
            )
        code = "bad-file-name"
    else:
        return None
    return error(shown(path), 1, 1, message, hint=hint, code=code)


def _id_inside(path: Path) -> str | None:
    """The id written in the file at ``path``, if it is a valid id (a file name can be made of it)."""
    doc, _ = load_file(str(path), path.name, partial=True)
    found = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
    return found if isinstance(found, str) and len(found) <= 80 and ID.fullmatch(found) else None
