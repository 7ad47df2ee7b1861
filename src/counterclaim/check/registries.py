"""Rules about the registries: each id used once, each position on the rating scale held by one
rating, a claimant's file named after its id, and descriptions that link only outward."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from counterclaim.check.claims import UNCHECKED_CLAIMANT, UNCHECKED_RATINGS, UNCHECKED_TOPICS, check_links
from counterclaim.load import markdown
from counterclaim.load.document import ValuePath, YamlDocument
from counterclaim.model.diagnostics import Diagnostic, clip, error, note
from counterclaim.model.registries import Claimant


def check_ratings(doc: YamlDocument) -> list[Diagnostic]:
    """A sound rating scale's ids and positions used once, and its descriptions."""
    found = _unique(doc, "ratings", "rating")
    positions: dict[int, int] = {}
    for i, rating in enumerate(doc.data["ratings"]):
        position = rating.get("position")
        if position is None:
            continue
        if position in positions:
            line, column = doc.position(("ratings", i, "position"))
            found.append(
                error(
                    doc.path,
                    line,
                    column,
                    f"two ratings have position {position}",
                    hint="each position on the scale belongs to one rating",
                    code="duplicate-position",
                )
            )
        positions[position] = i
    descriptions = [(("ratings", i, "description"), r["description"]) for i, r in enumerate(doc.data["ratings"])]
    return found + _descriptions(doc, descriptions)


def check_topics(doc: YamlDocument) -> list[Diagnostic]:
    """A sound topics file's ids used once."""
    return _unique(doc, "topics", "topic")


def check_claimant(claimant: Claimant, doc: YamlDocument, stem: str, known: Mapping[str, Claimant]) -> list[Diagnostic]:
    """A claimant read from the file ``stem``.yaml: its id is the file's name, and is not one of
    the ``known`` claimants' already."""
    found = []
    line, column = doc.position(("id",))
    if claimant.id != stem:
        found.append(
            error(
                doc.path,
                line,
                column,
                f"the id '{claimant.id}' does not match the file name '{stem}.yaml'",
                hint=f"rename the file to {claimant.id}.yaml, or change the id to '{stem}'",
                code="id-file-mismatch",
            )
        )
    if claimant.id in known:
        first = known[claimant.id].path
        found.append(
            error(doc.path, line, column, f"the id '{claimant.id}' is already used by {first}", code="duplicate-id")
        )
    return found


def _unique(doc: YamlDocument, list_name: str, what: str) -> list[Diagnostic]:
    found = []
    seen: set[str] = set()
    for i, item in enumerate(doc.data[list_name]):
        if item["id"] in seen:
            line, column = doc.position((list_name, i, "id"))
            found.append(
                error(doc.path, line, column, f"there are two {what}s with the id '{item['id']}'", code="duplicate-id")
            )
        seen.add(item["id"])
    return found


def _descriptions(doc: YamlDocument, fields: Iterable[tuple[ValuePath, Any]]) -> list[Diagnostic]:
    """Registry descriptions may use Markdown, but link only outward: a description is shown
    wherever its rating is, so it has no sources to cite and no claim of its own."""
    found = []
    for path, value in fields:
        versions = value.items() if isinstance(value, dict) else [(None, value)]
        for lang, text in versions:
            where = (*path, lang) if lang else path
            scanned = markdown.scan(text)
            found.extend(check_links(doc, where, scanned))
            for what, written in (
                ("cites a source", [f"[^{key}]" for key in scanned.citations]),
                ("links to a claim", [f"claim:{target}" for target in scanned.claim_links]),
            ):
                locate = doc.locator(where)  # one per kind: each kind is found in writing order
                for needle in written:
                    line, column = locate(needle)
                    found.append(
                        error(
                            doc.path,
                            line,
                            column,
                            f"this description {what} ('{clip(needle)}'), which it cannot do",
                            hint="a description is shown with its rating everywhere, away from any claim's"
                            " sources: write it in plain words, with links only to web addresses",
                            code="registry-markdown",
                        )
                    )
    return found


def unchecked_note(registry: str, count: int, cause: Diagnostic) -> Diagnostic:
    """At the first error of a ``registry`` that could not be read (see check.claims.Registries),
    what was not checked because of it in ``count`` claims."""
    claims = f"{count} claim{'s' if count != 1 else ''}"
    if registry == UNCHECKED_RATINGS:
        message = f"the ratings of {claims} were not checked, since the rating scale could not be read"
    elif registry == UNCHECKED_TOPICS:
        message = f"the topics of {claims} were not checked, since the topics could not be read"
    else:
        name = registry.removeprefix(UNCHECKED_CLAIMANT)
        message = (
            f"{claims} name{'s' if count == 1 else ''} the claimant '{clip(name)}', whose file could"
            " not be read: those references were not checked"
        )
    return note(cause.path, cause.line, cause.column, message, code="not-checked")
