"""Whether a site is up to date: made from the very files it would be made from now, and as
its build left it, so that building it again would write the same bytes.

Each is known by the status of files, as :mod:`~counterclaim.build.seen` knows a data file: every
file the build reads (the configuration, the content, the data, the theme), by name, size,
modification and change times and inode, with what else decides the output (this code and the
libraries' versions, the date, the settings); and every file of the published site, by name,
size, modification time and inode (not its change time, which moves when the site it was
linked from is deleted). A file written too lately to be told apart from a later version by its
status makes the inputs unknown: the site is built.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from counterclaim.build.digests import digest
from counterclaim.build.seen import settled, status_of


def input_stamp(paths: Iterable[Path], settings: str) -> str | None:
    """Every file under ``paths`` (files or folders) and ``settings``, digested; None if one was
    written too lately to be trusted by its status, or cannot be looked at."""
    now = time.time_ns()
    lines = [settings]
    try:
        for path in paths:
            for name, status in _files(path):
                found = status_of(status)
                if not settled(found, now):
                    return None
                lines.append(f"{name}\0{found}")
    except OSError:
        return None
    return digest(*lines)


def site_stamp(folder: Path) -> str | None:
    """Every file of the published site in ``folder``, digested (None if it cannot be looked at)."""
    try:
        if not folder.is_dir():
            return None
        lines = [f"{name}\0{s.st_ino}\0{s.st_size}\0{s.st_mtime_ns}" for name, s in _files(folder)]
    except OSError:
        return None
    return digest(*lines)


def _files(path: Path) -> Iterable[tuple[str, os.stat_result]]:
    """Every file at or under ``path``, in name order, with its status (not following links)."""
    if not path.is_dir():
        yield os.fspath(path), os.stat(path)
        return
    folders = [os.fspath(path)]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            else:
                yield entry.path, entry.stat(follow_symlinks=False)
