"""Pages counterclaim writes itself: each claim's page and the long lists.

MkDocs builds a page in several passes (reading its Markdown, rendering it with Python-Markdown,
resolving its links, running every plugin's page events), which for generated pages costs more
than the page itself once there are tens of thousands. These pages have no Markdown, so they
are rendered straight from their views, with the same templates and the same context MkDocs
would give them, by worker processes, and written where MkDocs would write them.

A page whose digest (everything it is made from: its data, its templates, the settings, this
code) equals the one it had in the last build, and whose published file is still the one that
build wrote, is not rendered again: the published copy is linked into the new site instead.
Rendered or linked, the bytes are the same.

Part of the MkDocs adapter: it uses MkDocs' template context and the theme's environment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, meta
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation

from counterclaim.build.cache import code_fingerprint, digest, file_stamp, page_record
from counterclaim.build.staging import Staging
from counterclaim.build.workers import map_in_order
from counterclaim.publish.publication import Publication
from counterclaim.render.context import Chrome
from counterclaim.render.minify import compact_html
from counterclaim.render.site import PlannedPage
from counterclaim.render.urls import absolute


@dataclass
class PageStub:
    """What templates read of ``page``, for a page MkDocs does not build."""

    title: str
    url: str
    canonical_url: str
    is_homepage: bool = False
    content: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    toc: list[Any] = field(default_factory=list)
    edit_url: str | None = None
    previous_page: Any = None
    next_page: Any = None
    parent: Any = None
    children: Any = None
    active: bool = True
    is_page: bool = True
    is_section: bool = False
    is_link: bool = False


@dataclass(frozen=True)
class Written:
    """What writing the pages did: how many were rendered, and every page's cache record."""

    rendered: int
    records: dict[str, str]


class DirectPages:
    """Renders and writes pages from data, outside MkDocs' page machinery."""

    def __init__(
        self,
        env: Environment,
        chrome: Chrome,
        publication: Publication,
        config: MkDocsConfig,
        nav: Navigation,
        documentation_pages: Sequence[File],
    ) -> None:
        self.env = env
        self.chrome = chrome
        self.publication = publication
        self.config = config
        self.nav = nav
        self.documentation_pages = documentation_pages
        self._previous: Mapping[str, str] = {}
        self._staging: Staging | None = None
        self._shared: dict[tuple[str, str], str] = {}

    def render(self, language: str, planned: PlannedPage) -> str:
        """The page's HTML, as MkDocs would have written it."""
        view = self.publication.sites[language].context(planned)
        stub = PageStub(planned.title, planned.url, absolute(str(self.config.site_url), planned.url))
        context: dict[str, Any] = dict(get_context(self.nav, self.documentation_pages, self.config, stub))  # type: ignore[arg-type]
        context.update(self.chrome.context(planned.url, planned=planned, view=view))
        return compact_html(self.env.get_template(planned.template).render(context))

    def digest(self, language: str, planned: PlannedPage) -> str:
        """Everything the page is made from, digested."""
        shared = self._shared.get((language, planned.template))
        if shared is None:
            shared = digest(
                code_fingerprint(), self._template_source(planned.template), self.chrome.fingerprint(language)
            )
            self._shared[(language, planned.template)] = shared
        own = self.publication.sites[language].page_inputs(planned)
        chrome = self.chrome
        return digest(
            shared, own, repr(chrome.alternates(planned.url, language)), repr(chrome.intake(language, planned.url))
        )

    @cache  # noqa: B019 - one object per build
    def _template_source(self, name: str) -> str:
        """The template's source and that of every template it extends, includes or imports."""
        assert self.env.loader is not None
        source = self.env.loader.get_source(self.env, name)[0]
        referenced = sorted(str(n) for n in meta.find_referenced_templates(self.env.parse(source)) if n)
        return digest(source, *(self._template_source(n) for n in referenced if n != name))

    def write(
        self,
        pages: Sequence[tuple[str, PlannedPage]],
        staging: Staging,
        previous: Mapping[str, str],
        *,
        workers: int | None,
    ) -> Written:
        """Write ``pages`` into the staging folder, each rendered unless its digest is in
        ``previous`` (the last build's) and the published site has it."""
        for template in {planned.template for _, planned in pages}:
            self.env.get_template(template)  # compiled once, before the workers start
            self._template_source(template)
        for language in self.publication.sites:
            self.chrome.fingerprint(language)
        self._previous, self._staging = previous, staging
        rendered, records = 0, {}
        for url, record, was_rendered in map_in_order(self._write_chunk, _side_by_side(pages), workers=workers):
            records[url] = record
            rendered += was_rendered
        return Written(rendered, records)

    def _write_chunk(self, pages: list[tuple[str, PlannedPage]]) -> list[tuple[str, str, bool]]:
        assert self._staging is not None
        done = []
        for language, planned in pages:
            page_digest = self.digest(language, planned)
            name = f"{planned.url}index.html"
            # Reused only if its digest is the same and the published file is the one written.
            before = self._previous.get(planned.url, "")
            reused = before.startswith(f"{page_digest} ") and self._staging.reuse(name, before.partition(" ")[2])
            target = self._staging.folder / name
            if not reused:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(self.render(language, planned), encoding="utf-8")
            done.append((planned.url, page_record(page_digest, file_stamp(target)), not reused))
        return done


def _side_by_side(pages: Sequence[tuple[str, PlannedPage]]) -> list[tuple[str, PlannedPage]]:
    """``pages`` with each page's versions in every language next to each other, so that the
    worker that renders one renders the others, and a text they share once."""
    order: dict[tuple[str, str, int], int] = {}
    for _, planned in pages:
        order.setdefault((planned.kind, planned.key, planned.number), len(order))
    return sorted(pages, key=lambda page: order[(page[1].kind, page[1].key, page[1].number)])
