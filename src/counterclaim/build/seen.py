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
import time
from pathlib import Path

#: How long after a file was last written its status is trusted to tell it from a newer one:
#: more than the coarsest timestamps of common file systems (FAT keeps two seconds).
_SETTLED_NS = 3_000_000_000


class SeenFiles:
    """Each file's status when it was read, and the digest of what it held."""

    def __init__(self) -> None:
        self._seen: dict[Path, tuple[tuple[int, int, int, int], str, str]] = {}

    def known(self, path: Path, shown: str) -> str | None:
        """The digest of ``path`` (shown as ``shown``) as last read, if it is surely the same
        file (else None)."""
        found = self._seen.get(path)
        if found is None or found[2] != shown:
            return None
        status = _status(path)
        return found[1] if status is not None and status == found[0] else None

    def status(self, path: Path) -> tuple[int, int, int, int] | None:
        """The file's status now, to be given to :meth:`remember` once it is read; None if it
        was written too lately to be told apart by its status from a later version."""
        status = _status(path)
        if status is None or max(status[2], status[3]) > time.time_ns() - _SETTLED_NS:
            return None
        return status

    def remember(self, path: Path, shown: str, status: tuple[int, int, int, int] | None, content: str) -> None:
        """``path`` (shown as ``shown``), whose status was ``status`` before it was read, held
        ``content``."""
        if status is None:
            self._seen.pop(path, None)
        else:
            self._seen[path] = (status, content, shown)

    def keep_only(self, paths: set[Path]) -> None:
        """Forget the files not among ``paths`` (deleted or renamed)."""
        for path in [p for p in self._seen if p not in paths]:
            del self._seen[path]


def _status(path: Path) -> tuple[int, int, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
