"""Building into a staging folder and publishing it in one step, so that the published site is
always whole: the old one or the new one, never half of each, never missing, whatever stops a
build (an error in the data, a full disk, a kill, a power cut).

Beside the published folder (say ``site``) a build keeps:

- ``.site.lock``: a lock (``flock``) held from the start of the build to the end, so that
  builds into the same folder take turns instead of undoing each other's work: a second build
  says it is waiting, and starts when the first one ends, however it ends.
- ``.site.building-<pid>``: the new site while it is written. When the build succeeds, it takes
  the published folder's place; when it fails, it is deleted.
- ``.site.retired-<pid>-<n>``: an old site, or a folder a dead build left, being deleted by a
  process of its own (with tens of thousands of files that takes a second, and the new site
  need not wait for it). That process holds a lock on the folder while it works.
- ``.site.previous-<pid>``: only where the system cannot exchange two folders (below), the
  published site for the moment between two renames.

Publishing exchanges the staging folder and the published one in one step (Linux's
``renameat2`` with ``RENAME_EXCHANGE``): there is no moment when ``site`` is missing or half
written, and a build killed right after it leaves the new site published and the old one in
its staging folder. Where the system has no such exchange (other systems; file systems that
refuse it), the published folder is renamed aside and the staging folder renamed into its
place, a moment apart; a build killed in between leaves no ``site`` until the next build, which
first puts ``.site.previous-<pid>`` back.

The next build into the same folder removes whatever dead builds left: staging folders (no
live build holds the lock, so none is being written) and retired folders no process is
deleting.

Under ``mkdocs serve`` the site is a temporary preview nobody publishes, and making a whole new
one for each edit is most of an edit's time at 10,000 claims (a folder per page made and every
unchanged page linked into it): there :class:`Preview` updates the served folder in place
instead, writing only what changed and removing what the build no longer makes. The server
holds every request until a rebuild ends, so no one sees it half done.

The published folder is a real folder, not a symbolic link to the latest build: tools that
copy or upload it (``cp -r``, ``rsync``, Docker's ``COPY``, the Pages upload) would copy a link
rather than the site. Either way a process whose working folder is inside the old site (a
server started with ``cd site``) keeps the old folder, which is deleted; a server given the
folder's path (``python3 -m http.server -d site``, nginx's ``root``) serves the new site at once.

Files that did not change can be linked from the published site instead of written again.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from counterclaim.build.cache import file_stamp

if sys.platform != "win32":
    import fcntl

#: ``renameat2`` flags and arguments (linux/fs.h, fcntl.h).
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: What a file system that cannot exchange two folders answers.
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}


class Staging:
    """The staging folder for the site published at ``target``.

    ``exchange=False`` publishes with two renames even where the system can exchange the
    folders in one step (to try that way on any system). ``waiting`` is told, in a sentence,
    when the build waits for another build into the same folder.
    """

    def __init__(self, target: Path, *, exchange: bool = True, waiting: Callable[[str], None] | None = None) -> None:
        self.target = target
        self.folder = _beside(target, f"building-{os.getpid()}")
        self.lock = _beside(target, "lock")
        self.exchange = exchange
        self.waiting = waiting or (lambda sentence: None)
        self._turn: int | None = None

    def start(self) -> Path:
        """Wait for this build's turn, clear what dead builds left, and make a new, empty staging
        folder. An operating-system failure is raised as OSError, and the published site is
        left as it was."""
        if os.path.ismount(self.target):
            # Found now rather than after the whole build: a mount point cannot be replaced.
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(self.target))
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._take_turn()
        try:
            self._clear_leftovers()
            self.folder.mkdir()
        except BaseException:
            self.release()
            raise
        return self.folder

    def reuse(self, relative: str, stamp: str) -> bool:
        """Put the published copy of ``relative`` in the staging folder (a hard link where the
        file system allows); False if there is no published copy, or if it is not the file the
        last build wrote (its :func:`~counterclaim.build.cache.file_stamp` is not ``stamp``)."""
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
        """Put the staging folder in the published one's place, and have the old site deleted."""
        try:
            if not os.path.lexists(self.target):
                os.rename(self.folder, self.target)
            elif self.exchange and exchange(self.folder, self.target):
                self._retire_quietly(self.folder)  # the old site, now under the staging folder's name
            else:
                previous = _beside(self.target, f"previous-{os.getpid()}")
                os.rename(self.target, previous)
                try:
                    os.rename(self.folder, self.target)
                except OSError:
                    os.rename(previous, self.target)
                    raise
                self._retire_quietly(previous)
        finally:
            self.release()

    def abandon(self) -> None:
        """Delete the staging folder of a build that failed."""
        try:
            shutil.rmtree(self.folder, ignore_errors=True)
        finally:
            self.release()

    def release(self) -> None:
        """Let the next build into the same folder start."""
        if self._turn is not None:
            os.close(self._turn)  # which releases the lock
            self._turn = None

    def _take_turn(self) -> None:
        path = self.lock
        try:
            turn = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            try:  # an existing lock can be taken on a disk this build cannot write
                turn = os.open(path, os.O_RDONLY)
            except OSError:
                raise exc from None
        if sys.platform != "win32":
            try:
                fcntl.flock(turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(turn, 32, 0).decode("ascii", "replace").strip()
                who = f" (process {holder})" if holder.isdigit() else ""
                self.waiting(f"another build into {self.target} is under way{who}: waiting for it to end")
                fcntl.flock(turn, fcntl.LOCK_EX)
            except BaseException:
                os.close(turn)
                raise
        self._turn = turn
        try:  # who holds the lock, for the message above
            os.ftruncate(turn, 0)
            os.lseek(turn, 0, os.SEEK_SET)
            os.write(turn, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass

    def _clear_leftovers(self) -> None:
        """Remove what dead builds left beside the site. This build holds the lock, so no other
        build is writing a staging folder."""
        names = re.compile(rf"\.{re.escape(self.target.name)}\.(building|previous|retired|held)-[0-9-]+")
        for entry in sorted(self.target.parent.iterdir()):
            found = names.fullmatch(entry.name)
            if found is None:
                continue
            if found.group(1) == "previous" and not os.path.lexists(self.target):
                # A build died between the two renames of a publication: its old site goes back.
                os.rename(entry, self.target)
            elif found.group(1) == "retired":
                remove_later(entry)  # unless its own remover is still at work
            else:
                self._retire(entry)

    def _retire(self, folder: Path) -> None:
        retired = _beside(self.target, f"retired-{os.getpid()}-{time.time_ns()}")
        os.rename(folder, retired)
        remove_later(retired)

    def _retire_quietly(self, folder: Path) -> None:
        """Retire the old site once the new one is published: a failure now must not fail a
        build that has succeeded (the next build removes what is left)."""
        with contextlib.suppress(OSError):
            self._retire(folder)


class Preview(Staging):
    """The folder ``mkdocs serve`` serves, as the site's folder: updated in place by each
    rebuild (only what changed is written, see :meth:`finish`), never made anew.

    MkDocs empties the site folder at the start of every build, unless it is missing: between
    :meth:`hold` and :meth:`put_back` the served folder is set aside under another name (one
    rename each way), so that MkDocs finds nothing to empty.
    """

    def __init__(self, target: Path, *, waiting: Callable[[str], None] | None = None) -> None:
        super().__init__(target, waiting=waiting)
        self.folder = target
        self.held = _beside(target, f"held-{os.getpid()}")

    def start(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._take_turn()
        try:
            self._clear_leftovers()
            self.target.mkdir(exist_ok=True)
        except BaseException:
            self.release()
            raise
        return self.folder

    def hold(self) -> None:
        """Set the served folder aside while MkDocs empties the site folder."""
        if os.path.isdir(self.target):
            os.rename(self.target, self.held)

    def put_back(self) -> None:
        """Put the served folder back where MkDocs writes the site (empty folders MkDocs may
        have made in its place in the meantime give way)."""
        if os.path.isdir(self.held):
            with contextlib.suppress(OSError):
                os.rmdir(self.target)
            os.rename(self.held, self.target)

    def reuse(self, relative: str, stamp: str) -> bool:
        """Whether the served copy of ``relative`` is the file the last build wrote (it is then
        left as it is)."""
        return file_stamp(self.folder / relative) == stamp

    def finish(self, gone: Iterable[str]) -> None:
        """Remove the files the last build made and this one did not (with the folders they
        leave empty), and let the next build start."""
        try:
            for relative in gone:
                path = self.folder / relative
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                parent = path.parent
                while parent != self.folder:
                    try:
                        parent.rmdir()
                    except OSError:  # not empty
                        break
                    parent = parent.parent
        finally:
            self.release()

    def publish(self) -> None:
        self.finish(())

    def abandon(self) -> None:
        """A build that failed leaves the preview as far as it went (the next build writes
        whatever differs from what it makes: see :meth:`SiteBuild.finish`)."""
        try:
            self.put_back()
        finally:
            self.release()


def written_files(folder: Path) -> set[str]:
    """Every file in ``folder``, by its path inside it."""
    found: set[str] = set()
    for parent, _, names in os.walk(folder):
        inside = Path(parent).relative_to(folder)
        found.update((inside / name).as_posix() for name in names)
    return found


def exchange(first: Path, second: Path) -> bool:
    """Swap the two paths in one step (both must exist); False, with nothing changed, where the
    system or the file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later, musl
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def remove_later(path: Path) -> None:
    """Delete ``path`` in a process of its own, which outlives this one if need be and holds a
    lock on the folder while it works; nothing is done if another process holds that lock
    (it is deleting the folder already)."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return
    if sys.platform == "win32":
        _start_remover(path, ())
        return
    try:
        held = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return
    try:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        _start_remover(path, (held,))  # the lock goes with the open folder to that process
    finally:
        os.close(held)


def _start_remover(path: Path, keep: tuple[int, ...]) -> None:
    command = [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(path)]
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            pass_fds=keep,
        )
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def _beside(target: Path, what: str) -> Path:
    return target.with_name(f".{target.name}.{what}")
