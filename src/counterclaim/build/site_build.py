"""A site's build, as the MkDocs adapter runs it (``mkdocs build``, or each rebuild under
``mkdocs serve``): the data loaded and checked, the files made from all claims and the pages
made from data written, all into a staging folder that takes the published site's place only
when the build succeeds (:mod:`~counterclaim.build.staging`), with the build cache.

Under ``mkdocs serve`` one :class:`SiteBuild` lives across rebuilds: the cache stays open with
what it remembers, the site keeps showing the last data that had no errors while the data
has some, and the served folder is updated in place (:class:`~counterclaim.build.staging.
Preview`) rather than staged anew.
"""

from __future__ import annotations

import gc
import gzip
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from jinja2 import Environment

from counterclaim.build.cache import BuildCache
from counterclaim.build.digests import Dependents, PageDigests, Remembered
from counterclaim.build.faults import explain, understood
from counterclaim.build.loading import KeptLoad, LoadResult, load_dataset
from counterclaim.build.pages import PageRenderer, Written, write_pages
from counterclaim.build.parts import CachedParts
from counterclaim.build.pieces import PieceFiles
from counterclaim.build.seen import SavedPaths
from counterclaim.build.signing import Notify
from counterclaim.build.staging import Preview, Staging, written_files
from counterclaim.build.stamps import site_stamp
from counterclaim.model.diagnostics import Diagnostic
from counterclaim.publish import search
from counterclaim.publish.context import PageContexts, PageSettings
from counterclaim.publish.publication import Publication, SiteSettings
from counterclaim.publish.sitemap import sitemap
from counterclaim.render.i18n import REFERENCE, Catalogue, load_catalogue
from counterclaim.render.site import PlannedPage


