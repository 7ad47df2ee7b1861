"""Operating-system failures (a full or read-only disk, a missing permission, a mount point in
the way) told in plain words: which path, what went wrong, what to do. A build that meets one
stops with this one message and leaves the published site as it was; a programmer's traceback
would tell the person building nothing they can act on.
"""

from __future__ import annotations

import errno
from pathlib import Path

#: The failures a person can act on, and what to do about each.
_REMEDIES = {
    errno.ENOSPC: (
        "the disk is full",
        "free some space on it, or set site_dir in mkdocs.yml to a folder on another disk, then build again",
    ),
    errno.EDQUOT: (
        "this user's disk quota is used up",
        "free some space, or set site_dir in mkdocs.yml to a folder elsewhere, then build again",
    ),
    errno.EROFS: (
        "the disk is read-only",
        "set site_dir in mkdocs.yml to a folder that can be written, or make the disk writable, then build again",
    ),
    errno.EACCES: (
        "permission denied",
        "give this user the right to write there, or set site_dir in mkdocs.yml to a folder it can write",
    ),
    errno.EPERM: (
        "the operation is not permitted",
        "give this user the right to write there, or set site_dir in mkdocs.yml to a folder it can write",
    ),
    errno.EBUSY: (
        "it is a mount point, or in use, so it cannot be replaced as a whole",
        "set site_dir in mkdocs.yml to a folder inside it and publish that folder, or mount the folder above it",
    ),
    errno.EIO: ("the disk reported an input/output error", "check the disk, then build again"),
    errno.EMFILE: ("too many files are open", "raise the limit on open files (ulimit -n), then build again"),
    errno.ENFILE: ("too many files are open on this machine", "close some programs, then build again"),
}


def understood(error: BaseException) -> bool:
    """Whether ``error`` is an operating-system failure this module can explain."""
    return isinstance(error, OSError) and error.errno in _REMEDIES


def explain(error: OSError, site: Path, staging: Path | None = None) -> str:
    """One plain message for ``error``, met while building the site published at ``site`` (in
    the folder ``staging``): the path, what went wrong, what to do, and that the published
    site was left as it was."""
    what, remedy = _REMEDIES.get(error.errno or 0, (error.strerror or str(error), "fix it, then build again"))
    place = _place(error.filename, site, staging)
    return f"could not build the site into {site}: {what}{place}; {remedy}. The published site was left as it was."


def _place(filename: object, site: Path, staging: Path | None) -> str:
    """Where the failure happened, unless it is in the site being built (already named); the
    folder beside the site for the build's own files there (its lock, its staging folder)."""
    if not isinstance(filename, str | bytes) or not filename:
        return ""
    path = Path(filename.decode(errors="replace") if isinstance(filename, bytes) else filename)
    for inside in (staging, site):
        if inside is not None and (path == inside or path.is_relative_to(inside)):
            return ""
    if path.is_relative_to(site.parent) and path.relative_to(site.parent).parts[0].startswith(f".{site.name}."):
        return f" (in {site.parent})"
    return f" ({path})"
