"""Loading everything under ``data/`` in one pass, collecting every problem on the way.

Order: the rating scale, the topics, the claimants, then each claim (schema, dates, model,
rules that need the registries), then the rules across claims. A file with errors is left out
of the dataset but does not stop the others from being checked, so one run reports everything.

Layout::

    data/ratings.yaml          the rating scale
    data/topics.yaml           the topics (optional)
    data/claimants/<id>.yaml   one claimant per file
    data/claims/<id>.yaml      one claim per file
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterclaim import checks, richtext, schema
from counterclaim.dates import build_date
from counterclaim.diagnostics import Diagnostic, error, sort_diagnostics
from counterclaim.model import Claim, Claimant, Dataset, RatingScale, Text, Topic
from counterclaim.yamldoc import ValuePath, YamlDocument, load_file

RATINGS_FILE = "ratings.yaml"
TOPICS_FILE = "topics.yaml"
CLAIMANTS_DIR = "claimants"
CLAIMS_DIR = "claims"


@dataclass
class LoadResult:
    dataset: Dataset
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def load_dataset(
    data_dir: Path,
    *,
    language: str = "en",
    today: datetime.date | None = None,
    root: Path | None = None,
    only: Collection[Path] | None = None,
) -> LoadResult:
    """Load and check all data under ``data_dir``.

    ``language`` is the language of text that does not say otherwise; ``today`` is the date
    after which nothing may be dated (the build date by default); diagnostics name files
    relative to ``root`` (the current directory by default).

    ``only`` narrows the check to some files, with the same rules. The registries (the rating
    scale, the topics and every claimant) are always read whole. The claims read are the files
    in ``only`` and the claims they mention: those named in ``related`` or ``claim:`` links, and
    the file named after each one's id, where another claim with that id would be. Diagnostics
    are then limited to the files in ``only`` and the registries.
    """
    today = today or build_date()
    root = root or Path.cwd()
    if only is None:
        return _Loader(data_dir, language, today, root).run()
    chosen = {_normal(path) for path in only}
    loader = _Loader(data_dir, language, today, root, claim_files=chosen)
    result = loader.run()
    # A claim's file is named after its id; a misspelt id is suggested from the file names.
    stems = [path.stem for path in (data_dir / CLAIMS_DIR).glob("*.yaml")]
    names = loader.mentioned | {checks.close_match(name, stems) or name for name in loader.mentioned}
    mentioned = {_normal(data_dir / CLAIMS_DIR / f"{name}.yaml") for name in names}
    if not mentioned <= chosen:
        # Again, with the claims the chosen ones mention, in the build's own order.
        loader = _Loader(data_dir, language, today, root, claim_files=chosen | mentioned)
        result = loader.run()
    shown = {loader.display(path) for path in chosen}
    kept = [d for d in result.diagnostics if d.path in shown or loader.is_registry(d.path)]
    return LoadResult(result.dataset, kept)


def _normal(path: Path) -> Path:
    """One spelling per file (absolute, without '..'), without following symbolic links."""
    return Path(os.path.abspath(path))


class _Loader:
    def __init__(
        self,
        data_dir: Path,
        language: str,
        today: datetime.date,
        root: Path,
        claim_files: Collection[Path] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.language = language
        self.today = today
        self.root = root
        #: The claim files to read (normalised), or None for all of them.
        self.claim_files = claim_files
        #: The file names (without .yaml) of every claim file found, loaded or not.
        self.claim_stems: set[str] = set()
        #: Claim ids the claims read mention: their own ids and the claims they refer to.
        self.mentioned: set[str] = set()
        self.dataset = Dataset()
        self.problems: list[Diagnostic] = []

    def is_registry(self, shown: str) -> bool:
        """Whether the file shown as ``shown`` is the data folder, a registry or a claimant."""
        registries = {self.display(self.data_dir / name) for name in (RATINGS_FILE, TOPICS_FILE)}
        return (
            shown in registries
            or shown == self.display(self.data_dir)
            or shown.startswith(self.display(self.data_dir / CLAIMANTS_DIR) + "/")
        )

    def display(self, path: Path) -> str:
        try:
            return os.path.relpath(path, self.root).replace(os.sep, "/")
        except ValueError:  # another drive on Windows
            return str(path)

    def run(self) -> LoadResult:
        if not self.data_dir.is_dir():
            self.problems.append(
                error(self.display(self.data_dir), 1, 1, "the data folder does not exist", code="no-data-dir")
            )
            return LoadResult(self.dataset, self.problems)
        self._ratings()
        self._topics()
        self._each(CLAIMANTS_DIR, self._claimant)
        references: list[checks.ClaimReference] = []
        self._each(CLAIMS_DIR, lambda doc, stem: self._claim(doc, stem, references))
        self.mentioned.update(ref.target for ref in references)
        known = self.claim_stems | set(self.dataset.claims)
        self.problems.extend(checks.check_references(references, known))
        return LoadResult(self.dataset, sort_diagnostics(self.problems))

    # -- files ----------------------------------------------------------------------------

    def _read(self, path: Path, kind: str) -> YamlDocument | None:
        shown = self.display(path)
        resolved = path.resolve()
        if not resolved.is_relative_to(self.data_dir.resolve()):
            self.problems.append(
                error(shown, 1, 1, "this file is a link to a place outside the data folder", code="outside-data")
            )
            return None
        doc, found = load_file(str(path), shown)
        self.problems.extend(found)
        if doc is None:
            return None
        problems = schema.validate(doc, kind)
        self.problems.extend(problems)
        return None if problems else doc

    def _each(self, folder: str, handle: Callable[[YamlDocument, str], None]) -> None:
        directory = self.data_dir / folder
        if not directory.is_dir():
            return
        kind = "claim" if folder == CLAIMS_DIR else "claimant"
        for path in sorted(directory.iterdir()):
            if kind == "claim" and self.claim_files is not None and _normal(path) not in self.claim_files:
                continue
            if path.suffix == ".yml":
                self.problems.append(
                    error(
                        self.display(path),
                        1,
                        1,
                        "data files must end in .yaml, not .yml",
                        hint=f"rename it to {path.stem}.yaml",
                        code="wrong-extension",
                    )
                )
            if path.suffix != ".yaml" or not path.is_file():
                continue
            if kind == "claim":
                # A claim whose file has errors still exists: others may refer to it.
                self.claim_stems.add(path.stem)
            doc = self._read(path, kind)
            if doc is not None:
                handle(doc, path.stem)

    def _ratings(self) -> None:
        path = self.data_dir / RATINGS_FILE
        if not path.is_file():
            self.problems.append(error(self.display(path), 1, 1, "the rating scale file is missing", code="no-ratings"))
            return
        doc = self._read(path, "ratings")
        if doc is None:
            return
        self._unique(doc, "ratings", "rating")
        positions: dict[int, int] = {}
        for i, rating in enumerate(doc.data["ratings"]):
            position = rating.get("position")
            if position is None:
                continue
            if position in positions:
                line, column = doc.position(("ratings", i, "position"))
                self.problems.append(
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
        self.dataset.ratings = RatingScale.from_data(doc.data, self.language)
        self._markdown(
            doc, [(("ratings", i, "description"), r["description"]) for i, r in enumerate(doc.data["ratings"])]
        )

    def _topics(self) -> None:
        path = self.data_dir / TOPICS_FILE
        if not path.is_file():
            return
        doc = self._read(path, "topics")
        if doc is None:
            return
        self._unique(doc, "topics", "topic")
        for item in doc.data["topics"]:
            self.dataset.topics[item["id"]] = Topic(
                item["id"],
                Text.from_data(item["label"], self.language),
                Text.optional(item.get("description"), self.language),
            )

    def _unique(self, doc: YamlDocument, list_name: str, what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(doc.data[list_name]):
            if item["id"] in seen:
                line, column = doc.position((list_name, i, "id"))
                self.problems.append(
                    error(
                        doc.path, line, column, f"there are two {what}s with the id '{item['id']}'", code="duplicate-id"
                    )
                )
            seen.add(item["id"])

    def _markdown(self, doc: YamlDocument, fields: list[tuple[ValuePath, Any]]) -> None:
        """Registry descriptions may use Markdown, but link only outward."""
        for path, value in fields:
            versions = value.items() if isinstance(value, dict) else [(None, value)]
            for lang, text in versions:
                where = (*path, lang) if lang else path
                self.problems.extend(checks.check_links(doc, where, richtext.scan(text)))

    def _claimant(self, doc: YamlDocument, stem: str) -> None:
        claimant = Claimant.from_data(doc.data, self.language, doc.path)
        line, column = doc.position(("id",))
        if claimant.id != stem:
            self.problems.append(
                error(
                    doc.path,
                    line,
                    column,
                    f"the id '{claimant.id}' does not match the file name '{stem}.yaml'",
                    hint=f"rename the file to {claimant.id}.yaml, or change the id to '{stem}'",
                    code="id-file-mismatch",
                )
            )
        if claimant.id in self.dataset.claimants:
            first = self.dataset.claimants[claimant.id].path
            self.problems.append(
                error(doc.path, line, column, f"the id '{claimant.id}' is already used by {first}", code="duplicate-id")
            )
            return
        self.dataset.claimants[claimant.id] = claimant

    def _claim(self, doc: YamlDocument, stem: str, references: list[checks.ClaimReference]) -> None:
        date_problems = checks.check_dates(doc, self.today)
        self.problems.extend(date_problems)
        if any(d.code == "bad-date" for d in date_problems):
            return
        claim = Claim.from_data(doc.data, self.language, doc.path)
        self.mentioned.add(claim.id)
        found, refs = checks.check_claim(doc, claim, self.dataset, stem)
        self.problems.extend(found)
        self.problems.extend(checks.check_quality(doc, claim, self.dataset, self.today))
        references.extend(refs)
        if claim.id in self.dataset.claims:
            line, column = doc.position(("id",))
            first = self.dataset.claims[claim.id].path
            self.problems.append(
                error(
                    doc.path,
                    line,
                    column,
                    f"the id '{claim.id}' is already used by {first}",
                    hint="every claim needs its own id, the same as its file name",
                    code="duplicate-id",
                )
            )
            return
        self.dataset.claims[claim.id] = claim
