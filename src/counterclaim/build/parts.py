"""Each claim's parts of the files made from all claims (its export record, its DataFeed element
and its search index entry in each language), taken from the build cache when what they show
has not changed (see :class:`~counterclaim.build.digests.PartKeys`) and made by worker
processes when it has."""

from __future__ import annotations

from collections.abc import Mapping

from counterclaim.build.cache import BuildCache
from counterclaim.build.digests import PartKeys, Remembered
from counterclaim.build.workers import map_in_order
from counterclaim.model.claims import Claim
from counterclaim.publish.publication import Publication

Item = tuple[str, str, str]


class CachedParts:
    """Every part of ``publication``'s big files, made or read back when this is made."""

    def __init__(
        self,
        cache: BuildCache,
        publication: Publication,
        fingerprints: Mapping[str, str],
        workers: int | None,
        *,
        keys: Remembered | None = None,
        kept: Mapping[str, str] | None = None,
        earlier: CachedParts | None = None,
    ) -> None:
        """Under `mkdocs serve`, ``keys`` are the last build's keys (see :class:`~counterclaim.
        build.digests.PartKeys`) and ``kept`` its parts by key, held in memory: only the parts
        it does not hold are asked of the cache. When ``publication`` differs from the last
        build's only in some claims (``publication.changed``), the last build's parts are
        ``earlier``, and only those claims' parts are looked at."""
        self.cache = cache
        self.publication = publication
        part_keys = PartKeys(publication, fingerprints, keys)
        changed = publication.changed
        if earlier is not None and changed is not None:
            wanted = publication.parts_wanted(changed)
        else:
            wanted = publication.parts_wanted()
            earlier = None
        key_of = {item: part_keys.key(*item) for item in wanted}
        kept = kept or {}
        stored = {key: kept[key] for key in key_of.values() if key in kept}
        if len(stored) < len(key_of):
            stored.update(cache.artifacts(key for key in key_of.values() if key not in stored))
        missing = [item for item in wanted if key_of[item] not in stored]
        made = dict(zip(missing, map_in_order(self._make, missing, workers=workers), strict=True))
        self.fresh = {key_of[item]: text for item, text in made.items()}
        values = {item: stored[key] if key in stored else made[item] for item, key in key_of.items()}
        #: Whether only some claims' parts were looked at (the others are ``earlier``'s).
        self.narrowed = earlier is not None
        #: The last build's parts, where this build's differ from them (a narrowed build).
        self.before: dict[Item, str] = {}
        self.key_of: dict[Item, str]
        self.values: dict[Item, str]
        if earlier is not None:
            self.before = {item: earlier.values[item] for item in wanted}
            self.key_of = {**earlier.key_of, **key_of}
            self.values = {**earlier.values, **values}
        else:
            self.key_of = key_of
            self.values = values

    def _make(self, items: list[Item]) -> list[str]:
        return [self.publication.part(*item) for item in items]

    def kept(self) -> dict[str, str]:
        """Every part, by key (what the next build under `mkdocs serve` is given as ``kept``)."""
        return {key: self.values[item] for item, key in self.key_of.items()}

    def get(self, kind: str, claim: Claim, language: str = "") -> str:
        return self.values[(kind, claim.id, language)]

    def save(self) -> None:
        """Keep the parts made for the next build, and forget those no longer used (a narrowed
        build forgets none: the next whole one does)."""
        if self.narrowed:
            self.cache.add_artifacts(self.fresh)
        else:
            self.cache.keep_artifacts(self.fresh, used=list(self.key_of.values()))
