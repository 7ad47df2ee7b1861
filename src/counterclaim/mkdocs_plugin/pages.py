"""Pages made from data (each claim's page and the long lists), rendered with the theme's
templates and the context MkDocs would give them, outside MkDocs' page machinery.

MkDocs builds a page in several passes (reading its Markdown, rendering it with Python-Markdown,
resolving its links, running every plugin's page events), which for generated pages costs more
than the page itself once there are tens of thousands. These pages have no Markdown, so they
are rendered straight from their views, with the same templates and the same context, and the
build writes them where MkDocs would (``build.pages``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, pass_context
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.utils import normalize_url

from counterclaim.publish.context import PageContexts
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


class TemplatePages:
    """Renders pages made from data as MkDocs would have written them."""

    def __init__(
        self,
        env: Environment,
        contexts: PageContexts,
        config: MkDocsConfig,
        nav: Navigation,
        documentation_pages: Sequence[File],
    ) -> None:
        self.env = env
        self.contexts = contexts
        self.config = config
        self.nav = nav
        self.documentation_pages = documentation_pages

    def prepare(self, pages: Iterable[tuple[str, PlannedPage]]) -> None:
        for template in {planned.template for _, planned in pages}:
            self.env.get_template(template)  # compiled once, before the workers start

    def render(self, language: str, planned: PlannedPage) -> str:
        """The page's HTML, as MkDocs would have written it."""
        stub = PageStub(planned.title, planned.url, absolute(str(self.config.site_url), planned.url))
        context: dict[str, Any] = dict(get_context(self.nav, self.documentation_pages, self.config, stub))  # type: ignore[arg-type]
        context.update(self.contexts.page(planned.url, planned))
        return compact_html(self.env.get_template(planned.template).render(context))


@pass_context
def url_filter(context: Any, value: str) -> str:
    """MkDocs' ``url`` filter (a site-relative address made relative to the page), remembering
    each answer: list pages ask it for the same few hundred addresses again and again."""
    page = context["page"]
    return _normalized(str(value), None if page is None else page.url, context["base_url"])


@functools.lru_cache(maxsize=65536)
def _normalized(value: str, page_url: str | None, base: str) -> str:
    return normalize_url(value, page=None if page_url is None else _At(page_url), base=base)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _At:
    """All of a page that MkDocs' normalize_url reads: its address."""

    url: str
