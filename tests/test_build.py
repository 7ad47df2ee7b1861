"""Real MkDocs builds of real sites in temporary folders, asserted on the HTML they write."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from conftest import CITATION_MARKS, CLAIM, CLAIMANT, write_site
from counterclaim.render.i18n import direction
from samples import build_site, found


def read(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_example_site

    root = copy_example_site(tmp_path_factory.mktemp("example"))
    return build_site(root)


def claim_ids(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "data" / "claims").glob("*.yaml"))


# -- the example site -----------------------------------------------------------------------


def test_the_example_site_has_a_page_per_claim_at_its_permanent_address(example: Path):
    ids = claim_ids(example.parent)
    assert len(ids) >= 6
    for claim_id in ids:
        page = read(example, f"claims/{claim_id}")
        assert page.select_one("article.claim h1").get_text(strip=True)
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical == f"https://example.org/claims/{claim_id}/"


def test_the_example_site_has_its_index_claimant_rating_and_content_pages(example: Path):
    for url in ("claims", "claimants", "claimants/foro-penal", "ratings", "methodology", "about", "corrections-policy"):
        assert (example / url / "index.html").is_file(), url
    assert (example / "index.html").is_file()
    assert (example / "404.html").is_file()


def test_a_claim_page_shows_claim_verdict_counter_claims_figures_and_sources(example: Path):
    page = read(example, "claims/government-808-released")
    article = page.select_one("article.claim")
    assert article.h1.get_text(strip=True) == "Government says it has released 808 political prisoners"
    assert "808 political prisoners" in article.select_one(".statement .said").get_text()
    claimant = article.select_one(".statement .meta a")
    assert claimant.get_text() == "Government of Venezuela"
    assert claimant["href"] == "../../claimants/venezuelan-government/"
    assert article.select_one(".verdict .badge").get_text() == "Misleading"
    cards = article.select(".statement-card")
    assert [c.h3.get_text(strip=True) for c in cards] == ["Government of Venezuela", "Foro Penal"]
    assert [c.select_one(".amount").find(string=True).strip() for c in cards] == ["808", "383"]
    # Each figure is a line that opens onto what it counts, over which period, how, and where.
    figures = article.select(".figure-list > details")
    assert len(figures) == 7
    assert figures[1].summary.get_text() == "Foro Penal: 383, as of 26 January 2026"
    assert "All are numbers of political prisoners released." in article.select_one(".claim .note").get_text()
    details = [
        (dt.get_text(), dd.get_text(" ", strip=True))
        for dt, dd in zip(figures[1].select("dt"), figures[1].select("dd"), strict=True)
    ]
    assert details[:3] == [
        ("What is counted", "Releases Foro Penal had verified since December."),
        ("Period counted", "December 2025 to 26 January 2026"),
        ("Method", "Verification of individual cases by the organisation."),
    ]
    assert details[3][0] == "Sources" and details[3][1].startswith("[")
    assert "since 8 January" in article.select_one(".analysis").get_text()


def test_citations_and_sources_link_to_each_other_on_every_claim_page(example: Path):
    for claim_id in claim_ids(example.parent):
        page = read(example, f"claims/{claim_id}")
        ids = [tag["id"] for tag in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"duplicate ids on {claim_id}"
        marks = page.select(CITATION_MARKS)
        assert marks
        entries = page.select(".sources > ol > li")
        numbers = {li["id"]: str(place) for place, li in enumerate(entries, start=1)}  # an <ol> counts from 1
        assert page.select_one(".sources > ol").get("start") is None
        for mark in marks:
            target = mark["href"].removeprefix("#")
            assert target in numbers, f"{claim_id}: {mark} points nowhere"
            assert mark.get_text() == f"[{numbers[target]}]"
        first_numbers = []
        for mark in marks:
            number = int(mark.get_text().strip("[]"))
            if number not in first_numbers:
                first_numbers.append(number)
        assert first_numbers == sorted(first_numbers), f"{claim_id}: sources not numbered in reading order"
        for entry in entries:
            backrefs = [a["href"].removeprefix("#") for a in entry.select(".backrefs a")]
            assert backrefs and all(page.find(id=b) for b in backrefs)
            # One link is named by its own label, several by their group's: the label the page
            # writes once for them all.
            named = entry.select_one(".backrefs[aria-labelledby]") or entry.select_one(".backrefs a[aria-labelledby]")
            assert named is not None
            label = page.find(id=named["aria-labelledby"])
            assert label is not None and label.get_text(strip=True)
        for chart in page.select("figure.chart"):
            # The drawing is hidden from screen readers; the caption describes it, the table lists it.
            assert chart.select("[aria-hidden=true]") and chart.figcaption.get_text(strip=True)


def test_a_source_without_a_known_address_says_so(example: Path):
    page = read(example, "claims/independent-count-60-to-116")
    entries = page.select(".sources > ol > li")
    unknown = [li for li in entries if li.select_one(".link-status")]
    assert unknown
    for entry in unknown:
        assert "address of this source was not recorded" in entry.get_text()
        assert not [a for a in entry.find_all("a") if not a["href"].startswith("#")]


def test_claims_stay_out_of_the_global_nav(example: Path):
    page = read(example, "claims")
    nav_links = [a["href"] for a in page.select("header nav:not(.languages) a")]
    assert nav_links
    assert not [href for href in nav_links if "/claims/" in href or href.startswith("government")]
    index_links = [a["href"] for a in page.select(".claim-list a.claim-title")]
    assert sorted(index_links) == sorted(f"{claim_id}/" for claim_id in claim_ids(example.parent))


def _executable_scripts(page: BeautifulSoup) -> list:
    return [tag for tag in page.find_all("script") if tag.get("type") != "application/ld+json"]


def test_the_example_site_loads_nothing_from_other_origins(example: Path):
    for html in found(example.rglob("*.html"), at_least=20):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(["link", "img", "iframe", "script"]):
            ref = tag.get("href") or tag.get("src") or ""
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not ref.startswith(("http:", "https:", "//")), f"{html}: {tag}"


def test_only_the_search_page_runs_a_script_and_it_is_our_own_file(example: Path):
    for html in found(example.rglob("*.html"), at_least=20):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        scripts = _executable_scripts(page)
        if html.parent.name == "search":
            assert [s["src"] for s in scripts] == [
                "../assets/search.js" if html.parent.parent == example else "../../assets/search.js"
            ]
            assert not scripts[0].string
        else:
            assert scripts == [], html


def check_editions(site: Path, site_url: str, languages: tuple[str, ...]) -> int:
    """Assert that every page of ``site`` has the language switcher and hreflang links: each
    language's counterpart of the page (or, where it has none, that language's home, with no
    hreflang), the main language as x-default, every address a file of the site. The 404 page,
    served at any address, leads to each language's home and claims no counterparts.
    Returns how many pages were checked."""
    main = languages[0]
    pages = sorted(site.rglob("*.html"))
    assert pages
    for html in pages:
        path = html.relative_to(site).as_posix()
        address = path.removesuffix("index.html")
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        language = page.html["lang"]
        own = address.removeprefix(f"{language}/") if language != main else address
        switcher = page.select("nav.languages li")
        assert [li.select_one("[lang]")["lang"] for li in switcher] == list(languages), path
        # Each other language's name is written in that language, with its direction.
        for entry in page.select("nav.languages a"):
            assert entry["dir"] == direction(entry["lang"]), path
        current = page.select_one("nav.languages [aria-current]")
        assert current is not None and current["lang"] == language, path
        hreflang = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
        if path == "404.html":
            assert hreflang == {}, path
            assert page.select_one('meta[name="robots"]')["content"] == "noindex"
            hrefs = [a["href"] for a in page.select("nav.languages a")]
            assert hrefs == [f"/{lang}/" for lang in languages if lang != language], path
            continue
        for link in page.select("nav.languages a"):
            target = urljoin(f"https://host/{address}", link["href"]).removeprefix("https://host/")
            other = link["lang"]
            counterpart = own if other == main else f"{other}/{own}"
            assert (site / target / "index.html").is_file(), f"{path}: {link}"
            if (site / counterpart / "index.html").is_file():
                assert target == counterpart, f"{path}: {link} should lead to /{counterpart}"
                assert hreflang[other] == site_url + counterpart, path
            else:
                assert target in (f"{other}/" if other != main else "", f"{other}/claims/"), path
                assert other not in hreflang, path
        assert hreflang[language] == site_url + address, path
        assert hreflang["x-default"] == hreflang[main], path
        for href in hreflang.values():
            assert (site / href.removeprefix(site_url) / "index.html").is_file(), f"{path}: {href}"
    return len(pages)


def test_every_page_of_the_example_has_the_language_switcher_and_hreflang(example: Path):
    assert check_editions(example, "https://example.org/", ("en", "es")) > 60


# -- small sites built from text --------------------------------------------------------------


def dated(claim_id: str, date: str) -> str:
    return CLAIM.replace("id: sample-claim", f"id: {claim_id}").replace("published: 2026-01-10", f"published: {date}")


def test_the_claims_index_lists_newest_first_on_pages_of_the_configured_size(tmp_path: Path):
    claims = {
        "older": dated("older", "2026-01-10"),
        "newest": dated("newest", "2026-03-01"),
        "middle": dated("middle", "2026-02-01"),
    }
    site = build_site(write_site(tmp_path / "s", claims=claims))
    first = read(site, "claims")
    assert [a["href"] for a in first.select("a.claim-title")] == ["newest/", "middle/"]
    assert first.select_one('.pager a[rel="next"]')["href"] == "page/2/"
    second = read(site, "claims/page/2")
    assert [a["href"] for a in second.select("a.claim-title")] == ["../../older/"]
    assert second.select_one('.pager a[rel="prev"]')["href"] == "../../"
    assert "Page 2 of 2" in second.select_one(".pager").get_text()


def test_a_claimant_page_lists_their_claims_with_counts_per_rating(tmp_path: Path):
    site = build_site(write_site(tmp_path / "s"))
    page = read(site, "claimants/sample-person")
    assert page.h1.get_text() == "Sample Person"
    assert [a["href"] for a in page.select("a.claim-title")] == ["../../claims/sample-claim/"]
    assert page.select_one(".rating-counts").get_text(" ", strip=True) == "False 1"
    assert "only the claims this site chose to check" in page.get_text()


def test_the_rating_scale_page_lists_every_rating_in_order(tmp_path: Path):
    site = build_site(write_site(tmp_path / "s"))
    page = read(site, "ratings")
    assert [b.get_text() for b in page.select("dt .badge")] == ["Accurate", "False", "Unverifiable"]
    # In plain words: the scale runs between its best and worst labels, the others say why a
    # claim cannot be placed on it. Positions are numbers for machines, never shown.
    assert [h.get_text() for h in page.select("main h2")] == [
        "From Accurate to False",
        "When the evidence cannot settle it",
    ]
    text = page.get_text(" ")
    assert "Position" not in text and "numeric" not in text
    css = (site / "assets" / "ratings.css").read_text()
    assert ".rating-false-claim{--rating-bg:#b91c1c;--rating-ink:#ffffff}" in css


def test_a_rating_page_says_what_the_rating_means_and_where_it_stands_in_words(tmp_path: Path):
    site = build_site(write_site(tmp_path / "s", extra_languages=("es",)))
    words = {
        "ratings/accurate": "The best rating on our scale, above “False”.",
        "ratings/false-claim": "The worst rating on our scale, below “Accurate”.",
        "ratings/unverifiable": "It is not a step on our scale from “Accurate” to “False”",
        "es/ratings/unverifiable": "No es un grado de nuestra escala de «Verdadero» a «Falso»",
    }
    for url, sentence in words.items():
        main = read(site, url).select_one("main")
        assert main is not None
        assert sentence in main.get_text(" "), url
    unverifiable = read(site, "ratings/unverifiable").select_one("main")
    assert unverifiable.select_one(".rating-description").get_text() == "No one can tell."


def test_hostile_text_in_data_reaches_readers_only_as_text(tmp_path: Path):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    claim = (
        CLAIM.replace("statement: The sky is green.", f"statement: '{payload}'")
        .replace("short: Sample Person says the sky is green", "short: '\"><svg onload=alert(3)>'")
        .replace("summary: Observers agree the sky is blue.[^almanac]", f'summary: "{payload}[^almanac]"')
        .replace("    title: An interview", f"    title: '{payload}'")
    )
    claimant = CLAIMANT.replace("name: Sample Person", f"name: '{payload}'")
    site = build_site(write_site(tmp_path / "s", claims={"sample-claim": claim}, claimants={"sample-person": claimant}))
    for url in ("claims/sample-claim", "claims", "claimants/sample-person", "claimants"):
        page = read(site, url)
        assert _executable_scripts(page) == [], url
        assert page.find("img") is None, url
        assert page.find("svg") is None, url
        assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)], url
    page = read(site, "claims/sample-claim")
    assert payload in page.select_one(".statement .said").get_text()
    assert page.title.get_text().startswith('"><svg onload=alert(3)>')


def test_a_spanish_site_uses_spanish_strings_and_dates(tmp_path: Path):
    english = CLAIM.replace("claimant: sample-person", "language: en\nclaimant: sample-person")
    site = build_site(write_site(tmp_path / "s", language="es", claims={"sample-claim": english}))
    page = read(site, "claims/sample-claim")
    assert page.html["lang"] == "es"
    assert page.select_one(".verdict h2").get_text(" ", strip=True).startswith("Nuestra calificación")
    assert page.select_one(".verdict .badge").get_text() == "Falso"
    assert page.select_one(".dates time").get_text() == "10 de enero de 2026"
    assert page.select_one(".sources time").get_text() == "5 de enero de 2026"
    assert page.select_one("article.claim")["lang"] == "en"
    assert "aún no está traducida" in page.select_one(".notice").get_text()


def test_a_content_page_in_the_way_of_a_generated_page_is_refused(tmp_path: Path, caplog):
    root = write_site(tmp_path / "s")
    (root / "content" / "claims").mkdir()
    (root / "content" / "claims" / "index.md").write_text("# Mine\n")
    with pytest.raises(Abort):
        build_site(root)
    assert "claims/index.md is in the way of a file counterclaim generates at /claims/" in caplog.text


# -- broken data stops the build ---------------------------------------------------------------

BROKEN = [
    ("duplicate key", "rating: false-claim", "rating: false-claim\nrating: accurate", 8, 1, "'rating' appears twice"),
    (
        "unknown reference",
        "claimant: sample-person",
        "claimant: someone-else",
        2,
        11,
        "there is no claimant 'someone-else'",
    ),
    (
        "undefined footnote",
        "blue sky.[^almanac]",
        "blue sky.[^almanak]",
        11,
        31,
        "the footnote [^almanak] does not name a source",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "line", "column", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_data_stops_the_build_and_leaves_the_previous_site(
    tmp_path, caplog, name, old, new, line, column, words
):
    root = write_site(tmp_path / "s")
    site = build_site(root)
    before = {p: p.read_bytes() for p in found(site.rglob("*.html"), at_least=5)}
    (root / "data" / "claims" / "sample-claim.yaml").write_text(CLAIM.replace(old, new), encoding="utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(root)
    assert f"data/claims/sample-claim.yaml:{line}:{column}: error: {words}" in caplog.text
    after = {p: p.read_bytes() for p in site.rglob("*.html")}
    assert after == before


def test_the_mkdocs_command_fails_with_every_problem_and_its_position(example_site: Path):
    target = example_site / "data" / "claims" / "government-808-released.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("rating: misleading", "rating: misleading\nrating: false-claim")
    text = text.replace("266 since 8 January.[^la-nacion-2026-01-26]", "266 since 8 January.[^la-nacion]")
    target.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=example_site, capture_output=True, text=True, env=env
    )
    assert result.returncode != 0
    line = text.split("\n").index("rating: false-claim") + 1
    assert f"data/claims/government-808-released.yaml:{line}:1: error: 'rating' appears twice" in result.stderr
    assert not (example_site / "site").exists()


def test_the_mkdocs_command_reports_an_undefined_footnote_at_its_place(example_site: Path):
    target = example_site / "data" / "claims" / "government-808-released.yaml"
    text = target.read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines) if "266 since 8 January.[^la-nacion-2026-01-26]" in line)
    column = lines[number].index("[^") + 1
    target.write_text(text.replace("266 since 8 January.[^la-nacion-2026-01-26]", "266 since 8 January.[^la-nacion]"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=example_site, capture_output=True, text=True)
    assert result.returncode != 0
    expected = f"data/claims/government-808-released.yaml:{number + 1}:{column}: error: the footnote [^la-nacion]"
    assert expected in result.stderr


def test_a_strict_build_that_fails_on_a_warning_leaves_the_previous_site(tmp_path):
    root = write_site(tmp_path / "s")
    site = build_site(root)
    before = {p: p.read_bytes() for p in found((p for p in site.rglob("*") if p.is_file()), at_least=5)}
    (root / "content" / "broken.md").write_text("# Broken\n\n[nowhere](missing.md)\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode != 0 and "missing.md" in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == [".site.lock"]


def test_a_build_replaces_the_site_as_a_whole(tmp_path):
    root = write_site(tmp_path / "s")
    site = build_site(root)
    (site / "stray.html").write_text("left over from an older build")
    build_site(root)
    assert not (site / "stray.html").exists()
    assert (site / "claims" / "sample-claim" / "index.html").is_file()


def test_every_example_claim_page_weighs_under_30_kb_with_its_stylesheets(example: Path):
    """Readers on slow phone connections: a claim page and the CSS it loads, under 30,000 bytes."""
    pages = list(example.glob("claims/*/index.html")) + list(example.glob("es/claims/*/index.html"))
    assert len(pages) == 2 * len(claim_ids(example.parent))
    for page in pages:
        styles = [
            example / link["href"].lstrip("./")
            for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select('link[rel="stylesheet"]')
        ]
        assert len(styles) == 2 and all(style.is_file() for style in styles)
        weight = page.stat().st_size + sum(style.stat().st_size for style in styles)
        assert weight < 30_000, f"{page.relative_to(example)}: {weight:,} bytes"
