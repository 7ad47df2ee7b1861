"""Under `mkdocs serve` a rebuild reads again only the claim files that changed: a file is known
by its status (inode, size, modification and change times), and one written too lately to be
told apart by its status is read again."""

from __future__ import annotations

import os
import time

from counterclaim.build import seen
from counterclaim.build.seen import SeenFiles


def test_a_file_is_known_by_its_status_until_it_is_written_again(tmp_path, monkeypatch):
    monkeypatch.setattr(seen, "_SETTLED_NS", 0)  # every file counts as settled at once
    monkeypatch.setattr(seen, "_FINE_SETTLED_NS", 0)
    path = tmp_path / "claim.yaml"
    path.write_text("id: one\n")
    files = SeenFiles()
    files.remember(path, "claims/claim.yaml", files.status(path), "digest-1")
    assert files.known(path, "claims/claim.yaml") == "digest-1"
    assert files.known(path, "elsewhere/claim.yaml") is None
    before = os.stat(path)
    time.sleep(0.05)
    path.write_text("id: two\n")  # the same size, and the old modification time put back
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert files.known(path, "claims/claim.yaml") is None


def test_a_file_written_a_moment_ago_is_not_trusted_by_its_status(tmp_path):
    path = tmp_path / "claim.yaml"
    path.write_text("id: one\n")
    files = SeenFiles()
    files.remember(path, "claims/claim.yaml", files.status(path), "digest-1")
    assert files.status(path) is None
    assert files.known(path, "claims/claim.yaml") is None


def test_deleted_files_are_forgotten(tmp_path, monkeypatch):
    monkeypatch.setattr(seen, "_SETTLED_NS", 0)
    monkeypatch.setattr(seen, "_FINE_SETTLED_NS", 0)
    kept, gone = tmp_path / "kept.yaml", tmp_path / "gone.yaml"
    files = SeenFiles()
    for path in (kept, gone):
        path.write_text("id: x\n")
        files.remember(path, path.name, files.status(path), path.name)
    files.keep_only({kept})
    gone.write_text("id: x\n")
    assert files.known(kept, "kept.yaml") == "kept.yaml" and files.known(gone, "gone.yaml") is None


def test_a_file_is_trusted_once_the_clock_has_moved_on_and_whole_seconds_wait_longer(tmp_path):
    path = tmp_path / "claim.yaml"
    path.write_text("id: one\n")
    files = SeenFiles()
    status = os.stat(path)
    assert status.st_mtime_ns % 1_000_000_000, "this file system keeps parts of a second"
    deadline = time.monotonic() + 1
    while files.status(path) is None:  # trusted a moment after it was written, not seconds
        assert time.monotonic() < deadline
        time.sleep(0.01)
    # Times in whole seconds may be all a file system keeps: such a file waits seconds.
    assert seen.settling((1, 8, 5_000_000_000, 7_000_000_000)) == seen._SETTLED_NS
    assert seen.settling((1, 8, 5_000_000_001, 7_000_000_000)) == seen._FINE_SETTLED_NS < seen._SETTLED_NS
