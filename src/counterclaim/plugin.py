"""The MkDocs adapter: it maps the core onto MkDocs' build events and does little else.

Events used, in build order, and why:

- ``on_startup``: defining it keeps one plugin object alive across ``mkdocs serve`` rebuilds.
- ``on_config``: check the settings the address scheme depends on.
- ``on_pre_build``: load and check all data. It runs before MkDocs empties ``site_dir``, so
  bad data stops the build with every diagnostic and the previous site stays as it was. Under
  ``mkdocs serve`` the preview instead keeps showing the last data that was good (MkDocs would
  otherwise stop answering until the build succeeds), says so on every page, and takes up the
  new data as soon as it is fixed.
- ``on_files``: add the generated pages (claims are kept out of the global nav, which would make
  builds quadratic), the feeds, search indexes and exports; keep other-language pages out of
  the main nav.
- ``on_page_markdown``: give generated pages their template and title.
- ``on_page_content``: build a generated page's view (claim text rendered by markdown-it-py)
  and hand a claim's analysis over as the page content.
- ``on_page_context``: pass the view to the template as ``cc``, with the page's language, its
  menu, its translations and, on claim pages, its ClaimReview.
- ``on_post_page``: drop template indentation from the HTML (``compact``).
- ``on_env``: turn on autoescaping (MkDocs leaves it off).
- ``on_serve``: watch ``data/`` and the theme, so the preview follows edits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlsplit

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

from counterclaim.compact import compact_css, compact_html
from counterclaim.dataset import load_dataset
from counterclaim.diagnostics import Diagnostic, summary
from counterclaim.i18n import Catalogue, CatalogueError, load_catalogue
from counterclaim.model import Dataset
from counterclaim.publication import Publication, Settings
from counterclaim.site import PlannedPage
from counterclaim.structured import Publisher, script_json
from counterclaim.urls import absolute, relative, source_name

log = logging.getLogger("mkdocs.plugins.counterclaim")

SUGGEST_FORM = "suggest-a-claim.yml"
REPORT_FORM = "report-an-error.yml"


class CounterclaimConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """The folder holding ratings.yaml, topics.yaml, claimants/ and claims/, relative to mkdocs.yml."""

    language = c.Type(str, default="en")
    """The site's main language, published at the root; strings come from theme/locales/<language>.yaml."""

    extra_languages = c.Type(list, default=[])
    """Further languages, each published under /<language>/ with the same addresses below it."""

    publisher = c.Type(str, default="")
    """The fact-checking organisation named as author of the reviews and feeds (default: site_name)."""

    publisher_url = c.Type(str, default="")
    """The organisation's web address (default: site_url)."""

    per_page = c.Type(int, default=50)
    """How many claims a list page shows before it continues on the next page."""

    home_latest = c.Type(int, default=10)
    """How many of the newest claims the home page lists."""

    footer = c.Type(list, default=[])
    """Pages linked from every page's footer, as paths in docs_dir (e.g. methodology.md)."""

    site_names = c.Type(dict, default={})
    """The site's name in each further language, where it differs from site_name: {es: ...}."""

    contact_page = c.Type(str, default="contact.md")
    """Where "suggest a claim" and "report an error" lead when there is no repo_url."""

    edit_uri = c.Type(str, default="edit/main/")
    """Appended to repo_url, then the data file's path, to make each claim's "edit" link."""


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    active: bool = False


