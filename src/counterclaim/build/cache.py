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
planted file in the published site is not taken either.

The cache only ever saves time, so nothing wrong with it stops a build: a file that cannot be
opened, read or written (damaged, cut short, replaced by a folder, on a full or read-only disk),
a record that does not decode or whose signature does not match, a key that is damaged, are
each told in one line (through ``notify``) and the build goes on without what it could not use.
A damaged cache file or key is replaced by a new one, so the next build uses the cache again.
Without a key (a home folder that cannot be written) nothing is cached, and the build says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from counterclaim.build.seen import SeenFiles
from counterclaim.build.signing import Notify, ignore, signing_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS claim (key TEXT PRIMARY KEY, value BLOB NOT NULL, mac BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS page (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS artifact (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac BLOB NOT NULL);
"""
#: The cache file's name; a new layout gets a new name, and files of older layouts are removed.
_FILE = "cache-2.sqlite"
_OLD_FILES = ("cache.sqlite",)


class BuildCache:
    """The cache file in ``folder``; with ``folder=None``, a cache that remembers nothing.

    ``notify`` is told, in one sentence each and once, whatever goes wrong with the cache: the
    build goes on without it, so this is a warning, never an error.
    """

    def __init__(self, folder: Path | None, key: bytes | None = None, *, notify: Notify | None = None) -> None:
        self.folder = folder
        self._notify = notify or ignore
        self._told: set[str] = set()
        self._db: sqlite3.Connection | None = None
        self._writable = True
        #: The claim outcomes of the last load, as objects: a cache kept open across builds
        #: (by `mkdocs serve`) finds unchanged claims here without reading the file at all.
        self.outcomes: dict[str, Any] = {}
        #: What each claim file held when last read, known by its status: such a cache reads
        #: again only the files that changed.
        self.seen = SeenFiles()
        self._key = b""
        #: A key made for this build signed none of the stored records: that they fail their
        #: check is no news.
        self._new_key = False
        if folder is None:
            return
        if key is None:
            key, self._new_key = signing_key(self._tell)
        if key is None:
            return
        self._key = key
        self._open(folder)

    @property
    def enabled(self) -> bool:
        return self._db is not None

    @property
    def path(self) -> Path | None:
        return None if self.folder is None else self.folder / _FILE

    def claims(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored claim records among ``keys``."""
        return self._select("claim", keys)

    def keep_claims(self, records: Mapping[str, bytes], used: Iterable[str]) -> None:
        """Store ``records`` and forget every claim record not in ``used`` (the cache stays the
        size of the data)."""
        self._keep("claim", records, used)

    def add_claims(self, records: Mapping[str, bytes]) -> None:
        """Store ``records``, forgetting none (a narrowed rebuild under `mkdocs serve`)."""
        self._keep("claim", records, None, prune=False)

    def artifacts(self, keys: Iterable[str]) -> dict[str, str]:
        return _texts(self._select("artifact", keys))

    def keep_artifacts(self, records: Mapping[str, str], used: Iterable[str]) -> None:
        self._keep("artifact", records, used)

    def add_artifacts(self, records: Mapping[str, str]) -> None:
        self._keep("artifact", records, None, prune=False)

    def pages(self) -> dict[str, str]:
        """What the last successful build wrote for each page (see :func:`page_record`), by address."""
        return _texts(self._select("page", None))

    def keep_pages(self, records: Mapping[str, str]) -> None:
        self._keep("page", records, None)

    def add_pages(self, records: Mapping[str, str]) -> None:
        """Store the records of the pages a narrowed rebuild wrote; the others stay as they were."""
        self._keep("page", records, None, prune=False)

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    # -- the file ---------------------------------------------------------------------------------

    def _open(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = "a file is in its place" if isinstance(exc, FileExistsError) else _reason(exc)
            self._tell(f"the build cache is off: its folder {folder} could not be made ({reason}); builds take longer")
            return
        try:  # a cache folder should end up neither in version control nor in a published site
            gitignore = folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            for old in _OLD_FILES:
                (folder / old).unlink(missing_ok=True)
        except OSError:
            pass  # what follows says what is wrong with the folder, if anything is
        try:
            self._db = _connect(folder / _FILE)
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc, "opened")

    def _failed(self, exc: sqlite3.Error | OSError, doing: str) -> None:
        """After ``exc``: a damaged file is replaced by a new one; one that is fine but cannot be
        used now (a full or read-only disk, another program holding it) is left as it is, and
        this build goes on without it."""
        path = self.path
        assert path is not None
        self.close()
        if not _damaged(exc, path):
            self._tell(f"the build cache {path} could not be {doing} ({_reason(exc)}): this build goes on without it")
            return
        try:
            _remove(path)
            self._db = _connect(path)
        except (sqlite3.Error, OSError) as again:
            self.close()
            self._tell(
                f"the build cache {path} could not be {doing} ({_reason(exc)}) nor replaced ({_reason(again)}):"
                " this build goes on without it"
            )
            return
        self._tell(
            f"the build cache {path} could not be {doing} ({_reason(exc)}): it was replaced by a new one,"
            " and this build goes on without what it held"
        )

    def _tell(self, sentence: str) -> None:
        if sentence not in self._told:
            self._told.add(sentence)
            self._notify(sentence)

    # -- records ----------------------------------------------------------------------------------

    def _sign(self, table: str, key: bytes, value: bytes) -> bytes:
        signer = hashlib.blake2b(key=self._key, digest_size=32)
        for part in (table.encode(), key, value):
            signer.update(len(part).to_bytes(8, "little"))
            signer.update(part)
        return signer.digest()

    def _select(self, table: str, keys: Iterable[str] | None) -> dict[str, bytes]:
        """The records of ``table`` among ``keys`` (all with ``None``) whose signature holds, as
        the bytes that were stored (the text's UTF-8 for text)."""
        if self._db is None:
            return {}
        rows: list[tuple[object, object, object]] = []
        try:
            if keys is None:
                rows += self._db.execute(f"SELECT key, value, mac FROM {table}")
            else:
                wanted = list(keys)
                for start in range(0, len(wanted), 500):
                    batch = wanted[start : start + 500]
                    marks = ",".join("?" * len(batch))
                    rows += self._db.execute(f"SELECT key, value, mac FROM {table} WHERE key IN ({marks})", batch)
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc, "read")
            return {}
        found: dict[str, bytes] = {}
        for key, value, mac in rows:
            # Text comes back as bytes (the connection's text_factory): a value that is not
            # UTF-8 is a record that fails its check, not an error that stops the build.
            if (
                isinstance(key, bytes)
                and isinstance(value, bytes)
                and isinstance(mac, bytes)
                and hmac.compare_digest(mac, self._sign(table, key, value))
            ):
                found[key.decode("utf-8")] = value
            elif not self._new_key:
                self._tell(
                    f"records in the build cache {self.path} failed their check (damaged, or signed with"
                    " another key): they were not used, and are made again"
                )
        return found

    def _keep(
        self,
        table: str,
        records: Mapping[str, object],
        used: Iterable[str] | None,
        *,
        prune: bool = True,
        again: bool = True,
    ) -> None:
        """Store ``records``, signed, and forget every other record not in ``used`` (all others
        with ``None``); with ``prune`` false, forget none."""
        if self._db is None or not self._writable:
            return
        used = None if used is None else list(used)
        try:
            self._write(self._db, table, records, used, prune)
        except (sqlite3.Error, OSError) as exc:
            path = self.path
            assert path is not None
            if not _damaged(exc, path):
                self._writable = False
                self._tell(
                    f"the build cache {path} could not be written ({_reason(exc)}): this build goes on,"
                    " and what it made is not kept for the next"
                )
                return
            self._failed(exc, "written")
            if self._db is not None and again:  # a new file: this build's records go in it
                self._keep(table, records, used, prune=prune, again=False)

    def _write(
        self, db: sqlite3.Connection, table: str, records: Mapping[str, object], used: list[str] | None, prune: bool
    ) -> None:
        with db:
            if prune and used is None:
                db.execute(f"DELETE FROM {table}")
            signed = []
            for key, value in records.items():
                data = value.encode("utf-8") if isinstance(value, str) else bytes(value)  # type: ignore[call-overload]
                signed.append((key, value, self._sign(table, key.encode("utf-8"), data)))
            db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", signed)
            if used is not None:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM used")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in used))
                db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")


def _texts(records: Mapping[str, bytes]) -> dict[str, str]:
    return {key: value.decode("utf-8") for key, value in records.items()}


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    try:
        db.text_factory = bytes
        # Written without waiting for the disk: a cache that a power cut leaves damaged is
        # found so (its records are signed) and made anew, and under `mkdocs serve` each
        # rebuild would otherwise wait for the disk three times.
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


#: SQLite's answers that say nothing is wrong with the file itself: the disk is full or
#: failing, or another program holds the file.
_NOT_THE_FILE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_NOMEM", "SQLITE_INTERRUPT")


def _damaged(exc: sqlite3.Error | OSError, path: Path) -> bool:
    """Whether the failure lies in the cache file itself, so that a new file would do."""
    if isinstance(exc, OSError):
        return False
    name = str(getattr(exc, "sqlite_errorname", ""))
    if name.startswith(_NOT_THE_FILE):
        return False
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    except OSError:
        return False
    if not stat.S_ISREG(mode):
        return True  # a folder, a link or anything else where the file should be
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        # The file may say it cannot be written; the disk or the folder may mean it.
        return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    return True


def _remove(path: Path) -> None:
    """Remove the cache file, whatever is in its place, with the journal SQLite may have left
    beside it (which must not be applied to the new file)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


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
