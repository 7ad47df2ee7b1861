"""Rules the schema cannot express: references, citations, links and dates that make sense.

Each function looks at one file while its positions are at hand and returns diagnostics. Rules
that need every claim at once (unique ids, related claims) take the references collected here.
Errors stop the build; warnings (:func:`check_quality`) only say what would make a claim stronger.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from counterclaim.check import spelling
from counterclaim.load import markdown
from counterclaim.load.document import ValuePath, YamlDocument
from counterclaim.model.claims import Claim, Figure, Source
from counterclaim.model.dataset import Dataset
from counterclaim.model.dates import PartialDate
from counterclaim.model.diagnostics import Diagnostic, error, visible, warning

SHORT_FORM_LIMIT = 75
#: What an id is (the schema says the same): lowercase letters a to z, digits, single hyphens.
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class ClaimReference:
    """A mention of another claim (in ``related`` or a ``claim:`` link), to resolve later."""

    target: str
    path: str
    line: int
    column: int
    via_link: bool


@dataclass(frozen=True)
class Registries:
    """The names a claim may use: claimants, ratings and topics, from the registries read.

    A registry that could not be read is ``None`` (for a claimant, its file name is in
    ``unreadable_claimants``): names in it are not checked, since every one would be reported
    as unknown when the mistake is in the registry. The claim says which were left unchecked.
    """

    claimants: Collection[str]
    ratings: Sequence[str] | None
    topics: Collection[str] | None
    unreadable_claimants: Collection[str] = ()


#: What a claim names in a registry that could not be read (see ClaimCheck.unchecked).
UNCHECKED_RATINGS = "ratings"
UNCHECKED_TOPICS = "topics"
UNCHECKED_CLAIMANT = "claimant:"


@dataclass
class ClaimCheck:
    """What checking one claim file found: its problems, the claims it mentions (resolved once
    every claim is read), and the registries it names that could not be read."""

    found: list[Diagnostic] = field(default_factory=list)
    references: list[ClaimReference] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


def close_match(name: str, known: Collection[str]) -> str | None:
    """The name in ``known`` that ``name`` most likely misspells, if any."""
    return spelling.close_match(name, known)


class _Suggester:
    """The "did you mean" of unknown names: each name is compared with the known ones once, and
    at most LOOKUPS names per file, since comparing thousands of unknown names with thousands of
    known ones would take minutes, and nobody reads that many suggestions."""

    LOOKUPS = 50

    def __init__(self) -> None:
        self._said: dict[tuple[str, int], str] = {}

    def __call__(self, name: str, known: Collection[str]) -> str:
        key = (name, id(known))
        said = self._said.get(key)
        if said is None:
            close = close_match(name, known) if len(self._said) < self.LOOKUPS else None
            said = self._said[key] = f"; did you mean '{close}'?" if close else ""
        return said


def clip(text: str, length: int = 80) -> str:
    """``text`` shortened for a message, which quotes what was written, on one line and with
    nothing invisible (a link's address is decoded, and %0a in it is a line break)."""
    text = text if len(text) <= length else text[: length - 3] + "..."
    return visible(text)


# -- reading data that may not fit the schema ------------------------------------------------
#
# The checks below run on a file whatever the schema said about it, so that one run reports
# every mistake: each takes only the values that have the shape it needs, and leaves the rest
# to the schema's own messages.


def _group(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _entries(data: Mapping[str, Any], name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The groups listed under ``name``, with their indexes."""
    listed = data.get(name)
    if isinstance(listed, list):
        for i, item in enumerate(listed):
            if isinstance(item, dict):
                yield i, item


def _names(value: Any) -> Iterator[tuple[int, str]]:
    """The texts in a list, with their indexes."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item


# -- dates ----------------------------------------------------------------------------------

_SOURCE_DATES = ("published", "accessed", "archive_date")


def date_fields(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str]]:
    """Every date written in a claim file, with its path."""

    def figure(path: ValuePath, fig: Any) -> Iterator[tuple[ValuePath, str]]:
        if not isinstance(fig, dict):
            return
        if isinstance(fig.get("as_of"), str):
            yield (*path, "as_of"), fig["as_of"]
        window = fig.get("window")
        if isinstance(window, dict):
            for end in ("start", "end"):
                if isinstance(window.get(end), str):
                    yield (*path, "window", end), window[end]

    def said(path: ValuePath, value: Any) -> Iterator[tuple[ValuePath, str]]:
        if isinstance(value, dict) and isinstance(value.get("date"), str):
            yield (*path, "date"), value["date"]

    if not isinstance(data, dict):
        return
    for name in ("published", "updated"):
        if isinstance(data.get(name), str):
            yield (name,), data[name]
    yield from said(("said",), data.get("said"))
    for i, _ in _entries(data, "appearances"):
        yield from said(("appearances", i), data["appearances"][i])
    imported = _group(data.get("imported"))
    for name in ("published", "modified"):
        if isinstance(imported.get(name), str):
            yield ("imported", name), imported[name]
    yield from figure(("figure",), data.get("figure"))
    for i, counter in _entries(data, "counter_claims"):
        yield from said(("counter_claims", i, "said"), counter.get("said"))
        yield from figure(("counter_claims", i, "figure"), counter.get("figure"))
    for i, fig in _entries(data, "figures"):
        yield from figure(("figures", i), fig)
    for i, correction in _entries(data, "corrections"):
        if isinstance(correction.get("date"), str):
            yield ("corrections", i, "date"), correction["date"]
    for key, source in _group(data.get("sources")).items():
        if isinstance(source, dict):
            for name in _SOURCE_DATES:
                if isinstance(source.get(name), str):
                    yield ("sources", key, name), source[name]


#: The dates of a file that are real and not in the future, by path.
Dates = dict[ValuePath, PartialDate]


def check_dates(doc: YamlDocument, today: datetime.date) -> tuple[list[Diagnostic], Dates]:
    """Dates that do not exist, or that lie after the build date; and the dates that are good,
    for the checks of their order (a date that is wrong is reported once, here, and is not
    compared with others)."""
    found = []
    good: Dates = {}
    for path, text in date_fields(doc.data):
        try:
            date = PartialDate.parse(text)
        except ValueError as exc:
            message = f"'{path[-1]}' is {text}, which is not a real date: {exc}"
            found.append(error(doc.path, *doc.position(path), message, code="bad-date"))
            continue
        if date.first_day > today:
            line, column = doc.position(path)
            found.append(
                error(
                    doc.path,
                    line,
                    column,
                    f"'{path[-1]}' is {text}, which is in the future (today is {today.isoformat()})",
                    hint="check the year and the order of month and day (YYYY-MM-DD)",
                    code="future-date",
                )
            )
            continue
        good[path] = date
    return found, good


def _after(later: PartialDate | None, earlier: PartialDate | None) -> bool:
    """False only when ``later`` certainly comes before ``earlier``."""
    return later is None or earlier is None or later.last_day >= earlier.first_day


# -- a claim --------------------------------------------------------------------------------


def check_claim(
    doc: YamlDocument,
    registries: Registries,
    stem: str,
    dates: Dates,
) -> ClaimCheck:
    """Every rule about one claim that needs the registries but no other claim.

    It runs on the file whether or not it fits the schema, on the values that have the shape
    each rule needs; ``dates`` are the file's good dates (see :func:`check_dates`). The
    claim's Markdown is parsed (not rendered) to find what it cites and links to.
    """
    result = ClaimCheck()
    found = result.found
    data = doc.data
    if not isinstance(data, dict):
        return result
    _suggest = _Suggester()

    def at(path: ValuePath, message: str, hint: str | None = None, *, code: str) -> None:
        line, column = doc.position(path)
        found.append(error(doc.path, line, column, message, hint=hint, code=code))

    claim_id = data.get("id")
    if isinstance(claim_id, str) and claim_id != stem:
        at(
            ("id",),
            f"the id '{clip(claim_id)}' does not match the file name '{clip(stem)}.yaml'",
            f"rename the file to {clip(claim_id)}.yaml, or change the id to '{clip(stem)}'",
            code="id-file-mismatch",
        )

    # References into the registries.
    claimants = registries.claimants
    for path, name in _claimant_refs(data):
        if name in registries.unreadable_claimants:
            result.unchecked.append(UNCHECKED_CLAIMANT + name)
        elif name not in claimants:
            at(
                path,
                f"there is no claimant '{clip(name)}'{_suggest(name, claimants)}",
                "claimants are the files in data/claimants/; for a new one, run"
                f" `counterclaim new claimant {clip(name)}`",
                code="unknown-claimant",
            )
    rating_paths: list[tuple[ValuePath, str]] = []
    if isinstance(data.get("rating"), str):
        rating_paths.append((("rating",), data["rating"]))
    rating_paths += [
        (("corrections", i, "previous_rating"), c["previous_rating"])
        for i, c in _entries(data, "corrections")
        if isinstance(c.get("previous_rating"), str)
    ]
    rating_ids = registries.ratings
    if rating_ids is None:
        if rating_paths:
            result.unchecked.append(UNCHECKED_RATINGS)
    else:
        for path, name in rating_paths:
            if name not in rating_ids:
                at(
                    path,
                    f"there is no rating '{clip(name)}'{_suggest(name, rating_ids)}",
                    "the ratings are listed in data/ratings.yaml"
                    + (f": {', '.join(rating_ids)}" if rating_ids else ""),
                    code="unknown-rating",
                )
    topics = list(_names(data.get("topics")))
    if registries.topics is None:
        if topics:
            result.unchecked.append(UNCHECKED_TOPICS)
    else:
        for i, topic in topics:
            if topic not in registries.topics:
                at(
                    ("topics", i),
                    f"there is no topic '{clip(topic)}'{_suggest(topic, registries.topics)}",
                    "the topics are listed in data/topics.yaml",
                    code="unknown-topic",
                )

    # Citations: every reference names a source, every source is cited. When 'sources' is not a
    # group of sources, the schema says so and citations cannot be checked.
    raw_sources = data.get("sources")
    sources: dict[str, Any] | None = raw_sources if isinstance(raw_sources, dict) else None
    # A key the schema refuses (such as 'Almanac') is reported there; a citation meant for it
    # ([^almanac]) is not reported again.
    refused_keys = [key for key in sources or () if not ID.fullmatch(key)]
    known_keys: Collection[str] = sources or {}

    def unknown(key: str) -> bool:
        return sources is not None and key not in sources and not _meant_for(key, refused_keys)

    cited: set[str] = set()
    for path, key in _source_refs(data):
        cited.add(key)
        if unknown(key):
            at(
                path,
                f"there is no source '{clip(key)}' under 'sources'{_suggest(key, known_keys)}",
                "add it under 'sources', or correct the key",
                code="unknown-source",
            )
    for path, text, inline in markdown_fields(data):
        fragment = markdown.scan(text, inline=inline)
        # Each in the order written, so each is found after the one before (one pass over the text).
        locate = doc.locator(path)
        for label in fragment.citations:
            cited.add(label)
            if unknown(label):
                line, column = locate(f"[^{label}]")
                found.append(
                    error(
                        doc.path,
                        line,
                        column,
                        f"the footnote [^{clip(label)}] does not name a source{_suggest(label, known_keys)}",
                        "every [^key] must be a key under 'sources'",
                        code="undefined-footnote",
                    )
                )
        found.extend(check_links(doc, path, fragment))
        locate = doc.locator(path)
        for target in fragment.claim_links:
            line, column = locate(markdown.CLAIM_SCHEME + target)
            result.references.append(ClaimReference(target, doc.path, line, column, via_link=True))
    # Whether a source is cited can only be told when the texts that cite sources can be read.
    texts_read = all(_has_text(data.get(name)) for name in ("summary", "analysis"))
    for key, raw in (sources or {}).items():
        if key not in cited and texts_read:
            line, column = doc.key_position(("sources", key))
            found.append(
                error(
                    doc.path,
                    line,
                    column,
                    f"the source '{clip(key)}' is never cited",
                    f"cite it in the text with [^{clip(key)}], or remove it",
                    code="unused-source",
                )
            )
        if not isinstance(raw, dict):
            continue
        if "url" in raw and "link" in raw:
            at(
                ("sources", key, "link"),
                f"the source '{clip(key)}' has a url, so it cannot also say 'link: {clip(str(raw['link']))}'",
                "a withheld address must not be written anywhere in the file: remove the url",
                code="link-with-url",
            )
        if raw.get("link") == "withheld" and "archive_url" in raw:
            at(
                ("sources", key, "archive_url"),
                f"the source '{clip(key)}' is withheld, so it cannot have an archived copy either",
                "an archive address leads to the same document: remove archive_url (and archive_date)",
                code="withheld-with-archive",
            )
        published = dates.get(("sources", key, "published"))
        if not _after(dates.get(("sources", key, "accessed")), published):
            at(("sources", key, "accessed"), "'accessed' is before the source was published", code="date-order")
        if not _after(dates.get(("sources", key, "archive_date")), published):
            at(("sources", key, "archive_date"), "'archive_date' is before the source was published", code="date-order")

    # Dates that must follow one another.
    published = dates.get(("published",))
    if not _after(dates.get(("updated",)), published):
        at(("updated",), "'updated' is before 'published'", code="date-order")
    if not _after(published, dates.get(("said", "date"))):
        at(("said", "date"), "the claim was said after this fact-check was published", code="date-order")
    for i, _ in _entries(data, "corrections"):
        if not _after(dates.get(("corrections", i, "date")), published):
            at(
                ("corrections", i, "date"),
                "this correction is dated before the fact-check was published",
                code="date-order",
            )

    for path, figure in _figure_data(data):
        _check_figure(figure, path, dates, at)

    # Exact words are shown as a quotation, with the source they were copied from. (The claim
    # always names one, under 'said'; a counter-claim only may.)
    for i, counter in _entries(data, "counter_claims"):
        if counter.get("exact") is True and "said" not in counter:
            at(
                ("counter_claims", i, "exact"),
                "this statement is marked as their exact words, but it does not say where they said them",
                "add 'said:' with 'source:', the key of the source these words are copied from;"
                " if the statement is our summary of what they said, remove 'exact: true'",
                code="quote-without-source",
            )

    for i, target in _names(data.get("related")):
        line, column = doc.position(("related", i))
        if target == claim_id:
            found.append(error(doc.path, line, column, "a claim cannot be related to itself", code="related-self"))
        else:
            result.references.append(ClaimReference(target, doc.path, line, column, via_link=False))
    return result


def _meant_for(name: str, refused: list[str]) -> bool:
    """Whether ``name`` likely names one of the ``refused`` keys."""
    if not refused:
        return False
    return name.casefold() in {key.casefold() for key in refused} or close_match(name, refused) is not None


def _has_text(value: Any) -> bool:
    """Whether ``value`` is text, or text in several languages, with nothing left blank."""
    if isinstance(value, dict):
        return bool(value) and all(isinstance(text, str) and text.strip() for text in value.values())
    return isinstance(value, str) and bool(value.strip())


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _not_stated(data: Mapping[str, Any], path: ValuePath) -> list[str]:
    """What the figure at ``path`` says its sources do not state."""
    figure: Any = data
    for part in path:
        figure = figure[part]
    return [name for _, name in _names(figure.get("not_stated"))]


def _check_figure(figure: Mapping[str, Any], path: ValuePath, dates: Dates, at: Any) -> None:
    low, high = _number(figure.get("low")), _number(figure.get("high"))
    if low is not None and high is not None and low > high:
        at((*path, "low"), f"'low' ({low:g}) is greater than 'high' ({high:g})", code="figure-range")
    start, end = dates.get((*path, "window", "start")), dates.get((*path, "window", "end"))
    if start and end and start.first_day > end.last_day:
        at((*path, "window"), "the counting window ends before it starts", code="date-order")
    for i, name in _names(figure.get("not_stated")):
        if name in figure:
            at(
                (*path, "not_stated", i),
                f"'{name}' is given for this figure, so it cannot also be listed as not stated",
                f"remove '{name}' from 'not_stated', or remove the '{name}' field if no source says it",
                code="stated-and-not-stated",
            )


def _figures(claim: Claim) -> Iterator[tuple[ValuePath, Figure]]:
    if claim.figure:
        yield ("figure",), claim.figure
    for i, counter in enumerate(claim.counter_claims):
        if counter.figure:
            yield ("counter_claims", i, "figure"), counter.figure
    for i, figure in enumerate(claim.figures):
        yield ("figures", i), figure


def _claimant_refs(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str]]:
    if isinstance(data.get("claimant"), str):
        yield ("claimant",), data["claimant"]
    for path, fig in _figure_data(data):
        if isinstance(fig.get("stated_by"), str):
            yield (*path, "stated_by"), fig["stated_by"]
    for i, counter in _entries(data, "counter_claims"):
        if isinstance(counter.get("claimant"), str):
            yield ("counter_claims", i, "claimant"), counter["claimant"]


def _figure_data(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, Mapping[str, Any]]]:
    if isinstance(data.get("figure"), dict):
        yield ("figure",), data["figure"]
    for i, counter in _entries(data, "counter_claims"):
        if isinstance(counter.get("figure"), dict):
            yield ("counter_claims", i, "figure"), counter["figure"]
    for i, fig in _entries(data, "figures"):
        yield ("figures", i), fig


