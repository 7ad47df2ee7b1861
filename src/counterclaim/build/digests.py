"""What every output of the build depends on, declared once, and the digests made from it: the
keys of the build cache.

The build reuses what an earlier build made when its digest is unchanged, so a digest that left
out something its output shows would let a build keep a stale output. Every digest is therefore
made from the declarations here, and nothing about the data reaches an output unless it is
declared:

=========================  =====================================================================
output                     depends on
=========================  =====================================================================
a claim file's outcome     its name and bytes; this code, the schema, every registry file, the
                           default language, the date (:func:`claim_salt`, :func:`claim_key`)
a claim's page, per        the claim's file; the claimants, ratings, topics and related claims
language                   it names (:func:`claim_page_shows`); the ends of the rating scale;
                           its template and those it uses; what every page of the language
                           shows around its view (the menu, footer, interface strings, settings);
                           where it leads in the other languages (:class:`PageDigests`)
a list page (claims,       its view, which lists every claim it shows (quick to make), with
claimants, ratings,        its template and the language's surroundings (:class:`PageDigests`)
topics, corrections)
a claim's export record,   the claim's file; its claimant and rating; the ends of the rating
DataFeed element, search   scale; the site's settings; for a search entry also the other
entry (per language)       parties it names, its topics, the scale's order and the language's
                           interface strings (:func:`part_shows`, :class:`PartKeys`)
feeds, the search index,   assembled each build from the claims' parts above and the lists
the export, the sitemap    (cheap once the parts are made): not cached; under ``mkdocs serve``
                           updated in place from the parts that changed (``IndexFiles``,
                           ``build.pieces``)
=========================  =====================================================================

The same declarations, read the other way, say which pages show a claim (:class:`Dependents`):
after an edit of some claims that leaves all pages share as it was (:meth:`PageDigests.basis`),
only those pages are digested again.

Tests hold the declarations to the outputs: warm, cold and incremental builds write the same
bytes after any sequence of edits (tests/test_incremental.py, tests/test_random_edits.py), and
each declaration on its own (tests/test_digests.py).

Under ``mkdocs serve`` making every digest again for each rebuild is most of an edit's time at
10,000 claims, so the digests of claim pages, of most list pages and of parts are kept
(:data:`Remembered`) beside a tuple of what they are made from, cheap to compare, and made
again only when it differs: an edit re-digests the outputs that show what changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from jinja2 import Environment, meta

from counterclaim.model.claims import Claim
from counterclaim.model.dataset import Dataset
from counterclaim.publish.context import PageContexts
from counterclaim.publish.publication import Publication
from counterclaim.render.site import PlannedPage, Site

#: The libraries whose versions shape what the build makes.
_DEPENDENCIES = ("mkdocs", "markdown-it-py", "mdit-py-plugins", "PyYAML", "Jinja2", "MarkupSafe", "jsonschema")


def digest(*parts: str | bytes) -> str:
    """A short, stable digest of ``parts`` (each kept apart from the next)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@cache
def code_fingerprint() -> str:
    """This code and the versions of the libraries that shape its results."""
    package = Path(__file__).resolve().parents[1]
    parts: list[str | bytes] = []
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in _DEPENDENCIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(name)
    return digest(*parts)


def folder_fingerprint(folder: Path) -> str:
    """Every file under ``folder``, by name and content."""
    parts: list[str | bytes] = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


# -- claim files ------------------------------------------------------------------------------


def claim_salt(schema_dir: Path, registries: Iterable[tuple[str, bytes | str]], language: str, today: str) -> str:
    """Everything besides a claim file's own bytes that decides what loading it gives: this code,
    the schema, every registry file (by name and bytes), the default language and the date."""
    parts: list[str | bytes] = [code_fingerprint(), folder_fingerprint(schema_dir)]
    for name, content in registries:
        parts += [name, content]
    return digest(*parts, language, today)


def claim_content(shown_name: str, content: bytes | str) -> str:
    """A claim file, by the name it is shown under and its bytes (its fingerprint: what pages
    and parts that show the claim digest of it)."""
    return digest(shown_name, content)


def claim_key(salt: str, content: str) -> str:
    """The key of a claim file's outcome: its :func:`claim_content` and :func:`claim_salt`."""
    return digest(salt, content)


