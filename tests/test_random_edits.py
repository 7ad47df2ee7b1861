"""Incremental builds are proven, not assumed: random sequences of edits (a claim changed, added,
deleted or renamed; a claimant, the rating scale, a template or a setting changed; a rebuild
that fails halfway) are applied to a small site rebuilt as `mkdocs serve` rebuilds it (one
plugin kept across rebuilds, with its data in memory and its cache open, the served folder
updated in place), and after every step the folder served is byte for byte, file for file and
folder for folder, the one a cold build of the same files writes in a fresh folder."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from samples import CLAIM, CLAIMANT, RATINGS, write_site

SERVE_URL = "http://127.0.0.1:8000/"
OTHER = "id: other-group\nname: Other Group\nkind: organisation\n"
#: The claim every other relates to: it is edited, never deleted or renamed.
ANCHOR = "anchor"

EXAMPLES = settings(
    max_examples=int(os.environ.get("COUNTERCLAIM_EDIT_EXAMPLES", "5")),
    derandomize=True,
    database=None,
    deadline=None,
)


#: A counter-claim by the other claimant: their page lists the claims that cite them.
COUNTERED = (
    "counter_claims:\n  - claimant: other-group\n    statement: The sky is blue.[^almanac]\n    sources: [almanac]\n"
)


def claim(
    claim_id: str,
    *,
    colour: str = "green",
    claimant: str = "sample-person",
    rating: str = "false-claim",
    countered: bool = False,
) -> str:
    text = CLAIM.replace("id: sample-claim", f"id: {claim_id}").replace(
        "claimant: sample-person", f"claimant: {claimant}"
    )
    if countered:
        text = text.replace("sources:\n", f"{COUNTERED}sources:\n", 1)
    text = text.replace("rating: false-claim", f"rating: {rating}").replace("sky is green", f"sky is {colour}")
    if claim_id != ANCHOR:
        text = text.replace("published: 2026-01-10", f"published: 2026-01-10\nrelated: [{ANCHOR}]")
    return text


def claims_folder(root: Path) -> Path:
    return root / "data" / "claims"


def others(root: Path) -> list[Path]:
    """The claim files besides the anchor, in name order."""
    return sorted(p for p in claims_folder(root).glob("*.yaml") if p.stem != ANCHOR)


# -- the edits: each takes the site and a number that picks what it changes ----------------------


def change_claim(root: Path, n: int) -> None:
    files = [claims_folder(root) / f"{ANCHOR}.yaml", *others(root)]
    path = files[n % len(files)]
    colours, ratings, claimants = (
        ["blue", "grey", "red"],
        ["accurate", "false-claim", "unverifiable"],
        ["sample-person", "other-group"],
    )
    path.write_text(
        claim(
            path.stem,
            colour=colours[n % 3],
            rating=ratings[(n // 3) % 3],
            claimant=claimants[(n // 9) % 2],
            countered=(n // 18) % 2 == 1,
        ),
        encoding="utf-8",
    )


def change_anchor(root: Path, n: int) -> None:
    """Change the claim the others relate to: their pages list it."""
    colours, ratings = ["blue", "grey", "red"], ["accurate", "false-claim", "unverifiable"]
    path = claims_folder(root) / f"{ANCHOR}.yaml"
    path.write_text(claim(ANCHOR, colour=colours[n % 3], rating=ratings[(n // 3) % 3]), encoding="utf-8")


def reword_claim(root: Path, n: int) -> None:
    """Change a claim's words only: its pages, and the lists, feeds, search entries and related
    claims' pages that show it, change; where it is listed does not (a narrowed rebuild)."""
    files = [claims_folder(root) / f"{ANCHOR}.yaml", *others(root)]
    path = files[n % len(files)]
    text = path.read_text(encoding="utf-8")
    text, shorts = re.subn(r"(?m)^short: (Reworded \d+, )?", f"short: Reworded {n}, ", text, count=1)
    text, analyses = re.subn(r"Observers( \(\d+\))? report", f"Observers ({n}) report", text, count=1)
    assert shorts == analyses == 1
    path.write_text(text, encoding="utf-8")


def redate_claim(root: Path, n: int) -> None:
    """Move a claim in the lists: a later or earlier date of publication."""
    files = [claims_folder(root) / f"{ANCHOR}.yaml", *others(root)]
    path = files[n % len(files)]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^published: 2026-01-\d\d", f"published: 2026-01-{n % 20 + 10}", text)
    path.write_text(text, encoding="utf-8")


def add_claim(root: Path, n: int) -> None:
    (claims_folder(root) / f"added-{n}.yaml").write_text(claim(f"added-{n}", colour="white"), encoding="utf-8")


