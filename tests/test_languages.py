"""A site in Arabic and English, built once with real MkDocs from short test data (tests/arabic.py):
pages say their language and direction, text in another language says its own, dates, numbers,
plurals and language names come from CLDR, and search finds Arabic however it is written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from arabic import SEARCHES, write_arabic_site
from counterclaim.publish import search
from samples import THEME, build_site, found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(write_arabic_site(tmp_path_factory.mktemp("arabic") / "s"))


def read(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_page_says_its_language_and_direction(site: Path):
    for page in found(site.rglob("*.html"), at_least=20):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").html
        english = page.relative_to(site).parts[0] == "en"
        expected = {"lang": "en", "dir": "ltr"} if english else {"lang": "ar", "dir": "rtl"}
        assert {key: html[key] for key in ("lang", "dir")} == expected, page


def test_text_in_another_language_says_its_language_and_direction(site: Path):
    # Written only in Arabic, the claim is shown in Arabic on the English page, marked as such.
    page = read(site, "en/claims/europe-visas")
    article = page.select_one("article.claim")
    assert (article["lang"], article["dir"]) == ("ar", "rtl")
    notice = page.select_one(".notice")
    assert (notice["lang"], notice["dir"]) == ("en", "ltr")
    # So is its entry in the English lists, and each language's name in the switcher.
    listed = read(site, "en/claims").select_one('a.claim-title[href$="europe-visas/"]')
    assert (listed["lang"], listed["dir"]) == ("ar", "rtl")
    switcher = read(site, "claims/hospital-beds").select_one("nav.languages a")
    assert (switcher["lang"], switcher["dir"], switcher.get_text()) == ("en", "ltr", "English")
    assert read(site, "en/claims/hospital-beds").select_one("nav.languages a").get_text() == "العربية"
    # A source in English cited on an Arabic page.
    cite = read(site, "claims/hospital-beds").find("cite", string=re.compile("Hospital capacity"))
    assert (cite["lang"], cite["dir"]) == ("en", "ltr")


def test_names_in_mixed_text_are_isolated_and_an_embedding_left_open_ends_with_its_name(site: Path):
    page = read(site, "en/claims/hospital-beds")
    said = page.select_one(".statement .meta")
    assert said.a["dir"] == "auto" and said.a.get_text() == "منشورات الفيسبوك"
    assert said.get_text(" ", strip=True) == "منشورات الفيسبوك , 15 February 2025"
    assert [b.get_text() for b in page.select(".sources bdi")] == ["فيسبوك", "Ministry of Health"]
    # The council's name was written with an embedding (U+202B) that it never closes.
    html = (site / "claims" / "hospital-beds" / "index.html").read_text(encoding="utf-8")
    assert html.count("\u202bمجلس المدينة") == html.count("\u202bمجلس المدينة\u202c") > 0


def test_dates_numbers_plurals_and_language_names_come_from_cldr(site: Path):
    arabic, english = read(site, "claims/hospital-beds"), read(site, "en/claims/hospital-beds")
    assert arabic.select_one(".statement .meta time").get_text() == "15 فبراير 2025"
    assert english.select_one(".statement .meta time").get_text() == "15 February 2025"
    assert "حتى تاريخ ديسمبر 2024" in arabic.select_one(".chart").get_text(" ")
    assert [p.get_text() for p in arabic.select(".amount")][:2] == [
        "1,200 الادعاء الذي تحققنا منه",
        "3,400 يقول خلاف ذلك",
    ]
    assert "باللغة الإنجليزية." in arabic.select_one(".sources").get_text()
    assert "In Arabic." in english.select_one(".sources").get_text()
    # Arabic has six plural forms: two claims, one and two on a topic.
    assert read(site, "claims").select_one("main p").get_text().endswith("نشرنا تحققين.")
    counts = [li.select_one(".meta").get_text() for li in read(site, "topics").select(".claimant-list li")]
    assert counts == ["تحقق واحد", "تحققان"]  # health, then europe
    assert [li.get_text(" ", strip=True) for li in read(site, "en/topics").select(".claimant-list li")] == [
        "Health 1 fact-check",
        "Europe 2 fact-checks",
    ]
    og = arabic.select_one('meta[property="og:locale"]')["content"]
    assert og == "ar_EG"


def test_the_search_page_gives_the_browser_each_plural_form_and_the_locale(site: Path):
    form = read(site, "search").select_one("form.search-page-form")
    forms = {
        name.removeprefix("data-count-"): value for name, value in form.attrs.items() if name.startswith("data-count-")
    }
    assert set(forms) == {"zero", "one", "two", "few", "many", "other"}
    assert forms["few"] == "وجدنا {count} تحققات" and form["data-locale"] == "ar"


@pytest.mark.parametrize(("query", "expected"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_arabic_however_it_is_written(site: Path, query: str, expected: list[str]):
    found_ = search.lookup(site / "search" / "data", query)
    assert sorted(found_.addresses) == sorted(f"claims/{claim}/" for claim in expected)


def test_search_folds_the_same_way_in_python_and_in_the_browser():
    # search.js carries the same table of ignored marks and folded letters as search.py.
    script = (THEME / "assets" / "search.js").read_text(encoding="utf-8")
    marks = re.search(r"var MARKS = /\[(.*?)\]/gu;", script)
    folded = re.search(r"var FOLDED = (\{.*?\});", script)
    assert marks and folded
    ranges = []
    for low, high in re.findall(r"\\u\{?([0-9A-F]+)\}?(?:-\\u\{?([0-9A-F]+)\}?)?", marks.group(1)):
        ranges.append((int(low, 16), int(high or low, 16)))
    assert ranges == list(search.IGNORED_MARKS)
    table = json.loads(folded.group(1))
    assert {ord(k): v or None for k, v in table.items()} == search.FOLDED_LETTERS
    assert search.fold("أُوروبّـا مستشفى المدينة ٢٠٢٥") == "اوروبا مستشفي المدينه 2025"
    # Devanagari's vowel signs are letters of the word, not accents.
    assert search.words("हिन्दी समाचार") == {"हिन्दी", "समाचार"}
