"""The site `counterclaim new site x --language ar --language en` writes, as written: valid HTML
(Nu), no accessibility violation (axe, light and dark), and in headless Chromium its Arabic pages
run right to left with the layout mirrored, its English ones left to right, and the claimant's
name and the date of the example claim in reading order.

Screenshots of each page measured, at 390 and 1366 px, are saved in a temporary folder, whose
name is printed (run pytest with -s to see it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_accessibility import axe
from test_html import vnu_errors
from test_right_to_left import WIDTHS, _reads, assert_mirrored, measure

from conftest import _build, serving
from counterclaim.cli import main

PAGES = ["", "en/", "claims/example-claim/", "en/claims/example-claim/", "about/", "en/about/"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("newsroom") / "x"
    assert main(["new", "site", str(root), "--language", "ar", "--language", "en"]) == 0
    return _build(root)


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    with serving(built) as base:
        yield base


@pytest.fixture(scope="module")
def measured(served: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return measure(served, PAGES, tmp_path_factory.mktemp("new-site-screenshots"))


def test_a_new_sites_pages_are_valid_html(built: Path):
    assert len(list(built.rglob("*.html"))) > 20
    errors = vnu_errors(built)
    assert errors == [], "\n".join(errors[:50])


def test_a_new_sites_pages_have_no_accessibility_violation(served: str):
    paths = [*PAGES, "claims/", "ratings/", "corrections-policy/", "en/methodology/"]
    results = axe(served, paths)
    assert len(results) == 2 * len(paths)
    assert {page: violations for page, violations in results.items() if violations} == {}


def test_a_new_sites_arabic_pages_run_right_to_left_mirrored(measured):
    for key, page in measured.items():
        english = key.startswith("en/")
        assert (page["lang"], page["dir"]) == (("en", "ltr") if english else ("ar", "rtl")), key
        assert page["width"] <= page["viewport"], f"{key} scrolls sideways"
        assert_mirrored(page, "ltr" if english else "rtl")
    for width in WIDTHS:
        arabic, english = measured[f"claims/example-claim/ @{width}"], measured[f"en/claims/example-claim/ @{width}"]
        assert _reads([arabic["name"], arabic["date"]], "rtl"), arabic
        assert _reads([english["name"], english["date"]], "ltr"), english
