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

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from counterclaim.model.claims import Claim
from counterclaim.model.dataset import Dataset
from counterclaim.model.dates import PartialDate
from counterclaim.publish import claimreview, exports, feeds, redirects, search
from counterclaim.publish.claimreview import Publisher
from counterclaim.render import urls
from counterclaim.render.i18n import Catalogue
from counterclaim.render.site import PlannedPage, Site
from counterclaim.render.urls import Urls, absolute


@dataclass(frozen=True)
class SiteSettings:
    """The site as published: its address and name, its languages, who publishes it, and how
    many claims a list's page shows."""

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
    return all(field.get(language) is not None for field in fields if field is not None)


class Publication:
    def __init__(
        self,
        dataset: Dataset,
        catalogues: dict[str, Catalogue],
        settings: SiteSettings,
        *,
        sites: dict[str, Site] | None = None,
        changed: frozenset[str] | None = None,
    ) -> None:
        self.dataset = dataset
        self.settings = settings
        self.sites = sites or {
            language: Site(
                dataset,
                catalogues[language],
                Urls.for_language(language, settings.main_language),
                per_page=settings.per_page,
            )
            for language in settings.languages
        }
        self._last_changed: PartialDate | object | None = _UNKNOWN
        #: When this publication is an earlier one with some claims changed and all else the same
        #: (see :meth:`replacing`): the ids of those claims. None: anything may differ.
        self.changed = changed

    def replacing(
        self, dataset: Dataset, catalogues: dict[str, Catalogue], settings: SiteSettings, changed: frozenset[str]
    ) -> Publication:
        """The publication of ``dataset``, which differs from this one's only in the claims
        ``changed`` (the same registries): what does not depend on them is kept, if the
        settings and interface strings are the same and the claims are placed as before;
        else a new publication."""
        same = (
            settings == self.settings
            and self.dataset.claimants is dataset.claimants
            and self.dataset.ratings is dataset.ratings
            and self.dataset.topics is dataset.topics
            and all(catalogues[lang].fingerprint() == site.catalogue.fingerprint() for lang, site in self.sites.items())
        )
        sites = {lang: site.replacing(dataset, changed) for lang, site in self.sites.items()} if same else {}
        if not sites or any(site is None for site in sites.values()):
            return Publication(dataset, catalogues, settings)
        kept = {lang: site for lang, site in sites.items() if site is not None}
        publication = Publication(dataset, catalogues, settings, sites=kept, changed=changed)
        latest = self._last_changed
        if isinstance(latest, PartialDate) and all(self.dataset.claims[key].last_changed != latest for key in changed):
            # None of the claims that changed was the last to change: the latest is the later.
            publication._last_changed = feeds.latest([latest, *(dataset.claims[key].last_changed for key in changed)])
        return publication

    @property
    def last_changed(self) -> PartialDate | None:
        """When a claim last changed (None if there are none)."""
        if self._last_changed is _UNKNOWN:
            self._last_changed = feeds.latest_change(self.dataset.claims.values())
        return self._last_changed  # type: ignore[return-value]

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

    def files(
        self, parts: ClaimParts | None = None, *, search_index: bool = True
    ) -> Iterator[tuple[str, Iterable[str]]]:
        """Every generated file that is not a page: its address and its text in pieces, to be
        written before the next is asked for (the export of tens of thousands of claims is
        never held whole). Each claim's part of the export, of the DataFeed and of the search
        index comes from ``parts`` (made when asked for, by default). Without ``search_index``,
        the search index's files are left out (see :meth:`search_index`)."""
        parts = parts or MadeParts(self)
        main = self.sites[self.settings.main_language]
        yield urls.RATINGS_STYLESHEET, [main.ratings_stylesheet()]
        for language, site in self.sites.items():
            name = self.settings.site_names.get(language, self.settings.site_name)
            settings = feeds.FeedSettings(self.settings.site_url, name, self.settings.publisher.name)
            yield (
                site.urls.claims_feed(),
                [feeds.claims_feed(site.newest, self.dataset, site.catalogue, site.urls, settings)],
            )
            yield (
                site.urls.corrections_feed(),
                [
                    feeds.corrections_feed(
                        site.corrections(), self.dataset, site.catalogue, site.urls, settings, self.last_changed
                    )
                ],
            )
            if search_index:
                index = self.search_index(language, parts)
                yield from ((site.urls.search_data() + name, [text]) for name, text in index.files())
        yield urls.CLAIMS_EXPORT, exports.claims_export((parts.get("export", c) for c in main.newest), self.dataset)
        yield urls.CLAIMREVIEW_FEED, self._data_feed(parts)
        yield from redirects.files(self.dataset, self.settings.site_url, main.urls, self.settings.main_language)

    def search_index(self, language: str, parts: ClaimParts) -> search.IndexFiles:
        """The search index of the claims in ``language``, made from their entries in ``parts``;
        its files go under ``sites[language].urls.search_data()``."""
        site = self.sites[language]
        entries = (search.entry_from_text(parts.get("search", claim, language)) for claim in site.newest)
        return search.site_index(site, entries)

    def parts_wanted(self, only: Collection[str] | None = None) -> list[tuple[str, str, str]]:
        """Every claim part the big files hold, as (kind, claim id, language): each claim's export
        record, and its DataFeed element and search entry in each language (of the claims
        ``only``, if given)."""
        if only is not None:
            claims = [self.dataset.claims[key] for key in sorted(only)]
        else:
            claims = self.sites[self.settings.main_language].newest
        wanted = [("export", claim.id, "") for claim in claims]
        wanted += [("review", claim.id, language) for language in self.sites for claim in claims]
        wanted += [("search", claim.id, language) for language in self.sites for claim in claims]
        return wanted

    def part(self, kind: str, claim_id: str, language: str) -> str:
        """One claim's part of a big file, as text (see :meth:`parts_wanted`)."""
        claim = self.dataset.claims[claim_id]
        if kind == "export":
            main = self.sites[self.settings.main_language]
            return exports.claim_record(claim, self.dataset, site_url=self.settings.site_url, urls=main.urls)
        if kind == "search":
            return search.entry_text(search.site_entry(self.sites[language], claim))
        review = self.claim_review(claim, language)
        return "" if review is None else claimreview.feed_element(review)

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
        return claimreview.claim_review(
            claim,
            self.dataset,
            language=language,
            page_url=self.canonical(claim, language),
            publisher=self.settings.publisher,
        )

    def _data_feed(self, parts: ClaimParts) -> Iterator[str]:
        elements = (
            parts.get("review", claim, language) for language, site in self.sites.items() for claim in site.newest
        )
        modified = self.last_changed
        return claimreview.data_feed(
            (e for e in elements if e),
            feed_url=absolute(self.settings.site_url, urls.CLAIMREVIEW_FEED),
            publisher=self.settings.publisher,
            modified=modified.iso() if modified else "1970-01-01",
        )


_UNKNOWN = object()


class ClaimParts(Protocol):
    """Where each claim's parts of the big files come from (see :meth:`Publication.part`)."""

    def get(self, kind: str, claim: Claim, language: str = "") -> str: ...


class MadeParts:
    """Each part made when it is asked for."""

    def __init__(self, publication: Publication) -> None:
        self.publication = publication

    def get(self, kind: str, claim: Claim, language: str = "") -> str:
        return self.publication.part(kind, claim.id, language)
