"""What earlier builds found and made, kept between builds so that a build redoes only what
changed.

One SQLite file in a folder outside every folder `mkdocs serve` watches (by default
``.counterclaim-cache/`` next to mkdocs.yml), with two kinds of record:

- ``claim``: what loading and checking one claim file gave (the claim, its problems, what it
  refers to), under a key that digests the file's bytes together with everything else that
  decides the result: the registries, the schema, this code, the settings and the date;
- ``page``: for each page the last successful build wrote, a digest of everything the page was
  made from; a page whose digest has not changed is taken from the published site as it is;
- ``artifact``: each claim's part of the files made from all claims (the export, the DataFeed).

Keys are content digests, so a stale record is never used: at worst it is not found. Deleting
the folder only makes the next build slower. The site built with a warm cache, a cold cache or
none at all is byte for byte the same.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS claim (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS page (url TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS artifact (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_DEPENDENCIES = ("mkdocs", "markdown-it-py", "mdit-py-plugins", "PyYAML", "Jinja2", "MarkupSafe", "jsonschema")


def digest(*parts: str | bytes) -> str:
    """A short, stable digest of ``parts`` (each kept apart from the next)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@cache
def code_fingerprint() -> str:
    """This code and the versions of the libraries that shape its results."""
    package = Path(__file__).resolve().parent
    parts: list[str | bytes] = []
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in _DEPENDENCIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(name)
    return digest(*parts)


def folder_fingerprint(folder: Path) -> str:
    """Every file under ``folder``, by name and content."""
    parts: list[str | bytes] = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


class BuildCache:
    """The cache file in ``folder``; with ``folder=None``, a cache that remembers nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        #: The claim outcomes of the last load, as objects: a cache kept open across builds
        #: (by `mkdocs serve`) finds unchanged claims here without reading the file at all.
        self.outcomes: dict[str, Any] = {}
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            # A cache folder should not end up in version control or in a published site.
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            self._db = sqlite3.connect(folder / "cache.sqlite", timeout=30)
            self._db.executescript(_SCHEMA)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def claims(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored claim records among ``keys``."""
        return {key: bytes(value) for key, value in self._select("claim", keys).items()}  # type: ignore[call-overload]

    def keep_claims(self, records: Mapping[str, bytes], used: Iterable[str]) -> None:
        """Store ``records`` and forget every claim record not in ``used`` (the cache stays the
        size of the data)."""
        self._keep("claim", records, used)

    def artifacts(self, keys: Iterable[str]) -> dict[str, str]:
        return {key: str(value) for key, value in self._select("artifact", keys).items()}

    def keep_artifacts(self, records: Mapping[str, str], used: Iterable[str]) -> None:
        self._keep("artifact", records, used)

    def _select(self, table: str, keys: Iterable[str]) -> dict[str, object]:
        if self._db is None:
            return {}
        wanted = list(keys)
        found: dict[str, object] = {}
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            found.update(self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", batch))
        return found

    def _keep(self, table: str, records: Mapping[str, object], used: Iterable[str]) -> None:
        if self._db is None:
            return
        with self._db:
            self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", records.items())
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in used))
            self._db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")

    def pages(self) -> dict[str, str]:
        """The digest of every page the last successful build wrote, by address."""
        if self._db is None:
            return {}
        return dict(self._db.execute("SELECT url, digest FROM page"))

    def keep_pages(self, digests: Mapping[str, str]) -> None:
        if self._db is None:
            return
        with self._db:
            self._db.execute("DELETE FROM page")
            self._db.executemany("INSERT INTO page VALUES (?, ?)", digests.items())

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
