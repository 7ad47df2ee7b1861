"""Under `mkdocs serve` the data is loaded again narrowly: only the claim files that changed are
read again, known either by their status or by what the system's file watcher reported; any
other change (a registry, a claim added or removed) makes the load whole again. A narrowed load
gives what a whole load gives."""

from __future__ import annotations

import time
from pathlib import Path

from counterclaim.build.cache import BuildCache
from counterclaim.build.loading import KeptLoad, load_dataset
from counterclaim.build.seen import SavedPaths
from samples import CLAIM, write_data


def other(claim_id: str) -> str:
    return CLAIM.replace("id: sample-claim", f"id: {claim_id}")


#: A source with no archived copy: a warning (and an order among the diagnostics to keep).
UNARCHIVED = "    archive_url: https://web.archive.org/web/20260105/https://radio.example.org/interview\n"


def kept_load(tmp_path: Path) -> tuple[Path, KeptLoad]:
    assert UNARCHIVED in CLAIM
    claims = {"a-first": other("a-first").replace(UNARCHIVED, ""), "sample-claim": CLAIM}
    claims["second"] = other("second").replace(UNARCHIVED, "")
    write_data(tmp_path, claims=claims)
    time.sleep(0.1)  # the registries' statuses can be trusted (see build.seen)
    cache = BuildCache(tmp_path / "cache")
    _, kept = KeptLoad.load(tmp_path / "data", language="en", root=tmp_path, workers=1, cache=cache)
    assert kept is not None
    return tmp_path / "data", kept


def reload(data: Path, kept: KeptLoad, saved: set[str] | None):  # type: ignore[no-untyped-def]
    return kept.reload(data, language="en", root=data.parent, saved=saved)


def test_an_edited_claim_is_read_again_alone_by_status_or_as_reported(tmp_path: Path) -> None:
    data, kept = kept_load(tmp_path)
    path = data / "claims" / "sample-claim.yaml"
    path.write_text(CLAIM.replace("says the sky is green", "says the sky is mauve"), encoding="utf-8")
    by_status = reload(data, kept, None)
    assert by_status is not None and by_status.changed == {"sample-claim"}
    assert by_status.same_diagnostics  # no warning came or went: said once, by the last build
    assert "mauve" in by_status.dataset.claims["sample-claim"].short.pick("en")[0]
    edited = CLAIM.replace("says the sky is green", "says the sky is teal").replace(UNARCHIVED, "")
    path.write_text(edited, encoding="utf-8")
    reported = reload(data, kept, {str(path), str(data / "claims")})
    assert reported is not None and reported.changed == {"sample-claim"}
    assert not reported.same_diagnostics  # a warning more
    whole = load_dataset(data, root=tmp_path)
    # Its warning is among the others', in their order.
    assert [d.path.rsplit("/", 1)[1] for d in whole.diagnostics] == ["a-first.yaml", "sample-claim.yaml", "second.yaml"]
    assert reported.dataset == whole.dataset
    assert reported.diagnostics == whole.diagnostics and reported.fingerprints == whole.fingerprints
    # Saved with the same bytes, or an editor's temporary file made and gone: nothing changed.
    path.write_bytes(path.read_bytes())
    unchanged = reload(data, kept, {str(path), str(data / "claims" / ".sample-claim.yaml.swp")})
    assert unchanged is not None and unchanged.changed == frozenset()


def test_a_registry_a_claim_added_or_removed_or_an_error_makes_the_load_whole(tmp_path: Path) -> None:
    data, kept = kept_load(tmp_path)
    claims = data / "claims"
    assert reload(data, kept, {str(data / "ratings.yaml")}) is None
    (claims / "third.yaml").write_text(other("third"), encoding="utf-8")
    assert reload(data, kept, {str(claims / "third.yaml")}) is None
    assert reload(data, kept, None) is None  # the folder holds another name
    (claims / "third.yaml").unlink()
    (claims / "second.yaml").unlink()
    assert reload(data, kept, {str(claims / "second.yaml")}) is None
    (claims / "second.yaml").write_text(other("second").replace("rating: false-claim", "rating: fals"))
    assert reload(data, kept, {str(claims / "second.yaml")}) is None  # an error: checked whole
    (claims / "second.yaml").write_text(other("renamed"), encoding="utf-8")  # another id inside
    assert reload(data, kept, {str(claims / "second.yaml")}) is None


def test_the_watchers_paths_are_trusted_only_while_it_watched_and_under_what_it_watches(tmp_path: Path) -> None:
    saved = SavedPaths()
    saved.watch(str(tmp_path / "data"))
    saved.started()
    saved.saw(str(tmp_path / "data" / "claims" / "a.yaml"))
    assert saved.take() is None  # the first build after the watcher started: not known before
    saved.saw(str(tmp_path / "data" / "claims" / "b.yaml"))
    assert saved.take() == {str(tmp_path / "data" / "claims" / "b.yaml")}
    assert saved.take() == set()
    saved.saw(str(tmp_path / "elsewhere" / "c.yaml"))  # reported under another name: not trusted
    assert saved.take() is None
    assert saved.take() == set()
