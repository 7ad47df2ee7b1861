"""The MkDocs adapter: it maps the build (``build.site_build``) onto MkDocs' events and does
little else.

Events used, in build order, and why:

- ``on_startup``: defining it keeps one plugin object alive across ``mkdocs serve`` rebuilds.
- ``on_config``: check the options the address scheme depends on (``config``); point MkDocs at
  the build's staging folder, after waiting for any other build into the same folder to end:
  the site is built there and takes the published folder's place only when the build succeeds.
  Under ``mkdocs serve`` the served folder is updated in place instead (it is set aside from
  the end of ``on_pre_build`` to the start of ``on_files``, while MkDocs would empty it).
- ``on_build_error``: the build removes its staging folder, so a failed build, whatever fails,
  leaves the previous site exactly as it was; an operating-system failure (a full or read-only
  disk, a missing permission, a mount point) is one plain message instead of a traceback.
- ``on_pre_build``: load and check all data, and stop with every diagnostic if any is an error.
  Under ``mkdocs serve`` the preview instead keeps showing the last data that was good (MkDocs
  would otherwise stop answering until the build succeeds), says so on every page, and takes
  up the new data as soon as it is fixed.
- ``on_files``: add the index pages (claims, claimants, ratings, topics, corrections, search;
  the pages a nav or a hand-written page links to), the feeds, search indexes and exports; keep
  other-language pages out of the main nav. Claim pages and the long lists are not MkDocs
  pages at all: the build writes them itself after MkDocs' pages (``pages``), because MkDocs'
  per-page machinery would cost more than the pages, and claims out of the nav keep it small.
- ``on_nav``: keep the nav, for the menus of the pages the build writes.
- ``on_page_markdown``: give generated pages their template and title.
- ``on_env``: turn on autoescaping (MkDocs leaves it off); set up every page's context
  (``publish.context``) now that every page's title is known.
- ``on_page_context``: add that context: the page's view as ``cc``, its language, its menu and
  its translations.
- ``on_post_page``: drop template indentation from the HTML.
- ``on_post_build``: write the claim pages and long lists, and a sitemap that lists every page;
  publish the site unless a strict build is about to fail.
- ``on_serve``: watch ``data/`` and the theme, so the preview follows edits (told of saved files
  by the system where it can: ``preview``).
"""

from __future__ import annotations

import logging
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

from counterclaim.build.digests import code_fingerprint
from counterclaim.build.seen import SavedPaths
from counterclaim.build.site_build import SiteBuild
from counterclaim.build.stamps import input_stamp
from counterclaim.check import report
from counterclaim.load.site_config import LOCALES, language_problems
from counterclaim.mkdocs_plugin.config import CounterclaimConfig, check_options
from counterclaim.mkdocs_plugin.pages import TemplatePages, url_filter
from counterclaim.mkdocs_plugin.preview import CompiledTemplates, watch_natively
from counterclaim.model.dates import build_date
from counterclaim.model.diagnostics import Diagnostic, Severity, summary
from counterclaim.publish.claimreview import Publisher
from counterclaim.publish.context import PageContexts, PageSettings
from counterclaim.publish.publication import Publication, SiteSettings
from counterclaim.render.i18n import CatalogueError
from counterclaim.render.minify import compact_css, compact_html
from counterclaim.render.site import PlannedPage
from counterclaim.render.urls import page_address, source_name

log = logging.getLogger("mkdocs.plugins.counterclaim")
#: Set on log records that must not fail a strict build: what goes wrong with the build cache
#: changes how long the build takes, never what it writes.
_NOT_COUNTED = "counterclaim_not_counted"
#: Seconds `mkdocs serve` waits after a change reported by the system before it builds.
BUILD_DELAY = 0.02
#: How many of the data's warnings (mistakes, with all their places) the build shows.
WARNINGS_SHOWN = 5


