"""Errors in one claim file that the schema cannot express: names that are not in the
registries, footnotes that name no source and sources never cited, links that will not become
links, figures and dates that contradict each other, exact words without their source.

Each rule looks at the file while its positions are at hand and returns diagnostics; the claims
a file mentions are resolved once every claim is read (``references``). The dates are checked
first (``dates``), the warnings after (``quality``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from counterclaim.check.dates import Dates, after
from counterclaim.check.fields import entries, figure_data, group, markdown_fields, names
from counterclaim.check.references import ClaimReference
from counterclaim.load import markdown
from counterclaim.load.datafiles import ID
from counterclaim.load.document import ValuePath, YamlDocument
from counterclaim.load.spelling import Suggester, close_match
from counterclaim.model.diagnostics import Diagnostic, clip, error


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
    _suggest = Suggester()

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
        for i, c in entries(data, "corrections")
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
    topics = list(names(data.get("topics")))
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
        if not after(dates.get(("sources", key, "accessed")), published):
            at(("sources", key, "accessed"), "'accessed' is before the source was published", code="date-order")
        if not after(dates.get(("sources", key, "archive_date")), published):
            at(("sources", key, "archive_date"), "'archive_date' is before the source was published", code="date-order")

    # Dates that must follow one another.
    published = dates.get(("published",))
    if not after(dates.get(("updated",)), published):
        at(("updated",), "'updated' is before 'published'", code="date-order")
    if not after(published, dates.get(("said", "date"))):
        at(("said", "date"), "the claim was said after this fact-check was published", code="date-order")
    for i, _ in entries(data, "corrections"):
        if not after(dates.get(("corrections", i, "date")), published):
            at(
                ("corrections", i, "date"),
                "this correction is dated before the fact-check was published",
                code="date-order",
            )

    for path, figure in figure_data(data):
        _check_figure(figure, path, dates, at)

    # Exact words are shown as a quotation, with the source they were copied from. (The claim
    # always names one, under 'said'; a counter-claim only may.)
    for i, counter in entries(data, "counter_claims"):
        if counter.get("exact") is True and "said" not in counter:
            at(
                ("counter_claims", i, "exact"),
                "this statement is marked as their exact words, but it does not say where they said them",
                "add 'said:' with 'source:', the key of the source these words are copied from;"
                " if the statement is our summary of what they said, remove 'exact: true'",
                code="quote-without-source",
            )

    for i, target in names(data.get("related")):
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


def _check_figure(figure: Mapping[str, Any], path: ValuePath, dates: Dates, at: Any) -> None:
    low, high = _number(figure.get("low")), _number(figure.get("high"))
    if low is not None and high is not None and low > high:
        at((*path, "low"), f"'low' ({low:g}) is greater than 'high' ({high:g})", code="figure-range")
    start, end = dates.get((*path, "window", "start")), dates.get((*path, "window", "end"))
    if start and end and start.first_day > end.last_day:
        at((*path, "window"), "the counting window ends before it starts", code="date-order")
    for i, name in names(figure.get("not_stated")):
        if name in figure:
            at(
                (*path, "not_stated", i),
                f"'{name}' is given for this figure, so it cannot also be listed as not stated",
                f"remove '{name}' from 'not_stated', or remove the '{name}' field if no source says it",
                code="stated-and-not-stated",
            )


def _claimant_refs(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str]]:
    if isinstance(data.get("claimant"), str):
        yield ("claimant",), data["claimant"]
    for path, fig in figure_data(data):
        if isinstance(fig.get("stated_by"), str):
            yield (*path, "stated_by"), fig["stated_by"]
    for i, counter in entries(data, "counter_claims"):
        if isinstance(counter.get("claimant"), str):
            yield ("counter_claims", i, "claimant"), counter["claimant"]


def _source_refs(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str]]:
    """Sources named in fields rather than in text: appearances, figures, counter-claims."""
    said = group(data.get("said"))
    if isinstance(said.get("source"), str):
        yield ("said", "source"), said["source"]
    for i, appearance in entries(data, "appearances"):
        if isinstance(appearance.get("source"), str):
            yield ("appearances", i, "source"), appearance["source"]
    for i, counter in entries(data, "counter_claims"):
        said = group(counter.get("said"))
        if isinstance(said.get("source"), str):
            yield ("counter_claims", i, "said", "source"), said["source"]
        for j, key in names(counter.get("sources")):
            yield ("counter_claims", i, "sources", j), key
    for path, fig in figure_data(data):
        for j, key in names(fig.get("sources")):
            yield (*path, "sources", j), key


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
