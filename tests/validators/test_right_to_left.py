"""A site in Arabic (main, at /) and English (/en/), from short test data (tests/arabic.py), read
in headless Chromium: pages run right to left and their layout is mirrored (the header's site
name and the main column's text on the right), a claimant's name, a date and a number keep their
order in mixed text, in Arabic and on the English pages; the validators that check the example
site pass here too (Nu, axe in light and dark, the charts' measurements, search).

Screenshots of each page measured, at 390 and 1366 px, are saved in a temporary folder, whose
name is printed (run pytest with -s to see it)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from test_accessibility import axe
from test_html import vnu_errors

# conftest puts tests/ on the path, where the Arabic site's data is.
from arabic import SEARCHES, write_arabic_site
from conftest import _build, in_chromium, serving

PAGES = [
    "",
    "en/",
    "claims/hospital-beds/",
    "claims/europe-visas/",
    "en/claims/hospital-beds/",
    "en/claims/europe-visas/",
]
WIDTHS = (390, 1366)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(write_arabic_site(tmp_path_factory.mktemp("arabic") / "s"))


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    with serving(built) as base:
        yield base


@pytest.fixture(scope="module")
def measured(served: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return measure(served, PAGES, tmp_path_factory.mktemp("right-to-left-screenshots"))


def measure(base: str, pages: list[str], shots: Path) -> dict[str, Any]:
    """Where rtl.mjs finds the parts of each page at each width, with a screenshot of each in
    ``shots`` (its name printed: run pytest with -s to see it)."""
    found: dict[str, Any] = in_chromium("rtl.mjs", base, [str(shots), *pages])
    print(f"screenshots: {shots}")
    assert len(list(shots.glob("*.png"))) == len(pages) * len(WIDTHS)
    assert set(found) == {f"{page} @{width}" for page in pages for width in WIDTHS}
    return found


def test_arabic_pages_run_right_to_left_and_english_ones_left_to_right(measured):
    for key, page in measured.items():
        english = key.startswith("en/")
        assert (page["lang"], page["dir"]) == (("en", "ltr") if english else ("ar", "rtl")), key
        assert page["switcher"] == [{"lang": "ar", "dir": "rtl"} if english else {"lang": "en", "dir": "ltr"}], key
        assert page["width"] <= page["viewport"], f"{key} scrolls sideways"


def test_the_layout_is_mirrored_right_to_left(measured):
    for width in WIDTHS:
        for path in ("", "claims/hospital-beds/"):
            assert_mirrored(measured[f"{path} @{width}"], "rtl")
            assert_mirrored(measured[f"en/{path} @{width}"], "ltr")


def assert_mirrored(page: dict[str, Any], direction: str) -> None:
    """The site's name starts the header (on the right right to left, the languages to its left)
    and the main column's heading starts at the column's starting edge."""
    start = "right" if direction == "rtl" else "left"
    assert page["siteName"][start] == pytest.approx(page["main"][start], abs=1), page
    assert page["heading"][start] == pytest.approx(page["main"][start], abs=1), page
    if direction == "rtl":
        assert page["languages"]["right"] < page["siteName"]["left"], page
    else:
        assert page["languages"]["left"] > page["siteName"]["right"], page


def _reads(boxes: list[dict[str, float]], direction: str) -> bool:
    """Whether the boxes, each on the same line as the next, come one after another in reading
    order: each to the left of the next (left to right), or to the right of it."""
    for before, after in itertools.pairwise(boxes):
        assert abs(before["top"] - after["top"]) < 4, (before, after)  # on one line
        if direction == "rtl" and not before["left"] > after["right"]:
            return False
        if direction == "ltr" and not before["right"] < after["left"]:
            return False
    return True


def test_a_claimants_name_a_date_and_a_number_keep_their_order_in_mixed_text(measured):
    for width in WIDTHS:
        # The claimant's Arabic name, then the date: right to left on the Arabic page, and on the
        # English page left to right ("منشورات الفيسبوك, 15 February 2025", never "15 ,منشورات
        # الفيسبوك February 2025").
        arabic, english = measured[f"claims/hospital-beds/ @{width}"], measured[f"en/claims/hospital-beds/ @{width}"]
        assert _reads([arabic["name"], arabic["date"]], "rtl"), arabic
        assert _reads([english["name"], english["date"]], "ltr"), english
        # A figure: who states it, the number, and as of when.
        figure = arabic["figure"]
        if figure["date"]["top"] - figure["amount"]["top"] < 4:
            assert _reads([figure["name"], figure["amount"], figure["date"]], "rtl"), figure
        else:  # the whole date went to the next line
            assert _reads([figure["name"], figure["amount"]], "rtl"), figure
        assert _reads([english["figure"]["name"], english["figure"]["amount"]], "ltr"), english["figure"]
        # A Latin name heading Arabic text, and an Arabic claim on an English page.
        for path in ("claims/europe-visas/", "en/claims/europe-visas/"):
            assert _reads([measured[f"{path} @{width}"]["name"], measured[f"{path} @{width}"]["date"]], "rtl"), path


def test_the_right_to_left_site_is_valid_html(built: Path):
    assert len(list(built.rglob("*.html"))) > 20
    errors = vnu_errors(built)
    assert errors == [], "\n".join(errors[:50])


def test_the_right_to_left_pages_have_no_accessibility_violation(served: str):
    paths = [*PAGES, "claims/", "topics/", "ratings/", "search/?q=" + quote("اوروبا")]
    results = axe(served, paths)
    assert len(results) == 2 * len(paths)
    assert {page: violations for page, violations in results.items() if violations} == {}


def test_right_to_left_chart_text_never_overlaps_and_is_never_cut(served: str):
    paths = ["claims/hospital-beds/", "en/claims/hospital-beds/"]
    found = in_chromium("charts.mjs", served, paths)
    layouts = {key: value for key, value in found.items() if "@" in key}
    assert len(layouts) == 2 * 5 and all(layout["texts"] >= 8 for layout in layouts.values()), layouts
    problems = [f"{key}: {problem}" for key, layout in layouts.items() for problem in layout["problems"]]
    assert not problems, "\n".join(problems[:60])
    for scheme in ("light", "dark"):
        assert [found[f"{path} {scheme}"]["problems"] for path in paths] == [[], []]


def test_a_search_in_arabic_finds_what_was_written_another_way(served: str):
    searches = [f"search/?q={quote(query)}" for query, _ in SEARCHES]
    browsed = in_chromium("search.mjs", served, ["--search", *searches, "--boxes", "", "claims/hospital-beds/"])
    for (query, expected), path in zip(SEARCHES, searches, strict=True):
        report = browsed["searches"][path]
        assert report["errors"] == [], query
        assert sorted(report["results"]) == sorted(f"{served}claims/{claim}/" for claim in expected), query
        # The count in the plural form Arabic gives it: one or two in words, more as a number.
        assert report["status"] == {1: "وجدنا تحققًا واحدًا", 2: "وجدنا تحققين"}[len(expected)], query
    assert all(box["placeholder"] <= box["box"] and box["page"] <= box["window"] for box in browsed["boxes"].values())
