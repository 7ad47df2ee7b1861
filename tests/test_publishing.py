"""What readers and crawlers get: structured data, feeds, corrections, charts, lists, search,
exports and two languages, asserted on real builds of small sites."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from conftest import CITATION_MARKS, CLAIM, CLAIMANT, write_site
from counterclaim.publish import search
from counterclaim.publish.exports import json_pieces
from samples import found
from test_build import build_site, check_editions, read

ATOM = "{http://www.w3.org/2005/Atom}"

FIGURES = """\
figure:
  value: 400
  qualifier: more-than
  unit: people released
  definition: Not stated.
  as_of: 2026-01-09
  sources: [interview]
counter_claims:
  - claimant: other-group
    statement: They counted 60 to 116.[^almanac]
    sources: [almanac]
    figure:
      low: 60
      high: 116
      unit: people released
      as_of: 2026-01-09
      series: group-count
      sources: [almanac]
figures:
  - stated_by: other-group
    value: 426
    unit: people released
    as_of: 2026-02-09
    series: group-count
    sources: [almanac]
"""

OTHER = "id: other-group\nname: Other Group\nkind: organisation\nwikidata: https://www.wikidata.org/wiki/Q42\n"
CLAIMANTS = {"sample-person": CLAIMANT, "other-group": OTHER}

CORRECTED = CLAIM.replace(
    "published: 2026-01-10",
    "published: 2026-01-10\nupdated: 2026-03-02\ncorrections:\n"
    "  - date: 2026-02-01\n    text: We misdated the interview.[^interview]\n"
    "  - date: 2026-03-02\n    text: The rating was wrong.\n    previous_rating: unverifiable\n",
)


def claim(claim_id: str, date: str = "2026-01-10", extra: str = "", base: str = CLAIM) -> str:
    text = base.replace("id: sample-claim", f"id: {claim_id}").replace("published: 2026-01-10", f"published: {date}")
    return text + extra


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in page.find_all("script", type="application/ld+json")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    claims = {
        "sample-claim": claim("sample-claim", extra=FIGURES),
        "corrected": claim("corrected", "2026-01-20", base=CORRECTED),
        "third": claim("third", "2026-02-01").replace("rating: false-claim", "rating: unverifiable"),
    }
    root = write_site(
        tmp_path_factory.mktemp("publishing") / "s",
        claims=claims,
        claimants=CLAIMANTS,
        mkdocs_extra="repo_url: https://github.com/example-org/checks\n",
    )
    return build_site(root)


# -- ClaimReview -------------------------------------------------------------------------------------


def test_each_claim_page_has_exactly_one_claim_review_with_googles_required_fields(site: Path):
    for claim_id in ("sample-claim", "corrected", "third"):
        page = read(site, f"claims/{claim_id}")
        reviews = [d for d in json_ld(page) if d.get("@type") == "ClaimReview"]
        assert len(reviews) == 1
        review = reviews[0]
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert review["url"] == canonical == f"https://checks.example.org/claims/{claim_id}/"
        assert review["claimReviewed"] == "Sample Person says the sky is green"
        assert review["reviewRating"]["alternateName"]
        assert review["author"] == {
            "@type": "Organization",
            "name": "Test Checkers",
            "url": "https://checks.example.org/",
        }


def test_the_review_describes_the_claim_its_author_and_where_it_appeared(site: Path):
    review = json_ld(read(site, "claims/sample-claim"))[0]
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 2,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Sample Person"}
    assert item["appearance"]["url"] == "https://radio.example.org/interview"
    assert item["appearance"]["datePublished"] == "2026-01-05"
    assert review["datePublished"] == "2026-01-10"


def test_a_verdict_outside_the_scale_gets_no_rating_numbers(site: Path):
    rating = json_ld(read(site, "claims/third"))[0]["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_no_other_page_carries_a_claim_review(site: Path):
    for html in found(site.rglob("*.html"), at_least=5):
        if html.parent.parent.name == "claims" and html.parent.name != "page":
            continue
        assert json_ld(BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")) == [], html


def test_script_closing_text_in_data_cannot_break_out_of_the_json_ld(tmp_path: Path):
    hostile = CLAIM.replace(
        "short: Sample Person says the sky is green", "short: 'Says </script><script>alert(1)</script> <!--'"
    )
    site = build_site(write_site(tmp_path / "s", claims={"sample-claim": hostile}))
    page = read(site, "claims/sample-claim")
    blocks = page.find_all("script")
    assert [b.get("type") for b in blocks] == ["application/ld+json"]
    assert json.loads(blocks[0].string)["claimReviewed"] == "Says </script><script>alert(1)</script> <!--"


def test_a_withheld_source_address_appears_nowhere(tmp_path: Path):
    withheld = CLAIM.replace("    url: https://radio.example.org/interview\n", "    link: withheld\n").replace(
        "    archive_url: https://web.archive.org/web/20260105/https://radio.example.org/interview\n", ""
    )
    site = build_site(write_site(tmp_path / "s", claims={"sample-claim": withheld}))
    for path in found(p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json")):
        if path.is_file():
            assert "radio.example.org" not in path.read_text(encoding="utf-8"), path
    entry = read(site, "claims/sample-claim").select_one(".sources li")
    assert "withheld to protect" in entry.get_text()


# -- page metadata ----------------------------------------------------------------------------------


def test_every_page_has_a_canonical_link_and_link_preview_metadata(site: Path):
    for html in found(site.rglob("index.html"), at_least=5):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith("https://checks.example.org/"), html
        assert page.select_one('meta[property="og:url"]')["content"] == canonical
        assert page.select_one('meta[property="og:title"]')["content"]
        assert page.select_one('meta[name="twitter:card"]')["content"] == "summary"
    claim_page = read(site, "claims/sample-claim")
    assert claim_page.select_one('meta[property="og:type"]')["content"] == "article"
    assert claim_page.select_one('meta[name="description"]')["content"] == "Observers agree the sky is blue."


def test_links_inside_the_site_are_relative_so_it_works_from_a_mirror_or_a_sub_path(site: Path):
    for html in found(site.rglob("index.html"), at_least=5):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(["a", "link", "script", "form"]):
            ref = tag.get("href") or tag.get("src") or tag.get("action") or ""
            assert not ref.startswith("/"), f"{html}: {tag}"
            if ref.startswith("https://checks.example.org"):
                assert tag.name == "link" or tag.get("rel") == ["alternate"], f"{html}: {tag}"


def test_edit_and_intake_links_point_at_the_repository(site: Path):
    page = read(site, "claims/sample-claim")
    edit = page.select_one(".page-actions a")
    assert edit["href"] == "https://github.com/example-org/checks/edit/main/data/claims/sample-claim.yaml"
    footer = {a.get_text(): a["href"] for a in page.select("footer a")}
    assert footer["Suggest a claim"] == "https://github.com/example-org/checks/issues/new?template=suggest-a-claim.yml"
    # On a claim page, "report an error" is among the page's own actions, not again in the footer.
    assert "Report an error" not in footer
    report = page.select(".page-actions a")[-1]
    assert report.get_text() == "Report an error"
    assert report["href"] == (
        "https://github.com/example-org/checks/issues/new?template=report-an-error.yml"
        "&page=https%3A%2F%2Fchecks.example.org%2Fclaims%2Fsample-claim%2F"
    )
    listing = {a.get_text(): a["href"] for a in read(site, "claims").select("footer a")}
    assert listing["Report an error"].endswith("&page=https%3A%2F%2Fchecks.example.org%2Fclaims%2F")
    assert page.select_one("footer .contact") is None  # no address configured


def test_without_a_repository_there_are_no_edit_or_intake_links(tmp_path: Path):
    page = read(build_site(write_site(tmp_path / "s")), "claims/sample-claim")
    assert page.select_one(".page-actions a") is None
    assert "Suggest a claim" not in page.select_one("footer").get_text()


# -- feeds -------------------------------------------------------------------------------------------


def test_the_claims_feed_lists_newest_first_with_the_verdict(site: Path):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "https://checks.example.org/claims/third/",
        "https://checks.example.org/claims/corrected/",
        "https://checks.example.org/claims/sample-claim/",
    ]
    first = entries[0]
    assert first.findtext(f"{ATOM}summary").startswith("Unverifiable. Observers agree")
    assert first.find(f"{ATOM}link").get("href") == "https://checks.example.org/claims/third/"
    assert first.findtext(f"{ATOM}updated") == "2026-02-01T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2026-03-02T00:00:00Z"


def test_the_corrections_feed_has_an_entry_per_correction_newest_first(site: Path):
    entries = ET.parse(site / "corrections.xml").getroot().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "https://checks.example.org/claims/corrected/#correction-2",
        "https://checks.example.org/claims/corrected/#correction-1",
    ]
    assert entries[0].findtext(f"{ATOM}summary") == (
        "The rating was wrong. The rating before this correction was: Unverifiable."
    )
    assert entries[1].findtext(f"{ATOM}summary") == "We misdated the interview."


# -- corrections -------------------------------------------------------------------------------------


def test_a_corrected_claim_shows_its_dated_corrections_and_the_old_rating(site: Path):
    page = read(site, "claims/corrected")
    items = page.select(".corrections li")
    assert [li["id"] for li in items] == ["correction-1", "correction-2"]
    assert items[0].select_one("time")["datetime"] == "2026-02-01"
    assert items[1].select_one(".badge").get_text() == "Unverifiable"
    cite = items[0].select_one(CITATION_MARKS)
    assert page.find(id=cite["href"].removeprefix("#"))


def test_the_corrections_page_lists_every_correction_newest_first(site: Path):
    page = read(site, "corrections")
    items = page.select(".correction-list > li")
    assert [li.select_one("time")["datetime"] for li in items] == ["2026-03-02", "2026-02-01"]
    assert items[0].select_one("a.claim-title")["href"] == "../claims/corrected/"
    cite = items[1].select_one(CITATION_MARKS)
    assert cite["href"] == "../claims/corrected/#s-interview"
    assert not cite.get("id")


# -- charts ------------------------------------------------------------------------------------------


def test_a_claim_with_figures_has_charts_described_by_their_captions_and_the_figures_listed_beside_them(site: Path):
    page = read(site, "claims/sample-claim")
    figures = page.select("figure.chart")
    assert len(figures) == 2
    comparison, timeline = figures
    for figure in figures:
        # The drawing is for the eye; its caption says what it shows and that the list has it all.
        assert [d["aria-hidden"] for d in figure.find_all(recursive=False) if d.name != "figcaption"] == ["true"]
    assert "list below" in comparison.figcaption.get_text() and "list above" in timeline.figcaption.get_text()
    rows = comparison.select(".cmp > div")
    assert [row.b.get_text() for row in rows] == ["Sample Person", "Other Group", "Other Group"]
    assert [" ".join(row.span.get_text().split()) for row in rows if row.span] == [
        "as of 9 January 2026",
        "as of 9 January 2026",
        "as of 9 February 2026",
    ]
    assert [t.get_text() for t in comparison.select(".cmp > div text")] == ["more than 400", "60 to 116", "426"]
    assert len(comparison.select(".cmp > div > svg > rect")) == 1  # the range 60 to 116 is a bar
    assert comparison.select("path.s")  # "more than" is an arrow
    assert [b.get_text() for b in timeline.select(".lg b")] == ["Other Group"]
    assert [t.get_text() for t in timeline.select("text:not(.d)")] == ["60 to 116", "426"]
    # The comparison, then each figure to open, then the timeline, itself to open.
    assert page.select_one("figure.chart + p.note + .figure-list + details.timeline > figure.chart") is not None
    assert len(page.select(".figure-list details")) == 3


def test_each_party_keeps_its_mark_on_both_charts_of_a_page(site: Path):
    page = read(site, "claims/sample-claim")
    comparison, timeline = page.select("figure.chart")
    marks = {row.b.get_text(): row.svg["class"] for row in comparison.select(".cmp > div")}
    assert marks["Sample Person"] != marks["Other Group"]
    assert timeline.select_one(".lg svg")["class"] == marks["Other Group"]
    assert timeline.select_one("svg.tl g")["class"] == marks["Other Group"]


def test_a_claim_without_figures_has_no_chart(site: Path):
    assert read(site, "claims/third").select("svg") == []


# -- browsing ----------------------------------------------------------------------------------------


def test_rating_topic_and_claimant_pages_list_claims_in_pages(site: Path):
    weather = read(site, "topics/weather")
    assert [a["href"] for a in weather.select("a.claim-title")] == ["../../claims/third/", "../../claims/corrected/"]
    assert read(site, "topics/weather/page/2").select("a.claim-title")[0]["href"] == "../../../../claims/sample-claim/"
    assert [a.get_text() for a in read(site, "ratings/false-claim").select("a.claim-title")] == [
        "Sample Person says the sky is green"
    ] * 2
    assert (site / "claimants" / "sample-person" / "page" / "2" / "index.html").is_file()
    assert read(site, "topics").select_one(".claimant-list li").get_text(" ", strip=True) == "Weather 3 fact-checks"


def test_a_claimant_who_only_counters_is_listed_with_where_they_are_cited(site: Path):
    page = read(site, "claimants/other-group")
    assert "We have not checked a claim by this claimant" in page.get_text()
    assert [a["href"] for a in page.select("#cited-heading + ul a")] == ["../../claims/sample-claim/"]


def test_where_a_claimant_is_cited_is_listed_a_page_at_a_time(tmp_path: Path):
    # Cited by five claims, two a page: three pages, though they have no claim of their own
    # (a party cited by thousands would otherwise have a first page of megabytes).
    counter = "counter_claims:\n  - claimant: other-group\n    statement: Blue.[^almanac]\n    sources: [almanac]\n"
    countering = CLAIM.replace("sources:\n", counter + "sources:\n", 1)
    claims = {f"c{n}": countering.replace("id: sample-claim", f"id: c{n}") for n in range(5)}
    root = write_site(tmp_path / "s", claims=claims, claimants=CLAIMANTS)
    site = build_site(root)
    pages = [read(site, "claimants/other-group"), read(site, "claimants/other-group/page/2")]
    pages.append(read(site, "claimants/other-group/page/3"))
    cited = [[a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select("#cited-heading + ul a")] for page in pages]
    assert [len(names) for names in cited] == [2, 2, 1]
    assert sorted(name for names in cited for name in names) == [f"c{n}" for n in range(5)]
    assert all(page.select_one("nav.pager") is not None for page in pages)
    assert pages[0].select_one("nav.pager a[rel=next]")["href"] == "page/2/"
    assert not (site / "claimants" / "other-group" / "page" / "4").exists()


# -- search ------------------------------------------------------------------------------------------


def searched(folder: Path, query: str) -> list[str]:
    """The addresses search.js lists for ``query`` from the index in ``folder``."""
    result = search.lookup(folder, query)
    assert result.count == len(result.addresses)  # these sites are small
    return result.addresses


ALL = ["claims/third/", "claims/corrected/", "claims/sample-claim/"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sky green", ALL),  # the short form and the statement
        ("agree", ALL),  # the verdict's summary
        ("sample person", ALL),  # the claimant
        ("counted", ["claims/sample-claim/"]),  # a counter-claim's statement
        ("Other Group", ["claims/sample-claim/"]),  # who says it, and states a figure
        ("weather", ALL),  # the topic
        ("unverifiable", ["claims/third/"]),  # the rating
        ("SKY is GrEeN", ALL),  # whatever the capitals
        ("counts", ["claims/sample-claim/"]),  # a plural finds the singular and other forms
        ("radio", []),  # the analysis is not searched: it names most parties of a topic
        ("sky purple", []),  # every word must be found
    ],
)
def test_search_finds_a_claim_by_what_its_page_says_about_it(site: Path, query: str, expected: list[str]):
    assert searched(site / "search" / "data", query) == expected


def test_search_ignores_accents_in_the_index_and_in_the_query() -> None:
    entries = [
        search.Entry(["a"], frozenset(search.words("María Corina Machado says fewer than half[^nbc-news] were freed"))),
        search.Entry(["b"], frozenset(search.words("Excarcelación de presos políticos [Foro Penal](https://x.org)"))),
    ]
    assert "nbc" not in entries[0].words and "https" not in entries[1].words
    files = dict(search.files(entries, []))
    assert json.loads(files["d0.json"]) == [["a"], ["b"]]
    assert json.loads(files["w0.json"])["maria"] == [0]
    assert json.loads(files["w0.json"])["excarcelacion"] == [1]
    assert search.fold("MARÍA Corina, EXCARCELACIÓN, Ñandú") == "maria corina, excarcelacion, nandu"


def test_a_large_index_is_split_into_shards_that_each_hold_what_their_key_starts(monkeypatch) -> None:
    monkeypatch.setattr(search, "SHARD_BYTES", 120)
    vocabulary = [f"{a}{b}{c}" for a in "abc" for b in "deé" for c in ("", "x", "xyz", "xyzw")]
    entries = [search.Entry([n], frozenset(search.words(" ".join(vocabulary[n % 7 :: 5])))) for n in range(40)]
    files = dict(search.files(entries, []))
    keys = json.loads(files["index.json"])["shards"]
    assert len(keys) > 5 and "" in keys and any(len(key) > 1 for key in keys)
    placed: dict[str, str] = {}
    for number, key in enumerate(keys):
        for word in json.loads(files[f"w{number}.json"]):
            assert word.startswith(key) and word not in placed
            # A word is kept by the longest key it starts with.
            assert key == max((k for k in keys if word.startswith(k)), key=len)
            placed[word] = key
    assert set(placed) == {w for e in entries for w in e.words}


def test_the_search_page_works_as_a_plain_form_without_javascript(site: Path):
    page = read(site, "search")
    form = page.select_one("form.search-page-form")
    assert form["action"] == "./" and form.get("method", "get") == "get"
    assert form["data-index"] == "data/" and form["data-home"] == "../"
    fallback = [a["href"] for a in page.select(".search-fallback a")]
    assert fallback == ["../claims/", "../topics/", "../claimants/", "../ratings/"]
    header_form = read(site, "claims/sample-claim").select_one("header form.search-form")
    assert header_form["action"] == "../../search/"


# -- exports -----------------------------------------------------------------------------------------


def test_the_claims_export_holds_every_claim_with_its_figures_and_sources(site: Path):
    export = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in export["claims"]] == ["third", "corrected", "sample-claim"]
    sample = export["claims"][2]
    assert sample["url"] == "https://checks.example.org/claims/sample-claim/"
    assert sample["figure"]["value"] == 400 and sample["figure"]["qualifier"] == "more-than"
    assert sample["counter_claims"][0]["figure"]["low"] == 60
    assert sample["sources"]["interview"]["url"] == "https://radio.example.org/interview"
    assert sample["statement"] == {"en": "The sky is green."}


def test_the_data_feed_holds_every_claim_review(site: Path):
    feed = json.loads((site / "claimreview-feed.json").read_text(encoding="utf-8"))
    assert feed["@type"] == "DataFeed"
    assert sorted(e["url"] for e in feed["dataFeedElement"]) == [
        "https://checks.example.org/claims/corrected/",
        "https://checks.example.org/claims/sample-claim/",
        "https://checks.example.org/claims/third/",
    ]
    assert all(e["@type"] == "ClaimReview" for e in feed["dataFeedElement"])


# -- two languages -----------------------------------------------------------------------------------

SPANISH = (
    CLAIM.replace("claimant: sample-person", "language: en\nclaimant: sample-person")
    .replace(
        "short: Sample Person says the sky is green",
        "short:\n  en: Sample Person says the sky is green\n  es: Sample Person dice que el cielo es verde",
    )
    .replace("statement: The sky is green.", "statement: {en: The sky is green., es: El cielo es verde.}")
    .replace(
        "summary: Observers agree the sky is blue.[^almanac]",
        "summary:\n  en: Observers agree the sky is blue.[^almanac]\n"
        "  es: Los observadores coinciden en que es azul.[^almanac]",
    )
    .replace(
        "analysis: |\n  Observers report a blue sky.[^almanac] The claim was made on the radio.[^interview]",
        "analysis:\n  en: |\n    Observers report a blue sky.[^almanac] The claim was made on the radio.[^interview]\n"
        "  es: |\n    Se ve azul.[^almanac] Lo dijo en la radio.[^interview]",
    )
)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    claims = {"sample-claim": SPANISH, "untranslated": claim("untranslated")}
    root = write_site(tmp_path_factory.mktemp("bilingual") / "s", claims=claims, extra_languages=("es",))
    return build_site(root)


def test_every_page_exists_in_both_languages_with_lang_and_hreflang(bilingual: Path):
    for url in (
        "claims/sample-claim",
        "claims",
        "claimants/sample-person",
        "ratings",
        "topics",
        "search",
        "corrections",
    ):
        english, spanish = read(bilingual, url), read(bilingual, f"es/{url}")
        assert (english.html["lang"], spanish.html["lang"]) == ("en", "es")
        for page in (english, spanish):
            alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
            assert alternates == {
                "en": f"https://checks.example.org/{url}/",
                "es": f"https://checks.example.org/es/{url}/",
                "x-default": f"https://checks.example.org/{url}/",
            }
    switch = read(bilingual, "claims/sample-claim").select_one("nav.languages a")
    assert (switch["href"], switch["lang"], switch.get_text()) == ("../../es/claims/sample-claim/", "es", "Español")


def test_paginated_lists_and_pages_in_one_language_have_the_switcher_and_hreflang(tmp_path: Path):
    claims = {name: claim(name, f"2026-01-1{n}") for n, name in enumerate(("one", "two", "three"))}
    root = write_site(tmp_path / "s", claims=claims, extra_languages=("es",))
    (root / "content" / "about.md").write_text("# About\n\nOnly in English.\n", encoding="utf-8")
    site = build_site(root)
    assert (site / "es" / "claims" / "page" / "2" / "index.html").is_file()
    assert check_editions(site, "https://checks.example.org/", ("en", "es")) > 20
    # A page with no Spanish counterpart leads to the Spanish home, and claims no alternate.
    about = read(site, "about")
    assert about.select_one('nav.languages a[lang="es"]')["href"] == "../es/"
    assert [link["hreflang"] for link in about.select('link[rel="alternate"][hreflang]')] == ["en", "x-default"]


def test_a_site_in_one_language_has_no_language_switcher(site: Path):
    for url in ("", "claims", "claims/sample-claim"):
        page = read(site, url)
        assert page.select_one("nav.languages") is None
        assert page.select('link[rel="alternate"][hreflang]') == []


def test_a_translated_claim_has_its_own_review_in_each_language(bilingual: Path):
    spanish = read(bilingual, "es/claims/sample-claim")
    assert spanish.h1.get_text() == "Sample Person dice que el cielo es verde"
    review = json_ld(spanish)[0]
    assert review["url"] == "https://checks.example.org/es/claims/sample-claim/"
    assert review["inLanguage"] == "es"
    assert review["reviewRating"]["alternateName"] == "Falso"
    assert spanish.select_one(".notice") is None
    assert spanish.select_one(".dates time").get_text() == "10 de enero de 2026"


def test_an_untranslated_claim_says_so_and_points_to_the_original(bilingual: Path):
    spanish = read(bilingual, "es/claims/untranslated")
    assert "aún no está traducida" in spanish.select_one(".notice").get_text()
    assert spanish.select_one("article.claim")["lang"] == "en"
    assert spanish.select_one('link[rel="canonical"]')["href"] == "https://checks.example.org/claims/untranslated/"
    assert json_ld(spanish) == []
    assert len(json_ld(read(bilingual, "claims/untranslated"))) == 1


def test_each_language_has_its_own_feeds_and_search_index(bilingual: Path):
    feed = ET.parse(bilingual / "es" / "feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert "Sample Person dice que el cielo es verde" in titles
    index = json.loads((bilingual / "es" / "search" / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["ratings"][0] == ["accurate", "Verdadero"]


def test_each_language_searches_its_own_words(bilingual: Path):
    spanish, english = bilingual / "es" / "search" / "data", bilingual / "search" / "data"
    assert searched(spanish, "cielo VERDE") == ["claims/sample-claim/"]
    assert searched(english, "verde") == []
    assert searched(english, "green") == ["claims/untranslated/", "claims/sample-claim/"]
    # A claim not written in Spanish is shown, and found, in the language it was written in.
    assert searched(spanish, "green") == ["claims/untranslated/"]
    row = json.loads((spanish / "d0.json").read_text(encoding="utf-8"))[0]
    assert row[3] == "claims/untranslated/" and row[-1] == "en"


def test_the_spanish_menu_leads_to_spanish_pages(bilingual: Path):
    menu = read(bilingual, "es/claims").select("nav.main-nav a")
    titles = [a.get_text() for a in menu]
    assert titles[0] == "Inicio" and "Verificaciones" in titles and "Escala de calificaciones" in titles
    targets = [urljoin("https://checks.example.org/es/claims/", a["href"]) for a in menu]
    assert all(target.startswith("https://checks.example.org/es/") for target in targets), targets
    home = read(bilingual, "es")
    assert [a["href"] for a in home.select("a.claim-title")] == ["claims/untranslated/", "claims/sample-claim/"]


def intake_site(root: Path, options: str) -> Path:
    """A bilingual site without repo_url, with a contact page in each language and ``options``."""
    write_site(root, extra_languages=("es",), plugin_extra=options)
    (root / "content" / "contact.md").write_text("# Contact\n\nCall us.\n", encoding="utf-8")
    (root / "content" / "es" / "contact.md").write_text("# Contacto\n\nLlámenos.\n", encoding="utf-8")
    return build_site(root)


def links(page: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in page.select("footer a, .page-actions a")}


def test_without_a_repository_suggestions_and_reports_are_written_to_the_contact_address(tmp_path: Path):
    site = intake_site(tmp_path / "s", "      contact_email: editors@checks.example.org\n")
    english = links(read(site, "claims/sample-claim"))
    assert english["Suggest a claim"] == "mailto:editors@checks.example.org?subject=A%20claim%20to%20check"
    # The subject names the claim, so that the editors know which page is meant.
    assert english["Report an error"] == (
        "mailto:editors@checks.example.org?subject=Error%20report:%20Sample%20Person%20says%20the%20sky%20is%20green"
    )
    spanish = links(read(site, "es/claims/sample-claim"))
    assert (
        spanish["Sugerir una afirmación"]
        == "mailto:editors@checks.example.org?subject=Una%20afirmación%20que%20verificar"
    )
    assert spanish["Informar de un error"].startswith(
        "mailto:editors@checks.example.org?subject=Aviso%20de%20error:%20"
    )
    # Every page says where to write, the contact page included, which leads nowhere but there.
    for url in ("", "claims", "contact", "es/contact", "es/claims/sample-claim"):
        contact = read(site, url).select_one("footer .contact a")
        assert (contact["href"], contact.get_text()) == (
            "mailto:editors@checks.example.org",
            "editors@checks.example.org",
        )
        assert all(href.startswith("mailto:") for text, href in links(read(site, url)).items() if "a claim" in text)
    assert "mailto:editors@checks.example.org" in (site / "404.html").read_text(encoding="utf-8")


def test_without_a_repository_suggestions_and_reports_go_to_the_contact_form(tmp_path: Path):
    form = "https://forms.example.org/tips"
    site = intake_site(tmp_path / "s", f"      contact_url: {form}\n      contact_email: editors@checks.example.org\n")
    page = read(site, "claims/sample-claim")
    assert links(page)["Suggest a claim"] == links(page)["Report an error"] == form
    contact = [(a.get_text(), a["href"]) for a in page.select("footer .contact a")]
    assert contact == [("editors@checks.example.org", "mailto:editors@checks.example.org"), ("Contact form", form)]


def test_with_no_way_to_write_suggestions_and_reports_go_to_the_contact_page(tmp_path: Path):
    site = intake_site(tmp_path / "s", "")
    english = links(read(site, "claims/sample-claim"))
    assert english["Suggest a claim"] == english["Report an error"] == "../../contact/"
    spanish = links(read(site, "es/claims/sample-claim"))
    assert spanish["Sugerir una afirmación"] == "../../contact/"  # es/contact/, relative to es/claims/x/
    assert read(site, "claims").select_one("footer .contact") is None


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("contact_email: mailto:editors@example.org", "is not an e-mail address"),
        ("contact_email: editors", "is not an e-mail address"),
        ("contact_url: forms.example.org/tips", "must be a web address starting with https://"),
        ("contact_url: javascript:alert(1)", "must be a web address starting with https://"),
    ],
)
def test_a_contact_that_is_not_an_address_stops_the_build(tmp_path: Path, option: str, words: str, caplog):
    root = write_site(tmp_path / "s", plugin_extra=f"      {option}\n")
    with pytest.raises(Abort):
        build_site(root)
    assert words in caplog.text


def test_the_site_name_can_differ_by_language(tmp_path: Path):
    extra = "      site_names: {es: Sitio de prueba}\n"
    site = build_site(write_site(tmp_path / "s", extra_languages=("es",), mkdocs_extra="", plugin_extra=extra))
    assert read(site, "es/claims").select_one(".site-name").get_text() == "Sitio de prueba"
    assert read(site, "claims").select_one(".site-name").get_text() == "Test site"
    feed = ET.parse(site / "es" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}title").startswith("Sitio de prueba: ")


@pytest.mark.parametrize("count", [0, 1, 3])
def test_big_files_are_written_in_pieces_that_make_one_json_document(count: int) -> None:
    elements = [json.dumps({"n": n}) for n in range(count)]
    pieces = list(json_pieces({"name": "x", "list": [1]}, "items", iter(elements)))
    # Each element is a piece as it is (a rewrite under `mkdocs serve` compares them), with a
    # comma between them.
    assert len(pieces) == 2 + count + max(0, count - 1)
    assert [id(p) for p in pieces[1:-1:2]] == [id(e) for e in elements]
    assert json.loads("".join(pieces)) == {"name": "x", "list": [1], "items": [{"n": n} for n in range(count)]}
    assert json.loads("".join(json_pieces({}, "items", []))) == {"items": []}


def test_timeline_draws_a_value_known_only_to_the_month_or_year_across_it_and_a_day_as_a_point() -> None:
    from bs4 import BeautifulSoup as Soup

    from counterclaim.model.dates import PartialDate
    from counterclaim.render.charts import ChartWords, Point, timeline

    def point(when: str, value: float) -> Point:
        return Point(
            "Counter", "counter", 0, f"{value:g}", value, value, "exact", PartialDate.parse(when), when, "count"
        )

    months = ("January", "February", "March", "April", "May", "June", "July") + ("August",) * 5
    words = ChartWords("as of", lambda n: f"{n:g}", months, lambda d: f"{months[(d.month or 1) - 1]} {d.year}")
    # 1 January 2026 to 9 February 2026: 40 days; January is the first 31 of them.
    chart = Soup(
        str(timeline([point("2026-01-14", 72), point("2026-01", 104), point("2026-02-09", 426)], words)), "html.parser"
    )
    (bar,) = chart.select("svg.tl g rect")
    assert (bar["x"], bar["width"]) == ("0", "77.5%")
    assert [svg["x"] for svg in chart.select("svg.tl g svg")] == ["33.8%", "98.8%"]  # days, at their middles
    (line,) = chart.select("svg.tl g line")  # the line joins the days; it does not invent a day for the month
    assert (line["x1"], line["x2"]) == ("33.8%", "98.8%")
    year = Soup(str(timeline([point("2025", 15), point("2026-01-01", 30)], words)), "html.parser")
    (bar,) = year.select("svg.tl g rect")
    assert (bar["x"], bar["width"]) == ("0", "99.7%")  # 365 of 366 days


def test_timeline_values_drawn_too_close_to_label_apart_share_one_label() -> None:
    from bs4 import BeautifulSoup as Soup

    from counterclaim.model.dates import PartialDate
    from counterclaim.render.charts import ChartWords, Point, timeline

    def point(when: str, value: float) -> Point:
        return Point(
            "Counter", "counter", 0, f"{value:g}", value, value, "exact", PartialDate.parse(when), when, "count"
        )

    words = ChartWords("as of", lambda n: f"{n:g}", ["January"] * 12, lambda d: str(d.year))
    days = [point("2026-01-14", 0), point("2026-01-15", 12), point("2026-01-16", 13), point("2027-01-16", 900)]
    chart = Soup(str(timeline(days, words)), "html.parser")
    assert [t.get_text() for t in chart.select("svg.tl text:not(.d)")] == ["0 · 12 · 13", "900"]
