"""Faults: builds killed at any moment, a damaged build cache, a full or read-only disk, builds
at the same time. Real MkDocs builds of synthetic sites (scripts/generate.py), most of them in
processes of their own, killed for real (SIGKILL to the whole process group), asserted on what
is published: whole, the old site or the new one byte for byte as a cold build, never missing;
nothing left beside it once the next build has run; one plain message and exit status 1 for
what a person must fix, never a traceback.

Kills land at moments counted in the build's own file operations (tests/killable_build.py),
chosen with a fixed seed, so that a run kills where the last one did. Full and read-only disks
are small tmpfs file systems mounted for the test, which needs root (CI runs as root); where
mounting is not allowed, those tests say so and are skipped.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from counterclaim.build.staging import Staging
from samples import build_site, found, leftovers

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
#: 2 November 2026: every synthetic claim is dated before it.
EPOCH = "1793577600"
SEED = 20261130
KILLS = 20
NAMES = {"A": "Synthetic fact-checks", "B": "Synthetic fact-checks, second edition"}
#: What every build here runs with: a fixed date and hash seed (so a counted moment is the same
#: moment in every run), and worker processes even for a small site.
ENVIRONMENT = {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0", "COUNTERCLAIM_PARALLEL_MIN": "20"}

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="kills, locks and mounts as on Linux")


# -- sites, builds and what they leave -----------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, by path and digest ({} if there is no folder)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass
class Synthetic:
    """A synthetic site in two versions that differ on every page (the site's name), with a cold
    build of each (no cache, no earlier site) to compare every other build with."""

    template: Path
    config: str
    cold: dict[str, dict[str, str]]

    @classmethod
    def make(cls, base: Path, claims: int) -> Synthetic:
        template = base / "template"
        generate = [sys.executable, str(REPO / "scripts" / "generate.py"), str(template), "--claims", str(claims)]
        subprocess.run([*generate, "--seed", "7"], check=True, capture_output=True)
        site = cls(template, (template / "mkdocs.yml").read_text(encoding="utf-8"), {})
        with pytest.MonkeyPatch.context() as env:
            for name, value in ENVIRONMENT.items():
                env.setenv(name, value)
            for version in NAMES:
                root = site.copy(base / f"cold-{version}", version, cache=False)
                site.cold[version] = snapshot(build_site(root))
        assert len(site.cold["A"]) > 40 and site.cold["A"].keys() == site.cold["B"].keys()
        differ = [path for path, digest in site.cold["A"].items() if site.cold["B"][path] != digest]
        assert len(differ) > len(site.cold["A"]) // 2
        return site

    def copy(self, root: Path, version: str = "A", **options: object) -> Path:
        shutil.copytree(self.template, root)
        self.configure(root, version, **options)  # type: ignore[arg-type]
        return root

    def configure(
        self, root: Path, version: str, *, site_dir: Path | None = None, cache: bool = True, name: str = "mkdocs.yml"
    ) -> None:
        text = self.config.replace(f"site_name: {NAMES['A']}", f"site_name: {NAMES[version]}")
        if site_dir is not None:
            text += f"site_dir: {site_dir}\n"
        if not cache:
            text = text.replace("      language: en\n", '      language: en\n      cache_dir: ""\n')
        (root / name).write_text(text, encoding="utf-8")

    def version_of(self, site: Path) -> str | None:
        """Which version the published site is, whole; None if it is neither (or missing)."""
        now = snapshot(site)
        return next((version for version, files in self.cold.items() if files == now), None)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    return Synthetic.make(tmp_path_factory.mktemp("small"), claims=10)


@pytest.fixture(scope="module")
def bigger(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    return Synthetic.make(tmp_path_factory.mktemp("bigger"), claims=60)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """ENVIRONMENT for the builds in this process and in the processes it starts."""
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


def mkdocs(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", *options]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


@dataclass
class Ended:
    code: int  # the exit status, or minus the signal that ended the build
    operations: int | None
    stderr: str


class Killer:
    """Builds killed at chosen moments (see killable_build.py)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "killable_build.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **ENVIRONMENT},
        )

    def build(self, root: Path, **plan: object) -> Ended:
        assert self.process.stdin is not None and self.process.stdout is not None
        plan = {"root": str(root), "under": str(root.parent), "at": 0, **plan}
        self.process.stdin.write(json.dumps(plan) + "\n")
        self.process.stdin.flush()
        return Ended(**json.loads(self.process.stdout.readline()))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait() == 0