class CounterclaimPlugin(BasePlugin[CounterclaimConfig]):
    def __init__(self) -> None:
        self.publication: Publication | None = None
        self.catalogues: dict[str, Catalogue] = {}
        self.planned: dict[str, tuple[str, PlannedPage]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.pages_by_url: dict[str, File] = {}
        self.serving = False
        #: Under `mkdocs serve`: the last data without errors, and the errors since, if any.
        self.last_good: Dataset | None = None
        self.stale: list[Diagnostic] = []

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    # -- settings ---------------------------------------------------------------------------------

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()

    def _data_dir(self, config: MkDocsConfig) -> Path:
        return self._root(config) / self.config.data_dir

    def _languages(self) -> tuple[str, ...]:
        extra = [str(lang) for lang in self.config.extra_languages if lang != self.config.language]
        return (self.config.language, *dict.fromkeys(extra))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError(
                "counterclaim publishes claims at /claims/<id>/ for good: use_directory_urls must stay true"
            )
        if not config.site_url:
            raise PluginError(
                "counterclaim needs site_url in mkdocs.yml: canonical links, feeds and ClaimReview use it"
            )
        if self.config.per_page < 1:
            raise PluginError("counterclaim: per_page must be at least 1")
        if not config.theme.custom_dir:
            raise PluginError("counterclaim needs its theme: set theme.custom_dir in mkdocs.yml")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        result = load_dataset(self._data_dir(config), language=self.config.language, root=self._root(config))
        for diagnostic in result.diagnostics:
            if not diagnostic.is_error:
                log.info(diagnostic.format())
        errors = [d for d in result.diagnostics if d.is_error]
        listing = "\n".join(d.format() for d in errors)
        dataset = result.dataset
        self.stale = []
        if errors and self.serving and self.last_good is not None:
            log.error(f"the data has problems; the preview shows the last good data:\n{listing}\n{summary(errors)}")
            dataset, self.stale = self.last_good, errors
        elif errors:
            raise PluginError(f"the data has problems, so nothing was built:\n{listing}\n{summary(errors)}")
        else:
            self.last_good = result.dataset
        locales = Path(str(config.theme.custom_dir)) / "locales"
        try:
            self.catalogues = {lang: load_catalogue(locales, lang) for lang in self._languages()}
        except CatalogueError as exc:
            raise PluginError(str(exc)) from None
        settings = Settings(
            site_url=str(config.site_url),
            site_name=config.site_name,
            site_names={str(k): str(v) for k, v in self.config.site_names.items()},
            languages=self._languages(),
            publisher=Publisher(
                self.config.publisher or config.site_name, self.config.publisher_url or config.site_url
            ),
            per_page=self.config.per_page,
        )
        self.publication = Publication(dataset, self.catalogues, settings)
        self.planned = {}
        self.views = {}

    # -- files -------------------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.publication is not None
        main = self.config.language
        for file in files.documentation_pages():
            # Translated content pages are reached from their own language's menu.
            if self.publication.language_of(file.src_uri) != main:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        listed = _nav_paths(config.nav) if config.nav is not None else None
        for language, planned in self.publication.pages():
            name = source_name(planned.url)
            self._refuse_conflict(files, name, config)
            # Index pages go in the nav when mkdocs.yml lists them (or has no nav of its own).
            in_nav = planned.in_nav and language == main and (listed is None or name in listed)
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, name, content="", inclusion=inclusion))
            self.planned[name] = (language, planned)
        # Stylesheets from the theme go out minified: every page loads them.
        for file in [f for f in files if f.src_uri.endswith(".css") and not f.generated_by and f.abs_src_path]:
            source = Path(str(file.abs_src_path)).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=compact_css(source)))
        for name, content in self.publication.files().items():
            self._refuse_conflict(files, name, config)
            files.append(File.generated(config, name, content=content))
        self.pages_by_url = {f.url: f for f in files.documentation_pages()}
        return files

    def _refuse_conflict(self, files: Files, name: str, config: MkDocsConfig) -> None:
        if files.get_file_from_path(name) is not None:
            address = name.removesuffix("index.md")
            raise PluginError(
                f"{config.docs_dir}/{name} is in the way of a file counterclaim generates at /{address}:"
                " rename or remove it"
            )

    # -- pages -------------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        found = self.planned.get(page.file.src_uri)
        if found is not None:
            page.meta["template"] = found[1].template
            page.meta["title"] = found[1].title
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        found = self.planned.get(page.file.src_uri)
        if found is None:
            return html
        assert self.publication is not None
        language, planned = found
        context = self.publication.sites[language].context(planned)
        self.views[page.file.src_uri] = context
        if planned.kind == "claim":
            return str(context["claim"].analysis)
        return html

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.publication is not None
        language = self.publication.language_of(page.file.src_uri)
        site = self.publication.sites[language]
        extra: dict[str, Any] = {
            "t": site.catalogue.t,
            "cc_lang": language,
            "cc_site_name": self._site_name(config, language),
            "cc_links": self._links(language, page.url),
            "cc_nav": self._menu(nav, language, page),
            "cc_footer": self._footer(language, page),
            "cc_alternates": self._alternates(page.url, language, str(config.site_url)),
            "cc_canonical": page.canonical_url,
            "cc_description": config.site_description or "",
            "cc_og_type": "website",
            "cc_stale": self.stale,
        }
        extra["cc_suggest"], extra["cc_report"] = self._intake(config, language, page)
        found = self.planned.get(page.file.src_uri)
        view = self.views.pop(page.file.src_uri, None)
        if view is not None:
            extra["cc"] = view
        if found is not None and found[1].kind == "claim":
            claim = self.publication.dataset.claims[found[1].key]
            extra["cc_canonical"] = self.publication.canonical(claim, language)
            extra["cc_og_type"] = "article"
            extra["cc_description"] = view["claim"].description if view else ""
            review = self.publication.claim_review(claim, language)
            extra["cc_jsonld"] = script_json(review) if review else None
            if config.repo_url:
                extra["cc_edit_url"] = f"{config.repo_url.rstrip('/')}/{self.config.edit_uri.strip('/')}/{claim.path}"
        if page.is_homepage or page.url == site.urls.home():
            extra["cc_latest"] = site.latest(self.config.home_latest)
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def _intake(self, config: MkDocsConfig, language: str, page: Page) -> tuple[str | None, str | None]:
        """Where "suggest a claim" and "report an error" lead: the repository's issue forms, or
        else the contact page."""
        if not config.repo_url:
            assert self.publication is not None
            contact = File(self.config.contact_page, "", "", True).url
            target = self.publication.counterpart(contact, language)
            if target not in self.pages_by_url:
                target = contact if contact in self.pages_by_url else ""
            return (relative(page.url, target), relative(page.url, target)) if target else (None, None)
        issues = f"{config.repo_url.rstrip('/')}/issues/new?template="
        address = quote(absolute(str(config.site_url), page.url), safe="")
        return issues + SUGGEST_FORM, f"{issues}{REPORT_FORM}&page={address}"

    def _site_name(self, config: MkDocsConfig, language: str) -> str:
        return str(self.config.site_names.get(language) or config.site_name)

    def _links(self, language: str, page_url: str) -> dict[str, Any]:
        """Addresses the templates link to, relative to the page."""
        return {name: relative(page_url, target) for name, target in self._targets(language).items()}

    def _targets(self, language: str) -> dict[str, str]:
        assert self.publication is not None
        urls = self.publication.sites[language].urls
        return {
            "home": urls.home(),
            "claims": urls.claims_index(),
            "claimants": urls.claimants_index(),
            "ratings": urls.ratings(),
            "topics": urls.topics_index(),
            "corrections": urls.corrections(),
            "search": urls.search(),
            "search_index": urls.search_index(),
            "claims_feed": urls.claims_feed(),
            "corrections_feed": urls.corrections_feed(),
            "stylesheet": "assets/style.css",
            "ratings_stylesheet": "assets/ratings.css",
            "search_script": "assets/search.js",
        }

    def _title(self, file: File, language: str) -> str:
        assert self.publication is not None
        found = self.planned.get(file.src_uri)
        if found is not None:
            return found[1].title
        if file.url == self.publication.sites[language].urls.home():
            return self.catalogues[language].t("nav_home")
        return (file.page.title if file.page else None) or file.name

    def _menu(self, nav: Navigation, language: str, page: Page) -> list[MenuItem]:
        """The main menu in the page's language: the nav's pages that exist in that language."""
        assert self.publication is not None
        items = []
        for entry in nav.pages:
            target = self.publication.counterpart(entry.url, language)
            file = self.pages_by_url.get(target)
            if file is None:
                continue
            items.append(MenuItem(self._title(file, language), relative(page.url, target), target == page.url))
        return items

    def _footer(self, language: str, page: Page) -> list[MenuItem]:
        assert self.publication is not None
        items = []
        for path in self.config.footer:
            url = File(str(path), "", "", True).url
            file = self.pages_by_url.get(self.publication.counterpart(url, language)) or self.pages_by_url.get(url)
            if file is not None:
                items.append(MenuItem(self._title(file, language), relative(page.url, file.url), file.url == page.url))
        return items

    def _alternates(self, url: str, language: str, site_url: str) -> list[dict[str, str]]:
        """The same page in each language it exists in, for hreflang links and the switcher."""
        assert self.publication is not None
        found = []
        for other in self.publication.settings.languages:
            target = self.publication.counterpart(url, other)
            if target in self.pages_by_url:
                found.append(
                    {
                        "lang": other,
                        "name": self.catalogues[other].t("language_name"),
                        "href": relative(url, target),
                        "absolute": absolute(site_url, target),
                        "current": "true" if other == language else "",
                    }
                )
        return found if len(found) > 1 else []

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return compact_html(output)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.autoescape = True
        main = self.catalogues.get(self.config.language)
        if main is not None:
            # Templates rendered outside a page (404.html, served at any address) use the main
            # language and links from the site's root.
            env.globals["t"] = main.t
            env.globals["cc_lang"] = main.language
            root = urlsplit(str(config.site_url)).path.rstrip("/") + "/"
            env.globals["cc_links"] = {name: root + target for name, target in self._targets(main.language).items()}
        return env

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self._data_dir(config)))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server


def _nav_paths(nav: Any) -> set[str]:
    """Every page path named in mkdocs.yml's nav, however deeply nested."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {path for value in nav.values() for path in _nav_paths(value)}
    if isinstance(nav, list):
        return {path for item in nav for path in _nav_paths(item)}
    return set()
