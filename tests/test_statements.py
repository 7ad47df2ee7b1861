"""A statement is either the claimant's exact words or our summary of them, and readers, the
structured data and the export are told which. One small bilingual site, built once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CLAIM, CLAIMANT, write_site
from samples import build_site

#: The sample claim, in two languages, as the claimant's exact words: the source that reports
#: them is in English, so the Spanish page shows our translation.
QUOTED = (
    CLAIM.replace("id: sample-claim", "id: quoted")
    .replace(
        "statement: The sky is green.",
        "statement: {en: The sky is green today., es: Hoy el cielo es verde.}\nexact: true",
    )
    .replace(
        "short: Sample Person says the sky is green",
        "short: {en: Sample Person says the sky is green, es: Sample Person dice que el cielo es verde}",
    )
    .replace(
        "summary: Observers agree the sky is blue.[^almanac]",
        "summary:\n  en: Observers agree the sky is blue.[^almanac]\n  es: Los observadores lo ven azul.[^almanac]",
    )
    .replace(
        "analysis: |\n  Observers report a blue sky.[^almanac] The claim was made on the radio.[^interview]",
        "analysis:\n  en: Observers report a blue sky.[^almanac] It was said on the radio.[^interview]\n"
        "  es: Los observadores ven un cielo azul.[^almanac] Se dijo en la radio.[^interview]",
    )
    .replace(
        "    url: https://radio.example.org/interview\n",
        "    url: https://radio.example.org/interview\n    language: en\n",
    )
    .replace(
        "published: 2026-01-10\n",
        "published: 2026-01-10\ncounter_claims:\n"
        "  - claimant: sample-person\n    statement: The sky was blue at noon.\n    exact: true\n"
        "    said: {source: almanac}\n    sources: [interview]\n"
        "  - claimant: sample-person\n    statement: Observers saw a *blue* sky.[^almanac]\n    sources: [almanac]\n",
    )
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(
        tmp_path_factory.mktemp("statements") / "s",
        claims={"sample-claim": CLAIM, "quoted": QUOTED},
        claimants={"sample-person": CLAIMANT},
        extra_languages=("es",),
    )
    return build_site(root)


def _page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _review(page: BeautifulSoup) -> dict[str, object]:
    script = page.select_one('script[type="application/ld+json"]')
    assert script is not None
    data: dict[str, object] = json.loads(script.string or "")
    return data


def test_a_statement_is_our_summary_unless_marked_exact_and_says_so(site: Path):
    said = _page(site, "claims/sample-claim").select_one(".statement .said")
    assert said is not None
    assert said.get_text(" ", strip=True).startswith("In our words: The sky is green.")
    assert said.select("q") == [], "a summary is never shown as a quotation"


def test_exact_words_are_shown_as_a_quotation_with_their_source(site: Path):
    page = _page(site, "claims/quoted")
    said = page.select_one(".statement .said")
    assert said is not None
    assert said.select_one("small").get_text() == "In their words:"
    assert said.select_one("q").get_text() == "The sky is green today."
    cite = said.select_one('a[href^="#s-"]')
    assert cite is not None and cite["href"] == "#s-interview"


def test_exact_words_shown_in_another_language_than_their_source_are_marked_as_our_translation(site: Path):
    said = _page(site, "es/claims/quoted").select_one(".statement .said")
    assert said is not None
    assert said.select_one("small").get_text() == "En sus palabras, traducidas por nosotros:"
    assert said.select_one("q").get_text() == "Hoy el cielo es verde."


def test_a_counter_claims_exact_words_cite_where_they_were_said(site: Path):
    cards = _page(site, "claims/quoted").select(".statement-card:not(.is-claim)")
    assert len(cards) == 2
    quoted, summary = cards
    assert quoted.select_one("q").get_text() == "The sky was blue at noon."
    # Where it was said (the almanac) is cited first, then its other source.
    sources = [a["href"] for a in quoted.select('a[href^="#s-"]')]
    assert sources == ["#s-almanac", "#s-interview"]
    assert summary.select("q") == []
    assert "In our words: Observers saw a blue sky." in summary.get_text(" ", strip=True)


def test_a_claimant_page_says_which_statements_are_their_words_and_which_are_ours(site: Path):
    cited = _page(site, "claimants/sample-person").select_one('[aria-labelledby="cited-heading"]')
    assert cited is not None
    items = [li.select_one(".claim-meta").get_text(" ", strip=True) for li in cited.select("li")]
    assert "In their words: The sky was blue at noon." in items
    assert "In our words: Observers saw a blue sky." in items


def test_the_claim_review_gives_the_short_form_and_only_exact_untranslated_words_as_the_claims_text(site: Path):
    quoted = _review(_page(site, "claims/quoted"))
    assert quoted["claimReviewed"] == "Sample Person says the sky is green"
    item = quoted["itemReviewed"]
    assert isinstance(item, dict) and item["text"] == "The sky is green today."
    translated = _review(_page(site, "es/claims/quoted"))
    assert translated["claimReviewed"] == "Sample Person dice que el cielo es verde"
    assert "text" not in translated["itemReviewed"]  # type: ignore[operator]
    summary = _review(_page(site, "claims/sample-claim"))
    assert summary["claimReviewed"] == "Sample Person says the sky is green"
    assert "text" not in summary["itemReviewed"]  # type: ignore[operator]


def test_the_export_says_which_statements_are_exact_words(site: Path):
    exported = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    claims = {c["id"]: c for c in exported["claims"]}
    assert claims["quoted"]["exact"] is True
    assert [c["exact"] for c in claims["quoted"]["counter_claims"]] == [True, False]
    assert claims["sample-claim"]["exact"] is False


def test_who_says_what_sets_the_claim_beside_counter_claims_and_is_left_out_when_there_are_none(site: Path):
    quoted = _page(site, "claims/quoted")
    assert len(quoted.select("section[aria-labelledby=statements-heading] .statement-card")) == 3
    assert quoted.select_one('nav.toc a[href="#statements-heading"]') is not None
    # Alone, the claim's card would only repeat the page's heading.
    alone = _page(site, "claims/sample-claim")
    assert alone.select_one(".statement .said") is not None
    assert alone.select(".statement-card, #statements-heading, nav.toc a[href='#statements-heading']") == []
