"""The MkDocs adapter: it maps the core onto MkDocs' build events and does little else.

Events used, in build order, and why:

- ``on_startup``: defining it keeps one plugin object alive across ``mkdocs serve`` rebuilds.
- ``on_config``: check the settings the address scheme depends on.
- ``on_pre_build``: load and check all data. It runs before MkDocs empties ``site_dir``, so
  bad data stops the build with every diagnostic and the previous site stays as it was.
- ``on_files``: add one generated page per claim, claimant and index page (claims are kept out
  of the global nav, which would make builds quadratic), and the ratings stylesheet.
- ``on_page_markdown``: give generated pages their template and title.
- ``on_page_content``: build a claim page's view (its Markdown rendered by markdown-it-py) and
  hand its analysis over as the page content.
- ``on_page_context``: pass the page's view to its template as ``cc``.
- ``on_env``: turn on autoescaping (MkDocs leaves it off) and add the catalogue as ``t``.
- ``on_serve``: watch ``data/`` and the theme, so the preview follows edits.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from counterclaim import urls
from counterclaim.dataset import load_dataset
from counterclaim.diagnostics import summary
from counterclaim.i18n import Catalogue, CatalogueError, load_catalogue
from counterclaim.site import PlannedPage, Site

log = logging.getLogger("mkdocs.plugins.counterclaim")

#: Index pages a site's nav may list; every other generated page stays out of the nav.
_NAV_PAGES = {urls.claims_index(), urls.claimants_index(), urls.ratings()}


class CounterclaimConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """The folder holding ratings.yaml, topics.yaml, claimants/ and claims/, relative to mkdocs.yml."""

    language = c.Type(str, default="en")
    """The site's language: interface strings come from the theme's locales/<language>.yaml."""

    per_page = c.Type(int, default=50)
    """How many claims an index page lists before it continues on the next page."""

    home_latest = c.Type(int, default=10)
    """How many of the newest claims the home page lists."""


class CounterclaimPlugin(BasePlugin[CounterclaimConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.catalogue: Catalogue | None = None
        self.planned: dict[str, PlannedPage] = {}
        self.views: dict[str, dict[str, Any]] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        pass

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()

    def _data_dir(self, config: MkDocsConfig) -> Path:
        return self._root(config) / self.config.data_dir

    def _locales_dir(self, config: MkDocsConfig) -> Path:
        if not config.theme.custom_dir:
            raise PluginError("counterclaim needs its theme: set theme.custom_dir in mkdocs.yml")
        return Path(config.theme.custom_dir) / "locales"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError(
                "counterclaim publishes claims at /claims/<id>/ for good: use_directory_urls must stay true"
            )
        if self.config.per_page < 1:
            raise PluginError("counterclaim: per_page must be at least 1")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        root = self._root(config)
        result = load_dataset(self._data_dir(config), language=self.config.language, root=root)
        for diagnostic in result.diagnostics:
            if not diagnostic.is_error:
                log.info(diagnostic.format())
        if not result.ok:
            errors = [d for d in result.diagnostics if d.is_error]
            listing = "\n".join(d.format() for d in errors)
            raise PluginError(f"the data has problems, so nothing was built:\n{listing}\n{summary(errors)}")
        try:
            self.catalogue = load_catalogue(self._locales_dir(config), self.config.language)
        except CatalogueError as exc:
            raise PluginError(str(exc)) from None
        self.site = Site(result.dataset, self.catalogue, per_page=self.config.per_page)
        self.planned = {}
        self.views = {}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for planned in self.site.pages():
            name = urls.source_name(planned.url)
            existing = files.get_file_from_path(name)
            if existing is not None:
                raise PluginError(
                    f"{config.docs_dir}/{name} is in the way of the page counterclaim generates at /{planned.url}:"
                    " rename or remove it"
                )
            inclusion = InclusionLevel.UNDEFINED if planned.url in _NAV_PAGES else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, name, content="", inclusion=inclusion))
            self.planned[name] = planned
        stylesheet = urls.ratings_stylesheet()
        files.append(File.generated(config, stylesheet, content=self.site.ratings_stylesheet()))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        planned = self.planned.get(page.file.src_uri)
        if planned is not None:
            page.meta["template"] = planned.template
            page.meta["title"] = planned.title
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        planned = self.planned.get(page.file.src_uri)
        if planned is None:
            return html
        assert self.site is not None
        context = self.site.context(planned)
        self.views[page.file.src_uri] = context
        if planned.kind == "claim":
            return str(context["claim"].analysis)
        return html

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.site is not None
        view = self.views.pop(page.file.src_uri, None)
        if view is not None:
            context["cc"] = view  # type: ignore[typeddict-unknown-key]
        if page.is_homepage:
            context["cc_latest"] = self.site.latest(self.config.home_latest)  # type: ignore[typeddict-unknown-key]
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.catalogue is not None
        env.autoescape = True
        env.globals["t"] = self.catalogue.t
        env.globals["cc_lang"] = self.catalogue.language
        env.globals["cc_links"] = {
            "claims": urls.claims_index(),
            "claimants": urls.claimants_index(),
            "ratings": urls.ratings(),
        }
        return env

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self._data_dir(config)))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server