@pytest.fixture(scope="module")
def killer() -> Iterator[Killer]:
    killer = Killer()
    yield killer
    killer.close()


def assert_plain(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The build failed with exit status 1 and one plain message, which says ``words``."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Errno" not in result.stderr, result.stderr
    messages = [line for line in result.stderr.splitlines() if line.startswith(("Error:", "ERROR"))]
    assert len(messages) == 1, result.stderr
    for word in words:
        assert word in messages[0], messages[0]
    return messages[0]


# -- kills ---------------------------------------------------------------------------------------


def test_builds_killed_at_random_moments_leave_the_old_site_or_the_new_and_nothing_behind(
    bigger: Synthetic, killer: Killer, tmp_path: Path, environment: None
):
    root = bigger.copy(tmp_path / "s")
    site = root / "site"
    # A complete first build, counting the build's operations to choose moments among.
    first = killer.build(root)
    assert first.code == 0 and first.operations is not None, first.stderr
    operations = first.operations
    assert operations > 200
    published = bigger.version_of(site)
    assert published == "A"
    rng = random.Random(SEED)
    # One moment in each twentieth of the build, in random order: kills all over the build.
    strata = rng.sample(range(KILLS), KILLS)
    kills, moments, completed = 0, [], 0
    while kills < KILLS:
        version = rng.choice("AB")
        bigger.configure(root, version)
        stratum = strata[(kills + completed) % KILLS]
        moment = rng.randint(1 + stratum * operations // KILLS, (stratum + 1) * operations // KILLS)
        leftovers(site)  # removers of earlier builds have ended: the build starts as it did last run
        result = killer.build(root, at=moment)
        assert result.code in (-signal.SIGKILL, 0), result.stderr
        assert "Traceback" not in result.stderr
        now = bigger.version_of(site)
        assert now in (published, version), f"killed at operation {moment}: the site is neither whole version"
        published = now
        if result.code == 0:
            completed += 1
            assert leftovers(site) == []
            continue
        kills += 1
        moments.append(moment)
        if kills % 2 == 0:
            # The next build finishes (here, in this process), with the same bytes as a cold
            # one, and clears what the killed builds left.
            assert bigger.version_of(build_site(root)) == version
            published = version
            assert leftovers(site) == []
    print(f"{kills} kills at operations {sorted(moments)} of {operations}; {completed} builds ended first")


#: Moments around publishing, where a kill is most likely to leave something half done: just
#: before the build takes its turn, makes its staging folder, opens the cache, writes the last
#: file before the folders are exchanged (the sitemap), renames the old site away after the
#: exchange, and starts the process that deletes it.
PUBLISHING = [
    ("open", ".site.lock"),
    ("os.mkdir", ".site.building-"),
    ("sqlite3.connect", "cache-2.sqlite"),
    ("open", "sitemap.xml"),
    ("os.rename", ".site.building-"),
    ("subprocess.Popen", ".site.retired-"),
]


def test_builds_killed_while_publishing_leave_the_old_site_or_the_new_and_nothing_behind(
    small: Synthetic, killer: Killer, tmp_path: Path, environment: None
):
    root = small.copy(tmp_path / "s")
    site = root / "site"
    assert killer.build(root).code == 0
    published, versions = "A", ["B", "A"]
    for event, matching in PUBLISHING:
        for version in versions:  # a site to replace, then that one
            small.configure(root, version)
            result = killer.build(root, event=event, matching=matching, at=1)
            assert result.code == -signal.SIGKILL, f"{event} {matching} never happened: {result.stderr}"
            now = small.version_of(site)
            assert now in (published, version), f"killed before {event} {matching}: the site is not whole"
            published = now
        assert small.version_of(build_site(root)) == versions[-1]
        published = versions[-1]
        assert leftovers(site) == []


def test_what_a_dead_build_left_is_removed_by_the_next_one(small: Synthetic, tmp_path: Path, environment):
    root = small.copy(tmp_path / "s")
    site = build_site(root)
    for name in (".site.building-4194304", ".site.retired-4194304-1", ".site.previous-4194304"):
        shutil.copytree(site, root / name)
    assert small.version_of(build_site(root)) == "A"
    assert leftovers(site) == []


def test_without_an_exchange_two_renames_publish_and_a_kill_between_them_is_undone(tmp_path: Path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    staging = Staging(target, exchange=False)
    (staging.start() / "index.html").write_text("new", encoding="utf-8")
    staging.publish()
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert leftovers(target) == []
    # What a build killed between the two renames leaves: the published site renamed aside.
    os.rename(target, tmp_path / ".site.previous-4194304")
    staging = Staging(target, exchange=False)
    staging.start()
    assert (target / "index.html").read_text(encoding="utf-8") == "new"  # back before anything else
    staging.abandon()
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert leftovers(target) == []


# -- builds at the same time ---------------------------------------------------------------------


def test_builds_into_the_same_folder_take_turns_and_both_end_cleanly(small: Synthetic, tmp_path: Path, environment):
    root = small.copy(tmp_path / "s")
    small.configure(root, "B", name="second.yml")
    site = root / "site"
    build_site(root)
    # This test holds the lock, so that both builds find the other one under way; then lets go.
    lock = os.open(root / ".site.lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-f", config],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True,
        )
        for config in ("mkdocs.yml", "second.yml")
    ]
    said = []
    for build in builds:
        assert build.stderr is not None
        said.append(next(line for line in build.stderr if "waiting" in line or "Traceback" in line))
    os.close(lock)
    for build in builds:
        rest = build.communicate()[1]
        assert build.returncode == 0 and "Traceback" not in rest, rest
    assert all("another build into" in line and "waiting for it to end" in line for line in said), said
    assert small.version_of(site) in ("A", "B")
    assert leftovers(site) == []


# -- the build cache -----------------------------------------------------------------------------


def cut_in_half(cache: Path, key: Path) -> None:
    data = (cache / "cache-2.sqlite").read_bytes()
    (cache / "cache-2.sqlite").write_bytes(data[: len(data) // 2])


def flip_header_byte(offset: int) -> Callable[[Path, Path], None]:
    def damage(cache: Path, key: Path) -> None:
        data = bytearray((cache / "cache-2.sqlite").read_bytes())
        data[offset] ^= 0xFF
        (cache / "cache-2.sqlite").write_bytes(bytes(data))

    return damage


def value_not_utf8(cache: Path, key: Path) -> None:
    with contextlib.closing(sqlite3.connect(cache / "cache-2.sqlite")) as db, db:
        db.execute("UPDATE page SET value = CAST(X'80FF' AS TEXT) WHERE rowid = (SELECT min(rowid) FROM page)")


def folder_for_file(cache: Path, key: Path) -> None:
    (cache / "cache-2.sqlite").unlink()
    (cache / "cache-2.sqlite").mkdir()
    (cache / "cache-2.sqlite" / "something").write_text("", encoding="utf-8")


def empty_key(cache: Path, key: Path) -> None:
    key.write_bytes(b"")


def folder_for_key(cache: Path, key: Path) -> None:
    key.unlink()
    key.mkdir()


DAMAGE = {
    "the file cut in half": cut_in_half,
    "a flipped byte in its header (the format's name)": flip_header_byte(0),
    "a flipped byte in its header (the write version)": flip_header_byte(18),
    "a stored value that is not UTF-8": value_not_utf8,
    "a folder in place of the file": folder_for_file,
    "an empty key": empty_key,
    "a folder in place of the key": folder_for_key,
}


@dataclass
class Built:
    files: dict[str, str]
    warnings: list[str]
    rendered: int


def logged_build(root: Path, caplog: pytest.LogCaptureFixture) -> Built:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        files = snapshot(build_site(root))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    rendered = [
        re.search(r"counterclaim: (\d+) of \d+ generated pages rendered", r.getMessage()) for r in caplog.records
    ]
    return Built(files, warnings, next(int(m.group(1)) for m in rendered if m))


def touch_data(root: Path) -> None:
    """A data file saved again, the same bytes: the site is built again (see build.stamps), its
    pages taken from the cache."""
    path = found((root / "data" / "claims").glob("*.yaml"))[0]
    path.write_bytes(path.read_bytes())


@pytest.fixture
def cached(small: Synthetic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environment) -> Iterator[Path]:
    """A small site built once, with its cache, and a signing key of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = small.copy(tmp_path / "s")
    assert snapshot(build_site(root)) == small.cold["A"]
    yield root


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_cache_gives_one_warning_the_same_site_and_is_used_again_after(
    small: Synthetic, cached: Path, tmp_path: Path, caplog, damage: str
):
    DAMAGE[damage](cached / ".counterclaim-cache", tmp_path / "user-cache" / "counterclaim" / "key")
    touch_data(cached)  # built again, not found up to date (which would not read the cache's records)
    damaged = logged_build(cached, caplog)
    assert damaged.files == small.cold["A"]
    assert len(damaged.warnings) == 1, damaged.warnings
    assert "cache" in damaged.warnings[0]
    touch_data(cached)
    after = logged_build(cached, caplog)
    assert after.files == small.cold["A"]
    assert after.warnings == []
    assert after.rendered == 0


@cache
def can_mount() -> bool:
    """Whether this process may mount a file system (root, with the right to)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    with contextlib.suppress(OSError):
        probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"counterclaim-mount-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        try:
            mounted = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True
            )
            if mounted.returncode == 0:
                subprocess.run(["umount", str(probe)], check=True)
                return True
        finally:
            probe.rmdir()
    return False


needs_mount = pytest.mark.skipif(
    sys.platform != "linux" or not can_mount(), reason="mounting a small file system needs root on Linux"
)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small file system of its own at ``folder`` (made if need be), for the test's duration."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte."""
    filler = disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    with contextlib.suppress(OSError), filler.open("ab") as handle:
        while True:
            handle.write(b"\0")
            handle.flush()
    return filler


@needs_mount
@pytest.mark.parametrize("trouble", ["full", "read-only"])
def test_a_cache_folder_that_cannot_be_written_gives_one_warning_and_is_read_as_ever(
    small: Synthetic, cached: Path, caplog, trouble: str
):
    folder = cached / ".counterclaim-cache"
    saved = folder.with_name("saved-cache")
    shutil.copytree(folder, saved)
    shutil.rmtree(folder)
    with tmpfs(folder, "2m"):
        shutil.copytree(saved, folder, dirs_exist_ok=True)
        filler = fill(folder) if trouble == "full" else None
        if trouble == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        stuck = logged_build(cached, caplog)
        assert stuck.files == small.cold["A"] and stuck.rendered == 0  # the cache is read as ever
        assert len(stuck.warnings) == 1 and "could not be written" in stuck.warnings[0], stuck.warnings
        again = logged_build(cached, caplog)
        assert again.files == small.cold["A"] and again.rendered == 0
        assert set(again.warnings) <= set(stuck.warnings)
        if filler is not None:
            filler.unlink()
        else:
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
        small.configure(cached, "B")
        freed = logged_build(cached, caplog)
        assert freed.files == small.cold["B"] and freed.warnings == []
        assert logged_build(cached, caplog).rendered == 0


def test_a_cache_folder_that_is_a_file_gives_a_warning_and_a_site_built_without_it(
    small: Synthetic, tmp_path, caplog, environment
):
    root = small.copy(tmp_path / "s")
    (root / ".counterclaim-cache").write_text("not a folder", encoding="utf-8")
    built = logged_build(root, caplog)
    assert built.files == small.cold["A"]
    assert len(built.warnings) == 1 and "a file is in its place" in built.warnings[0]


def test_a_damaged_cache_neither_fails_a_strict_build_nor_the_checker(small: Synthetic, cached: Path, environment):
    cut_in_half(cached / ".counterclaim-cache", cached)
    built = mkdocs(cached, "--strict")
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    assert [line for line in built.stderr.splitlines() if "WARNING" in line and "build cache" in line]
    flip_header_byte(0)(cached / ".counterclaim-cache", cached)
    command = [str(Path(sys.executable).parent / "counterclaim"), "check", "--format", "json"]
    checked = subprocess.run(command, cwd=cached, capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and "Traceback" not in checked.stderr, checked.stderr
    assert json.loads(checked.stdout)["diagnostics"] == []
    assert checked.stderr.count("counterclaim: warning: the build cache") == 1
    again = subprocess.run(command, cwd=cached, capture_output=True, text=True, check=False)
    assert again.returncode == 0 and again.stderr == ""


# -- full, read-only and busy disks --------------------------------------------------------------


@needs_mount
def test_a_full_disk_stops_the_build_with_one_plain_message_and_leaves_the_site(
    small: Synthetic, tmp_path: Path, environment
):
    root = small.copy(tmp_path / "s")
    with tmpfs(tmp_path / "disk", "4m") as disk:
        site = disk / "site"
        small.configure(root, "A", site_dir=site)
        build_site(root)
        filler = fill(disk)
        small.configure(root, "B", site_dir=site)  # every page changes: the new site needs room
        assert_plain(mkdocs(root), str(site), "the disk is full", "left as it was")
        assert small.version_of(site) == "A"
        assert leftovers(site) == []
        filler.unlink()
        build_site(root)
        assert small.version_of(site) == "B"


@pytest.mark.skipif(not can_mount() and os.geteuid() == 0, reason="root writes anywhere unless the disk is read-only")
def test_a_read_only_output_stops_the_build_with_one_plain_message_and_leaves_the_site(
    small: Synthetic, tmp_path: Path, environment
):
    root = small.copy(tmp_path / "s")
    disk = tmp_path / "disk"
    with tmpfs(disk, "8m") if can_mount() else contextlib.nullcontext(disk.mkdir()):
        site = disk / "site"
        small.configure(root, "A", site_dir=site)
        build_site(root)
        if can_mount():
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            words = "the disk is read-only"
        else:
            disk.chmod(0o555)
            words = "permission denied"
        small.configure(root, "B", site_dir=site)
        assert_plain(mkdocs(root), str(site), words, "left as it was")
        assert small.version_of(site) == "A"
        if can_mount():
            subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        else:
            disk.chmod(0o755)
        build_site(root)
        assert small.version_of(site) == "B"
        assert leftovers(site) == []


@needs_mount
def test_an_output_that_is_a_mount_point_is_refused_at_once_with_one_plain_message(
    small: Synthetic, tmp_path: Path, environment
):
    root = small.copy(tmp_path / "s")
    with tmpfs(root / "site", "1m") as site:
        (site / "kept.html").write_text("already there", encoding="utf-8")
        message = assert_plain(mkdocs(root), str(site), "mount point")
        assert "site_dir" in message
        assert [p.name for p in site.iterdir()] == ["kept.html"]
        assert leftovers(site) == []


def test_every_failure_the_build_explains_names_what_to_do():
    from counterclaim.build.faults import explain

    site = Path("/srv/www/site")
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EBUSY, errno.EIO):
        message = explain(OSError(code, os.strerror(code), "/srv/www/.site.lock"), site, None)
        assert message.startswith(f"could not build the site into {site}: ")
        assert "(in /srv/www)" in message and message.endswith("The published site was left as it was.")
        inside = explain(OSError(code, os.strerror(code), "/srv/www/.site.building-7/claims/a/index.html"), site)
        assert "building" not in inside
