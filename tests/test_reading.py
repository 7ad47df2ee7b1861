"""What readers see: no raw markup on any page, in any edition, of the example site or of a
generated one. Each site is built once for the module, in a temporary folder, with real MkDocs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, copy_example_site
from rawmarkup import defects
from samples import build_site


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(copy_example_site(tmp_path_factory.mktemp("example")))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic site in two languages, from scripts/generate.py: data we did not write."""
    root = tmp_path_factory.mktemp("generated") / "site-source"
    command = [
        sys.executable,
        str(REPO / "scripts" / "generate.py"),
        str(root),
        "--claims",
        "24",
        "--languages",
        "en,es",
    ]
    subprocess.run(command, check=True, capture_output=True)
    return build_site(root)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _all_defects(site: Path) -> list[str]:
    found = []
    for page in _pages(site):
        found += [f"{page.relative_to(site)}: {d}" for d in defects(page.read_text(encoding="utf-8"))]
    return found


# -- the checker itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<p>Foro Penal had verified 72 releases.[^infobae-2026-01-14]</p>",
        "<p>The **official** figure</p>",
        "<p>See [the report](https://example.org/)</p>",
        "<p>{{ claim.short }}</p>",
        "<p>{% if x %}</p>",
        "<p>Said on None</p>",
        '<a href="None">the source</a>',
        "<p>undefined</p>",
        "<ul><li>- a list item written in Markdown</li></ul>",
        "<h2># Analysis</h2>",
        "<h2></h2>",
        "<p><a href='/x/'></a></p>",
        "<ul><li></li></ul>",
        "<table><tr><td> </td></tr></table>",
        "<p>&lt;em&gt;twice escaped&lt;/em&gt;</p>",
        '<input aria-label="[^key]">',
    ],
)
def test_the_checker_finds_each_kind_of_raw_markup(body: str):
    assert defects(f"<!doctype html><title>A page</title><main>{body}</main>")


def test_the_checker_accepts_a_clean_page_and_ignores_what_readers_do_not_see():
    html = (
        '<!doctype html><html lang="en"><head><title>A page</title>'
        '<script type="application/ld+json">{"name": "[^key] **x** None"}</script></head>'
        "<body><h1>Fact-check</h1><p>None of the counts agree, 60 to 116 - and more."
        '<a href="#s-a" aria-label="Source 1">[1]</a></p><p id="status" role="status"></p></body></html>'
    )
    assert defects(html) == []


def test_a_page_without_a_title_is_a_defect():
    assert defects("<!doctype html><p>Words</p>")
    assert defects("<!doctype html><title> </title><p>Words</p>")


# -- the sites -----------------------------------------------------------------------------


def test_no_page_of_the_example_site_shows_raw_markup_in_either_language(example: Path):
    pages = _pages(example)
    assert len(pages) > 50 and any(p.is_relative_to(example / "es") for p in pages)
    assert _all_defects(example) == []


def test_no_page_of_a_generated_site_shows_raw_markup_in_either_language(generated: Path):
    pages = _pages(generated)
    assert len(pages) > 50 and any(p.is_relative_to(generated / "es") for p in pages)
    # The generated counter-claims cite their sources in their own words, as [^key]: the
    # claimant pages list them, and must show them as words.
    listed = BeautifulSoup((generated / "claimants" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert listed.select("main a")
    # Some of its statements are exact words (shown as quotations), most are summaries.
    said = [
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select_one(".statement .said")
        for p in generated.glob("claims/*/index.html")
    ]
    assert any(s is not None and s.q for s in said) and any(s is not None and not s.q for s in said)
    assert _all_defects(generated) == []


def test_a_claimant_page_shows_what_they_said_elsewhere_without_citation_markup(example: Path):
    page = BeautifulSoup((example / "claimants/foro-penal/index.html").read_text(encoding="utf-8"), "html.parser")
    cited = page.select_one('[aria-labelledby="cited-heading"]')
    assert cited is not None
    text = cited.get_text(" ", strip=True)
    assert "Foro Penal had verified 72 releases by 14 January 2026." in text
    assert "[^" not in text


def test_the_rating_pages_say_where_a_rating_stands_in_words_not_positions(example: Path):
    debatable = BeautifulSoup((example / "ratings/debatable/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "it comes between “Accurate, with caveats” and “Misleading”" in debatable.get_text(" ")
    for scale in (example / "ratings/index.html", example / "es/ratings/index.html"):
        text = BeautifulSoup(scale.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        assert "Position" not in text and "Posición" not in text and "numérica" not in text


def _claim_pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("claims/*/index.html")) + sorted(site.glob("es/claims/*/index.html"))
    assert len(pages) >= 12
    return pages


def test_every_claim_page_has_a_contents_list_leading_to_each_part_in_order(example: Path):
    for page in _claim_pages(example):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        toc = soup.select_one("nav.toc")
        assert toc is not None and toc.get("aria-labelledby"), page
        targets = [a["href"].removeprefix("#") for a in toc.select("a")]
        assert "statements-heading" in targets and "analysis-heading" in targets and "sources-heading" in targets
        # Every entry leads to a heading on the page, in the order the page has them.
        headings = [h.get("id") for h in soup.select("article.claim h2[id]")]
        assert all(t in headings for t in targets), (page, targets)
        assert [h for h in headings if h in targets] == targets, page
        # It comes after the verdict and before the statements.
        ordered = [tag for tag in soup.select(".verdict, nav.toc, #statements-heading")]
        assert [t.name for t in ordered] == ["section", "nav", "h2"], page


def test_each_figure_opens_onto_what_it_counts_and_its_sources_and_the_timeline_is_secondary(example: Path):
    page = BeautifulSoup(
        (example / "claims/government-more-than-400-released/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    figures = page.select(".figure-list > details")
    assert len(figures) == 6
    undated = [f for f in figures if f.summary.time is None]
    assert len(undated) == 1 and "As of not stated" in undated[0].dl.get_text(" ", strip=True)
    for figure in figures:
        assert figure.get("open") is None  # closed until the reader opens it
        assert figure.summary.b.get_text()  # who states it, then the number
        labels = [dt.get_text() for dt in figure.select("dt")]
        # When the figure was given is in its line; where no source says, the details say so.
        dated = figure.summary.time is not None
        assert labels == ["What is counted", "Period counted", *([] if dated else ["As of"]), "Method", "Sources"]
        assert figure.select('dd a[href^="#s-"]'), "each figure cites its sources"
    # The comparison chart is shown; the same counts over time are there to open.
    assert page.select_one("section[aria-labelledby='figures-heading'] > figure svg") is not None
    timeline = page.select_one("details.timeline")
    assert timeline is not None and timeline.summary.get_text() == "The same counts over time"
    assert timeline.select_one("svg") is not None


def test_what_a_phone_leaves_out_of_the_menu_every_page_links_to_elsewhere(example: Path):
    # On a phone the menu hides its entries marked "x" (style.css), so each must be the page the
    # site's name leads to or one the footer lists; and the menu keeps at least one entry.
    checked = 0
    for page in _pages(example):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        menu = soup.select(".main-nav li")
        if not menu:
            continue
        elsewhere = {a["href"] for a in soup.select(".site-name, .site-footer nav a")}
        hidden = [li.a["href"] for li in menu if "x" in (li.get("class") or [])]
        assert set(hidden) <= elsewhere, f"{page.relative_to(example)}: {sorted(set(hidden) - elsewhere)}"
        assert len(hidden) < len(menu), f"{page.relative_to(example)}: a phone would show no menu"
        checked += bool(hidden)
    assert checked > 10
