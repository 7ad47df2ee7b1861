"""The whole publication: every language's pages and the files that go with them.

The main language is published at the root and each further language under ``<language>/``.
Besides pages, a publication writes per language an Atom feed of claims, an Atom feed of
corrections and a search index, and once for the whole site the ratings stylesheet, the claims
export and a schema.org DataFeed of every ClaimReview.

A claim page carries a ClaimReview only in the languages the claim is written in (its short
form, statement, summary and analysis all exist in that language). A page in another language
shows the text untranslated, says so, and names the original as its canonical page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from counterclaim import exports, feeds, search, structured, urls
from counterclaim.i18n import Catalogue
from counterclaim.model import Claim, Dataset
from counterclaim.site import PlannedPage, Site
from counterclaim.structured import Publisher
from counterclaim.urls import Urls, absolute


@dataclass(frozen=True)
class Settings:
    site_url: str
    site_name: str
    #: The main language first, then the others.
    languages: tuple[str, ...]
    publisher: Publisher
    per_page: int = 50
    #: The site's name in languages where it differs from site_name.
    site_names: dict[str, str] = field(default_factory=dict)

    @property
    def main_language(self) -> str:
        return self.languages[0]


def is_written_in(claim: Claim, language: str) -> bool:
    """Whether the claim's own text exists in ``language``, rather than only in another."""
    fields = (claim.short, claim.statement, claim.summary, claim.analysis)
    return all(field.get(language) is not None for field in fields)


class Publication:
    def __init__(self, dataset: Dataset, catalogues: dict[str, Catalogue], settings: Settings) -> None:
        self.dataset = dataset
        self.settings = settings
        self.sites = {
            language: Site(
                dataset,
                catalogues[language],
                Urls.for_language(language, settings.main_language),
                per_page=settings.per_page,
            )
            for language in settings.languages
        }

    # -- languages ------------------------------------------------------------------------------

    def language_of(self, url: str) -> str:
        """The language of the page at ``url`` (a site-relative address or source name)."""
        first = url.split("/", 1)[0]
        return first if first in self.settings.languages[1:] else self.settings.main_language

    def counterpart(self, url: str, language: str) -> str:
        """The address the page at ``url`` has in ``language`` (whether or not it exists)."""
        own = self.sites[self.language_of(url)].urls
        return self.sites[language].urls.prefix + own.unprefixed(url)

    # -- pages and files ---------------------------------------------------------------------------

    def pages(self) -> Iterator[tuple[str, PlannedPage]]:
        for language, site in self.sites.items():
            for page in site.pages():
                yield language, page

    def files(self) -> dict[str, str]:
        """Every generated file that is not a page, by its address."""
        main = self.sites[self.settings.main_language]
        written: dict[str, str] = {urls.RATINGS_STYLESHEET: main.ratings_stylesheet()}
        for language, site in self.sites.items():
            name = self.settings.site_names.get(language, self.settings.site_name)
            settings = feeds.FeedSettings(self.settings.site_url, name, self.settings.publisher.name)
            written[site.urls.claims_feed()] = feeds.claims_feed(
                site.newest, self.dataset, site.catalogue, site.urls, settings
            )
            written[site.urls.corrections_feed()] = feeds.corrections_feed(
                site.corrections(), self.dataset, site.catalogue, site.urls, settings
            )
            written[site.urls.search_index()] = search.search_index(site.newest, self.dataset, language)
        written[urls.CLAIMS_EXPORT] = exports.claims_export(
            main.newest, self.dataset, site_url=self.settings.site_url, urls=main.urls
        )
        written[urls.CLAIMREVIEW_FEED] = self._data_feed()
        return written

    # -- structured data ---------------------------------------------------------------------------

    def review_language(self, claim: Claim, language: str) -> str:
        """The language whose page carries the claim's review for a reader of ``language``."""
        if is_written_in(claim, language):
            return language
        return claim.language if claim.language in self.sites else self.settings.main_language

    def canonical(self, claim: Claim, language: str) -> str:
        """The full address of the page that is canonical for ``claim`` seen in ``language``."""
        site = self.sites[self.review_language(claim, language)]
        return absolute(self.settings.site_url, site.urls.claim(claim.id))

    def claim_review(self, claim: Claim, language: str) -> dict[str, Any] | None:
        """The ClaimReview for the claim's page in ``language``, or None if that page is a copy."""
        if self.review_language(claim, language) != language:
            return None
        return structured.claim_review(
            claim,
            self.dataset,
            language=language,
            page_url=self.canonical(claim, language),
            publisher=self.settings.publisher,
        )

    def _data_feed(self) -> str:
        reviews = [
            review
            for language, site in self.sites.items()
            for claim in site.newest
            if (review := self.claim_review(claim, language)) is not None
        ]
        modified = max((c.last_changed for c in self.dataset.claims.values()), default=None)
        feed = structured.data_feed(
            reviews,
            feed_url=absolute(self.settings.site_url, urls.CLAIMREVIEW_FEED),
            publisher=self.settings.publisher,
            modified=modified.iso() if modified else "1970-01-01",
        )
        return json.dumps(feed, ensure_ascii=False, indent=1)
