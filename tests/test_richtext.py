"""Markdown from claim files: citations numbered once per page, and hostile text kept inert."""

from __future__ import annotations

import time

from bs4 import BeautifulSoup

from conftest import CITATION_MARKS
from counterclaim.load.markdown import scan
from counterclaim.render.richtext import PageText


def page() -> PageText:
    return PageText(lambda target: f"../{target}/")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_citations_are_numbered_in_reading_order_across_fragments():
    text = page()
    first = soup(text.inline("Said it[^b]"))
    second = soup(text.block("Evidence[^a] and again[^b]"))
    third = soup(text.cite(["a", "c"]))
    marks = [a.get_text() for part in (first, second, third) for a in part.select(CITATION_MARKS)]
    assert marks == ["[1]", "[2]", "[1]", "[2]", "[3]"]
    assert [(c.number, c.key) for c in text.citations()] == [(1, "b"), (2, "a"), (3, "c")]


def test_each_citation_links_to_its_source_and_each_source_back_to_every_citation():
    text = page()
    html = text.block("One[^a] two[^a] three[^b]")
    links = soup(html).select(CITATION_MARKS)
    assert [a["href"] for a in links] == ["#s-a", "#s-a", "#s-b"]
    citations = text.citations()
    assert citations[0].anchor == "s-a"
    assert citations[0].backrefs == tuple(a["id"] for a in links[:2])
    assert citations[1].backrefs == (links[2]["id"],)
    assert len({a["id"] for a in links}) == 3


def test_ids_keep_to_the_forms_no_template_id_takes():
    text = page()
    html = text.block("x[^a-source] y[^weird-label] z[^a-source]")
    ids = [tag["id"] for tag in soup(html).find_all(id=True)]
    assert ids == ["c1-1", "c2-1", "c1-2"]
    assert [c.anchor for c in text.citations()] == ["s-a-source", "s-weird-label"]


def test_a_label_that_is_not_a_source_key_never_reaches_an_id():
    html = page().block('x[^"onmouseover=alert(1)]')
    anchor = soup(html).select_one(CITATION_MARKS)
    assert anchor["id"] == "c1-1"
    assert "onmouseover" not in anchor.attrs


def test_raw_html_is_shown_as_text():
    html = page().block('<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b>')
    parsed = soup(html)
    assert parsed.find("script") is None and parsed.find("img") is None and parsed.find("b") is None
    assert "<script>alert(1)</script>" in parsed.get_text()


def test_only_http_https_and_mailto_links_become_links():
    html = page().block(
        "[a](https://ok.example.org) [b](mailto:desk@example.org) [c](javascript:alert(1)) "
        "[d](JaVaScRiPt:alert(1)) [e](data:text/html,x) [f](vbscript:x) [g](/root) [h](#top) "
        "[i](&#106;avascript:alert(1))"
    )
    hrefs = [a["href"] for a in soup(html).find_all("a")]
    assert hrefs == ["https://ok.example.org", "mailto:desk@example.org"]


def test_outward_links_do_not_pass_the_referrer_or_the_opener():
    html = page().block("[a](https://ok.example.org)")
    assert soup(html).a["rel"] == ["noopener", "noreferrer"]


def test_images_are_not_loaded():
    html = page().block("![tracker](https://tracker.example.org/pixel.gif)")
    assert soup(html).find("img") is None


def test_claim_links_point_at_the_other_claims_page():
    html = page().block("See [that one](claim:other-claim).")
    assert soup(html).a["href"] == "../other-claim/"


def test_scan_reports_citations_claim_links_and_refused_links_in_order():
    found = scan("A[^x] [b](claim:y) [c](javascript:z) B[^x] [d](ftp://files)")
    assert found.citations == ["x", "x"]
    assert found.claim_links == ["y"]
    assert found.refused_links == ["javascript:z", "ftp://files"]


def test_footnote_definitions_in_text_are_not_a_second_way_to_define_sources():
    found = scan("Text[^a]\n\n[^a]: a definition written in the text\n")
    assert found.citations == ["a", "a"]


def test_text_made_of_citation_starts_is_read_in_linear_time():
    # mdit-py-plugins looks for the "]" of each "[^" to the end of the text: quadratic time (this
    # text took minutes).
    start = time.monotonic()
    found = scan("[^" * 20_000 + "x]")
    assert time.monotonic() - start < 10
    assert len(found.citations) == 1  # only a "[^" close enough to the "]" starts a citation


def test_a_citation_label_longer_than_any_source_key_is_text():
    assert scan("[^" + "k" * 201 + "]").citations == []
    assert scan("[^" + "k" * 200 + "]").citations == ["k" * 200]


def test_text_made_of_brackets_is_read_in_linear_time():
    start = time.monotonic()
    scan("[" * 30_000)
    scan("[" * 20_000 + "]" * 20_000)
    assert time.monotonic() - start < 10