def _source_refs(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str]]:
    """Sources named in fields rather than in text: appearances, figures, counter-claims."""
    said = _group(data.get("said"))
    if isinstance(said.get("source"), str):
        yield ("said", "source"), said["source"]
    for i, appearance in _entries(data, "appearances"):
        if isinstance(appearance.get("source"), str):
            yield ("appearances", i, "source"), appearance["source"]
    for i, counter in _entries(data, "counter_claims"):
        said = _group(counter.get("said"))
        if isinstance(said.get("source"), str):
            yield ("counter_claims", i, "said", "source"), said["source"]
        for j, key in _names(counter.get("sources")):
            yield ("counter_claims", i, "sources", j), key
    for path, fig in _figure_data(data):
        for j, key in _names(fig.get("sources")):
            yield (*path, "sources", j), key


def markdown_fields(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str, bool]]:
    """Every Markdown text in a claim file, one per language, with its path and whether it is
    shown inline (a counter-claim's statement) rather than as paragraphs."""

    def versions(path: ValuePath, value: Any, inline: bool = False) -> Iterator[tuple[ValuePath, str, bool]]:
        if isinstance(value, str):
            yield path, value, inline
        elif isinstance(value, dict):
            for lang, text in value.items():
                if isinstance(text, str):
                    yield (*path, lang), text, inline

    yield from versions(("summary",), data.get("summary"))
    yield from versions(("analysis",), data.get("analysis"))
    for i, counter in _entries(data, "counter_claims"):
        yield from versions(("counter_claims", i, "statement"), counter.get("statement"), inline=True)
    for i, correction in _entries(data, "corrections"):
        yield from versions(("corrections", i, "text"), correction.get("text"))