# -- what an output about one claim shows ---------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """What an output about one claim shows besides the claim's own file: the entries of the
    registries it names, the claims it lists (as the site's language lists them), and whether it
    shows the ends of the rating scale, the scale's order or the language's interface strings."""

    claimants: tuple[str, ...] = ()
    ratings: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    scale_ends: bool = False
    scale_order: bool = False
    catalogue: bool = False


def _parties(claim: Claim) -> set[str]:
    """Everyone a claim names: its claimant, who says each counter-claim, who states each figure."""
    named = {c.claimant for c in claim.counter_claims} | {f.stated_by for f in claim.all_figures()}
    return named | ({claim.claimant} if claim.claimant else set())


def claim_page_shows(claim: Claim) -> Shown:
    """What a claim's page shows besides the claim's file: every party it names, its rating and
    those its corrections name, its topics, its related claims as they are listed, and the ends
    of the rating scale (which its ClaimReview gives)."""
    ratings = {c.previous_rating for c in claim.corrections if c.previous_rating}
    ratings |= {claim.rating} if claim.rating else set()
    return Shown(
        claimants=tuple(sorted(_parties(claim))),
        ratings=tuple(sorted(ratings)),
        topics=claim.topics,
        listed=claim.related,
        scale_ends=True,
    )


def part_shows(kind: str, claim: Claim) -> Shown:
    """What a claim's part of a big file (``kind``: "export", "review" or "search") shows
    besides the claim's file: its claimant and rating and the ends of the scale; a search entry
    also every other party it names, its topics, the scale's order and the interface strings
    (dates are written with them)."""
    claimants = {claim.claimant} if claim.claimant else set()
    ratings = (claim.rating,) if claim.rating else ()
    if kind != "search":
        return Shown(claimants=tuple(claimants), ratings=ratings, scale_ends=True)
    return Shown(
        claimants=tuple(sorted(_parties(claim))),
        ratings=ratings,
        topics=claim.topics,
        scale_ends=True,
        scale_order=True,
        catalogue=True,
    )


class NamedDigests:
    """The digest of each registry entry and listed claim an output shows, each made once per
    build (thousands of claims name the same claimant), and of a whole :class:`Shown`."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._found: dict[tuple[str, str, str], str] = {}

    def named(self, kind: str, key: str, language: str = "", listing: Mapping[str, object] | None = None) -> str:
        found = self._found.get((language, kind, key))
        if found is None:
            data = self.dataset
            value: object
            if kind == "claimant":
                value = data.claimants.get(key)
            elif kind == "rating":
                value = data.ratings.get(key)
            elif kind == "topic":
                value = data.topics.get(key)
            else:
                value = None if listing is None else listing.get(key)
            found = digest(kind, key, repr(value))
            self._found[(language, kind, key)] = found
        return found

    def shown(self, shown: Shown, *, language: str, catalogue: str = "", listed: Iterable[str] = ()) -> str:
        """A digest of everything ``shown`` declares, in ``language`` (``catalogue``: the
        fingerprint of its interface strings; ``listed``: the digests of the claims it lists)."""
        scale = self.dataset.ratings
        return digest(
            *(self.named("claimant", c) for c in shown.claimants),
            "|",
            *(self.named("rating", r) for r in shown.ratings),
            "|",
            *(self.named("topic", t) for t in shown.topics),
            "|",
            *listed,
            "|",
            repr((scale.best, scale.worst)) if shown.scale_ends else "",
            repr([rating.id for rating in scale.ratings]) if shown.scale_order else "",
            catalogue if shown.catalogue else "",
            language,
        )


def registries_digest(dataset: Dataset) -> str:
    """Every registry entry (claimants, the rating scale, topics): what any output names of them."""
    return digest(repr(dataset.claimants), repr(dataset.ratings), repr(dataset.topics))


#: Under `mkdocs serve`, a digest kept from one build to the next with what it was made from
#: (by output), so that an output none of whose inputs changed is not digested again.
Remembered = dict[tuple[str, str, str], tuple[tuple[str | None, ...], str]]


#: The templates each template's source names (parsing them is most of a rebuild's fixed cost
#: under `mkdocs serve`), by source.
_REFERENCED: dict[str, list[str]] = {}

#: The pages whose digests `mkdocs serve` keeps from one build to the next.
_REMEMBERED = frozenset({"claim", "claims", "claimant", "rating", "topic"})


# -- each claim's parts of the big files -------------------------------------------------------


class PartKeys:
    """The keys of each claim's parts of the files made from all claims (its export record, its
    DataFeed element and its search index entry in each language): the claim's file, what
    :func:`part_shows` declares, the publication's settings and this code."""

    def __init__(
        self, publication: Publication, fingerprints: Mapping[str, str], remembered: Remembered | None = None
    ) -> None:
        self.publication = publication
        self.fingerprints = fingerprints
        self.salt = digest(code_fingerprint(), repr(publication.settings))
        self.named = NamedDigests(publication.dataset)
        self._catalogues = {language: site.catalogue.fingerprint() for language, site in publication.sites.items()}
        #: Under `mkdocs serve`: the keys of the last build, each with what it was made from
        #: (this code and the settings, the interface strings, the claim's file, every
        #: registry), which :func:`part_shows` declares the part can show.
        self.remembered = remembered
        self._registries = registries_digest(publication.dataset) if remembered is not None else ""

    def key(self, kind: str, claim_id: str, language: str) -> str:
        claim = self.publication.dataset.claims[claim_id]
        catalogue = self._catalogues.get(language, "")
        fingerprint = self.fingerprints.get(claim.id)
        inputs = (self.salt, catalogue, fingerprint, self._registries)
        if self.remembered is not None and fingerprint is not None:
            found = self.remembered.get((kind, claim_id, language))
            if found is not None and found[0] == inputs:
                return found[1]
        shown = self.named.shown(part_shows(kind, claim), language=language, catalogue=catalogue)
        key = digest(self.salt, kind, language, fingerprint or repr(claim), shown)
        if self.remembered is not None and fingerprint is not None:
            self.remembered[(kind, claim_id, language)] = (inputs, key)
        return key


# -- pages ---------------------------------------------------------------------------------------


class PageDigests:
    """The digest of each page the build writes itself: this code, its template and every
    template that one uses, what every page in its language shows around its view
    (:meth:`surroundings`), where it leads in other languages and for "report an error", and
    what its view is made from (:meth:`inputs`). Two builds with equal digests write the same
    page, so an unchanged page need not be rendered."""

    def __init__(
        self,
        env: Environment,
        contexts: PageContexts,
        fingerprints: Mapping[str, str],
        remembered: Remembered | None = None,
    ) -> None:
        self.env = env
        self.contexts = contexts
        self.publication = contexts.publication
        self.fingerprints = fingerprints
        self._shared: dict[tuple[str, str], str] = {}
        self._surroundings: dict[str, str] = {}
        self._templates: dict[str, str] = {}
        self._named = NamedDigests(self.publication.dataset)
        self._listings: dict[tuple[str, str], str] = {}
        #: Under `mkdocs serve`: each claim page's digest in the last build, with what it was
        #: made from (see :meth:`page`).
        self.remembered = remembered
        self._elsewhere = ""
        #: The templates of the pages prepared for.
        self._used: set[str] = set()
        self._prepared = False

    def prepare(self, pages: Iterable[tuple[str, PlannedPage]]) -> None:
        """Digest what many pages share now, once, before worker processes are started: the
        first call, with every page the build writes (a later one, with some of them, is
        prepared for already)."""
        if self._prepared:
            return
        self._prepared = True
        pages = list(pages)
        self._used = {planned.template for _, planned in pages}
        for template in self._used:
            self.template(template)
        for language in self.publication.sites:
            self.surroundings(language)
        if self.remembered is not None:
            # What a claim page shows of the rest of the site besides its surroundings: the
            # registries, and which other pages there are (where its language links lead).
            claims = {planned.url for _, planned in pages if planned.kind == "claim"}
            others = sorted((url, title) for url, title in self.contexts.titles.items() if url not in claims)
            self._elsewhere = digest(registries_digest(self.publication.dataset), repr(others))

    def page(self, language: str, planned: PlannedPage) -> str:
        """Everything the page is made from, digested. Under `mkdocs serve` the digest of a claim
        page, and of a page of the claims list or a claimant's, rating's or topic's list, is
        kept, and made again only when something it is made from changed: this code, its
        templates and surroundings (``shared``), every registry, the pages that are not claim
        pages, and the files of the claim and the claims it relates to, or of the claims the
        list page is made from (with how many the list has in all: see ``Site.listed``)."""
        if self.remembered is None or not self._elsewhere or planned.kind not in _REMEMBERED:
            return self._page(language, planned)
        claims = self.publication.dataset.claims
        shared = (self._shared_part(language, planned.template), self._elsewhere)
        inputs: tuple[str | None, ...]
        if planned.kind == "claim":
            claim = claims[planned.key]
            related = (self.fingerprints.get(key) if key in claims else "-" for key in claim.related)
            inputs = (*shared, self.fingerprints.get(claim.id), *related)
        else:
            total, shown = self.publication.sites[language].listed(planned)
            inputs = (*shared, str(total), *(self.fingerprints.get(c.id) for c in shown))
        found = self.remembered.get((language, planned.kind, planned.url))
        if found is not None and found[0] == inputs and None not in inputs:
            return found[1]
        page_digest = self._page(language, planned)
        self.remembered[(language, planned.kind, planned.url)] = (inputs, page_digest)
        return page_digest

    def basis(self) -> str:
        """What every page shares with the others, digested (after :meth:`prepare`): this code,
        the templates, each language's surroundings, and under `mkdocs serve` the registries and
        the pages that are not claim pages. While it stays the same, a page's digest changes only
        with the claims it shows (see :class:`Dependents`)."""
        shared = [
            f"{language} {template} {self._shared_part(language, template)}"
            for language in self.publication.sites
            for template in sorted(self._used)
        ]
        return digest(*shared, self._elsewhere)

    def _shared_part(self, language: str, template: str) -> str:
        shared = self._shared.get((language, template))
        if shared is None:
            shared = digest(code_fingerprint(), self.template(template), self.surroundings(language))
            self._shared[(language, template)] = shared
        return shared

    def _page(self, language: str, planned: PlannedPage) -> str:
        contexts = self.contexts
        return digest(
            self._shared_part(language, planned.template),
            self.inputs(self.publication.sites[language], planned),
            repr(contexts.alternates(planned.url, language)),
            repr(contexts.intake(language, planned.url)),
        )

    def template(self, name: str) -> str:
        """The template's source and that of every template it extends, includes or imports."""
        found = self._templates.get(name)
        if found is None:
            assert self.env.loader is not None
            source = self.env.loader.get_source(self.env, name)[0]
            referenced = _REFERENCED.get(source)
            if referenced is None:
                parsed = self.env.parse(source)
                referenced = _REFERENCED[source] = sorted(str(n) for n in meta.find_referenced_templates(parsed) if n)
            found = digest(source, *(self.template(n) for n in referenced if n != name))
            self._templates[name] = found
        return found

    def surroundings(self, language: str) -> str:
        """A digest of all the page context gives every page in ``language`` around its view
        (not what depends on the page's own address: that follows from the address)."""
        found = self._surroundings.get(language)
        if found is None:
            contexts = self.contexts
            found = digest(
                language,
                contexts.site_name(language),
                repr(contexts.targets(language)),
                repr(contexts.menu(language, "")),
                repr(contexts.footer(language, "")),
                repr(contexts.intake(language, "")),
                contexts.catalogues[language].fingerprint(),
                repr(self.publication.settings),
                repr(contexts.settings),
                repr([d.format() for d in contexts.stale]),
                str(contexts.preview),
            )
            self._surroundings[language] = found
        return found

    def inputs(self, site: Site, page: PlannedPage) -> str:
        """A digest of the data ``page`` shows.

        A list page digests its view, which is quick to build. A claim page's view is not (its
        text must be rendered), so it digests what the view is made from: the claim's file and
        what :func:`claim_page_shows` declares.
        """
        if page.kind != "claim":
            return digest(page.template, repr(site.view(page)))
        claim = site.dataset.claims[page.key]
        shown = claim_page_shows(claim)
        listed = [self._listed(site, key) for key in shown.listed]
        return digest(
            page.template, self._fingerprint(claim), self._named.shown(shown, language=site.language, listed=listed)
        )

    def _fingerprint(self, claim: Claim) -> str:
        return self.fingerprints.get(claim.id) or repr(claim)

    def _listed(self, site: Site, key: str) -> str:
        """A digest of how a claim is listed in the site's language (each is listed by many)."""
        found = self._listings.get((site.language, key))
        if found is None:
            data = site.dataset
            found = digest("listed", key, repr(site.views.summary(data.claims[key]) if key in data.claims else None))
            self._listings[(site.language, key)] = found
        return found


class Dependents:
    """Which of the pages the build writes show each claim: the inverse of what their digests
    are made from besides what all pages share (:meth:`PageDigests.basis`). A claim page shows
    its claim and the claims it relates to, a list page the claims it lists (``Site.shown_on``,
    which :meth:`PageDigests.page` digests). After an edit of some claims, with the basis as it
    was, only these pages can differ."""

    def __init__(self, publication: Publication, pages: Sequence[tuple[str, PlannedPage]]) -> None:
        self._by_claim: dict[str, list[int]] = {}
        for number, (language, planned) in enumerate(pages):
            for key in publication.sites[language].shown_on(planned):
                self._by_claim.setdefault(key, []).append(number)

    def of(self, claims: Iterable[str]) -> list[int]:
        """The positions, among the pages this was made from, of those showing any of ``claims``."""
        return sorted({number for key in claims for number in self._by_claim.get(key, ())})
