"""Rules across claims: a claim named in ``related`` or in a ``claim:`` link must exist."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from counterclaim.load.spelling import Suggester
from counterclaim.model.diagnostics import Diagnostic, clip, error


@dataclass(frozen=True, slots=True)
class ClaimReference:
    """A mention of another claim (in ``related`` or a ``claim:`` link), to resolve later."""

    target: str
    path: str
    line: int
    column: int
    via_link: bool


def check_references(references: list[ClaimReference], claim_ids: Collection[str]) -> list[Diagnostic]:
    """Related claims and claim: links that name no claim."""
    found = []
    _suggest = Suggester()
    for ref in references:
        if ref.target not in claim_ids:
            target = clip(ref.target)
            what = f"the link claim:{target}" if ref.via_link else f"the related claim '{target}'"
            found.append(
                error(
                    ref.path,
                    ref.line,
                    ref.column,
                    f"{what} does not exist{_suggest(ref.target, claim_ids)}",
                    "claim ids are the file names in data/claims/, without .yaml",
                    code="unknown-claim",
                )
            )
    return found
