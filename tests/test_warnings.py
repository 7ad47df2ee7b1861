"""Quality warnings: what would make a valid claim stronger. They never stop a build.

Each case changes the warning-free sample claim in conftest.CLAIM and states which warnings a
contributor reads, and where.
"""

from __future__ import annotations

import datetime

import pytest

from conftest import CLAIM, RATINGS, TODAY
from counterclaim.check.quality import independent_sources
from counterclaim.model.claims import Source

ALMANAC = """\
  almanac:
    title: The almanac
    publisher: Almanac Press
    url: https://almanac.example.org/sky
    archive_url: https://web.archive.org/web/20260105/https://almanac.example.org/sky
"""


def claim_with(*changes: tuple[str, str]) -> str:
    text = CLAIM
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def warnings(result, code: str) -> list[tuple[int, int, str]]:
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    return [(d.line, d.column, d.message) for d in result.diagnostics if d.code == code and not d.is_error]


def codes(result) -> list[str]:
    return sorted(d.code for d in result.diagnostics)


# -- archived copies ------------------------------------------------------------------------


def test_a_source_with_an_address_but_no_archived_copy_is_warned_about_at_its_key(load):
    text = claim_with(("    archive_url: https://web.archive.org/web/20260105/https://almanac.example.org/sky\n", ""))
    found = warnings(load(claims={"sample-claim": text}), "source-without-archive")
    assert found == [
        (20, 3, "the source 'almanac' has no archived copy; if the page changes or disappears, readers cannot check it")
    ]


@pytest.mark.parametrize("link", ["unknown", "withheld"])
def test_a_source_without_an_address_needs_no_archived_copy(load, link):
    address = ALMANAC[ALMANAC.index("    url:") :]
    result = load(claims={"sample-claim": claim_with((address, f"    link: {link}\n"))})
    assert "source-without-archive" not in codes(result)
    assert codes(result) == []


# -- independent sources --------------------------------------------------------------------


def source(key: str, publisher: str | None = None, url: str | None = None) -> Source:
    return Source(key=key, publisher=publisher, url=url)


def test_sources_from_the_same_publisher_are_one_origin_whatever_the_spelling():
    groups = independent_sources([source("a", "Example Radio"), source("b", "  example   RADIO ")])
    assert [[s.key for s in group] for group in groups] == [["a", "b"]]


def test_sources_on_the_same_website_are_one_origin_with_or_without_www():
    groups = independent_sources(
        [source("a", url="https://www.example.org/one"), source("b", "Other name", "https://example.org/two")]
    )
    assert len(groups) == 1


def test_a_publisher_and_a_website_shared_in_a_chain_make_one_origin():
    chain = [
        source("a", "Radio", "https://radio.example.org/1"),
        source("b", "Radio Two", "https://two.example.org/1"),
        source("c", "Radio", "https://two.example.org/2"),
    ]
    assert [[s.key for s in g] for g in independent_sources(chain)] == [["a", "b", "c"]]


def test_different_publishers_on_different_websites_are_independent():
    groups = independent_sources([source("a", "Radio"), source("b", url="https://paper.example.org/x")])
    assert len(groups) == 2


def test_a_source_with_neither_publisher_nor_address_does_not_count():
    assert independent_sources([source("a"), source("b")]) == []


def test_a_rated_claim_with_one_independent_source_is_warned_about_at_sources(load):
    text = claim_with(("    publisher: Almanac Press", "    publisher: Example Radio"))
    found = warnings(load(claims={"sample-claim": text}), "too-few-sources")
    assert found == [
        (13, 1, "the rating 'false-claim' rests on only one independent source; a rating should rest on at least two")
    ]


def test_sources_that_cannot_be_told_apart_count_for_nothing(load):
    text = claim_with(
        ("    publisher: Example Radio\n", ""),
        ("    publisher: Almanac Press\n", ""),
        ("    url: https://radio.example.org/interview\n", "    link: withheld\n"),
        ("    archive_url: https://web.archive.org/web/20260105/https://radio.example.org/interview\n", ""),
        ("    url: https://almanac.example.org/sky\n", "    link: withheld\n"),
        ("    archive_url: https://web.archive.org/web/20260105/https://almanac.example.org/sky\n", ""),
    )
    found = warnings(load(claims={"sample-claim": text}), "too-few-sources")
    assert [message for _, _, message in found] == [
        "the rating 'false-claim' rests on no independent source; a rating should rest on at least two"
    ]


def test_a_rating_outside_the_scale_does_not_need_two_independent_sources(load):
    assert "id: unverifiable\n    position: null" in RATINGS
    text = claim_with(
        ("rating: false-claim", "rating: unverifiable"),
        ("    publisher: Almanac Press", "    publisher: Example Radio"),
    )
    assert "too-few-sources" not in codes(load(claims={"sample-claim": text}))


