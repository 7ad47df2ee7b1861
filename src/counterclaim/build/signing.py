"""The secret that signs the build cache's records: made once per user and kept in the user's
cache folder (``~/.cache/counterclaim/key`` on Linux), never in a project, readable by the user
alone (see :mod:`counterclaim.build.cache` for why records are signed). Where a cache moves
between machines (CI restoring the cache of an earlier run on a new runner), the secret is
given instead in the environment variable ``COUNTERCLAIM_CACHE_KEY`` (a CI secret of at least
32 characters that only trusted builds receive), and no key file is read or made.

A key is written in full, on the disk, before it takes its place, so that a crash leaves the
old key or none, never part of one; a damaged key (empty, cut short, a folder in its place) is
replaced by a new one, and the build says so.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

import platformdirs

#: Told, in one sentence, what goes wrong (a warning: the build goes on).
Notify = Callable[[str], None]
_KEY_BYTES = 32
#: The environment variable that gives the secret instead of the user's key file.
KEY_VARIABLE = "COUNTERCLAIM_CACHE_KEY"
#: The fewest characters a secret given in KEY_VARIABLE may have.
SECRET_CHARACTERS = 32


def ignore(sentence: str) -> None:
    pass


def key_path() -> Path:
    """Where the key that signs cache records is kept: the user's cache folder."""
    return Path(platformdirs.user_cache_dir("counterclaim")) / "key"


def user_key(notify: Notify | None = None) -> bytes | None:
    """The secret that signs cache records: made once per user, kept in the user's cache folder
    (never in a project), readable by the user alone. A damaged key (empty, cut short, a folder
    in its place) is replaced by a new one. None, after telling ``notify`` why, if no key can
    be read or made."""
    return signing_key(notify)[0]


def signing_key(notify: Notify | None = None) -> tuple[bytes | None, bool]:
    """:func:`user_key`, and whether it was made just now; the key derived from
    ``COUNTERCLAIM_CACHE_KEY`` instead, when that variable is set."""
    tell = notify or ignore
    secret = os.environ.get(KEY_VARIABLE, "")
    if secret:
        if len(secret) < SECRET_CHARACTERS:
            tell(
                f"the build cache is off: {KEY_VARIABLE} has {len(secret)} characters, fewer than the"
                f" {SECRET_CHARACTERS} a secret needs not to be guessed; builds take longer"
            )
            return None, False
        return hashlib.blake2b(secret.encode("utf-8"), digest_size=_KEY_BYTES, person=b"cc-cache-key").digest(), False
    path = key_path()
    made = False
    for _ in range(3):
        damage: str | None = None
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            damage = "a folder is in its place"
        except OSError as exc:
            tell(f"the build cache is off: its key {path} could not be read ({_reason(exc)}); builds take longer")
            return None, False
        else:
            if len(key) == _KEY_BYTES:
                return key, made
            damage = "it is empty" if not key else f"it has {len(key)} bytes instead of {_KEY_BYTES}"
        try:
            _write_key(path, replace=damage is not None)
        except FileExistsError:
            continue  # another build made it a moment ago: read that one
        except OSError as exc:
            tell(f"the build cache is off: its key could not be made at {path} ({_reason(exc)}); builds take longer")
            return None, False
        made = True
        if damage is not None:
            tell(
                f"the key that signs the build cache, {path}, was damaged ({damage}): it was replaced by a new"
                " one, and what the cache held is made again"
            )
    return None, False


def _write_key(path: Path, *, replace: bool) -> None:
    """Write a new key in full, on the disk, before it takes the key's place, so that a crash
    leaves the old key or none, never part of one. Without ``replace``, a key another build
    made meanwhile is kept (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".key-{os.getpid()}-{secrets.token_hex(4)}")
    made = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(made, "wb") as handle:
            handle.write(secrets.token_bytes(_KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
        _sync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` last through a power cut (where the system allows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
