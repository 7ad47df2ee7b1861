"""What ``mkdocs serve`` keeps from one rebuild to the next besides the build's own data: the
compiled templates, and a watcher told of saved files by the system."""

from __future__ import annotations

import logging
import os

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

from counterclaim.build.seen import SavedPaths

log = logging.getLogger("mkdocs.plugins.counterclaim")


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, each with a checksum of its source (Jinja compiles a
    template again when its source changed)."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.kept.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


def watch_natively(server: LiveReloadServer, saved: SavedPaths | None = None) -> bool:
    """Have the preview told of a saved file by the system (inotify on Linux, FSEvents on macOS,
    ReadDirectoryChangesW on Windows) instead of looking at every watched file twice a second,
    which MkDocs does: at 10,000 claims that look costs a processor's time and an edit waits a
    quarter of a second for it, on average. Where the system cannot watch the folders, MkDocs'
    own way stays."""
    if not isinstance(server.observer, PollingObserver):
        return False
    watched = dict(server._watched_paths)
    native = ChangesObserver(saved)
    try:
        for path in watched:
            native.schedule(FileSystemEventHandler(), path, recursive=True)
        native.unschedule_all()
    except OSError as exc:
        log.debug(f"counterclaim: the preview looks for saved files itself ({exc})")
        return False
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = native
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return True


#: The events that say a file changed. A native observer also reports files opened and closed
#: unwritten, which the build itself does as it reads them: a rebuild would follow every rebuild.
_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


class ChangesOnly(FileSystemEventHandler):
    """Passes on to ``handler`` only the events that say a file changed, after telling ``saved``
    which paths they name (before the rebuild they start)."""

    def __init__(self, handler: FileSystemEventHandler, saved: SavedPaths | None) -> None:
        self.handler = handler
        self.saved = saved

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in _CHANGES:
            if self.saved is not None:
                moved_to = getattr(event, "dest_path", "")
                self.saved.saw(*(os.fsdecode(p) for p in (event.src_path, moved_to) if p))
            self.handler.dispatch(event)


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]
    """The system's observer, telling MkDocs' handlers only of changes (and ``saved`` of the
    paths they name)."""

    def __init__(self, saved: SavedPaths | None = None) -> None:
        super().__init__()
        self.saved = saved

    def schedule(self, event_handler: FileSystemEventHandler, path: str, recursive: bool = False) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(ChangesOnly(event_handler, self.saved), path, recursive=recursive)
        if self.saved is not None:
            self.saved.watch(path)
        return watch

    def start(self) -> None:
        super().start()
        if self.saved is not None:
            self.saved.started()