class CounterclaimPlugin(BasePlugin[CounterclaimConfig]):
    def __init__(self) -> None:
        self.build = SiteBuild(notify=self._cache_notice)
        self.publication: Publication | None = None
        #: The generated pages MkDocs builds (by source name) and those the build writes itself.
        self.planned: dict[str, tuple[str, PlannedPage]] = {}
        self.direct: list[tuple[str, PlannedPage]] = []
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None
        self.contexts: PageContexts | None = None
        self.warnings = _WarningCounter()
        #: What was said about the cache, so that each thing is said once (under `mkdocs serve`).
        self.said: set[str] = set()
        #: The templates compiled by earlier builds in this process (`mkdocs serve`).
        self.compiled = CompiledTemplates()
        #: Whether this build found the site up to date (see SiteBuild.up_to_date).
        self.up_to_date = False

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.build.serving = command == "serve"

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()

    # -- settings and the staging folder ------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.build.abandon()  # a build in this process that ended without saying so
        check_options(self.config, config)
        # In strict mode MkDocs fails the build after the last event if anything warned: count
        # the warnings too, so as not to publish a build that is about to fail.
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.removeHandler(self.warnings)
        self.warnings = _WarningCounter()
        if config.strict:
            mkdocs_log.addHandler(self.warnings)
        for handler in mkdocs_log.handlers:
            if isinstance(handler, CountHandler | _WarningCounter):
                handler.addFilter(_counted)
        # MkDocs writes into the staging folder; the site takes its place only on success.
        site_dir = Path(str(config.site_dir))
        cache_dir = self._cache_dir(config)
        # With the site folder's own name, not the staging folder's; none under `mkdocs serve`
        # or without a cache to keep them in.
        inputs = None if self.build.serving or cache_dir is None else self._inputs(config)
        config.site_dir = str(self.build.begin(site_dir, waiting=_say))
        # Nothing changed since the last build, which left the site as it is: nothing to write.
        self.up_to_date = self.build.up_to_date(site_dir, cache_dir, inputs)
        if self.up_to_date:
            config.theme.static_templates.clear()
            config.extra_templates = []
        return config

    def _cache_dir(self, config: MkDocsConfig) -> Path | None:
        return self._root(config) / self.config.cache_dir if self.config.cache_dir else None

    def _inputs(self, config: MkDocsConfig) -> str | None:
        """Everything this build is made from (see build.stamps), or None if it cannot be told."""
        if not config.config_file_path:
            return None
        config_file = Path(config.config_file_path)
        if "INHERIT" in config_file.read_text(encoding="utf-8", errors="replace"):
            return None  # made from another configuration file too
        settings = repr(
            (
                code_fingerprint(),
                sys.version,
                metadata.version("Babel"),
                build_date().isoformat(),
                sorted(self.config.items(), key=lambda item: item[0]),
                [str(config[name]) for name in _SETTINGS],
                sorted(config.theme.static_templates),
                config.theme.dirs,
            )
        )
        root = self._root(config)
        return input_stamp(
            [config_file, Path(config.docs_dir), root / self.config.data_dir, *map(Path, config.theme.dirs)], settings
        )

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        explained = self.build.fail(error)
        if explained is not None:
            raise PluginError(explained) from None

    def _cache_notice(self, sentence: str) -> None:
        if sentence not in self.said:
            self.said.add(sentence)
            log.warning(f"counterclaim: {sentence}", extra={_NOT_COUNTED: True})

    # -- the data -----------------------------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.up_to_date:
            return
        root = self._root(config)
        cache_dir = self._cache_dir(config)
        if cache_dir is None and "off" not in self.said:
            self.said.add("off")
            log.info("counterclaim: the build cache is off (cache_dir is empty in mkdocs.yml)")
        languages = self.config.languages()
        result = self.build.load(
            root / self.config.data_dir,
            language=self.config.language,
            root=root,
            cache_dir=cache_dir,
            workers=self.config.workers,
        )
        diagnostics = self._language_problems(config) + result.diagnostics
        if not result.same_diagnostics:  # else said by the last build (under `mkdocs serve`)
            _log_warnings(diagnostics)
        errors = [d for d in diagnostics if d.severity is not Severity.WARNING]
        listing = report.listing(errors)
        shown = self.build.show(result, errors)
        if shown is None:
            raise PluginError(f"the data has problems, so nothing was built:\n{listing}\n{summary(errors)}")
        if errors:
            log.error(f"the data has problems; the preview shows the last good data:\n{listing}\n{summary(errors)}")
        locales = locale_dirs(config)
        try:
            catalogues = {lang: self.build.catalogue(locales, lang) for lang in languages}
        except CatalogueError as exc:
            raise PluginError(str(exc)) from None
        settings = SiteSettings(
            site_url=str(config.site_url),
            site_name=config.site_name,
            site_names={str(k): str(v) for k, v in self.config.site_names.items()},
            languages=languages,
            publisher=Publisher(
                self.config.publisher or config.site_name, self.config.publisher_url or config.site_url
            ),
            per_page=self.config.per_page,
        )
        self.publication = self.build.publish(catalogues, settings)
        self.planned = {}
        # Under `mkdocs serve` the served folder is updated in place: MkDocs, which now empties
        # the site folder, finds none (it is put back in on_files).
        self.build.hold()

    def _language_problems(self, config: MkDocsConfig) -> list[Diagnostic]:
        """Languages the theme has no interface strings for, at their place in mkdocs.yml: found
        with the data's problems, as `counterclaim check` finds them."""
        if not config.config_file_path:
            return []
        config_file = Path(config.config_file_path)
        return language_problems(config_file, config_file.name, self.config.languages(), locale_dirs(config))

    # -- files --------------------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.up_to_date:
            return _nothing_built(files, config)
        assert self.publication is not None
        self.build.put_back()
        main = self.config.language
        for file in files.documentation_pages():
            # Translated content pages are reached from their own language's menu.
            if self.publication.language_of(file.src_uri) != main:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        listed = _nav_paths(config.nav) if config.nav is not None else None
        self.direct = []
        # The addresses of the content pages named like a generated page's source (tens of
        # thousands of pages are looked up here: no name is made for each).
        existing = {f.src_uri.removesuffix("index.md") for f in files if f.src_uri.endswith("index.md")}
        for language, planned in self.publication.pages():
            if planned.url in existing:
                self._refuse_conflict(files, source_name(planned.url), config)
            if not planned.in_nav:
                self.direct.append((language, planned))
                continue
            name = source_name(planned.url)
            # Index pages go in the nav when mkdocs.yml lists them (or has no nav of its own).
            in_nav = language == main and (listed is None or name in listed)
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, name, content="", inclusion=inclusion))
            self.planned[name] = (language, planned)
        # Stylesheets from the theme go out minified: every page loads them.
        for file in [f for f in files if f.src_uri.endswith(".css") and not f.generated_by and f.abs_src_path]:
            source = Path(str(file.abs_src_path)).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=compact_css(source)))
        # The build writes the feeds, search index and exports into the (already cleaned)
        # staging folder; MkDocs leaves a file whose source is its destination as it is.
        for name in self.build.write_files(self.publication, self.config.workers):
            self._refuse_conflict(files, name, config)
            files.append(File.generated(config, name, abs_src_path=str(self.build.folder / name)))
        self.files = files
        return files

    def _refuse_conflict(self, files: Files, name: str, config: MkDocsConfig) -> None:
        if files.get_file_from_path(name) is not None:
            address = name.removesuffix("index.md")
            raise PluginError(
                f"{config.docs_dir}/{name} is in the way of a file counterclaim generates at /{address}:"
                " rename or remove it"
            )

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    # -- pages --------------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        found = self.planned.get(page.file.src_uri)
        if found is not None:
            page.meta["template"] = found[1].template
            page.meta["title"] = found[1].title
        return markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.up_to_date:
            return env
        assert self.publication is not None
        env.autoescape = True
        env.filters["url"] = url_filter  # MkDocs' own, remembering its answers
        # MkDocs makes a new environment for each build: under `mkdocs serve` a template is
        # compiled again only if its source changed (Jinja checks it).
        env.bytecode_cache = self.compiled
        pages = files.documentation_pages()
        titles = {page_address(f.url): (f.page.title if f.page else None) or f.name for f in pages}
        titles.update({planned.url: planned.title for _, planned in self.direct})
        settings = PageSettings(
            home_latest=self.config.home_latest,
            footer=tuple(_address(str(path)) for path in self.config.footer),
            contact_page=_address(self.config.contact_page),
            edit_uri=self.config.edit_uri,
            nav=tuple(page.url for page in self.nav.pages) if self.nav is not None else (),
            site_description=config.site_description or "",
            repo_url=config.repo_url or "",
            copyright=config.copyright or "",
            contact_email=self.config.contact_email,
            contact_url=self.config.contact_url,
        )
        self.contexts = self.build.page_contexts(settings, titles)
        # Templates rendered outside a page (404.html, served at any address) use the main
        # language and links from the site's root.
        env.globals.update(self.contexts.error_page())
        self.env = env
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.contexts is not None
        found = self.planned.get(page.file.src_uri)
        context.update(self.contexts.page(page.url, found[1] if found else None))  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return compact_html(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.up_to_date:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            config.site_dir = str(self.build.staging.target if self.build.staging else config.site_dir)
            self.build.leave_as_it_is()
            log.info(
                "counterclaim: nothing changed since the last build, which left the site as it is: nothing written"
            )
            return
        assert self.contexts is not None and self.env is not None
        assert self.nav is not None and self.files is not None
        documentation = self.files.documentation_pages()
        renderer = TemplatePages(self.env, self.contexts, config, self.nav, documentation)
        written = self.build.write_pages(self.direct, renderer, self.env, self.contexts, self.config.workers)
        changed = self.build.publication.changed if self.build.publication else None
        if written.changed is not None and changed is not None:
            log.info(
                f"counterclaim: after an edit of {len(changed)} claim{'s' if len(changed) != 1 else ''},"
                f" {len(written.changed)} of {len(self.direct)} generated pages looked at, {written.rendered} rendered"
            )
        else:
            log.info(
                f"counterclaim: {written.rendered} of {len(self.direct)} generated pages rendered, the rest unchanged"
            )
        included = [f.url for f in documentation if f.inclusion.is_included()]
        self.build.write_sitemap(str(config.site_url), included + [p.url for _, p in self.direct])
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        others = _mkdocs_outputs(self.files, config)
        published = self.build.finish(written, publish=not self.warnings.count, others=others)
        if published is not None:
            config.site_dir = str(published)

    def on_shutdown(self) -> None:
        self.build.shutdown()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self._root(config) / self.config.data_dir))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        saved = SavedPaths()
        if watch_natively(server, saved):
            self.build.saved = saved  # a rebuild reads again the files the system says changed
            # MkDocs waits a tenth of a second after the last change before it builds, for a
            # burst of changes to end; the system reports a save at once (an editor's save is
            # one or two events within a millisecond), and a change after the build began is
            # built next: a fiftieth is enough, and an edit shows that much sooner.
            server.build_delay = min(server.build_delay, BUILD_DELAY)
        return server


