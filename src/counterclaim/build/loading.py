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
import gc
import os
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from counterclaim.build import pickling
from counterclaim.build.cache import BuildCache, code_fingerprint, digest, folder_fingerprint
from counterclaim.build.workers import map_in_order, quiet_collector
from counterclaim.check import claims as checks
from counterclaim.check.dates import check_dates
from counterclaim.check.quality import check_quality
from counterclaim.check.references import ClaimReference, check_references
from counterclaim.check.spelling import close_match
from counterclaim.load import markdown, schema
from counterclaim.load.document import ValuePath, YamlDocument
from counterclaim.load.limits import MAX_FILE_BYTES
from counterclaim.load.reading import load_file
from counterclaim.model.claims import Claim, Text
from counterclaim.model.dataset import Dataset
from counterclaim.model.dates import build_date
from counterclaim.model.diagnostics import Diagnostic, clip, error, note, sort_diagnostics
from counterclaim.model.registries import Claimant, RatingScale, Topic

#: What a data file's name must be (before ``.yaml``): the id of what it holds.
ID_NAME = checks.ID

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
    workers: int | None = None,
    cache: BuildCache | None = None,
) -> LoadResult:
    """Load and check all data under ``data_dir``.

    ``language`` is the language of text that does not say otherwise; ``today`` is the date
    after which nothing may be dated (the build date by default); diagnostics name files
    relative to ``root`` (the current directory by default). Claim files are read by
    ``workers`` processes (by default one per processor) when there are enough of them; the
    result is the same whatever the number. With a ``cache``, a claim file read before with the
    same bytes, registries, schema, code and date is not read again.

    ``only`` narrows the check to some files, with the same rules. The registries (the rating
    scale, the topics and every claimant) are always read whole. The claims read are the files
    in ``only`` and the claims they mention: those named in ``related`` or ``claim:`` links, and
    the file named after each one's id, where another claim with that id would be. Diagnostics
    are then limited to the files in ``only`` and the registries.
    """
    today = today or build_date()
    root = root or Path.cwd()
    if only is None:
        return _Loader(data_dir, language, today, root, workers=workers, cache=cache).run()
    chosen = {_normal(path) for path in only}
    loader = _Loader(data_dir, language, today, root, claim_files=chosen, workers=workers, cache=cache)
    result = loader.run()
    # A claim's file is named after its id; a misspelt id is suggested from the file names.
    stems = [path.stem for path in (data_dir / CLAIMS_DIR).glob("*.yaml")]
    names = loader.mentioned | {close_match(name, stems) or name for name in loader.mentioned}
    mentioned = {_normal(data_dir / CLAIMS_DIR / f"{name}.yaml") for name in names}
    if not mentioned <= chosen:
        # Again, with the claims the chosen ones mention, in the build's own order.
        loader = _Loader(data_dir, language, today, root, claim_files=chosen | mentioned, workers=workers, cache=cache)
        result = loader.run()
    shown = {loader.display(path) for path in chosen}
    kept = [d for d in result.diagnostics if d.path in shown or loader.is_registry(d.path)]
    return LoadResult(result.dataset, kept)


def _read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return b""


