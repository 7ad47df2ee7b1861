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

from counterclaim.model.claims import Claim, Source
from counterclaim.model.dataset import Dataset
from counterclaim.model.registries import Claimant
from counterclaim.publish.exports import json_pieces
from counterclaim.render.richtext import plain_text

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
    if claim.imported is not None:
        return imported_claim_review(claim, dataset, language=language, page_url=page_url)
    short, short_language = claim.short.pick(language)
    rating = dataset.ratings.get(claim.rating or "")
    assert rating is not None and claim.claimant is not None
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


def imported_claim_review(claim: Claim, dataset: Dataset, *, language: str, page_url: str) -> dict[str, Any]:
    """The ClaimReview of an imported claim: the original record's claim, claimant, dates,
    appearances and rating, credited to its original publisher.

    The verdict is the original publisher's, so it is the review's ``author``: this site did
    not make it, and its mapping onto the site's scale is not a review. ``isBasedOn`` names the
    original fact-check: the page shows the record and links to the article without being it,
    so it is derived from it, where ``sameAs`` would say the two are one and the same.
    """
    imported = claim.imported
    assert imported is not None
    short, short_language = claim.short.pick(language)
    author: dict[str, Any] = {"@type": "Organization"}
    if imported.publisher:
        author["name"] = imported.publisher
    if imported.publisher_url:
        author["url"] = imported.publisher_url
    review_rating: dict[str, Any] = {"@type": "Rating"}
    original = imported.rating
    if original is not None:
        for key, value in (
            ("alternateName", original.label),
            ("name", original.name),
            ("ratingValue", original.value),
            ("bestRating", original.best),
            ("worstRating", original.worst),
            ("ratingExplanation", original.explanation),
            ("image", original.image),
        ):
            if value is not None:
                review_rating[key] = _number(value) if isinstance(value, float) else value
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "isBasedOn": imported.url,
        "claimReviewed": short,
        "inLanguage": short_language,
        "datePublished": imported.published.iso(),
        "author": author,
        "reviewRating": review_rating,
    }
    if imported.headline:
        review["name"] = imported.headline
    if imported.modified:
        review["dateModified"] = imported.modified.iso()
    claimant = dataset.claimants.get(claim.claimant) if claim.claimant else None
    item = _claim(claim, claimant, language)
    if len(item) > 1:
        review["itemReviewed"] = item
    return review


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _claim(claim: Claim, claimant: Claimant | None, language: str) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claimant is not None:
        item["author"] = _author(claimant, language)
    # The claimant's own words, where we have them as they were said: never our summary (that
    # would put words in their mouth; claimReviewed, the short form, stands for it) and never
    # our translation.
    quotation = claim.quotation(language)
    if quotation is not None and not quotation[1]:
        item["text"] = quotation[0]
    if claim.said and claim.said.date:
        item["datePublished"] = claim.said.date.iso()
    places = ([claim.said] if claim.said else []) + list(claim.appearances)
    works = [creative_work(claim.sources[p.source], language) for p in places if p.source in claim.sources]
    _put_one_or_many(item, "appearance", works)
    return item


def _author(claimant: Claimant, language: str) -> dict[str, Any]:
    kind = _CLAIMANT_TYPES[claimant.kind] if claimant.kind else "Thing"
    author: dict[str, Any] = {"@type": kind, "name": claimant.name.pick(language)[0]}
    same_as = ([claimant.wikidata] if claimant.wikidata else []) + list(claimant.same_as)
    _put_one_or_many(author, "sameAs", same_as)
    return author


def _put_one_or_many(node: dict[str, Any], key: str, values: list[Any]) -> None:
    """Sets a property to its one value, or to the list of several, as schema.org writes them;
    leaves it out when there is none."""
    if len(values) == 1:
        node[key] = values[0]
    elif values:
        node[key] = values


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
