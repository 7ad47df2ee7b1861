"""A fact-check: the claim, the counter-claims, the figures and the sources they rest on.

These are built from data that has already passed the schema, so they trust its shape. They
know nothing of YAML positions, HTML or MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from counterclaim.model.dates import PartialDate, parse_optional


@dataclass(frozen=True, slots=True)
class Text:
    """Text written in one or more languages; never machine-translated."""

    versions: Mapping[str, str]

    @classmethod
    def from_data(cls, value: str | Mapping[str, str], language: str) -> Text:
        if isinstance(value, str):
            return cls({language: value})
        return cls(dict(value))

    @classmethod
    def optional(cls, value: str | Mapping[str, str] | None, language: str) -> Text | None:
        return None if value is None else cls.from_data(value, language)

    def get(self, language: str) -> str | None:
        return self.versions.get(language)

    def pick(self, language: str) -> tuple[str, str]:
        """The text in ``language`` if there is one, else the first written; and its language."""
        if language in self.versions:
            return self.versions[language], language
        first = next(iter(self.versions))
        return self.versions[first], first

    def all(self) -> list[tuple[str, str]]:
        """Each (language, text) pair."""
        return list(self.versions.items())


@dataclass(frozen=True, slots=True)
class Source:
    """A document cited by a claim, under its citation key."""

    key: str
    title: str | None = None
    description: Text | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    published: PartialDate | None = None
    url: str | None = None
    #: "known" when there is a URL, else "unknown" or "withheld" (and "unknown" if unsaid).
    link: str = "known"
    accessed: PartialDate | None = None
    archive_url: str | None = None
    archive_date: PartialDate | None = None
    language: str | None = None
    quote: str | None = None

    @classmethod
    def from_data(cls, key: str, data: Mapping[str, Any], language: str) -> Source:
        url = data.get("url")
        return cls(
            key=key,
            title=data.get("title"),
            description=Text.optional(data.get("description"), language),
            publisher=data.get("publisher"),
            authors=tuple(data.get("authors", ())),
            published=parse_optional(data.get("published")),
            url=url,
            link="known" if url else data.get("link", "unknown"),
            accessed=parse_optional(data.get("accessed")),
            archive_url=data.get("archive_url"),
            archive_date=parse_optional(data.get("archive_date")),
            language=data.get("language"),
            quote=data.get("quote"),
        )


@dataclass(frozen=True, slots=True)
class Figure:
    """A number or range, with what it counts, over which window, as of when, and who says so."""

    stated_by: str
    unit: Text
    sources: tuple[str, ...]
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exactly"
    definition: Text | None = None
    window_start: PartialDate | None = None
    window_end: PartialDate | None = None
    as_of: PartialDate | None = None
    method: Text | None = None
    series: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any], language: str, stated_by: str) -> Figure:
        window = data.get("window", {})
        return cls(
            stated_by=data.get("stated_by", stated_by),
            unit=Text.from_data(data["unit"], language),
            sources=tuple(data["sources"]),
            value=data.get("value"),
            low=data.get("low"),
            high=data.get("high"),
            qualifier=data.get("qualifier", "exactly"),
            definition=Text.optional(data.get("definition"), language),
            window_start=parse_optional(window.get("start")),
            window_end=parse_optional(window.get("end")),
            as_of=parse_optional(data.get("as_of")),
            method=Text.optional(data.get("method"), language),
            series=data.get("series"),
        )

    @property
    def is_range(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class Appearance:
    """Where and when a statement was made."""

    source: str
    date: PartialDate | None = None
    where: Text | None = None

    @classmethod
    def optional(cls, data: Mapping[str, Any] | None, language: str) -> Appearance | None:
        if data is None:
            return None
        return cls(
            source=data["source"],
            date=parse_optional(data.get("date")),
            where=Text.optional(data.get("where"), language),
        )


@dataclass(frozen=True, slots=True)
class CounterClaim:
    """What someone else says against the claim, with their own sources and figure."""

    claimant: str
    statement: Text
    sources: tuple[str, ...]
    said: Appearance | None = None
    figure: Figure | None = None
    #: True when ``statement`` is the claimant's exact words; else it is our summary of them.
    exact: bool = False


def quoted(statement: Text, source: Source | None, language: str) -> tuple[str, bool]:
    """Exact words in ``language`` (or as written), and whether that is a translation of what
    ``source``, which reports them, says."""
    words, shown_in = statement.pick(language)
    return words, source is not None and source.language is not None and source.language != shown_in


@dataclass(frozen=True, slots=True)
class Correction:
    date: PartialDate
    text: Text
    previous_rating: str | None = None


@dataclass(frozen=True, slots=True)
class OriginalRating:
    """A verdict as another publisher gave it, word for word, with its numbers if it had any."""

    label: str | None = None
    name: str | None = None
    value: float | None = None
    best: float | None = None
    worst: float | None = None
    explanation: str | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class Imported:
    """The fact-check a claim was imported from: its address, publisher, dates and rating."""

    url: str
    published: PartialDate
    publisher: str | None = None
    publisher_url: str | None = None
    headline: str | None = None
    modified: PartialDate | None = None
    rating: OriginalRating | None = None

    @classmethod
    def optional(cls, data: Mapping[str, Any] | None) -> Imported | None:
        if data is None:
            return None
        rating = data.get("rating")
        return cls(
            url=data["url"],
            published=PartialDate.parse(data["published"]),
            publisher=data.get("publisher"),
            publisher_url=data.get("publisher_url"),
            headline=data.get("headline"),
            modified=parse_optional(data.get("modified")),
            rating=OriginalRating(**rating) if rating else None,
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """One fact-check."""

    id: str
    language: str
    #: Who made the statement. Only an imported claim may lack one (its record did not say).
    claimant: str | None
    statement: Text
    short: Text
    #: Where it was said. Only an imported claim may lack it.
    said: Appearance | None
    #: The verdict on this site's scale. An imported claim whose original rating is not mapped
    #: onto the scale (data/imported-ratings.yaml) has none.
    rating: str | None
    #: Only an imported claim may lack a summary or an analysis: its full fact-check is at
    #: ``imported.url``.
    summary: Text | None
    analysis: Text | None
    published: PartialDate
    sources: Mapping[str, Source]
    updated: PartialDate | None = None
    topics: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    related: tuple[str, ...] = ()
    figure: Figure | None = None
    counter_claims: tuple[CounterClaim, ...] = ()
    figures: tuple[Figure, ...] = ()
    #: Where the claim's file is, as shown in messages and edit links.
    path: str = ""
    #: True when ``statement`` is the claimant's exact words; else it is our summary of them.
    #: Our summary is the default: a summary shown as a quotation would put words in someone's
    #: mouth, while exact words shown as a summary only say less than they could.
    exact: bool = False
    #: Further places where it was said, after ``said``.
    appearances: tuple[Appearance, ...] = ()
    #: The fact-check this claim was imported from, if it was.
    imported: Imported | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any], default_language: str, path: str = "") -> Claim:
        lang = data.get("language", default_language)
        claimant = data.get("claimant")
        figure = data.get("figure")
        imported = Imported.optional(data.get("imported"))
        # An imported claim without its own statement is the record's short form, the words
        # of its original publisher; one without its own date is the original's.
        published = data.get("published")
        return cls(
            id=data["id"],
            language=lang,
            claimant=claimant,
            statement=Text.from_data(data.get("statement", data["short"]), lang),
            short=Text.from_data(data["short"], lang),
            said=Appearance.optional(data.get("said"), lang),
            rating=data.get("rating"),
            summary=Text.optional(data.get("summary"), lang),
            analysis=Text.optional(data.get("analysis"), lang),
            published=PartialDate.parse(published) if published else imported.published,  # type: ignore[union-attr]
            updated=parse_optional(data.get("updated")),
            sources={k: Source.from_data(k, v, lang) for k, v in data.get("sources", {}).items()},
            topics=tuple(data.get("topics", ())),
            corrections=tuple(
                Correction(PartialDate.parse(c["date"]), Text.from_data(c["text"], lang), c.get("previous_rating"))
                for c in data.get("corrections", ())
            ),
            related=tuple(data.get("related", ())),
            figure=Figure.from_data(figure, lang, claimant or "") if figure else None,
            counter_claims=tuple(
                CounterClaim(
                    claimant=c["claimant"],
                    statement=Text.from_data(c["statement"], lang),
                    sources=tuple(c["sources"]),
                    said=Appearance.optional(c.get("said"), lang),
                    figure=Figure.from_data(c["figure"], lang, c["claimant"]) if c.get("figure") else None,
                    exact=c.get("exact", False),
                )
                for c in data.get("counter_claims", ())
            ),
            figures=tuple(Figure.from_data(f, lang, f["stated_by"]) for f in data.get("figures", ())),
            path=path,
            exact=data.get("exact", False),
            appearances=tuple(Appearance.optional(a, lang) for a in data.get("appearances", ())),  # type: ignore[misc]
            imported=imported,
        )

    @property
    def last_changed(self) -> PartialDate:
        return self.updated or self.published

    def quotation(self, language: str) -> tuple[str, bool] | None:
        """The claimant's exact words as shown in ``language``, and whether they are our
        translation (shown in another language than the source that reports them); None when
        the statement is our summary."""
        if not self.exact or self.said is None:
            return None
        return quoted(self.statement, self.sources.get(self.said.source), language)

    def all_figures(self) -> list[Figure]:
        """The claim's figure, then each counter-claim's, then the further figures."""
        found = [self.figure] if self.figure else []
        found += [c.figure for c in self.counter_claims if c.figure]
        return found + list(self.figures)