def check_links(doc: YamlDocument, path: ValuePath, scanned: markdown.TextScan) -> list[Diagnostic]:
    """Links in a text that will not become links, at the place they are written."""
    found = []
    locate = doc.locator(path)
    for href in scanned.refused_links:
        line, column = locate(href)
        found.append(
            error(
                doc.path,
                line,
                column,
                f"the link '{clip(href)}' is not allowed",
                "links must start with https://, http:// or mailto:, or be claim:<id> for another claim",
                code="refused-link",
            )
        )
    return found


# -- quality warnings -----------------------------------------------------------------------
#
# Warnings say what would make a fact-check stronger; they never stop a build. Each is at the
# place the contributor would change, and has its own code so that a team can track it.

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


# -- across claims --------------------------------------------------------------------------


def check_references(references: list[ClaimReference], claim_ids: Collection[str]) -> list[Diagnostic]:
    """Related claims and claim: links that name no claim."""
    found = []
    _suggest = _Suggester()
    for ref in references:
        if ref.target not in claim_ids:
            target = clip(ref.target)
            what = f"the link claim:{target}" if ref.via_link else f"the related claim '{target}'"
            found.append(
                error(
                    ref.path,
                    ref.line,
                    ref.column,
                    f"{what} does not exist{_suggest(ref.target, claim_ids)}",
                    "claim ids are the file names in data/claims/, without .yaml",
                    code="unknown-claim",
                )
            )
    return found