class SiteBuild:
    """The builds of one site in this process. ``notify`` is told, once each, what goes wrong
    with the build cache (a warning: the build goes on without it)."""

    def __init__(self, *, serving: bool = False, notify: Notify | None = None) -> None:
        self.serving = serving
        self.notify = notify
        self.cache = BuildCache(None)
        self.staging: Staging | None = None
        #: The lock beside the site folder, which `mkdocs serve` makes in a temporary folder.
        self.lock: Path | None = None
        #: Under `mkdocs serve`: the last data without errors.
        self.last_good: LoadResult | None = None
        #: The data this build shows, and the problems of newer data it does not show (under
        #: `mkdocs serve`, which keeps showing the last data without errors).
        self.shown: LoadResult | None = None
        self.stale: list[Diagnostic] = []
        self.publication: Publication | None = None
        #: Under `mkdocs serve`: every file in the served folder after the last build that
        #: ended, by its path in it (None: not known, the folder is looked at).
        self.served: set[str] | None = None
        #: The files made from all claims this build wrote.
        self.files_written: list[str] = []
        #: Under `mkdocs serve`: the last build's digests of claim pages and of claims' parts,
        #: each with what it was made from, and the parts themselves by key (see
        #: :class:`~counterclaim.build.digests.PageDigests`, :class:`~counterclaim.build.parts.
        #: CachedParts`).
        self.page_digests: Remembered = {}
        self.part_keys: Remembered = {}
        self.last_parts: CachedParts | None = None
        #: Under `mkdocs serve`: each language's search index, as its files were last written.
        self.indexes: dict[str, search.IndexFiles] = {}
        #: Under `mkdocs serve`: the pieces of each file made from all claims, as last written,
        #: with their lengths in bytes.
        self._pieces = PieceFiles()
        #: Under `mkdocs serve`: the last whole load, to be narrowed to the files that change,
        #: and what the system's file watcher says changed since (where it can say).
        self.kept_load: KeptLoad | None = None
        self.saved: SavedPaths | None = None
        #: Under `mkdocs serve`: every page's record after the last build that ended, what the
        #: pages were made around (see write_pages), and which pages show each claim.
        self.records: dict[str, str] | None = None
        self._page_basis: tuple[str, tuple[str, ...]] | None = None
        self.dependents: Dependents | None = None
        #: Under `mkdocs serve`: the interface strings read, by their files' statuses.
        self._catalogues: dict[tuple[str, tuple[tuple[str, object], ...]], Catalogue] = {}
        #: What this build is made from (see up_to_date), when the cache can keep it.
        self._inputs: str | None = None
        #: The last sitemap made (kept under `mkdocs serve`), with the addresses it lists.
        self._sitemap: tuple[tuple[str, tuple[str, ...]], bytes, bytes] | None = None

    # -- the staging folder ----------------------------------------------------------------------

    def begin(self, site_dir: Path, *, waiting: Callable[[str], None]) -> Path:
        """Wait for this build's turn (``waiting`` is told if another build into the same folder
        is under way), clear what dead builds left, and make the staging folder the site is
        built in. An operating-system failure is raised as OSError, the published site left as
        it was."""
        self.abandon()
        self.files_written = []
        if self.serving:
            self.staging = Preview(site_dir, waiting=waiting)
        else:
            self.staging = Staging(site_dir, waiting=waiting)
        folder = self.staging.start()
        self.lock = self.staging.lock
        return folder

    def abandon(self) -> None:
        """Remove the staging folder of a build that did not end (one that failed or stopped
        without saying so)."""
        if self.staging is not None:
            self.staging.abandon()
            self.staging = None
            self._forget_served()

    def _forget_served(self) -> None:
        """A preview updated in place as far as a build went: the next build looks at every
        page and writes every file again."""
        self.served = None
        self.records = None
        self._pieces = PieceFiles()
        self.indexes = {}
        self.dependents = None

    def fail(self, error: BaseException) -> str | None:
        """The build failed: its staging folder is removed, and the published site is left as it
        was. One plain message, if ``error`` is an operating-system failure a person can act on."""
        if not self.serving:
            self.cache.close()
        staging, self.staging = self.staging, None
        if staging is None:
            return None
        staging.abandon()
        self._forget_served()
        if understood(error):
            assert isinstance(error, OSError)
            return explain(error, staging.target, staging.folder)
        return None

    def hold(self) -> None:
        """Under `mkdocs serve`, before MkDocs empties the site folder: set the served one aside
        (see :class:`~counterclaim.build.staging.Preview`)."""
        if isinstance(self.staging, Preview):
            self.staging.hold()

    def put_back(self) -> None:
        """Under `mkdocs serve`, once MkDocs has emptied the site folder: put the served one back."""
        if isinstance(self.staging, Preview):
            self.staging.put_back()

    @property
    def folder(self) -> Path:
        """The staging folder."""
        assert self.staging is not None
        return self.staging.folder

    # -- a site already up to date ------------------------------------------------------------------

    def up_to_date(self, site_dir: Path, cache_dir: Path | None, inputs: str | None) -> bool:
        """Whether the published site in ``site_dir`` is as the last build left it, and that build
        was made from ``inputs`` (see :mod:`~counterclaim.build.stamps`): then this build has
        nothing to write. ``inputs`` are kept, to be said of the site this build publishes."""
        self._inputs = inputs if cache_dir is not None and not self.serving else None
        if self._inputs is None:
            return False
        self._open_cache(cache_dir)
        found = self.cache.artifacts([_stamp_key(site_dir)]).get(_stamp_key(site_dir))
        return found is not None and found == f"{self._inputs} {site_stamp(site_dir)}"

    def leave_as_it_is(self) -> None:
        """The site is up to date: the staging folder goes, and the published site stays."""
        self.abandon()
        self.cache.close()

    # -- the data ---------------------------------------------------------------------------------

    def load(
        self, data_dir: Path, *, language: str, root: Path, cache_dir: Path | None, workers: int | None
    ) -> LoadResult:
        """Load and check the data (see :func:`~counterclaim.build.loading.load_dataset`), with
        the cache in ``cache_dir`` (None for none)."""
        self._open_cache(cache_dir)
        if self.kept_load is not None:
            # Under `mkdocs serve`: only the claim files that changed, if nothing else did.
            saved = self.saved.take() if self.saved is not None else None
            found = self.kept_load.reload(data_dir, language=language, root=root, saved=saved)
            if found is not None:
                return found
        gc.unfreeze()  # what the last build (under `mkdocs serve`) left can be collected again
        if not self.serving:
            return load_dataset(data_dir, language=language, root=root, workers=workers, cache=self.cache)
        result, self.kept_load = KeptLoad.load(
            data_dir, language=language, root=root, workers=workers, cache=self.cache
        )
        return result

    def _open_cache(self, cache_dir: Path | None) -> None:
        """The cache in ``cache_dir``, open: the one this build (under `mkdocs serve`, the last
        build) opened there, with what it remembers, or opened now."""
        if self.cache.enabled and self.cache.folder == cache_dir:
            return
        self.cache.close()
        self.cache = BuildCache(cache_dir, notify=self.notify)
        self.kept_load = None

    def catalogue(self, folders: Sequence[Path], language: str) -> Catalogue:
        """The interface strings of ``language`` in ``folders`` (see :func:`~counterclaim.render.
        i18n.load_catalogue`); under `mkdocs serve`, read again only when one of its files changed."""
        if not self.serving:
            return load_catalogue(folders, language)
        statuses = []
        for folder in folders:
            for name in (f"{language}.yaml", f"{REFERENCE}.yaml"):  # what load_catalogue reads
                status = self.cache.seen.status(folder / name) if (folder / name).exists() else "absent"
                if status is None:  # written a moment ago: read it, and keep nothing
                    return load_catalogue(folders, language)
                statuses.append((os.fspath(folder / name), status))
        key = (language, tuple(statuses))
        found = self._catalogues.get(key)
        if found is None:
            found = self._catalogues[key] = load_catalogue(folders, language)
        return found

    def show(self, result: LoadResult, errors: Sequence[Diagnostic]) -> LoadResult | None:
        """The data to build the site from: ``result`` if it has no ``errors``; with errors, under
        `mkdocs serve`, the last data that had none (if there was any); else None: nothing can
        be built."""
        if not errors:
            self.last_good = result
        self.shown = result if not errors else self.last_good if self.serving else None
        self.stale = list(errors) if self.shown is not None else []
        return self.shown

    def publish(self, catalogues: Mapping[str, Catalogue], settings: SiteSettings) -> Publication:
        """The site the data shown makes, in every language of ``settings`` (with their
        interface strings in ``catalogues``)."""
        assert self.shown is not None
        shown, earlier = self.shown, self.publication
        if shown.changed is not None and earlier is not None and shown.base is earlier.dataset:
            # Under `mkdocs serve`, after an edit of some claims: what does not show them is kept.
            self.publication = earlier.replacing(shown.dataset, dict(catalogues), settings, shown.changed)
        else:
            self.publication = Publication(shown.dataset, dict(catalogues), settings)
        return self.publication

    def page_contexts(self, settings: PageSettings, titles: Mapping[str, str]) -> PageContexts:
        """What every page's template receives (see :class:`~counterclaim.publish.context.
        PageContexts`), the site's pages known by ``titles``; under `mkdocs serve`, with the
        problems of the data not shown."""
        assert self.publication is not None
        catalogues = {language: site.catalogue for language, site in self.publication.sites.items()}
        return PageContexts(self.publication, catalogues, settings, titles, self.stale, self.serving)

    # -- what is written --------------------------------------------------------------------------

    def write_files(self, publication: Publication, workers: int | None) -> Iterator[str]:
        """Write every file made from all claims into the staging folder, piece by piece (the
        export of tens of thousands of claims is never held whole), each claim's parts taken
        from the cache where they have not changed; the name of each, once written (but the
        search index's, which MkDocs need not know). Under `mkdocs serve`, after an edit of some
        claims (``publication.changed``), only their parts are made again, and only the search
        index's files that show them are written."""
        assert self.shown is not None
        if self.serving:
            earlier = self.last_parts if publication.changed is not None else None
            kept = self.last_parts.kept() if self.last_parts is not None and earlier is None else None
            parts = CachedParts(
                self.cache,
                publication,
                self.shown.fingerprints,
                workers,
                keys=self.part_keys,
                kept=kept,
                earlier=earlier,
            )
            self.last_parts = parts
        else:
            parts = CachedParts(self.cache, publication, self.shown.fingerprints, workers)
        for name, pieces in publication.files(parts, search_index=False):
            self._write(name, pieces)
            self.files_written.append(name)
            yield name
        for language in publication.sites:
            self._write_index(publication, language, parts)
        parts.save()

    def _write_index(self, publication: Publication, language: str, parts: CachedParts) -> None:
        """Write the search index of ``language``: its files that changed, after an edit under
        `mkdocs serve`; else all. None of their names is given to MkDocs."""
        site = publication.sites[language]
        prefix = site.urls.search_data()
        index = self.indexes.get(language) if parts.narrowed else None
        if index is not None:
            changed = publication.changed or frozenset()
            numbers = {claim.id: number for number, claim in enumerate(site.newest) if claim.id in changed}
            for key, number in sorted(numbers.items()):
                item = ("search", key, language)
                index.replace(
                    number, search.entry_from_text(parts.before[item]), search.entry_from_text(parts.values[item])
                )
            texts, gone = index.changed()
            for name in gone:
                (self.folder / (prefix + name)).unlink(missing_ok=True)
        else:
            index = publication.search_index(language, parts)
            texts = dict(index.files())
        for name, text in texts.items():
            self._write(prefix + name, [text])
        if self.serving:
            self.indexes[language] = index
        # Not handed to MkDocs: no page links to them, and MkDocs would look at each (hundreds).
        self.files_written.extend(prefix + name for name in sorted(index.names()))

    def _write(self, name: str, pieces: Iterable[str]) -> None:
        target = self.folder / name
        if not self.serving:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as handle:
                handle.writelines(pieces)
            return
        # Under `mkdocs serve` the file the last build wrote is still there (see PieceFiles).
        self._pieces.write(target, pieces, known=self.served is not None)

    def write_pages(
        self,
        pages: Sequence[tuple[str, PlannedPage]],
        renderer: PageRenderer,
        env: Environment,
        contexts: PageContexts,
        workers: int | None,
    ) -> Written:
        """Write the pages made from data into the staging folder, each rendered by ``renderer``
        unless the published site has it as it would be now."""
        assert self.shown is not None and self.staging is not None and self.publication is not None
        digests = PageDigests(env, contexts, self.shown.fingerprints, self.page_digests if self.serving else None)
        if not self.serving:
            return write_pages(pages, renderer, digests, self.staging, self.cache.pages(), workers=workers)
        # Under `mkdocs serve`: after an edit of some claims, with all else as it was (the pages,
        # their templates and surroundings, the registries), only the pages that show those
        # claims are looked at (see digests.Dependents); the others are as the last build left them.
        digests.prepare(pages)
        basis = (digests.basis(), tuple(planned.url for _, planned in pages))
        changed = self.publication.changed
        previous = self.records if self.records is not None else self.cache.pages()
        if changed is not None and self.records is not None and basis == self._page_basis:
            if self.dependents is None:
                self.dependents = Dependents(self.publication, pages)
            chosen = [pages[number] for number in self.dependents.of(changed)]
            written = write_pages(chosen, renderer, digests, self.staging, previous, workers=workers)
            written = Written(written.rendered, {**previous, **written.records}, written.records)
        else:
            self.dependents = None
            written = write_pages(pages, renderer, digests, self.staging, previous, workers=workers)
        self._page_basis = basis
        return written

    def write_sitemap(self, site_url: str, urls: Iterable[str]) -> None:
        """Write sitemap.xml (and sitemap.xml.gz) listing every page at ``urls``."""
        listed = (site_url, tuple(urls))
        if self._sitemap is None or self._sitemap[0] != listed:
            content = sitemap(site_url, listed[1])
            self._sitemap = (listed, content, gzip.compress(content, mtime=0))
        (self.folder / "sitemap.xml").write_bytes(self._sitemap[1])
        (self.folder / "sitemap.xml.gz").write_bytes(self._sitemap[2])
        if not self.serving:
            self._sitemap = None

    def finish(self, written: Written, *, publish: bool, others: Iterable[str] = ()) -> Path | None:
        """Put the staging folder in the published site's place (when ``publish``), and keep each
        page's record for the next build; the published folder, if it was published. Under
        `mkdocs serve` the served folder was updated in place: the files the last build left that
        this one did not make (beside its pages, files and sitemap, ``others``: what MkDocs
        wrote) are removed."""
        published = None
        if isinstance(self.staging, Preview):
            preview, self.staging = self.staging, None
            made = {f"{url}index.html" for url in written.records}
            made.update(self.files_written, others, ("sitemap.xml", "sitemap.xml.gz"))
            before = self.served if self.served is not None else written_files(preview.folder)
            preview.finish(before - made)
            # What this build keeps for the next is out of the cycle collector's way (a full
            # collection over it takes a tenth of a second at 10,000 claims, at any moment of
            # an edit's rebuild); what it left behind is collected first, the young only.
            gc.collect(1)
            gc.freeze()
            if publish:
                self.served = made
                if written.changed is None:
                    self.cache.keep_pages(written.records)
                else:
                    self.cache.add_pages(written.changed)
                self.records = written.records
                published = preview.target
            else:
                self.served = None
                self.records = None
        elif publish:
            assert self.staging is not None
            self.staging.publish()
            published, self.staging = self.staging.target, None
            self.cache.keep_pages(written.records)
            stamp = site_stamp(published) if self._inputs is not None else None
            if stamp is not None:
                # The next build with the same inputs finds this site up to date.
                self.cache.add_artifacts({_stamp_key(published): f"{self._inputs} {stamp}"})
        if not self.serving:
            self.cache.close()
        return published

    def shutdown(self) -> None:
        self.cache.close()
        if self.serving and self.lock is not None:
            # `mkdocs serve` deletes its temporary site folder; the lock beside it goes too.
            self.lock.unlink(missing_ok=True)


def _stamp_key(site_dir: Path) -> str:
    """The cache's key for what the site published in ``site_dir`` was made from."""
    return f"published site {os.path.abspath(site_dir)}"
