"""extruct, reading pages as a crawler does, finds exactly one ClaimReview with Google's
required properties on each claim page, and none anywhere else."""

from __future__ import annotations

from pathlib import Path

import extruct


def reviews(site: Path, page: Path) -> list[dict]:
    url = "https://example.org/" + page.parent.relative_to(site).as_posix() + "/"
    data = extruct.extract(page.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld"])
    return [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]


def is_claim_page(site: Path, page: Path) -> bool:
    parts = page.parent.relative_to(site).parts
    parts = parts[1:] if parts and parts[0] == "es" else parts
    return len(parts) == 2 and parts[0] == "claims" and parts[1] != "page"


def test_each_claim_page_has_exactly_one_complete_claim_review(example: Path):
    claim_pages = [p for p in example.rglob("index.html") if is_claim_page(example, p)]
    assert len(claim_pages) >= 12  # six claims in two languages
    for page in claim_pages:
        found = reviews(example, page)
        assert len(found) == 1, page
        review = found[0]
        for required in ("claimReviewed", "reviewRating", "url"):
            assert review.get(required), f"{page}: no {required}"
        assert review["reviewRating"]["alternateName"]
        assert review["author"]["@type"] == "Organization"
        assert review["itemReviewed"]["@type"] == "Claim"
        assert len(review["claimReviewed"]) <= 75
        relative = page.parent.relative_to(example).as_posix()
        assert review["url"] == f"https://example.org/{relative}/"


def test_no_other_page_has_a_claim_review(example: Path):
    others = [p for p in example.rglob("*.html") if not is_claim_page(example, p)]
    assert len(others) > 30
    for page in others:
        assert reviews(example, page) == [], page