def _id_inside(path: Path) -> str | None:
    """The id written in the file at ``path``, if it is a valid id (a file name can be made of it)."""
    doc, _ = load_file(str(path), path.name, partial=True)
    found = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
    return found if isinstance(found, str) and len(found) <= 80 and ID_NAME.fullmatch(found) else None


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
        workers: int | None = None,
        cache: BuildCache | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.language = language
        self.today = today
        self.root = root
        #: The claim files to read (normalised), or None for all of them.
        self.claim_files = claim_files
        self.workers = workers
        self.cache = cache or BuildCache(None)
        #: The file names (without .yaml) of every claim file found, loaded or not.
        self.claim_stems: set[str] = set()
        #: Claim ids the claims read mention: their own ids and the claims they refer to.
        self.mentioned: set[str] = set()
        self.dataset = Dataset()
        self.problems: list[Diagnostic] = []
        #: The registries that could not be read (see checks.Registries), each with the place
        #: of its first error, where a note says what was left unchecked because of it.
        self.unreadable: dict[str, Diagnostic] = {}
        self.registries = checks.Registries(claimants=(), ratings=None, topics=None)
        # How the data folder and the registries are shown, for the order of the diagnostics.
        self._ranks = {
            self.display(data_dir): 0,
            self.display(data_dir / RATINGS_FILE): 1,
            self.display(data_dir / TOPICS_FILE): 2,
        }
        self._claimants_shown = self.display(data_dir / CLAIMANTS_DIR) + "/"

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
        for path in self._data_files(CLAIMANTS_DIR):
            doc = self._read(path, "claimant", checks.UNCHECKED_CLAIMANT + path.stem)
            if doc is not None:
                self._claimant(doc, path.stem)
        self.registries = checks.Registries(
            claimants=self.dataset.claimants,
            ratings=None
            if checks.UNCHECKED_RATINGS in self.unreadable
            else [r.id for r in self.dataset.ratings.ratings],
            topics=None if checks.UNCHECKED_TOPICS in self.unreadable else self.dataset.topics,
            unreadable_claimants={
                key.removeprefix(checks.UNCHECKED_CLAIMANT)
                for key in self.unreadable
                if key.startswith(checks.UNCHECKED_CLAIMANT)
            },
        )
        references: list[ClaimReference] = []
        unchecked: dict[str, int] = {}
        self._claims(references, unchecked)
        self._notes(unchecked)
        self.mentioned.update(ref.target for ref in references)
        known = self.claim_stems | set(self.dataset.claims)
        self.problems.extend(check_references(references, known))
        return LoadResult(self.dataset, sort_diagnostics(self.problems, self._rank))

    def _rank(self, shown: str) -> int:
        """Registries before the claims that name what is in them: causes before consequences."""
        return self._ranks.get(shown, 3 if shown.startswith(self._claimants_shown) else 4)

    def _notes(self, unchecked: dict[str, int]) -> None:
        """At each registry that could not be read, what was not checked because of it."""
        for key, cause in self.unreadable.items():
            count = unchecked.get(key, 0)
            if not count:
                continue
            claims = f"{count} claim{'s' if count != 1 else ''}"
            if key == checks.UNCHECKED_RATINGS:
                message = f"the ratings of {claims} were not checked, since the rating scale could not be read"
            elif key == checks.UNCHECKED_TOPICS:
                message = f"the topics of {claims} were not checked, since the topics could not be read"
            else:
                name = key.removeprefix(checks.UNCHECKED_CLAIMANT)
                message = (
                    f"{claims} name{'s' if count == 1 else ''} the claimant '{clip(name)}', whose file could"
                    " not be read: those references were not checked"
                )
            self.problems.append(note(cause.path, cause.line, cause.column, message, code="not-checked"))

    # -- files ----------------------------------------------------------------------------

    def _read(self, path: Path, kind: str, registry: str) -> YamlDocument | None:
        """A registry file's document if it has no error; if it has, the registry is unreadable."""
        doc, problems, sound = self._read_file(path, kind)
        self.problems.extend(problems)
        if not sound:
            self.unreadable[registry] = next(d for d in problems if d.is_error)
            return None
        return doc

    def _read_file(self, path: Path, kind: str) -> tuple[YamlDocument | None, list[Diagnostic], bool]:
        """The file's document, if it could be read as YAML (whatever the schema says of it);
        its problems; and whether it is sound (no error so far: its data fits the schema)."""
        shown = self.display(path)
        resolved = path.resolve()
        if not resolved.is_relative_to(self.data_dir.resolve()):
            outside = error(shown, 1, 1, "this file is a link to a place outside the data folder", code="outside-data")
            return None, [outside], False
        doc, found = load_file(str(path), shown, partial=True)
        if doc is None:
            if found and found[0].code == "empty-file":
                found = [replace(d, hint=_EMPTY_HINTS[kind]) if d.code == "empty-file" else d for d in found]
            return None, found, False
        problems = schema.validate(doc, kind)
        sound = not problems and not any(d.is_error for d in found)
        return doc, found + without_consequences(problems, found, doc), sound

    def _data_files(self, folder: str, chosen: Collection[Path] | None = None) -> list[Path]:
        """The data files in ``folder`` (only those in ``chosen``, if given), in name order; a
        file named wrongly is reported and left out."""
        directory = self.data_dir / folder
        if not directory.is_dir():
            return []
        found = sorted(directory.iterdir())
        if chosen is not None:
            found = [path for path in found if _normal(path) in chosen]
        return [path for path in found if self._data_file(path)]

    def _data_file(self, path: Path) -> bool:
        """Whether ``path`` is a data file to read: a ``.yaml`` file named by an id. Any other
        name is refused, since it becomes a page address and is printed in logs (where a line
        break in it could pass for a command to the CI runner)."""
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            return False
        if path.suffix == ".yml":
            message, hint, code = (
                "data files must end in .yaml, not .yml",
                f"rename it to {path.stem}.yaml",
                "wrong-extension",
            )
        elif not ID_NAME.fullmatch(path.stem):
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
            return True
        self.problems.append(error(self.display(path), 1, 1, message, hint=hint, code=code))
        return False

    def _ratings(self) -> None:
        path = self.data_dir / RATINGS_FILE
        if not path.is_file():
            missing = error(self.display(path), 1, 1, "the rating scale file is missing", code="no-ratings")
            self.problems.append(missing)
            self.unreadable[checks.UNCHECKED_RATINGS] = missing
            return
        doc = self._read(path, "ratings", checks.UNCHECKED_RATINGS)
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
        doc = self._read(path, "topics", checks.UNCHECKED_TOPICS)
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
        """Registry descriptions may use Markdown, but link only outward: a description is shown
        wherever its rating is, so it has no sources to cite and no claim of its own."""
        for path, value in fields:
            versions = value.items() if isinstance(value, dict) else [(None, value)]
            for lang, text in versions:
                where = (*path, lang) if lang else path
                scanned = markdown.scan(text)
                self.problems.extend(checks.check_links(doc, where, scanned))
                for what, written in (
                    ("cites a source", [f"[^{key}]" for key in scanned.citations]),
                    ("links to a claim", [f"claim:{target}" for target in scanned.claim_links]),
                ):
                    locate = doc.locator(where)  # one per kind: each kind is found in writing order
                    for needle in written:
                        line, column = locate(needle)
                        self.problems.append(
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

    # -- claims: each file on its own (in worker processes when there are many), then merged --

    def _claims(self, references: list[ClaimReference], unchecked: dict[str, int]) -> None:
        paths = self._data_files(CLAIMS_DIR, self.claim_files)
        # A claim whose file has errors still exists: others may refer to it.
        self.claim_stems.update(path.stem for path in paths)
        with quiet_collector():
            self._load_claims(paths, references, unchecked)
            # The claims live as long as the build: keep the cycle collector from scanning them
            # again and again afterwards (and, in forked workers, from copying their pages).
            gc.freeze()

    def _load_claims(self, paths: list[Path], references: list[ClaimReference], unchecked: dict[str, int]) -> None:
        salt = self._salt()
        folder = self.display(self.data_dir / CLAIMS_DIR) + "/"
        contents = [digest(folder + path.name, _read_bytes(path)) for path in paths]
        keys = [digest(salt, content) for content in contents]
        # Outcomes still in memory from the last build (under `mkdocs serve`), then stored ones.
        remembered: dict[str, Any] = self.cache.outcomes
        stored = self.cache.claims(key for key in keys if key not in remembered)
        missing = [path for path, key in zip(paths, keys, strict=True) if key not in stored and key not in remembered]
        computed = map_in_order(self._claim_files, missing, workers=self.workers)
        fresh: dict[str, bytes] = {}
        kept: dict[str, Any] = {}
        for key, content in zip(keys, contents, strict=True):
            if key in remembered:
                outcome: ClaimOutcome = remembered[key]
            elif key in stored:
                outcome = pickling.loads(stored[key])
            else:
                outcome = next(computed)
                fresh[key] = pickling.dumps(outcome)
            if outcome.claim is not None:
                self.dataset.fingerprints.setdefault(outcome.claim.id, content)
            self._merge(outcome, references)
            for key in set(outcome.unchecked):
                unchecked[key] = unchecked.get(key, 0) + 1
            kept[key] = outcome
        for _ in computed:  # nothing is left; this lets the worker processes end now
            pass
        if self.claim_files is None:
            self.cache.keep_claims(fresh, used=keys)
            self.cache.outcomes = kept

    def _salt(self) -> str:
        """Everything besides a claim file's own bytes that decides what loading it gives."""
        registries = [self.data_dir / RATINGS_FILE, self.data_dir / TOPICS_FILE]
        claimants = self.data_dir / CLAIMANTS_DIR
        registries += sorted(claimants.glob("*.y*ml")) if claimants.is_dir() else []
        parts: list[str | bytes] = [code_fingerprint(), folder_fingerprint(schema.schema_dir())]
        for path in registries:
            parts += [path.name, _read_bytes(path)]
        return digest(*parts, self.language, self.today.isoformat())

    def _claim_files(self, paths: list[Path]) -> list[ClaimOutcome]:
        return [self._claim_file(path) for path in paths]

    def _claim_file(self, path: Path) -> ClaimOutcome:
        """Everything about one claim file that needs the registries but no other claim.

        Every check runs on what could be read, whatever the ones before it found (a date that
        does not exist does not stop the check of its footnotes); a problem at a place where one
        was found already is left out, as its consequence. The claim itself is made only from a
        file whose data is sound."""
        doc, problems, sound = self._read_file(path, "claim")
        outcome = ClaimOutcome(path.stem, problems)
        if doc is None:
            return outcome
        date_problems, dates = check_dates(doc, self.today)
        problems.extend(without_consequences(date_problems, problems, doc))
        found = checks.check_claim(doc, self.registries, path.stem, dates)
        problems.extend(without_consequences(found.found, problems, doc))
        outcome.references, outcome.unchecked = found.references, found.unchecked
        if not sound or any(d.code == "bad-date" for d in date_problems):
            return outcome
        claim = Claim.from_data(doc.data, self.language, doc.path)
        problems.extend(check_quality(doc, claim, self.dataset, self.today))
        outcome.claim = claim
        outcome.id_position = doc.position(("id",))
        return outcome

    def _merge(self, outcome: ClaimOutcome, references: list[ClaimReference]) -> None:
        self.problems.extend(outcome.problems)
        references.extend(outcome.references)
        claim = outcome.claim
        if claim is None:
            return
        self.mentioned.add(claim.id)
        if claim.id in self.dataset.claims:
            line, column = outcome.id_position
            first = self.dataset.claims[claim.id].path
            self.problems.append(
                error(
                    claim.path,
                    line,
                    column,
                    f"the id '{claim.id}' is already used by {first}",
                    hint="every claim needs its own id, the same as its file name",
                    code="duplicate-id",
                )
            )
            return
        self.dataset.claims[claim.id] = claim


@dataclass
class ClaimOutcome:
    """What loading one claim file gave: the claim (if it could be read) and its problems."""

    stem: str
    problems: list[Diagnostic]
    claim: Claim | None = None
    references: list[ClaimReference] = field(default_factory=list)
    #: The registries it names that could not be read (see checks.Registries).
    unchecked: list[str] = field(default_factory=list)
    id_position: tuple[int, int] = (1, 1)


def without_consequences(later: list[Diagnostic], earlier: list[Diagnostic], doc: YamlDocument) -> list[Diagnostic]:
    """The errors of a later check, less those at a place where an earlier check found an error
    or a value was refused: one mistake, one message (a date written 2026-1-5 breaks the schema's
    pattern and is not a real date either; the first to say so is enough)."""
    taken = doc.refused | {(d.line, d.column) for d in earlier if d.is_error}
    return [d for d in later if not (d.is_error and (d.line, d.column) in taken)]


#: What to do with an empty file, by kind.
_EMPTY_HINTS = {
    "claim": "start from `counterclaim new claim <id>`",
    "claimant": "start from `counterclaim new claimant <id>`",
    "ratings": "write the rating scale: a list under 'ratings:', each rating with an id, a label, a description"
    " and a colour (see schema/ratings.schema.json)",
    "topics": "write the topics as a list under 'topics:', each with an id and a label, or delete the file"
    " if there are none",
}