#: MkDocs' settings that change what is built besides mkdocs.yml itself (given on the command line).
_SETTINGS = ("site_dir", "docs_dir", "site_url", "strict", "use_directory_urls", "dev_addr")


def _nothing_built(files: Files, config: MkDocsConfig) -> Files:
    """``files``, each left out of the build; with the pages the nav names that the build would
    make (left out too): the site is up to date, and the nav is as it was."""
    for file in files:
        file.inclusion = InclusionLevel.EXCLUDED
    named = _nav_paths(config.nav) if config.nav is not None else set()
    for name in sorted(named - {f.src_uri for f in files}):
        if name.endswith(".md") and "://" not in name:
            files.append(File.generated(config, name, content="", inclusion=InclusionLevel.EXCLUDED))
    return files


def _mkdocs_outputs(files: Files, config: MkDocsConfig) -> list[str]:
    """What MkDocs writes into the site folder under `mkdocs serve`: every file it builds or
    copies (drafts too), and the theme's and the site's templates rendered as they are."""
    made = [f.dest_uri for f in files if InclusionLevel.is_in_serve(f.inclusion)]
    site = Path(str(config.site_dir))
    templates = [*config.theme.static_templates, *config.extra_templates]
    return made + [name for name in templates if (site / name).is_file()]


