"""What each data file held when the build last read it, known by the file's status alone, so
that under ``mkdocs serve`` a rebuild reads again only the files that changed.

A file is known by its inode, size, modification and change times. The change time cannot be
set back by a program (``touch -d`` sets the modification time, and moves the change time), so
a file written since is never taken for the one read. A file written within a moment of being
read could still have the same status as when it was read (the times are kept only so finely):
as git does with its index, such a file is not trusted by its status and is read again.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

#: How long after a file was last written its status is trusted to tell it from a newer one:
#: more than the coarsest timestamps of common file systems (FAT keeps two seconds)...
_SETTLED_NS = 3_000_000_000
#: ...or, on a file system whose times have parts of a second (ext4, XFS, Btrfs, APFS, NTFS),
#: more than the system's clock tick, by which they are kept (a few milliseconds).
_FINE_SETTLED_NS = 50_000_000


class SeenFiles:
    """Each file's status when it was read, and the digest of what it held."""

    def __init__(self) -> None:
        #: By the file's path, as a string (quicker to look up than a Path).
        self._seen: dict[str, tuple[tuple[int, int, int, int], str, str]] = {}

    def known(self, path: Path, shown: str) -> str | None:
        """The digest of ``path`` (shown as ``shown``) as last read, if it is surely the same
        file (else None)."""
        found = self._seen.get(os.fspath(path))
        if found is None or found[2] != shown:
            return None
        status = _status(path)
        return found[1] if status is not None and status == found[0] else None

    def status(self, path: Path) -> tuple[int, int, int, int] | None:
        """The file's status now, to be given to :meth:`remember` once it is read; None if it
        was written too lately to be told apart by its status from a later version."""
        status = _status(path)
        return status if status is not None and settled(status) else None

    def remember(self, path: Path, shown: str, status: tuple[int, int, int, int] | None, content: str) -> None:
        """``path`` (shown as ``shown``), whose status was ``status`` before it was read, held
        ``content``."""
        if status is None:
            self._seen.pop(os.fspath(path), None)
        else:
            self._seen[os.fspath(path)] = (status, content, shown)

    def keep_only(self, paths: set[Path]) -> None:
        """Forget the files not among ``paths`` (deleted or renamed)."""
        kept = {os.fspath(path) for path in paths}
        for path in [p for p in self._seen if p not in kept]:
            del self._seen[path]

    def changed_in(self, folder: Path) -> tuple[frozenset[str], list[Path]] | None:
        """The names of everything in ``folder``, and the files in it whose status is not the one
        they had when last read (or that were not read, or not trusted by their status); None if
        the folder cannot be listed. One look at the folder and one status per file: a few
        milliseconds for ten thousand files."""
        names = []
        changed = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    names.append(entry.name)
                    found = self._seen.get(entry.path)
                    if found is None:
                        changed.append(Path(entry.path))
                        continue
                    if status_of(entry.stat()) != found[0]:
                        changed.append(Path(entry.path))
        except OSError:
            return None
        return frozenset(names), changed


def settling(status: tuple[int, int, int, int]) -> int:
    """How long after a file with ``status`` was written its status can be trusted, in
    nanoseconds: times in whole seconds may come from a file system that keeps them coarsely."""
    fine = status[2] % 1_000_000_000 or status[3] % 1_000_000_000
    return _FINE_SETTLED_NS if fine else _SETTLED_NS


def settled(status: tuple[int, int, int, int], now: int | None = None) -> bool:
    """Whether a file with ``status`` was written long enough before ``now`` (by default, now)
    to be told apart by its status from a later version (see :func:`settling`)."""
    return max(status[2], status[3]) <= (time.time_ns() if now is None else now) - settling(status)


def status_of(found: os.stat_result) -> tuple[int, int, int, int]:
    """What a file is known by: its inode, size, modification and change times."""
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _status(path: Path) -> tuple[int, int, int, int] | None:
    try:
        return status_of(os.stat(path))
    except OSError:
        return None


class SavedPaths:
    """The paths the system's file watcher said changed (under `mkdocs serve`), gathered
    between one build and the next, so that a rebuild need not look at every file's status.

    A build may rely on them only when the watcher was at work during the whole time since the
    last build began to read (not for the first build after it starts), and only for paths
    under the folders it watches: a path reported elsewhere (a link followed, a name spelt
    otherwise) makes the whole list untrustworthy, and the files are looked at instead."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._roots: list[str] = []
        self._watching = False
        self._trusted = False

    def watch(self, root: str) -> None:
        """The watcher watches ``root`` and everything under it."""
        with self._lock:
            self._roots.append(os.path.join(os.path.normpath(root), ""))

    def started(self) -> None:
        """The watcher is at work: it reports what changes from now on."""
        with self._lock:
            self._watching = True

    def saw(self, *paths: str) -> None:
        """The watcher says each of ``paths`` changed (was written, made, moved or removed)."""
        with self._lock:
            for path in paths:
                normal = os.path.normpath(path)
                if not any(os.path.join(normal, "").startswith(root) for root in self._roots):
                    self._trusted = False
                self._paths.add(normal)

    def take(self) -> set[str] | None:
        """The paths that changed since the last call; None if they are not known (see the class)."""
        with self._lock:
            paths, trusted = self._paths, self._trusted
            self._paths = set()
            self._trusted = self._watching
            return paths if trusted else None