# -- figures --------------------------------------------------------------------------------

FIGURE = "figure:\n  value: 1200\n  unit: people\n  sources: [almanac]\n"


def test_a_figure_gets_one_warning_per_missing_detail_at_the_figure(load):
    text = claim_with(("topics: [weather]\n", "topics: [weather]\n" + FIGURE))
    result = load(claims={"sample-claim": text})
    found = [(d.line, d.column, d.code) for d in result.diagnostics]
    assert found == [
        (9, 1, "figure-without-definition"),
        (9, 1, "figure-without-as-of"),
        (9, 1, "figure-without-window"),
    ]
    assert all(not d.is_error for d in result.diagnostics)


def test_a_figure_with_its_details_has_no_warning(load):
    complete = FIGURE + ("  definition: People who looked up.\n  window: {end: 2026-01-05}\n  as_of: 2026-01-05\n")
    result = load(claims={"sample-claim": claim_with(("topics: [weather]\n", "topics: [weather]\n" + complete))})
    assert result.diagnostics == []


@pytest.mark.parametrize(
    ("declared", "left"),
    [
        ("[definition]", ["figure-without-as-of", "figure-without-window"]),
        ("[window, as_of]", ["figure-without-definition"]),
        ("[definition, window, as_of]", []),
    ],
)
def test_what_a_figure_says_its_sources_do_not_state_is_not_asked_for(load, declared, left):
    figure = FIGURE.replace("  sources:", f"  not_stated: {declared}\n  sources:")
    result = load(claims={"sample-claim": claim_with(("topics: [weather]\n", "topics: [weather]\n" + figure))})
    assert [d.code for d in result.diagnostics] == left


def test_figures_in_counter_claims_and_in_the_list_are_warned_about_at_their_own_place(load):
    extra = (
        "counter_claims:\n"
        "  - claimant: sample-person\n"
        "    statement: It is blue.[^almanac]\n"
        "    sources: [almanac]\n"
        "    figure: {low: 1, high: 2, unit: people, definition: d, as_of: 2026-01-05, sources: [almanac]}\n"
        "figures:\n"
        "  - stated_by: sample-person\n"
        "    value: 3\n"
        "    unit: people\n"
        "    definition: d\n"
        "    window: {start: 2026-01-01}\n"
        "    sources: [almanac]\n"
    )
    result = load(claims={"sample-claim": claim_with(("topics: [weather]\n", "topics: [weather]\n" + extra))})
    found = [(d.line, d.column, d.message) for d in result.diagnostics]
    assert found == [
        (13, 5, "the figure 1 to 2 does not say which period it counts"),
        (15, 5, "the figure 3 does not say when it was stated"),
    ]


# -- stale claims ---------------------------------------------------------------------------


def stale(published: str, source_published: str, *more: tuple[str, str]) -> str:
    return claim_with(
        ("published: 2026-01-10", f"published: {published}"),
        ("    published: 2026-01-05", f"    published: {source_published}"),
        *more,
    )


def test_a_claim_never_updated_whose_newest_source_is_over_a_year_old_is_warned_about(load):
    found = warnings(load(claims={"sample-claim": stale("2025-11-20", "2025-11-01")}), "stale-claim")
    assert found == [
        (
            12,
            12,
            "this fact-check was published on 2025-11-20 and never updated, and its newest source is from"
            " 2025-11-01; check whether it still holds",
        )
    ]


def test_a_claim_published_exactly_a_year_ago_is_not_yet_stale(load):
    a_year_ago = (TODAY - datetime.timedelta(days=365)).isoformat()
    assert "stale-claim" not in codes(load(claims={"sample-claim": stale(a_year_ago, "2025-11-01")}))


def test_an_updated_claim_is_not_stale(load):
    text = stale("2024-01-10", "2024-01-05", ("published: 2024-01-10", "published: 2024-01-10\nupdated: 2024-02-01"))
    assert "stale-claim" not in codes(load(claims={"sample-claim": text}))


def test_a_recent_source_keeps_an_old_claim_from_being_stale(load):
    assert "stale-claim" not in codes(load(claims={"sample-claim": stale("2025-01-10", "2026-01-05")}))


# -- warnings never stop a build ------------------------------------------------------------


def test_a_site_with_warnings_still_builds_even_in_strict_mode(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import write_site

    text = claim_with(
        ("short: Sample Person says the sky is green", "short: " + "x" * 80),
        ("topics: [weather]\n", "topics: [weather]\n" + FIGURE),
    )
    root = write_site(tmp_path / "s", claims={"sample-claim": text})
    # --strict, as in CI: a warning of ours must not become one of MkDocs' warnings either.
    config = load_config(config_file=str(root / "mkdocs.yml"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert (root / "site" / "claims" / "sample-claim" / "index.html").is_file()