def locale_dirs(config: MkDocsConfig) -> list[Path]:
    """The theme's folders of interface strings, searched as MkDocs searches its templates: the
    site's own (``custom_dir``, whether or not it has strings of its own yet) before the theme's."""
    custom_dir = config.theme.custom_dir
    found = [Path(custom_dir) / LOCALES] if custom_dir else []
    found += [Path(d) / LOCALES for d in config.theme.dirs if d != custom_dir and (Path(d) / LOCALES).is_dir()]
    return found


def _say(sentence: str) -> None:
    log.info(f"counterclaim: {sentence}")


def _log_warnings(diagnostics: list[Diagnostic]) -> None:
    """A count of the data's warnings and the first few, with where to see them all: a large
    site can have tens of thousands, too many for a build log (or to format for one)."""
    warnings = [d for d in diagnostics if d.severity is Severity.WARNING]
    if not warnings:
        return
    count = len(warnings)
    shown = report.first_few(warnings, WARNINGS_SHOWN)
    kinds = len(report.mistakes(warnings))
    first = f"the first {WARNINGS_SHOWN} of {kinds} different ones" if kinds > WARNINGS_SHOWN else "they are"
    log.info(
        f"the data has {count} warning{'s' if count != 1 else ''}, which do not stop the build; {first}:\n{shown}\n"
        "run `counterclaim check` to see them all"
    )


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _counted(record: logging.LogRecord) -> bool:
    """Whether a strict build counts ``record`` as a warning."""
    return not getattr(record, _NOT_COUNTED, False)


def _nav_paths(nav: Any) -> set[str]:
    """Every page path named in mkdocs.yml's nav, however deeply nested."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {path for value in nav.values() for path in _nav_paths(value)}
    if isinstance(nav, list):
        return {path for item in nav for path in _nav_paths(item)}
    return set()


def _address(path: str) -> str:
    """The address of the page written as ``path`` in docs_dir (``about.md`` is at ``about/``)."""
    return page_address(File(path, "", "", True).url)