def delete_claim(root: Path, n: int) -> None:
    files = others(root)
    if len(files) > 1:
        files[n % len(files)].unlink()


def rename_claim(root: Path, n: int) -> None:
    files = others(root)
    new = claims_folder(root) / f"renamed-{n}.yaml"
    if not new.exists():
        files[n % len(files)].unlink()
        new.write_text(claim(new.stem, colour="black"), encoding="utf-8")


def change_registry(root: Path, n: int) -> None:
    if n % 2:
        (root / "data" / "claimants" / "other-group.yaml").write_text(OTHER.replace("Other Group", f"Group {n}"))
    else:
        (root / "data" / "ratings.yaml").write_text(RATINGS.replace("en: Accurate", f"en: Accurate {n}"))


def change_template(root: Path, n: int) -> None:
    """A visible change (comments are dropped from the HTML) to a claim's page, to a list's or to
    every page."""
    name, tag = [("claim.html", "<article"), ("claimant.html", "<article"), ("main.html", "<body")][n % 3]
    template = root / "theme" / name
    text = template.read_text(encoding="utf-8")
    assert tag in text
    template.write_text(text.replace(tag, f'{tag} data-edit="{n}"', 1), encoding="utf-8")


def change_strings(root: Path, n: int) -> None:
    """Reword an interface string (the site's own catalogue, in either language)."""
    language, before = [("en", "claims_title: Fact-checks"), ("es", "claims_title: ")][n % 2]
    path = root / "theme" / "locales" / f"{language}.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(rf"(?m)^{before}(?:\(\d+\) )?", f"{before}({n}) ", text, count=1)
    assert count == 1
    path.write_text(text, encoding="utf-8")


def change_setting(root: Path, n: int) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if n % 2:
        text = text.replace("site_name: Test site", f"site_name: Test site {n}")
    else:
        for before, after in (("per_page: 2", "per_page: 3"), ("per_page: 3", "per_page: 2")):
            if before in text:
                text = text.replace(before, after)
                break
    config.write_text(text, encoding="utf-8")


#: What makes a rebuild fail halfway, when a rating's page is rendered: MkDocs' pages, the big
#: files and the claim pages are written by then, and the preview, updated in place, is left
#: as far as it went.
BROKEN = "{{ cc.no_such_thing.at_all }}"


def fail_a_rebuild(root: Path, n: int) -> None:
    """A claim added while a rating page's template is broken: the rebuild fails, having written
    the claim's pages; the template is mended and the claim taken out again before the next
    rebuild, which must then remove what the failed one left."""
    (claims_folder(root) / "doomed.yaml").write_text(claim("doomed", colour="white"), encoding="utf-8")
    template = root / "theme" / "rating.html"
    template.write_text(BROKEN + template.read_text(encoding="utf-8"), encoding="utf-8")


def mend(root: Path) -> None:
    (claims_folder(root) / "doomed.yaml").unlink()
    template = root / "theme" / "rating.html"
    template.write_text(template.read_text(encoding="utf-8").removeprefix(BROKEN), encoding="utf-8")


EDITS: dict[str, Callable[[Path, int], None]] = {
    "a rebuild fails": fail_a_rebuild,
    "change a claim": change_claim,
    "reword a claim": reword_claim,
    "redate a claim": redate_claim,
    "change the claim others relate to": change_anchor,
    "add a claim": add_claim,
    "delete a claim": delete_claim,
    "rename a claim": rename_claim,
    "change a registry": change_registry,
    "change a template": change_template,
    "change a setting": change_setting,
    "change an interface string": change_strings,
}


# -- builds -----------------------------------------------------------------------------------------


@contextmanager
def own_plugins() -> Iterator[None]:
    """MkDocs keeps one plugin object per process for plugins that live across `serve` rebuilds:
    give this block objects of its own, and leave the others as they were."""
    option = dict(MkDocsConfig._schema)["plugins"]
    kept = option.plugin_cache  # type: ignore[attr-defined]
    option.plugin_cache = {}  # type: ignore[attr-defined]
    try:
        yield
    finally:
        option.plugin_cache = kept  # type: ignore[attr-defined]


