"""Warnings: what would make a valid fact-check stronger. They never stop a build.

Each is at the place the contributor would change, and has its own code so that a team can
track it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from counterclaim.check.fields import names
from counterclaim.load.document import ValuePath, YamlDocument
from counterclaim.model.claims import Claim, Figure, Source
from counterclaim.model.dataset import Dataset
from counterclaim.model.diagnostics import Diagnostic, clip, warning

SHORT_FORM_LIMIT = 75
#: A fact-check that has not been updated for this many days, and whose newest source is as old,
#: may have been overtaken by events.
STALE_AFTER_DAYS = 365
#: A rating on the scale should rest on at least this many independent sources.
INDEPENDENT_SOURCES = 2


def check_quality(doc: YamlDocument, claim: Claim, dataset: Dataset, today: datetime.date) -> list[Diagnostic]:
    """Warnings about a claim that is valid but could mislead or leave readers unable to check it.

    - ``short-too-long``: the short form is over 75 characters.
    - ``source-without-archive``: a source with a ``url`` but no ``archive_url``. Sources whose
      link is unknown or withheld have no address to archive, and say so already: they are not
      warned about.
    - ``too-few-sources``: a claim rated on the scale (a rating with a position) rests on fewer
      than two independent sources; see :func:`independent_sources`.
    - ``figure-without-as-of``, ``figure-without-window``, ``figure-without-definition``: one
      warning per missing item, at the figure, unless the figure lists it under ``not_stated``
      (its sources do not say it).
    - ``stale-claim``: the claim has no ``updated`` date, and both its publication and its newest
      source are more than 365 days before ``today``.
    """
    found: list[Diagnostic] = []
    data = doc.data

    def warn(where: tuple[int, int], message: str, hint: str, *, code: str) -> None:
        found.append(warning(doc.path, where[0], where[1], message, hint=hint, code=code))

    for lang, text in claim.short.all():
        if len(text) > SHORT_FORM_LIMIT:
            path: ValuePath = ("short", lang) if isinstance(data["short"], dict) else ("short",)
            warn(
                doc.position(path),
                f"'short' is {len(text)} characters long; keep it to {SHORT_FORM_LIMIT} or fewer",
                "it is the page title and what aggregators show; say who claimed what, without the verdict",
                code="short-too-long",
            )

    for key, source in claim.sources.items():
        # A source whose address is unknown or withheld already says so (with 'link'), and the
        # page tells readers: there is nothing more to ask of it.
        if source.url and not source.archive_url:
            warn(
                doc.key_position(("sources", key)),
                f"the source '{key}' has no archived copy; if the page changes or disappears, readers cannot check it",
                "save the page on web.archive.org or archive.today and add the copy's address as 'archive_url'",
                code="source-without-archive",
            )

    if claim.imported is not None:
        found += _imported_warnings(doc, claim)
    rating = dataset.ratings.get(claim.rating) if claim.rating else None
    # An imported claim's rating rests on the original fact-check, which its page links to.
    if rating is not None and rating.position is not None and claim.imported is None:
        count = len(independent_sources(claim.sources.values()))
        if count < INDEPENDENT_SOURCES:
            how_many = "no independent source" if count == 0 else "only one independent source"
            warn(
                doc.key_position(("sources",)),
                f"the rating '{claim.rating}' rests on {how_many}; a rating should rest on at least two",
                "sources are independent when they have different publishers and different websites;"
                " a source without a publisher or a url cannot count",
                code="too-few-sources",
            )

    for path, figure in _figures(claim):
        if figure.as_of is not None and figure.definition is not None and (figure.window_start or figure.window_end):
            continue
        where = doc.key_position(path) if isinstance(path[-1], str) else doc.position(path)
        name = _figure_name(figure)
        # What the author says the sources do not state has been looked for: nothing to ask.
        declared = _not_stated(data, path)
        if figure.as_of is None and "as_of" not in declared:
            warn(
                where,
                f"the figure {name} does not say when it was stated",
                "add 'as_of:' with the date the number was given or last updated (YYYY-MM-DD);"
                " if no source says, write 'not_stated: [as_of]'",
                code="figure-without-as-of",
            )
        if figure.window_start is None and figure.window_end is None and "window" not in declared:
            warn(
                where,
                f"the figure {name} does not say which period it counts",
                "add 'window:' with the first day counted ('start') and the last ('end');"
                " if no source says, write 'not_stated: [window]'",
                code="figure-without-window",
            )
        if figure.definition is None and "definition" not in declared:
            warn(
                where,
                f"the figure {name} does not say what exactly it counts",
                "add 'definition:' in a sentence: what is counted, and what is not;"
                " if no source says, write 'not_stated: [definition]'",
                code="figure-without-definition",
            )

    # An imported fact-check is an archive's: how old it is says nothing about it.
    if claim.updated is None and claim.imported is None:
        cutoff = today - datetime.timedelta(days=STALE_AFTER_DAYS)
        dated = [s.published for s in claim.sources.values() if s.published is not None]
        newest = max(dated, key=lambda d: d.last_day) if dated else None
        if claim.published.last_day < cutoff and (newest is None or newest.last_day < cutoff):
            newest_words = f"its newest source is from {newest}" if newest else "none of its sources is dated"
            warn(
                doc.position(("published",)),
                f"this fact-check was published on {claim.published} and never updated, and {newest_words};"
                " check whether it still holds",
                "look for newer reporting; if anything changed, revise the text and set 'updated:' to that day",
                code="stale-claim",
            )
    return found


def _imported_warnings(doc: YamlDocument, claim: Claim) -> list[Diagnostic]:
    """What an imported claim lacks that a fact-check written here would have: never filled
    in for it (the importer writes only what the record says), only pointed out.

    - ``imported-without-analysis``: no summary or analysis; its page sends readers to the
      original fact-check.
    - ``imported-without-claimant``: the record did not say who made the claim.
    - ``imported-without-appearance``: the record did not say where the claim was made.
    - ``imported-rating-not-mapped``: the original rating has no place on this site's scale.
    """
    assert claim.imported is not None
    where = doc.key_position(("imported",))
    url = claim.imported.url
    found = []

    def warn(message: str, hint: str, code: str) -> None:
        found.append(warning(doc.path, where[0], where[1], message, hint=hint, code=code))

    if claim.summary is None or claim.analysis is None:
        missing = " and ".join(n for n, v in (("summary", claim.summary), ("analysis", claim.analysis)) if v is None)
        warn(
            f"this imported fact-check has no {missing} here; its page sends readers to the original at {clip(url)}",
            f"to publish the fact-check on this site, add '{missing.split()[0]}:' in your own words, citing sources",
            "imported-without-analysis",
        )
    if claim.claimant is None:
        warn(
            "the imported record does not say who made the claim",
            "if the original fact-check says, add 'claimant:' with a file name from data/claimants/",
            "imported-without-claimant",
        )
    if claim.said is None:
        warn(
            "the imported record does not say where or when the claim was made",
            "if the original fact-check says, add the place under 'sources' and 'said:' with its key",
            "imported-without-appearance",
        )
    if claim.rating is None:
        label = claim.imported.rating.label if claim.imported.rating else None
        what = f"the original rating '{clip(label)}'" if label else "the original rating"
        warn(
            f"{what} is not placed on this site's rating scale",
            "give it a rating in data/imported-ratings.yaml and run `counterclaim import` again, or add 'rating:' here",
            "imported-rating-not-mapped",
        )
    return found


def independent_sources(sources: Iterable[Source]) -> list[list[Source]]:
    """The claim's sources grouped by origin: each group is one independent source.

    Two sources share an origin when they name the same publisher (ignoring case and spacing)
    or their addresses are on the same website (the host, without a leading ``www.``). A source
    with neither a publisher nor a url cannot be told apart from the others, so it is in no
    group. An archived copy says nothing about who published a source and is not used.
    """
    # Union-find over the sources, joined through the marks they share: linear in the number of
    # sources, where merging groups one by one takes quadratic time with thousands of them.
    listed = list(sources)
    parent = list(range(len(listed)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[str, int] = {}
    marked = []
    for index, source in enumerate(listed):
        marks = _origin_marks(source)
        if not marks:
            continue
        marked.append(index)
        for mark in marks:
            first = owner.setdefault(mark, index)
            a, b = root(first), root(index)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Source]] = {}
    for index in marked:  # in order, so each group is in order and groups follow their first member
        groups.setdefault(root(index), []).append(listed[index])
    return list(groups.values())


def _origin_marks(source: Source) -> set[str]:
    marks = set()
    if source.publisher:
        marks.add("publisher:" + " ".join(source.publisher.casefold().split()))
    if source.url:
        host = (urlsplit(source.url).hostname or "").removeprefix("www.")
        if host:
            marks.add("host:" + host)
    return marks


def _figure_name(figure: Figure) -> str:
    if figure.value is not None:
        return f"{figure.value:g}"
    return f"{figure.low:g} to {figure.high:g}"


def _not_stated(data: Mapping[str, Any], path: ValuePath) -> list[str]:
    """What the figure at ``path`` says its sources do not state."""
    figure: Any = data
    for part in path:
        figure = figure[part]
    return [name for _, name in names(figure.get("not_stated"))]


def _figures(claim: Claim) -> Iterator[tuple[ValuePath, Figure]]:
    if claim.figure:
        yield ("figure",), claim.figure
    for i, counter in enumerate(claim.counter_claims):
        if counter.figure:
            yield ("counter_claims", i, "figure"), counter.figure
    for i, figure in enumerate(claim.figures):
        yield ("figures", i), figure
