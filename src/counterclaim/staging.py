"""Building into a staging folder, so that a failed build never leaves a half-written site.

The site is written into a new folder next to the published one. Only when the build has
succeeded does the new folder take the published one's place (two renames, a moment apart);
a failed build removes the staging folder and leaves the published site exactly as it was.
Files that did not change can be linked from the published site instead of written again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from counterclaim.cache import file_stamp


class Staging:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.folder = target.with_name(f".{target.name}.building-{os.getpid()}")

    def start(self) -> Path:
        """A new, empty staging folder."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        return self.folder

    def reuse(self, relative: str, stamp: str) -> bool:
        """Put the published copy of ``relative`` in the staging folder (a hard link where the
        file system allows); False if there is no published copy, or if it is not the file the
        last build wrote (its :func:`~counterclaim.cache.file_stamp` is not ``stamp``)."""
        old = self.target / relative
        if file_stamp(old) != stamp:  # None when there is no regular file
            return False
        new = self.folder / relative
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)
        return True

    def publish(self) -> None:
        """Put the staging folder in the published one's place. The old site is deleted by a
        separate process: with tens of thousands of files that takes a second, and the new site
        need not wait for it."""
        retired = self.target.with_name(f".{self.target.name}.retired-{os.getpid()}-{time.monotonic_ns()}")
        if self.target.exists():
            os.replace(self.target, retired)
        os.replace(self.folder, self.target)
        if retired.exists():
            remove_later(retired)

    def abandon(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_later(folder: Path) -> None:
    """Delete ``folder`` in a process of its own, which outlives this one if need be."""
    command = [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)]
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
