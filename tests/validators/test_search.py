"""Search in headless Chromium, with the pages' Content-Security-Policy enforced, on the example
site served on 127.0.0.1: a reader's query finds every claim whose page names what they typed,
in their language, whatever the accents or capitals, and the header's search box shows its
whole placeholder at every width."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import yaml

from conftest import REPO, in_chromium

CLAIMS = REPO / "data" / "claims"


def text(value: object, language: str) -> str:
    """A data field in ``language`` (a claim gives its text in one language or in several)."""
    if isinstance(value, dict):
        return str(value.get(language) or next(iter(value.values())))
    return str(value or "")


def claims_naming(words: str, language: str) -> set[str]:
    """The example's claims whose short form, statement, summary, counter-claims, or the names
    of those who make them or state their figures, contain ``words`` in ``language``."""
    names = {
        path.stem: text(yaml.safe_load(path.read_text(encoding="utf-8"))["name"], language)
        for path in (REPO / "data" / "claimants").glob("*.yaml")
    }
    found = set()
    paths = sorted(CLAIMS.glob("*.yaml"))
    assert paths and names
    for path in paths:
        claim = yaml.safe_load(path.read_text(encoding="utf-8"))
        counters = claim.get("counter_claims", [])
        texts = [text(claim.get(k), language) for k in ("short", "statement", "summary")]
        texts += [text(c.get("statement"), language) for c in counters]
        parties = [claim["claimant"], *(c["claimant"] for c in counters)]
        parties += [f["stated_by"] for f in claim.get("figures", []) if "stated_by" in f]
        texts += [names[party] for party in parties]
        if words.lower() in " ".join(texts).lower():
            found.add(claim["id"])
    return found


SEARCHES = [
    ("search/?q=foro%20penal", "en", claims_naming("Foro Penal", "en")),
    ("search/?q=FORO%20Penal", "en", claims_naming("Foro Penal", "en")),
    ("es/search/?q=excarcelaciones", "es", claims_naming("excarcelaciones", "es")),
    ("search/?q=Maria%20Corina", "en", claims_naming("María Corina", "en")),
    ("es/search/?q=" + quote("MARÍA corina"), "es", claims_naming("María Corina", "es")),
    ("search/?q=excarcelaciones", "en", set()),  # a Spanish word, searched in English
]


@pytest.fixture(scope="module")
def browsed(served: str) -> dict:
    boxes = ["", "es/", "claims/government-808-released/", "es/claims/government-808-released/"]
    return in_chromium("search.mjs", served, ["--search", *(path for path, _, _ in SEARCHES), "--boxes", *boxes])


@pytest.mark.parametrize(("path", "language", "expected"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_a_search_lists_every_claim_that_names_what_was_typed(browsed: dict, served: str, path, language, expected):
    report = browsed["searches"][path]
    assert report["errors"] == []
    prefix = served + ("es/" if language == "es" else "")
    assert sorted(report["results"]) == sorted(f"{prefix}claims/{claim}/" for claim in expected)
    assert str(len(expected)) in report["status"] or not expected
    # Only the script and the parts of the index the query needs, all from this site.
    assert all(url.startswith(served) for url in report["requests"])
    assert any(url.endswith("/assets/search.js") for url in report["requests"])
    print(f"{path}: {len(report['requests'])} files, {report['bytes']} bytes")


def test_the_searches_find_something(browsed: dict):
    # Proof that the comparisons above are not all of empty lists.
    assert len(claims_naming("Foro Penal", "en")) >= 5
    assert len(claims_naming("excarcelaciones", "es")) >= 3
    assert len(claims_naming("María Corina", "en")) >= 1


def test_the_header_search_box_shows_its_whole_placeholder_at_every_width_and_fits(browsed: dict):
    assert len(browsed["boxes"]) == 16
    cut = {page: box for page, box in browsed["boxes"].items() if box["placeholder"] > box["box"]}
    assert cut == {}
    wider = {page: box for page, box in browsed["boxes"].items() if box["page"] > box["window"]}
    assert wider == {}
