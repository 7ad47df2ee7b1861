"""One claim file checked whole, on its own: everything about it that needs the registries but
no other claim. What it gives (:class:`ClaimOutcome`) is what the build keeps per claim file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from counterclaim.check.claims import Registries, check_claim
from counterclaim.check.dates import check_dates
from counterclaim.check.quality import check_quality
from counterclaim.check.references import ClaimReference
from counterclaim.load.datafiles import without_consequences
from counterclaim.load.document import YamlDocument
from counterclaim.model.claims import Claim
from counterclaim.model.dataset import Dataset
from counterclaim.model.diagnostics import Diagnostic


@dataclass
class ClaimOutcome:
    """What loading one claim file gave: the claim (if it could be read) and its problems."""

    stem: str
    problems: list[Diagnostic]
    claim: Claim | None = None
    references: list[ClaimReference] = field(default_factory=list)
    #: The registries it names that could not be read (see check.claims.Registries).
    unchecked: list[str] = field(default_factory=list)
    id_position: tuple[int, int] = (1, 1)


def check_claim_file(
    doc: YamlDocument | None,
    problems: list[Diagnostic],
    sound: bool,
    *,
    stem: str,
    registries: Registries,
    dataset: Dataset,
    language: str,
    today: datetime.date,
) -> ClaimOutcome:
    """The outcome of the claim file ``stem``.yaml, read as ``doc`` with ``problems`` so far
    (``sound`` when its data fits the schema).

    Every check runs on what could be read, whatever the ones before it found (a date that
    does not exist does not stop the check of its footnotes); a problem at a place where one
    was found already is left out, as its consequence. The claim itself is made only from a
    file whose data is sound; the warnings (which need the claim, and the rating scale in
    ``dataset``) only about a claim that could be made."""
    outcome = ClaimOutcome(stem, problems)
    if doc is None:
        return outcome
    date_problems, dates = check_dates(doc, today)
    problems.extend(without_consequences(date_problems, problems, doc))
    found = check_claim(doc, registries, stem, dates)
    problems.extend(without_consequences(found.found, problems, doc))
    outcome.references, outcome.unchecked = found.references, found.unchecked
    if not sound or any(d.code == "bad-date" for d in date_problems):
        return outcome
    claim = Claim.from_data(doc.data, language, doc.path)
    problems.extend(check_quality(doc, claim, dataset, today))
    outcome.claim = claim
    outcome.id_position = doc.position(("id",))
    return outcome
