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

The cache folder is in the working tree, where a pull request can put files of its own. So
every record is signed with a secret key kept outside it, in the user's cache folder
(``~/.cache/counterclaim/key`` on Linux), and a record whose signature does not match is
treated as absent: a planted cache can neither run code when a claim record is unpickled nor
make a build take a page, an export or a check result from it. A page is reused only if the
published file is the one the last build wrote (same size and modification time), so a
planted file in the published site is not taken either. Without a key (a home folder that
cannot be written) nothing is cached.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import stat
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from counterclaim.signing import user_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS claim (key TEXT PRIMARY KEY, value BLOB NOT NULL, mac BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS page (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS artifact (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac BLOB NOT NULL);
"""
#: The cache file's name; a new layout gets a new name, and files of older layouts are removed.
_FILE = "cache-2.sqlite"
_OLD_FILES = ("cache.sqlite",)
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

    def __init__(self, folder: Path | None, key: bytes | None = None) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        #: The claim outcomes of the last load, as objects: a cache kept open across builds
        #: (by `mkdocs serve`) finds unchanged claims here without reading the file at all.
        self.outcomes: dict[str, Any] = {}
        self._key = b""
        if folder is None:
            return
        signing = key if key is not None else user_key()
        if signing is None:
            return
        self._key = signing
        folder.mkdir(parents=True, exist_ok=True)
        # A cache folder should not end up in version control or in a published site.
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        for old in _OLD_FILES:
            (folder / old).unlink(missing_ok=True)
        self._db = sqlite3.connect(folder / _FILE, timeout=30)
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

    def _sign(self, table: str, key: str, value: object) -> bytes:
        data = value.encode("utf-8") if isinstance(value, str) else bytes(value)  # type: ignore[call-overload]
        signer = hashlib.blake2b(key=self._key, digest_size=32)
        for part in (table.encode(), key.encode("utf-8"), data):
            signer.update(len(part).to_bytes(8, "little"))
            signer.update(part)
        return signer.digest()

    def _select(self, table: str, keys: Iterable[str] | None) -> dict[str, object]:
        """The records of ``table`` among ``keys`` (all with ``None``) whose signature holds."""
        if self._db is None:
            return {}
        rows: list[tuple[str, object, bytes]] = []
        if keys is None:
            rows += self._db.execute(f"SELECT key, value, mac FROM {table}")
        else:
            wanted = list(keys)
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows += self._db.execute(f"SELECT key, value, mac FROM {table} WHERE key IN ({marks})", batch)
        return {
            key: value
            for key, value, mac in rows
            if isinstance(key, str)
            and isinstance(value, str | bytes)
            and isinstance(mac, bytes)
            and hmac.compare_digest(mac, self._sign(table, key, value))
        }

    def _keep(self, table: str, records: Mapping[str, object], used: Iterable[str] | None) -> None:
        """Store ``records``, signed, and forget every other record not in ``used`` (all others
        with ``None``)."""
        if self._db is None:
            return
        with self._db:
            if used is None:
                self._db.execute(f"DELETE FROM {table}")
            self._db.executemany(
                f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                ((key, value, self._sign(table, key, value)) for key, value in records.items()),
            )
            if used is not None:
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM used")
                self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in used))
                self._db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")

    def pages(self) -> dict[str, str]:
        """What the last successful build wrote for each page (see :func:`page_record`), by address."""
        return {url: str(value) for url, value in self._select("page", None).items()}

    def keep_pages(self, records: Mapping[str, str]) -> None:
        self._keep("page", records, None)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def file_stamp(path: Path) -> str | None:
    """What tells this very file from another put in its place: size and modification time
    (None if there is no regular file at ``path``)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return f"{status.st_size}:{status.st_mtime_ns}" if stat.S_ISREG(status.st_mode) else None


def page_record(page_digest: str, stamp: str | None) -> str:
    """A page's cache record: the digest of what it is made from, and the stamp of the file
    written for it."""
    return f"{page_digest} {stamp}"
