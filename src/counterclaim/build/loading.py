"""The build's first stage: every data file loaded and checked in one pass, every problem
collected on the way, with the build cache and worker processes.

Order: the rating scale, the topics, the claimants, then each claim on its own (in worker
processes when there are many; taken from the cache when its file, the registries, the schema,
this code and the date are as before), then the rules across claims. A file with errors is left
out of the dataset but does not stop the others from being checked, so one run reports
everything. Each file is read once: its bytes are digested for the cache and, if need be, parsed.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import gc
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterclaim.build import pickling
from counterclaim.build.cache import BuildCache
from counterclaim.build.digests import claim_content, claim_key, claim_salt
from counterclaim.build.workers import map_in_order, quiet_collector
from counterclaim.check.claim_file import ClaimOutcome, check_claim_file
from counterclaim.check.claims import UNCHECKED_CLAIMANT, UNCHECKED_RATINGS, UNCHECKED_TOPICS, Registries
from counterclaim.check.references import ClaimReference, check_references
from counterclaim.check.registries import check_claimant, check_ratings, check_topics, unchecked_note
from counterclaim.load import datafiles, schema
from counterclaim.load.datafiles import CLAIMANTS_DIR, CLAIMS_DIR, RATINGS_FILE, TOPICS_FILE, normal
from counterclaim.load.document import YamlDocument
from counterclaim.load.spelling import close_match
from counterclaim.model.claims import Text
from counterclaim.model.dataset import Dataset
from counterclaim.model.dates import build_date
from counterclaim.model.diagnostics import Diagnostic, diagnostic_order, error, sort_diagnostics
from counterclaim.model.registries import Claimant, RatingScale, Topic


@dataclass
class LoadResult:
    dataset: Dataset
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: A digest of each claim's file, its name and its bytes, by claim id: what the digests of
    #: the pages and parts that show the claim are made from (see ``digests``).
    fingerprints: dict[str, str] = field(default_factory=dict)
    #: Under `mkdocs serve`, when only some claim files changed since the last load (see
    #: :class:`KeptLoad`): the ids of their claims. None when anything may have changed.
    changed: frozenset[str] | None = None
    #: The dataset of that last load, which this one's differs from only in those claims.
    base: Dataset | None = None
    #: Whether the diagnostics are those of that last load (said then, not to be said again).
    same_diagnostics: bool = False

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
    chosen = {normal(path) for path in only}
    loader = _Loader(data_dir, language, today, root, claim_files=chosen, workers=workers, cache=cache)
    result = loader.run()
    # A claim's file is named after its id; a misspelt id is suggested from the file names.
    stems = [path.stem for path in (data_dir / CLAIMS_DIR).glob("*.yaml")]
    names = loader.mentioned | {close_match(name, stems) or name for name in loader.mentioned}
    mentioned = {normal(data_dir / CLAIMS_DIR / f"{name}.yaml") for name in names}
    if not mentioned <= chosen:
        # Again, with the claims the chosen ones mention, in the build's own order.
        loader = _Loader(data_dir, language, today, root, claim_files=chosen | mentioned, workers=workers, cache=cache)
        result = loader.run()
    shown = {loader.display(path) for path in chosen}
    kept = [d for d in result.diagnostics if d.path in shown or loader.is_registry(d.path)]
    return LoadResult(result.dataset, kept, result.fingerprints)


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
        self.fingerprints: dict[str, str] = {}
        self.problems: list[Diagnostic] = []
        #: The registries that could not be read (see check.claims.Registries), each with the
        #: place of its first error, where a note says what was left unchecked because of it.
        self.unreadable: dict[str, Diagnostic] = {}
        self.registries = Registries(claimants=(), ratings=None, topics=None)
        #: The bytes of the registry files, read once: parsed, and digested into the claims' keys.
        self._registry_bytes: dict[Path, bytes | OSError] = {}
        #: The bytes of the claim files still to be parsed (the others were found in the cache).
        self._claim_bytes: dict[Path, bytes | OSError] = {}
        # How the data folder and the registries are shown, for the order of the diagnostics.
        self._ranks = {
            self.display(data_dir): 0,
            self.display(data_dir / RATINGS_FILE): 1,
            self.display(data_dir / TOPICS_FILE): 2,
        }
        self._claimants_shown = self.display(data_dir / CLAIMANTS_DIR) + "/"
        #: Of a whole load: each claim file's fingerprint and outcome, by path (see KeptLoad).
        self.outcomes: dict[str, tuple[str, ClaimOutcome]] = {}
        #: What the claims' keys were made with (see :meth:`_salt`).
        self.salt = ""

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
            doc = self._registry(path, "claimant", UNCHECKED_CLAIMANT + path.stem)
            if doc is not None:
                self._claimant(doc, path.stem)
        self.registries = Registries(
            claimants=self.dataset.claimants,
            ratings=None if UNCHECKED_RATINGS in self.unreadable else [r.id for r in self.dataset.ratings.ratings],
            topics=None if UNCHECKED_TOPICS in self.unreadable else self.dataset.topics,
            unreadable_claimants={
                key.removeprefix(UNCHECKED_CLAIMANT) for key in self.unreadable if key.startswith(UNCHECKED_CLAIMANT)
            },
        )
        references: list[ClaimReference] = []
        unchecked: dict[str, int] = {}
        self._claims(references, unchecked)
        for key, cause in self.unreadable.items():
            if unchecked.get(key, 0):
                self.problems.append(unchecked_note(key, unchecked[key], cause))
        self.mentioned.update(ref.target for ref in references)
        known = self.claim_stems | set(self.dataset.claims)
        self.problems.extend(check_references(references, known))
        return LoadResult(self.dataset, sort_diagnostics(self.problems, self._rank), self.fingerprints)

    def _rank(self, shown: str) -> int:
        """Registries before the claims that name what is in them: causes before consequences."""
        return self._ranks.get(shown, 3 if shown.startswith(self._claimants_shown) else 4)

    # -- files ----------------------------------------------------------------------------

    def _data_files(self, folder: str, chosen: Collection[Path] | None = None) -> list[Path]:
        """The data files in ``folder`` (only those in ``chosen``, if given), in name order; a
        file named wrongly is reported and left out."""
        paths, problems = datafiles.data_files(self.data_dir / folder, self.display, chosen)
        self.problems.extend(problems)
        return paths

    def _registry_raw(self, path: Path) -> bytes | OSError:
        raw = self._registry_bytes.get(path)
        if raw is None:
            raw = self._registry_bytes[path] = datafiles.read(path)
        return raw

    def _registry(self, path: Path, kind: str, registry: str) -> YamlDocument | None:
        """A registry file's document if it has no error; if it has, the registry is unreadable."""
        doc, problems, sound = datafiles.parse(self._registry_raw(path), path, self.display(path), kind, self.data_dir)
        self.problems.extend(problems)
        if not sound:
            self.unreadable[registry] = next(d for d in problems if d.is_error)
            return None
        return doc

    def _ratings(self) -> None:
        path = self.data_dir / RATINGS_FILE
        if not path.is_file():
            missing = error(self.display(path), 1, 1, "the rating scale file is missing", code="no-ratings")
            self.problems.append(missing)
            self.unreadable[UNCHECKED_RATINGS] = missing
            return
        doc = self._registry(path, "ratings", UNCHECKED_RATINGS)
        if doc is None:
            return
        self.problems.extend(check_ratings(doc))
        self.dataset.ratings = RatingScale.from_data(doc.data, self.language)

    def _topics(self) -> None:
        path = self.data_dir / TOPICS_FILE
        if not path.is_file():
            return
        doc = self._registry(path, "topics", UNCHECKED_TOPICS)
        if doc is None:
            return
        self.problems.extend(check_topics(doc))
        for item in doc.data["topics"]:
            self.dataset.topics[item["id"]] = Topic(
                item["id"],
                Text.from_data(item["label"], self.language),
                Text.optional(item.get("description"), self.language),
            )

    def _claimant(self, doc: YamlDocument, stem: str) -> None:
        claimant = Claimant.from_data(doc.data, self.language, doc.path)
        problems = check_claimant(claimant, doc, stem, self.dataset.claimants)
        self.problems.extend(problems)
        if claimant.id not in self.dataset.claimants:
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
        salt = self.salt = self._salt()
        folder = self.display(self.data_dir / CLAIMS_DIR) + "/"
        seen = self.cache.seen
        # A file unchanged since the last build (under `mkdocs serve`) is known by its status.
        contents = [seen.known(path, folder + path.name) or self._read_claim(path, folder) for path in paths]
        keys = [claim_key(salt, content) for content in contents]
        # Outcomes still in memory from the last build (under `mkdocs serve`), then stored ones.
        remembered: dict[str, Any] = self.cache.outcomes
        stored = self.cache.claims(key for key in keys if key not in remembered)
        missing = []
        for index, (path, key) in enumerate(zip(paths, keys, strict=True)):
            if key in stored or key in remembered:
                self._claim_bytes.pop(path, None)  # not parsed: its bytes are not needed
                continue
            if path not in self._claim_bytes:  # known by its status, but to be parsed: read now
                contents[index] = self._read_claim(path, folder)
                keys[index] = claim_key(salt, contents[index])
            missing.append(path)
        computed = map_in_order(self._claim_files, missing, workers=self.workers)
        fresh: dict[str, bytes] = {}
        kept: dict[str, Any] = {}
        for path, key, content in zip(paths, keys, contents, strict=True):
            if key in remembered:
                outcome: ClaimOutcome = remembered[key]
            elif key in stored:
                outcome = pickling.loads(stored[key])
            else:
                outcome = next(computed)
                fresh[key] = pickling.dumps(outcome)
            if outcome.claim is not None:
                self.fingerprints.setdefault(outcome.claim.id, content)
            self._merge(outcome, references)
            self.outcomes[os.fspath(path)] = (content, outcome)
            for registry in set(outcome.unchecked):
                unchecked[registry] = unchecked.get(registry, 0) + 1
            kept[key] = outcome
        for _ in computed:  # nothing is left; this lets the worker processes end now
            pass
        self._claim_bytes.clear()
        if self.claim_files is None:
            self.cache.keep_claims(fresh, used=keys)
            self.cache.outcomes = kept
            seen.keep_only(set(paths))

    def _read_claim(self, path: Path, folder: str) -> str:
        """Read a claim file (its bytes kept to be parsed) and remember it by its status: the
        digest of its name, as shown under ``folder``, and its bytes."""
        status = self.cache.seen.status(path)
        raw = self._claim_bytes[path] = datafiles.read(path)
        content = claim_content(folder + path.name, _digestible(raw))
        self.cache.seen.remember(path, folder + path.name, status, content)
        return content

    def _salt(self) -> str:
        """Everything besides a claim file's own bytes that decides what loading it gives."""
        registries = [self.data_dir / RATINGS_FILE, self.data_dir / TOPICS_FILE]
        claimants = self.data_dir / CLAIMANTS_DIR
        registries += sorted(claimants.glob("*.y*ml")) if claimants.is_dir() else []
        named = [(path.name, _digestible(self._registry_raw(path))) for path in registries]
        return claim_salt(schema.schema_dir(), named, self.language, self.today.isoformat())

    def _claim_files(self, paths: list[Path]) -> list[ClaimOutcome]:
        return [self._claim_file(path) for path in paths]

    def _claim_file(self, path: Path) -> ClaimOutcome:
        """Everything about one claim file that needs the registries but no other claim."""
        raw = self._claim_bytes[path]
        doc, problems, sound = datafiles.parse(raw, path, self.display(path), "claim", self.data_dir)
        return check_claim_file(
            doc,
            problems,
            sound,
            stem=path.stem,
            registries=self.registries,
            dataset=self.dataset,
            language=self.language,
            today=self.today,
        )

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


