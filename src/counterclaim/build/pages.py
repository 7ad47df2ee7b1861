"""Writing the pages the build makes from data (each claim's page and the long lists) into the
staging folder, in worker processes.

A page whose digest (everything it is made from, see :class:`~counterclaim.build.digests.
PageDigests`) equals the one it had in the last build, and whose published file is still the one
that build wrote, is not rendered again: the published copy is linked into the new site
instead. Rendered or linked, the bytes are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from counterclaim.build.cache import file_stamp, page_record
from counterclaim.build.digests import PageDigests
from counterclaim.build.staging import Staging
from counterclaim.build.workers import map_in_order
from counterclaim.render.site import PlannedPage


class PageRenderer(Protocol):
    """What renders a page made from data, as HTML (the MkDocs adapter's templates)."""

    def prepare(self, pages: Iterable[tuple[str, PlannedPage]]) -> None:
        """Get ready to render ``pages``, once, before worker processes are started."""

    def render(self, language: str, planned: PlannedPage) -> str: ...


@dataclass(frozen=True)
class Written:
    """What writing the pages did: how many were rendered, and every page's cache record."""

    rendered: int
    records: dict[str, str]
    #: Of a narrowed build (under `mkdocs serve`): the records of the pages it looked at (the
    #: others are as they were). None: every page was looked at.
    changed: dict[str, str] | None = None


def write_pages(
    pages: Sequence[tuple[str, PlannedPage]],
    renderer: PageRenderer,
    digests: PageDigests,
    staging: Staging,
    previous: Mapping[str, str],
    *,
    workers: int | None,
) -> Written:
    """Write ``pages`` into the staging folder, each rendered unless its digest is in
    ``previous`` (the last build's records) and the published site has it."""
    renderer.prepare(pages)
    digests.prepare(pages)
    writer = _Writer(renderer, digests, staging, previous)
    rendered, records = 0, {}
    # A page the last build wrote is looked at here: after an edit most are linked as they are,
    # and only the few that changed go to the workers (none are started for a handful). A page
    # new to this build is digested and rendered by a worker.
    to_make = []
    for language, planned in _side_by_side(pages):
        record = writer.reuse(language, planned) if planned.url in previous else None
        if record is None:
            to_make.append((language, planned))
        else:
            records[planned.url] = record
    for url, record, was_rendered in map_in_order(writer.write, to_make, workers=workers):
        records[url] = record
        rendered += was_rendered
    return Written(rendered, records)


class _Writer:
    def __init__(self, renderer: PageRenderer, digests: PageDigests, staging: Staging, previous: Mapping[str, str]):
        self.renderer = renderer
        self.digests = digests
        self.staging = staging
        self.previous = previous

    def reuse(self, language: str, planned: PlannedPage) -> str | None:
        """The page's record, if the published copy is linked into the new site as it is; None
        if it must be rendered."""
        page_digest = self.digests.page(language, planned)
        name = f"{planned.url}index.html"
        # Reused only if its digest is the same and the published file is the one written.
        before = self.previous.get(planned.url, "")
        if before.startswith(f"{page_digest} ") and self.staging.reuse(name, before.partition(" ")[2]):
            return page_record(page_digest, file_stamp(self.staging.folder / name))
        return None

    def write(self, pages: list[tuple[str, PlannedPage]]) -> list[tuple[str, str, bool]]:
        done = []
        for language, planned in pages:
            page_digest = self.digests.page(language, planned)
            name = f"{planned.url}index.html"
            before = self.previous.get(planned.url, "")
            reused = before.startswith(f"{page_digest} ") and self.staging.reuse(name, before.partition(" ")[2])
            target = self.staging.folder / name
            if not reused:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(self.renderer.render(language, planned), encoding="utf-8")
            done.append((planned.url, page_record(page_digest, file_stamp(target)), not reused))
        return done


def _side_by_side(pages: Sequence[tuple[str, PlannedPage]]) -> list[tuple[str, PlannedPage]]:
    """``pages`` with each page's versions in every language next to each other, so that the
    worker that renders one renders the others, and a text they share once."""
    order: dict[tuple[str, str, int], int] = {}
    for _, planned in pages:
        order.setdefault((planned.kind, planned.key, planned.number), len(order))
    return sorted(pages, key=lambda page: order[(page[1].kind, page[1].key, page[1].number)])
