"""A build cache is only as trustworthy as its signatures: the cache folder sits in the working
tree, where a pull request can put anything. Records signed with another key, and published
pages that are not the files the last build wrote, are never used."""

from __future__ import annotations

import os
import pickle
import sqlite3
import stat
from pathlib import Path

import pytest

from counterclaim.build.cache import BuildCache
from counterclaim.build.signing import user_key
from samples import build_site
from test_incremental import site, snapshot


class Planted:
    """Unpickling this makes the folder it names: proof that code from the cache ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def stored_keys(folder: Path, table: str) -> list[str]:
    with sqlite3.connect(folder / "cache-2.sqlite") as db:
        return [key for (key,) in db.execute(f"SELECT key FROM {table}")]


def test_records_signed_with_another_key_are_not_used(tmp_path: Path):
    root = site(tmp_path, "s")
    clean = snapshot(build_site(root))
    folder = root / ".counterclaim-cache"
    claims, artifacts = stored_keys(folder, "claim"), stored_keys(folder, "artifact")
    assert claims and artifacts
    marker = tmp_path / "code-from-the-cache-ran"
    # What a pull request could commit: records for the right keys, signed with its own key.
    planted = BuildCache(folder, key=b"k" * 32)
    planted.keep_claims({key: pickle.dumps(Planted(marker)) for key in claims}, used=claims)
    planted.keep_artifacts({key: '{"planted": true}' for key in artifacts}, used=artifacts)
    planted.keep_pages({url: "0" * 32 + " 1:1" for url in ("claims/first/", "claimants/other-group/")})
    planted.close()

    again = snapshot(build_site(root))
    assert not marker.exists()
    assert again == clean
    assert "planted" not in (root / "site" / "claims.json").read_text("utf-8")


def test_a_published_page_replaced_since_the_last_build_is_rendered_again(tmp_path: Path):
    root = site(tmp_path, "s")
    clean = snapshot(build_site(root))
    page = root / "site" / "claims" / "first" / "index.html"
    page.unlink()
    page.write_text("<!doctype html><title>planted</title><script>alert(1)</script>", encoding="utf-8")
    assert snapshot(build_site(root)) == clean


def test_the_signing_key_is_made_once_and_readable_by_its_owner_alone(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    key = user_key()
    assert key is not None and len(key) == 32
    path = tmp_path / "cache" / "counterclaim" / "key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert user_key() == key
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    assert user_key() not in (None, key)


def test_without_a_key_nothing_is_cached_and_the_build_is_told_why(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a folder cannot be made inside a file
    assert user_key() is None
    told: list[str] = []
    cache = BuildCache(tmp_path / "cache", notify=told.append)
    assert not cache.enabled
    assert not (tmp_path / "cache").exists()
    assert len(told) == 1 and "the build cache is off" in told[0] and str(blocker) in told[0]


@pytest.mark.parametrize("damage", ["empty", "short", "long", "folder"])
def test_a_damaged_key_is_replaced_by_a_new_one_and_said_once(tmp_path: Path, monkeypatch, damage: str):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "counterclaim" / "key"
    path.parent.mkdir()
    if damage == "folder":
        path.mkdir()
        (path / "inside").write_bytes(b"x")
    else:
        path.write_bytes(b"x" * {"empty": 0, "short": 31, "long": 33}[damage])
    told: list[str] = []
    key = user_key(told.append)
    assert key is not None and len(key) == 32 and set(key) != {ord("x")}
    assert path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(told) == 1 and str(path) in told[0] and "replaced" in told[0]
    assert user_key(told.append) == key and len(told) == 1
    assert [p.name for p in path.parent.iterdir()] == ["key"]  # no temporary file left


def test_a_cache_restored_on_a_new_machine_is_used_with_the_same_ci_secret_and_only_with_it(
    tmp_path: Path, monkeypatch
):
    # CI restores the cache on a runner whose user cache folder is new: with the secret in
    # COUNTERCLAIM_CACHE_KEY its records still hold, and no key file is read or made.
    monkeypatch.setenv("COUNTERCLAIM_CACHE_KEY", "main-branch-secret-" + "s" * 20)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "first-runner"))
    first = BuildCache(tmp_path / "cache")
    first.keep_claims({"a-claim": b"outcome"}, used=["a-claim"])
    first.close()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "second-runner"))
    again = BuildCache(tmp_path / "cache")
    assert again.claims(["a-claim"]) == {"a-claim": b"outcome"}
    again.close()
    assert not (tmp_path / "first-runner").exists() and not (tmp_path / "second-runner").exists()
    # A build with another secret (or none: a pull request's) does not use them.
    monkeypatch.setenv("COUNTERCLAIM_CACHE_KEY", "a-pull-request-s-own-secret-" + "p" * 20)
    other = BuildCache(tmp_path / "cache")
    assert other.claims(["a-claim"]) == {}
    other.close()
    monkeypatch.delenv("COUNTERCLAIM_CACHE_KEY")
    unkeyed = BuildCache(tmp_path / "cache")
    assert unkeyed.claims(["a-claim"]) == {}
    unkeyed.close()


def test_a_ci_secret_too_short_to_keep_secret_turns_the_cache_off_and_says_why(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("COUNTERCLAIM_CACHE_KEY", "password")
    told: list[str] = []
    cache = BuildCache(tmp_path / "cache", notify=told.append)
    assert not cache.enabled
    assert len(told) == 1 and "COUNTERCLAIM_CACHE_KEY" in told[0] and "8 characters" in told[0]