def _digestible(raw: bytes | OSError) -> bytes | str:
    """What a file's key digests of it: its bytes, or why it could not be read."""
    return raw if isinstance(raw, bytes) else f"unreadable: {raw.strerror}"


class KeptLoad:
    """Under `mkdocs serve`: the last whole load, kept so that the next can read again only the
    claim files that changed.

    A rebuild is narrowed to them when nothing else that loading depends on changed: the date,
    the registry files (each known by its status), the names in the claims folder (no claim
    added, removed or renamed); and when what they give is as sound as before: the last load had
    no errors, and each changed file still holds the claim of the same id, without errors. Else
    the load is whole again, as the first was. Either way the result is the same as a whole
    load's (tests/test_random_edits.py holds it to a cold build).
    """

    def __init__(self, loader: _Loader, result: LoadResult, statuses: dict[str, object], names: frozenset[str]) -> None:
        self.loader = loader
        self.result = result
        #: The registry files' statuses before the whole load read them.
        self.statuses = statuses
        #: Everything in the claims folder at the whole load.
        self.names = names

    @classmethod
    def load(
        cls, data_dir: Path, *, language: str, root: Path, workers: int | None, cache: BuildCache
    ) -> tuple[LoadResult, KeptLoad | None]:
        """A whole load, kept if it can be narrowed later."""
        statuses = registry_statuses(data_dir, cache)
        listed = cache.seen.changed_in(data_dir / CLAIMS_DIR)
        loader = _Loader(data_dir, language, build_date(), root, workers=workers, cache=cache)
        result = loader.run()
        if statuses is None or listed is None or not cache.enabled:
            return result, None
        return result, cls(loader, result, statuses, listed[0])

    def reload(self, data_dir: Path, *, language: str, root: Path, saved: set[str] | None = None) -> LoadResult | None:
        """The data, with only the claim files that changed read again; None if a whole load is
        needed (see the class). The files that changed are those the system's watcher says were
        ``saved`` since the last load, if it says; else those whose status changed."""
        loader = self.loader
        if (data_dir, language, root, build_date()) != (loader.data_dir, loader.language, loader.root, loader.today):
            return None
        if not self.result.ok or loader.unreadable:
            return None
        candidates = self._saved(data_dir, saved) if saved is not None else self._looked_at(data_dir)
        if candidates is None:
            return None
        folder = loader.display(data_dir / CLAIMS_DIR) + "/"
        changed: dict[str, tuple[str, ClaimOutcome, str, ClaimOutcome]] = {}
        for path in candidates:
            before = loader.outcomes.get(os.fspath(path))
            if before is None:
                if path.suffix in (".yaml", ".yml"):
                    return None
                continue  # not a data file (the whole load left it out too)
            content = loader._read_claim(path, folder)
            if content == before[0]:
                loader._claim_bytes.pop(path, None)
                continue  # saved, unchanged
            outcome = loader._claim_file(path)
            loader._claim_bytes.pop(path, None)
            old, new = before[1].claim, outcome.claim
            if old is None or new is None or old.id != new.id or any(d.is_error for d in outcome.problems):
                return None
            changed[os.fspath(path)] = (before[0], before[1], content, outcome)
        if not changed:
            return dataclasses.replace(
                self.result, changed=frozenset(), base=self.result.dataset, same_diagnostics=True
            )
        return self._replaced(changed)

    def _looked_at(self, data_dir: Path) -> list[Path] | None:
        """The claim files whose status changed, if no registry file did and the claims folder
        holds the same names (else None)."""
        if registry_statuses(data_dir, self.loader.cache) != self.statuses:
            return None
        listed = self.loader.cache.seen.changed_in(data_dir / CLAIMS_DIR)
        if listed is None or listed[0] != self.names:
            return None
        return listed[1]

    def _saved(self, data_dir: Path, saved: set[str]) -> list[Path] | None:
        """The claim files among ``saved``, if none of those paths is a registry, another file
        under the data folder, or a claim file added or removed (else None)."""
        data = os.path.normpath(data_dir)
        claims = os.path.join(data, CLAIMS_DIR)
        found = []
        for path in sorted(saved):
            if path in (data, claims):
                continue  # a folder whose entries changed: they are reported themselves
            if os.path.dirname(path) == claims:
                exists = os.path.isfile(path)
                if path in self.loader.outcomes and exists:
                    found.append(Path(path))
                elif path in self.loader.outcomes or (exists and os.path.basename(path) not in self.names):
                    return None  # a claim file removed, or a file added
            elif path.startswith(os.path.join(data, "")):
                return None  # a registry, or anything else under the data folder
        return found

    def _replaced(self, changed: dict[str, tuple[str, ClaimOutcome, str, ClaimOutcome]]) -> LoadResult | None:
        loader = self.loader
        result = self.result
        known = loader.claim_stems | set(result.dataset.claims)
        shown = set()
        added: list[Diagnostic] = []
        claims = dict(result.dataset.claims)
        fingerprints = dict(result.fingerprints)
        for _, _, content, outcome in changed.values():
            claim = outcome.claim
            assert claim is not None
            shown.add(claim.path)
            added += outcome.problems
            added += check_references(outcome.references, known)
            claims[claim.id] = claim
            fingerprints[claim.id] = content
        if any(d.is_error for d in added):
            return None
        old = result.dataset
        dataset = Dataset(ratings=old.ratings, topics=old.topics, claimants=old.claimants, claims=claims)
        diagnostics = [d for d in result.diagnostics if d.path not in shown]
        # Each changed file's diagnostics, in order, where its place is among the others (the
        # order of sort_diagnostics, which would take a while over tens of thousands of warnings).
        for path in sorted(shown):
            block = sort_diagnostics([d for d in added if d.path == path], loader._rank)
            if block:
                at = bisect.bisect_left(
                    diagnostics,
                    diagnostic_order(block[0], loader._rank),
                    key=lambda d: diagnostic_order(d, loader._rank),
                )
                diagnostics[at:at] = block
        ids = frozenset(outcome.claim.id for _, _, _, outcome in changed.values() if outcome.claim is not None)
        same = diagnostics == result.diagnostics  # the same objects but the changed files' (quick)
        new = LoadResult(dataset, diagnostics, fingerprints, changed=ids, base=old, same_diagnostics=same)
        # What the next reload starts from, and the cache's records of the new outcomes.
        salt = loader.salt
        fresh = {}
        for path, (before, _, content, outcome) in changed.items():
            loader.cache.outcomes.pop(claim_key(salt, before), None)
            key = claim_key(salt, content)
            loader.cache.outcomes[key] = outcome
            fresh[key] = pickling.dumps(outcome)
            loader.outcomes[path] = (content, outcome)
        loader.cache.add_claims(fresh)
        loader.dataset = dataset
        self.result = new
        return new


def registry_statuses(data_dir: Path, cache: BuildCache) -> dict[str, object] | None:
    """The status of every registry file (and the names in the claimants folder); None if one
    was written too lately to be known by its status."""
    seen = cache.seen
    found: dict[str, object] = {}
    for path in (data_dir / RATINGS_FILE, data_dir / TOPICS_FILE):
        found[path.name] = seen.status(path) if path.exists() else "absent"
    claimants = data_dir / CLAIMANTS_DIR
    try:
        with os.scandir(claimants) as entries:
            for entry in entries:
                found[f"{CLAIMANTS_DIR}/{entry.name}"] = seen.status(Path(entry.path))
    except FileNotFoundError:
        found[CLAIMANTS_DIR] = "absent"
    except OSError:
        return None
    if any(status is None for status in found.values()):
        return None
    return found
