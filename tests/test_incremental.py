"""The build cache and the worker processes change how long a build takes, never what it
writes: warm, cold, without a cache, in one process or several, the site is byte for byte the
same, and a change redoes exactly the pages that depend on it."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from samples import CLAIM, CLAIMANT, RATINGS, build_site, found, leftovers, write_site

OTHER = "id: other-group\nname: Other Group\nkind: organisation\n"


def claim(claim_id: str, claimant: str = "sample-person", rating: str = "false-claim", related: str = "") -> str:
    text = CLAIM.replace("id: sample-claim", f"id: {claim_id}").replace(
        "claimant: sample-person", f"claimant: {claimant}"
    )
    text = text.replace("rating: false-claim", f"rating: {rating}")
    if related:
        text = text.replace("published: 2026-01-10", f"published: 2026-01-10\nrelated: [{related}]")
    return text


CLAIMS = {
    "first": claim("first"),
    "second": claim("second", claimant="other-group", rating="accurate"),
    "third": claim("third", claimant="other-group", related="first"),
    "fourth": claim("fourth", rating="unverifiable"),
}


def site(tmp_path: Path, name: str, **options: str) -> Path:
    extra = "".join(f"      {key}: {value}\n" for key, value in options.items())
    return write_site(
        tmp_path / name,
        claims=CLAIMS,
        claimants={"sample-person": CLAIMANT, "other-group": OTHER},
        extra_languages=("es",),
        plugin_extra=extra,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in found(p for p in folder.rglob("*") if p.is_file())
    }


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in found(folder.rglob("index.html"))}


def test_warm_cold_uncached_serial_and_parallel_builds_write_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    plain = snapshot(build_site(site(tmp_path, "plain", cache_dir='""', workers="1")))
    monkeypatch.setenv("COUNTERCLAIM_PARALLEL_MIN", "1")
    root = site(tmp_path, "cached", workers="2")
    cold = snapshot(build_site(root))
    assert (root / ".counterclaim-cache" / "cache-2.sqlite").is_file()
    warm = snapshot(build_site(root))
    assert plain == cold == warm
    assert len(plain) > 40


def test_an_unchanged_site_is_not_rendered_again(tmp_path):
    root = site(tmp_path, "s")
    first = inodes(build_site(root))
    second = inodes(build_site(root))
    direct = [url for url in first if url.startswith(("claims/first", "es/claims/first", "claimants/other"))]
    assert direct and all(first[url] == second[url] for url in direct)


def changed_pages(root: Path, edit) -> set[str]:
    before = inodes(build_site(root))
    edit(root)
    after = inodes(build_site(root))
    return {url for url in after if before.get(url) != after[url]}


def test_a_changed_claim_redoes_its_pages_and_the_lists_showing_it(tmp_path):
    root = site(tmp_path, "s")
    path = root / "data" / "claims" / "fourth.yaml"
    changed = changed_pages(
        root,
        lambda r: path.write_text(
            claim("fourth", rating="unverifiable").replace(
                "statement: The sky is green.", "statement: The sky is purple."
            )
        ),
    )
    claim_pages = {u for u in changed if re.fullmatch(r"(es/)?claims/[a-z0-9-]+/index\.html", u)}
    assert claim_pages == {"claims/fourth/index.html", "es/claims/fourth/index.html"}


def test_a_changed_claimant_redoes_only_the_pages_that_name_them(tmp_path):
    root = site(tmp_path, "s")
    path = root / "data" / "claimants" / "other-group.yaml"
    changed = changed_pages(root, lambda r: path.write_text(OTHER.replace("Other Group", "Renamed Group")))
    assert {"claims/second/index.html", "claims/third/index.html", "claimants/other-group/index.html"} <= changed
    assert "claims/first/index.html" not in changed and "claims/fourth/index.html" not in changed
    assert "claimants/sample-person/index.html" not in changed


def test_a_changed_rating_redoes_the_pages_with_that_rating(tmp_path):
    root = site(tmp_path, "s")
    ratings = root / "data" / "ratings.yaml"
    changed = changed_pages(root, lambda r: ratings.write_text(RATINGS.replace("en: Accurate", "en: Correct")))
    assert "claims/second/index.html" in changed and "ratings/accurate/index.html" in changed
    assert "claims/first/index.html" not in changed and "claims/fourth/index.html" not in changed


def test_a_change_to_the_scale_s_ends_reaches_claims_with_other_ratings(tmp_path):
    # A ClaimReview gives the best and worst positions of the whole scale: moving another
    # rating past the best changes what the pages and the DataFeed say of a claim.
    root = site(tmp_path, "s")
    build_site(root)
    ratings = root / "data" / "ratings.yaml"
    ratings.write_text(RATINGS.replace("position: 1\n", "position: 3\n"))
    built = build_site(root)
    page = (built / "claims" / "second" / "index.html").read_text()
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert review["reviewRating"]["bestRating"] == 3
    feed = json.loads((built / "claimreview-feed.json").read_text())
    second = [e for e in feed["dataFeedElement"] if e["url"].endswith("/claims/second/")]
    assert second and all(e["reviewRating"]["bestRating"] == 3 for e in second)


def test_a_changed_template_redoes_only_the_pages_made_with_it(tmp_path):
    root = site(tmp_path, "s")
    template = root / "theme" / "claimant.html"
    changed = changed_pages(
        root, lambda r: template.write_text(template.read_text().replace("<article", '<article data-x="1"'))
    )
    assert "claimants/other-group/index.html" in changed and "es/claimants/sample-person/index.html" in changed
    # Pages MkDocs builds itself (the index pages) are written anew by every build; the pages
    # counterclaim writes are left alone unless made with the changed template.
    ours = [u for u in changed if re.match(r"(es/)?(claims|ratings|topics)/[a-z0-9-]+/", u)]
    assert ours == []
    page = (root / "site" / "claimants" / "other-group" / "index.html").read_text()
    assert 'data-x="1"' in page


def test_a_changed_setting_redoes_every_page(tmp_path):
    root = site(tmp_path, "s")
    config = root / "mkdocs.yml"
    before = inodes(build_site(root))
    config.write_text(config.read_text().replace("site_name: Test site", "site_name: Renamed site"))
    after = inodes(build_site(root))
    generated = [u for u in after if u.startswith(("claims/", "claimants/", "es/claims/"))]
    assert generated and all(before[u] != after[u] for u in generated)
    assert "Renamed site" in (root / "site" / "claims" / "first" / "index.html").read_text()


def test_deleting_the_cache_only_makes_the_next_build_slower(tmp_path):
    root = site(tmp_path, "s")
    first = snapshot(build_site(root))
    shutil.rmtree(root / ".counterclaim-cache")
    assert snapshot(build_site(root)) == first


@pytest.mark.skipif(os.name != "posix", reason="hard links and inodes as on POSIX file systems")
def test_unchanged_pages_are_linked_not_copied(tmp_path):
    root = site(tmp_path, "s")
    build_site(root)
    page = root / "site" / "claims" / "first" / "index.html"
    written = page.stat().st_ino
    build_site(root)
    assert page.stat().st_ino == written  # the published file itself was linked into the new site
    # The old site is removed by a process of its own; it does go.
    assert leftovers(root / "site") == []
    assert page.stat().st_nlink == 1


def test_the_search_index_follows_a_change_to_a_party_a_claim_only_names(tmp_path):
    # "first" names other-group only as a counter-claimant: its cached search entry must still
    # be made again when other-group's name changes.
    text = (
        claim("first")
        + "counter_claims:\n  - claimant: other-group\n    statement: No.[^almanac]\n    sources: [almanac]\n"
    )
    root = write_site(
        tmp_path / "s",
        claims={**CLAIMS, "first": text},
        claimants={"sample-person": CLAIMANT, "other-group": OTHER},
    )
    index = root / "site" / "search" / "data"
    build_site(root)
    from counterclaim.publish.search import lookup

    assert "claims/first/" in lookup(index, "other group").addresses
    (root / "data" / "claimants" / "other-group.yaml").write_text(OTHER.replace("Other Group", "Renamed"))
    build_site(root)
    assert "claims/first/" in lookup(index, "renamed").addresses
    assert lookup(index, "other group").count == 0
