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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from counterclaim.build.cache import BuildCache, code_fingerprint, digest
from counterclaim.build.workers import map_in_order
from counterclaim.model.claims import Claim
from counterclaim.model.dataset import Dataset
from counterclaim.publish import claimreview, exports, feeds, redirects, search
from counterclaim.publish.claimreview import Publisher
from counterclaim.render import urls
from counterclaim.render.i18n import Catalogue
from counterclaim.render.site import PlannedPage, Site
from counterclaim.render.urls import Urls, absolute


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
    return all(field.get(language) is not None for field in fields if field is not None)


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

    def files(
        self, cache: BuildCache | None = None, *, workers: int | None = None
    ) -> Iterator[tuple[str, Iterable[str]]]:
        """Every generated file that is not a page: its address and its text in pieces, to be
        written before the next is asked for (the export of tens of thousands of claims is
        never held whole). Each claim's part of the export, of the DataFeed and of the search
        index is taken from ``cache`` when the claim has not changed."""
        parts = _Parts(cache or BuildCache(None), self, workers)
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
                [feeds.corrections_feed(site.corrections(), self.dataset, site.catalogue, site.urls, settings)],
            )
            entries = (parts.search_entry(claim, language) for claim in site.newest)
            yield from ((site.urls.search_data() + name, [text]) for name, text in search.index_files(site, entries))
        yield urls.CLAIMS_EXPORT, exports.claims_export((parts.get("export", c) for c in main.newest), self.dataset)
        yield urls.CLAIMREVIEW_FEED, self._data_feed(parts)
        yield from redirects.files(self.dataset, self.settings.site_url, main.urls, self.settings.main_language)
        parts.save()

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

    def _data_feed(self, parts: _Parts) -> Iterator[str]:
        elements = (
            parts.get("review", claim, language) for language, site in self.sites.items() for claim in site.newest
        )
        modified = max((c.last_changed for c in self.dataset.claims.values()), default=None)
        return claimreview.data_feed(
            (e for e in elements if e),
            feed_url=absolute(self.settings.site_url, urls.CLAIMREVIEW_FEED),
            publisher=self.settings.publisher,
            modified=modified.iso() if modified else "1970-01-01",
        )


class _Parts:
    """Each claim's part of the big files (its export record, its DataFeed element and its
    search index entry in each language), taken from the build cache when the claim has not
    changed and made by worker processes when it has.

    A part's key digests the claim's file and everything else the part shows: the claimant and
    the rating it names, the ends of the rating scale, the publication's settings and this code;
    for a search entry also the other parties it names, its topics, the order of the rating
    scale and the language's interface strings (dates are written with them).
    """

    def __init__(self, cache: BuildCache, publication: Publication, workers: int | None) -> None:
        self.cache = cache
        self.publication = publication
        # A ClaimReview gives the best and worst positions of the whole scale.
        scale = publication.dataset.ratings
        self.salt = digest(code_fingerprint(), repr(publication.settings), repr((scale.best, scale.worst)))
        self._named: dict[tuple[str | None, str | None], str] = {}
        self._registries: dict[tuple[str, str], str] = {}
        claims = publication.sites[publication.settings.main_language].newest
        wanted = [("export", claim.id, "") for claim in claims]
        wanted += [("review", claim.id, language) for language in publication.sites for claim in claims]
        wanted += [("search", claim.id, language) for language in publication.sites for claim in claims]
        order = repr([rating.id for rating in scale.ratings])
        self._search_salt = {
            language: digest(order, site.catalogue.fingerprint()) for language, site in publication.sites.items()
        }
        keys = {item: self._key(*item) for item in wanted}
        stored = cache.artifacts(keys.values())
        missing = [item for item in wanted if keys[item] not in stored]
        made = dict(zip(missing, map_in_order(self._make, missing, workers=workers), strict=True))
        self.fresh = {keys[item]: text for item, text in made.items()}
        self.values = {item: stored[key] if key in stored else made[item] for item, key in keys.items()}
        self.used = list(keys.values())

    def _key(self, kind: str, claim_id: str, language: str) -> str:
        data = self.publication.dataset
        claim = data.claims[claim_id]
        named = self._named.get((claim.claimant, claim.rating))
        if named is None:
            named = digest(
                repr(data.claimants.get(claim.claimant) if claim.claimant else None),
                repr(data.ratings.get(claim.rating) if claim.rating else None),
            )
            self._named[(claim.claimant, claim.rating)] = named
        key = digest(self.salt, kind, language, data.fingerprints.get(claim.id) or repr(claim), named)
        if kind != "search":
            return key
        others = sorted({c.claimant for c in claim.counter_claims} | {f.stated_by for f in claim.all_figures()})
        named_too = [self._registry("claimant", other) for other in others]
        named_too += [self._registry("topic", topic) for topic in claim.topics]
        return digest(key, self._search_salt[language], *named_too)

    def _registry(self, kind: str, key: str) -> str:
        """A digest of one claimant or topic, made once per build: thousands of claims name each."""
        found = self._registries.get((kind, key))
        if found is None:
            data = self.publication.dataset
            found = digest(repr((data.claimants if kind == "claimant" else data.topics).get(key)))
            self._registries[(kind, key)] = found
        return found

    def _make(self, items: list[tuple[str, str, str]]) -> list[str]:
        publication = self.publication
        main = publication.sites[publication.settings.main_language]
        made = []
        for kind, claim_id, language in items:
            claim = publication.dataset.claims[claim_id]
            if kind == "export":
                made.append(
                    exports.claim_record(
                        claim, publication.dataset, site_url=publication.settings.site_url, urls=main.urls
                    )
                )
            elif kind == "search":
                made.append(search.entry_text(search.site_entry(publication.sites[language], claim)))
            else:
                review = publication.claim_review(claim, language)
                made.append("" if review is None else claimreview.feed_element(review))
        return made

    def get(self, kind: str, claim: Claim, language: str = "") -> str:
        return self.values[(kind, claim.id, language)]

    def search_entry(self, claim: Claim, language: str) -> search.Entry:
        return search.entry_from_text(self.get("search", claim, language))

    def save(self) -> None:
        self.cache.keep_artifacts(self.fresh, used=self.used)
