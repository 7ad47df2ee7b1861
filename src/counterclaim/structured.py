"""schema.org ClaimReview as data, for fact-check aggregators, researchers and search engines.

Built as dictionaries and serialised with ``json.dumps``; never templated by hand. Follows
Google's ClaimReview documentation: ``claimReviewed``, ``reviewRating`` and ``url`` required;
the author is the fact-checking organisation; rating numbers only for verdicts that have a
position on the scale; the claim's author, date and appearance, with an archived copy in
``archivedAt``; the claimant's words as ``text`` only when they are their exact words. A
withheld source's address never appears here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from counterclaim.exports import json_pieces
from counterclaim.model import Claim, Claimant, Dataset, Source
from counterclaim.richtext import plain_text

_CLAIMANT_TYPES = {
    "person": "Person",
    "organisation": "Organization",
    "government": "GovernmentOrganization",
    "other": "Organization",
}


@dataclass(frozen=True)
class Publisher:
    """The fact-checking organisation that publishes the site."""

    name: str
    url: str | None = None

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"@type": "Organization", "name": self.name}
        if self.url:
            data["url"] = self.url
        return data


def claim_review(
    claim: Claim, dataset: Dataset, *, language: str, page_url: str, publisher: Publisher
) -> dict[str, Any]:
    """The ClaimReview of ``claim`` as shown on its page in ``language`` at ``page_url``."""
    short, short_language = claim.short.pick(language)
    rating = dataset.ratings.get(claim.rating)
    assert rating is not None
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label.pick(language)[0]}
    scale = dataset.ratings
    if rating.position is not None and scale.best is not None and scale.worst is not None:
        review_rating |= {"ratingValue": rating.position, "bestRating": scale.best, "worstRating": scale.worst}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": short,
        "inLanguage": short_language,
        "datePublished": claim.published.iso(),
        "author": publisher.as_data(),
        "reviewRating": review_rating,
        "itemReviewed": _claim(claim, dataset.claimants[claim.claimant], language),
    }
    if claim.updated:
        review["dateModified"] = claim.updated.iso()
    return review


def _claim(claim: Claim, claimant: Claimant, language: str) -> dict[str, Any]:
    author: dict[str, Any] = {"@type": _CLAIMANT_TYPES[claimant.kind], "name": claimant.name.pick(language)[0]}
    if claimant.wikidata:
        author["sameAs"] = claimant.wikidata
    item: dict[str, Any] = {"@type": "Claim", "author": author}
    # The claimant's own words, where we have them as they were said: never our summary (that
    # would put words in their mouth; claimReviewed, the short form, stands for it) and never
    # our translation.
    quotation = claim.quotation(language)
    if quotation is not None and not quotation[1]:
        item["text"] = quotation[0]
    if claim.said.date:
        item["datePublished"] = claim.said.date.iso()
    item["appearance"] = creative_work(claim.sources[claim.said.source], language)
    return item


def creative_work(source: Source, language: str) -> dict[str, Any]:
    """A source as a schema.org CreativeWork; its address only when it may be published."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if source.link == "known" and source.url:
        work["url"] = source.url
    name = source.title or (source.description.pick(language)[0] if source.description else None)
    if name:
        work["name"] = plain_text(name) if source.title is None else name
    if source.published:
        work["datePublished"] = source.published.iso()
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.archive_url and source.link == "known":
        work["archivedAt"] = source.archive_url
    if source.language:
        work["inLanguage"] = source.language
    return work


def feed_element(review: dict[str, Any]) -> str:
    """A ClaimReview as an element of the DataFeed, as JSON text."""
    return json.dumps({k: v for k, v in review.items() if k != "@context"}, ensure_ascii=False, separators=(",", ":"))


def data_feed(elements: Iterable[str], *, feed_url: str, publisher: Publisher, modified: str) -> Iterator[str]:
    """A schema.org DataFeed holding every ClaimReview (each from :func:`feed_element`), for
    aggregators that read in bulk; in pieces."""
    head = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "url": feed_url,
        "name": f"{publisher.name}: ClaimReview",
        "publisher": publisher.as_data(),
        "dateModified": modified,
    }
    return json_pieces(head, "dataFeedElement", elements)


def script_json(data: dict[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block that no string can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a string would end the block early; JSON allows \\u escapes.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
