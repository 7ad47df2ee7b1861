"""What each thing the build keeps is made from, digested: the keys of the build cache.

The build reuses what an earlier build made when its digest is unchanged: a claim file's
outcome (:func:`claim_key`), each claim's parts of the files made from all claims
(:class:`PartKeys`), each page it writes itself (:class:`PageDigests`). A digest that leaves out
something the output depends on would let a build keep a stale output, so each says what goes
into it; tests compare warm and cold builds byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from jinja2 import Environment, meta

from counterclaim.model.claims import Claim
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


# -- each claim's parts of the big files -------------------------------------------------------


class PartKeys:
    """The keys of each claim's parts of the files made from all claims (its export record, its
    DataFeed element and its search index entry in each language).

    A part's key digests the claim's file and everything else the part shows: the claimant and
    the rating it names, the ends of the rating scale, the publication's settings and this code;
    for a search entry also the other parties it names, its topics, the order of the rating
    scale and the language's interface strings (dates are written with them).
    """

    def __init__(self, publication: Publication, fingerprints: Mapping[str, str]) -> None:
        self.publication = publication
        self.fingerprints = fingerprints
        # A ClaimReview gives the best and worst positions of the whole scale.
        scale = publication.dataset.ratings
        self.salt = digest(code_fingerprint(), repr(publication.settings), repr((scale.best, scale.worst)))
        order = repr([rating.id for rating in scale.ratings])
        self._search_salt = {
            language: digest(order, site.catalogue.fingerprint()) for language, site in publication.sites.items()
        }
        self._named: dict[tuple[str | None, str | None], str] = {}
        self._registries: dict[tuple[str, str], str] = {}

    def key(self, kind: str, claim_id: str, language: str) -> str:
        data = self.publication.dataset
        claim = data.claims[claim_id]
        named = self._named.get((claim.claimant, claim.rating))
        if named is None:
            named = digest(
                repr(data.claimants.get(claim.claimant) if claim.claimant else None),
                repr(data.ratings.get(claim.rating) if claim.rating else None),
            )
            self._named[(claim.claimant, claim.rating)] = named
        key = digest(self.salt, kind, language, self.fingerprints.get(claim.id) or repr(claim), named)
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


# -- pages ---------------------------------------------------------------------------------------


class PageDigests:
    """The digest of each page the build writes itself: this code, its template and every
    template that one uses, what every page in its language shows around its view
    (:meth:`surroundings`), where it leads in other languages and for "report an error", and
    what its view is made from (:meth:`inputs`). Two builds with equal digests write the same
    page, so an unchanged page need not be rendered."""

    def __init__(self, env: Environment, contexts: PageContexts, fingerprints: Mapping[str, str]) -> None:
        self.env = env
        self.contexts = contexts
        self.publication = contexts.publication
        self.fingerprints = fingerprints
        self._shared: dict[tuple[str, str], str] = {}
        self._surroundings: dict[str, str] = {}
        self._templates: dict[str, str] = {}
        self._named_digests: dict[tuple[str, str, str], str] = {}

    def prepare(self, pages: Iterable[tuple[str, PlannedPage]]) -> None:
        """Digest what many pages share now, once, before worker processes are started."""
        for template in {planned.template for _, planned in pages}:
            self.template(template)
        for language in self.publication.sites:
            self.surroundings(language)

    def page(self, language: str, planned: PlannedPage) -> str:
        """Everything the page is made from, digested."""
        shared = self._shared.get((language, planned.template))
        if shared is None:
            shared = digest(code_fingerprint(), self.template(planned.template), self.surroundings(language))
            self._shared[(language, planned.template)] = shared
        contexts = self.contexts
        return digest(
            shared,
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
            referenced = sorted(str(n) for n in meta.find_referenced_templates(self.env.parse(source)) if n)
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
        text must be rendered), so it digests what the view is made from: the claim's file, the
        claimants, ratings and topics it names, how its related claims are listed, and the ends
        of the rating scale (which its ClaimReview gives).
        """
        if page.kind != "claim":
            return digest(page.template, repr(site.view(page)))
        claim = site.dataset.claims[page.key]
        claimants = {c.claimant for c in claim.counter_claims} | {f.stated_by for f in claim.all_figures()}
        ratings = {c.previous_rating for c in claim.corrections if c.previous_rating}
        claimants |= {claim.claimant} if claim.claimant else set()
        ratings |= {claim.rating} if claim.rating else set()
        return digest(
            page.template,
            self._fingerprint(claim),
            *sorted(self._named(site, "claimant", c) for c in claimants),
            *sorted(self._named(site, "rating", r) for r in ratings),
            *(self._named(site, "topic", t) for t in claim.topics),
            *(self._named(site, "listed", r) for r in claim.related),
            # The page's ClaimReview gives the best and worst positions of the whole scale.
            repr((site.dataset.ratings.best, site.dataset.ratings.worst)),
            site.language,
        )

    def _fingerprint(self, claim: Claim) -> str:
        return self.fingerprints.get(claim.id) or repr(claim)

    def _named(self, site: Site, kind: str, key: str) -> str:
        """A digest of one claimant, rating or topic, or of how a claim is listed in the site's
        language; each is named by many pages, so each is digested once."""
        found = self._named_digests.get((site.language, kind, key))
        if found is None:
            data = site.dataset
            value: object
            if kind == "claimant":
                value = data.claimants.get(key)
            elif kind == "rating":
                value = data.ratings.get(key)
            elif kind == "topic":
                value = data.topics.get(key)
            else:
                value = site.views.summary(data.claims[key]) if key in data.claims else None
            found = digest(kind, key, repr(value))
            self._named_digests[(site.language, kind, key)] = found
        return found