def serve_config(root: Path, site_dir: Path) -> MkDocsConfig:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = SERVE_URL
    return config


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file in ``folder`` with its bytes, and every folder (None): an output that is no
    longer made must be gone, and the folder it leaves empty too."""
    found = {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}
    assert sum(1 for content in found.values() if content is not None) > 30
    return found


def cold_build(root: Path, fresh: Path) -> dict[str, bytes | None]:
    """The site a first `mkdocs serve` build writes from a copy of ``root`` in ``fresh``."""
    shutil.copytree(root, fresh / "src", ignore=shutil.ignore_patterns(".counterclaim-cache"))
    with own_plugins():
        config = serve_config(fresh / "src", fresh / "site")
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config, serve_url=SERVE_URL)
        finally:
            config.plugins.on_shutdown()
    return snapshot(fresh / "site")


@EXAMPLES
# A counter-claim by the other claimant added to the anchor, no page added or removed: their
# page, which a rebuild under serve may keep, must list it.
@example(steps=[("change a claim", 21), ("change a claim", 22)])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 50)), min_size=2, max_size=4))
def test_after_any_edits_the_rebuilt_site_is_the_cold_build_s(tmp_path_factory, steps):
    with source_date():
        check_edits(tmp_path_factory.mktemp("edits"), steps)


def test_after_an_edit_of_a_claims_words_only_the_pages_that_show_it_are_looked_at(tmp_path):
    """Under `mkdocs serve` an edit that changes a claim's words, not where it is listed, is
    loaded, published and written narrowly: the claim's file alone is read again, and only the
    pages that show the claim are digested and rendered; the site is still the cold build's."""
    with source_date():
        root = write_site(
            tmp_path / "site-source",
            claims={ANCHOR: claim(ANCHOR), "first": claim("first"), "second": claim("second", claimant="other-group")},
            claimants={"sample-person": CLAIMANT, "other-group": OTHER},
            extra_languages=("es",),
        )
        time.sleep(0.1)  # the registries' statuses can be trusted (see build.seen)
        served = tmp_path / "served"
        with own_plugins():
            config = serve_config(root, served)
            config.plugins.on_startup(command="serve", dirty=False)
            plugin = config.plugins["counterclaim"]
            try:
                build(config, serve_url=SERVE_URL)
                pages = len(plugin.direct)
                time.sleep(0.1)
                reword_claim(root, 4)  # "first"
                build(serve_config(root, served), serve_url=SERVE_URL)
                assert plugin.build.publication.changed == {"first"}
                looked_at = plugin.build.dependents.of({"first"})
                # Its page in each language, and the lists that show it (its claimant's, its
                # rating's, its topic's, the claims list's later pages): not every page.
                assert 2 <= len(looked_at) < pages
                assert {plugin.direct[i][1].url for i in looked_at} >= {"claims/first/", "es/claims/first/"}
                incremental = snapshot(served)
                reword_claim(root, 3)  # the anchor, which the others relate to: their pages show it
                build(serve_config(root, served), serve_url=SERVE_URL)
                urls = {plugin.direct[i][1].url for i in plugin.build.dependents.of({ANCHOR})}
                assert {"claims/first/", "claims/second/", f"claims/{ANCHOR}/"} <= urls
                again = snapshot(served)
            finally:
                config.plugins.on_shutdown()
        assert b"Reworded 3" in again[f"claims/{ANCHOR}/index.html"]
        assert b"Reworded 3" in again["claims/first/index.html"]
        cold = cold_build(root, tmp_path / "cold")
        assert again == cold
        assert incremental != again


@contextmanager
def source_date() -> Iterator[None]:
    """Builds read no clock (the date is set for this test alone, not for the others in this process)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1790000000"
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def check_edits(work: Path, steps: list[tuple[str, int]]) -> None:
    root = write_site(
        work / "site-source",
        claims={ANCHOR: claim(ANCHOR), "first": claim("first"), "second": claim("second", claimant="other-group")},
        claimants={"sample-person": CLAIMANT, "other-group": OTHER},
        extra_languages=("es",),
    )
    # The registries' statuses can be trusted from the first build on (see build.seen): the
    # rebuilds after it may be narrowed to the claims an edit changed.
    time.sleep(0.06)
    served = work / "served"
    with own_plugins():
        config = serve_config(root, served)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config, serve_url=SERVE_URL)
            for number, (edit, n) in enumerate(steps):
                EDITS[edit](root, n)
                if edit == "a rebuild fails":
                    with pytest.raises(Exception, match="no_such_thing"):
                        build(serve_config(root, served), serve_url=SERVE_URL)
                    assert (served / "claims" / "doomed" / "index.html").is_file()
                    mend(root)
                build(serve_config(root, served), serve_url=SERVE_URL)
                incremental = snapshot(served)
                cold = cold_build(root, work / f"cold-{number}")
                assert incremental.keys() == cold.keys(), f"after {steps[: number + 1]}"
                different = [name for name in cold if cold[name] != incremental[name]]
                assert not different, f"after {steps[: number + 1]}: {different[:5]}"
        finally:
            config.plugins.on_shutdown()
