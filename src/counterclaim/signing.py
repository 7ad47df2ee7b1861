"""The secret that signs the build cache's records: made once per user and kept in the user's
cache folder (``~/.cache/counterclaim/key`` on Linux), never in a project, readable by the user
alone (see :mod:`counterclaim.cache` for why records are signed).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_KEY_BYTES = 32


def user_key() -> bytes | None:
    """The secret that signs cache records: made once per user, kept in the user's cache folder
    (never in a project), readable by the user alone. None if it can be neither read nor made."""
    path = Path(platformdirs.user_cache_dir("counterclaim")) / "key"
    for _ in range(2):
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            pass
        except OSError:
            return None
        else:
            return key if len(key) == _KEY_BYTES else None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            made = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # another build made it a moment ago: read that one
        except OSError:
            return None
        with os.fdopen(made, "wb") as handle:
            handle.write(os.urandom(_KEY_BYTES))
    return None
