"""What each page shows, as plain values ready for a template.

Views resolve references (claimant ids to names and addresses), pick the text in the page's
language, format dates and numbers, and render Markdown with one citation numbering per page.
Templates then only arrange these values; they never look anything up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from counterclaim.model.claims import Claim, CounterClaim, Figure, Source, Text, quoted
from counterclaim.model.dataset import Dataset
from counterclaim.model.dates import PartialDate
from counterclaim.model.registries import Claimant, Rating
from counterclaim.render import charts, partymarks
from counterclaim.render.i18n import Catalogue
from counterclaim.render.richtext import PageText, plain_text
from counterclaim.render.urls import Urls, relative


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class DateView:
    text: str
    iso: str


@dataclass(frozen=True)
class RatingView:
    id: str
    label: str
    description: Markup
    position: int | None
    css_class: str
    url: str


@dataclass(frozen=True)
class ClaimSummary:
    """A claim as listed on index, claimant and home pages."""

    id: str
    url: str
    short: str
    lang: str
    #: Who made the claim; None only for an imported claim whose record did not say.
    claimant: Link | None
    #: The verdict on this site's scale; None for an imported claim not placed on it.
    rating: RatingView | None
    published: DateView
    #: An imported claim's verdict as its original publisher gave it, with the publisher's
    #: name: never shown as this site's own.
    original_rating: str | None = None
    rated_by: str | None = None


@dataclass(frozen=True)
class Statement:
    """One side in the side-by-side comparison: the claim itself or a counter-claim."""

    is_claim: bool
    claimant: Link | None
    text: Markup
    cite: Markup
    amount: str | None
    said: DateView | None
    #: The claimant's exact words (shown as a quotation), or our summary of them (said so).
    exact: bool = False
    #: Exact words shown in another language than the source that reports them.
    translated: bool = False


@dataclass(frozen=True)
class FigureRow:
    stated_by: Link
    amount: str
    unit: str
    definition: str | None
    window: str | None
    as_of: DateView | None
    method: str | None
    series: str | None
    cite: Markup


@dataclass(frozen=True)
class SourceEntry:
    number: int
    anchor: str
    backrefs: tuple[str, ...]
    title: str | None
    description: str | None
    publisher: str | None
    authors: tuple[str, ...]
    published: DateView | None
    url: str | None
    link: str
    accessed: DateView | None
    archive_url: str | None
    archive_date: DateView | None
    language: str | None
    language_code: str | None
    quote: str | None


@dataclass(frozen=True)
class CorrectionEntry:
    date: DateView
    text: Markup
    previous_rating: RatingView | None


@dataclass(frozen=True)
class ImportedView:
    """Where an imported fact-check was first published, and its rating as given there."""

    url: str
    publisher: str
    publisher_url: str | None
    headline: str | None
    published: DateView
    rating_label: str | None
    #: The rating's numbers in words ("2 on a scale from 1 to 5"), when the record has them.
    rating_numbers: str | None
    rating_explanation: str | None


@dataclass(frozen=True)
class ClaimPage:
    summary: ClaimSummary
    statement: str
    statement_cite: Markup
    #: The statement is the claimant's exact words; else it is our summary of what they said.
    exact: bool
    #: Exact words shown in our translation.
    translated: bool
    said_date: DateView | None
    said_where: str | None
    first_reported: DateView | None
    verdict: Markup
    statements: list[Statement]
    figures: list[FigureRow]
    #: What every figure is a number of, when they all say the same: said once, not per figure.
    figures_unit: str | None
    comparison_chart: Markup | None
    timeline_chart: Markup | None
    analysis: Markup
    sources: list[SourceEntry]
    corrections: list[CorrectionEntry]
    related: list[ClaimSummary]
    topics: list[Link]
    updated: DateView | None
    missing_translation: bool
    data_path: str
    #: The verdict's summary as plain text, for page descriptions and link previews.
    description: str
    #: Where an imported claim's fact-check was first published; None for the site's own.
    imported: ImportedView | None = None
    #: Whose summary the statement is, when it is not ours: an imported record's publisher.
    summarised_by: str | None = None


@dataclass(frozen=True)
class ClaimantPage:
    id: str
    name: str
    kind: str
    description: str | None
    wikidata: str | None
    url: str | None
    total: int
    #: Where others' fact-checks cite them: the claim, their statement as words, and whether
    #: it is their exact words.
    counter_claims: list[tuple[ClaimSummary, str, bool]]
    rating_counts: list[tuple[RatingView, int]]


@dataclass
class Views:
    """Builds views of one dataset in one language."""

    dataset: Dataset
    catalogue: Catalogue
    urls: Urls = field(default_factory=Urls)
    _summaries: dict[str, ClaimSummary] = field(default_factory=dict)
    _ratings: dict[str, RatingView] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.catalogue.language

    def carry_over(self, earlier: Views, changed: frozenset[str]) -> None:
        """Keep what ``earlier`` (of a dataset with the same registries) made, but for the claims
        ``changed`` since."""
        self._summaries = {key: found for key, found in earlier._summaries.items() if key not in changed}
        self._ratings = earlier._ratings

    # -- small pieces -----------------------------------------------------------------------

    def text(self, value: Text | None) -> str | None:
        return None if value is None else value.pick(self.language)[0]

    def date(self, value: PartialDate | None) -> DateView | None:
        return None if value is None else DateView(self.catalogue.date(value), value.iso())

    def rating(self, rating_id: str) -> RatingView:
        rating = self.dataset.ratings.get(rating_id)
        if rating is None:  # the checker reports unknown ratings before anything is built
            raise KeyError(rating_id)
        return self._rating(rating)

    def _rating(self, rating: Rating) -> RatingView:
        view = self._ratings.get(rating.id)
        if view is None:
            label, _ = rating.label.pick(self.language)
            # Registry text cites no sources and links only outward, so no page context is needed.
            description = PageText(self.urls.claim).inline(rating.description.pick(self.language)[0])
            view = RatingView(
                rating.id, label, description, rating.position, f"rating-{rating.id}", self.urls.rating(rating.id)
            )
            self._ratings[rating.id] = view
        return view

    def scale_ends(self) -> tuple[str, str] | None:
        """The labels of the best and the worst rating on the scale, if it has two or more."""
        ordered = self._on_scale()
        return (self._rating(ordered[0]).label, self._rating(ordered[-1]).label) if len(ordered) > 1 else None

    def rating_place(self, rating_id: str) -> str | None:
        """Where a rating stands on the scale, in words: its neighbours, never its number."""
        ends = self.scale_ends()
        rating = self.dataset.ratings.get(rating_id)
        if ends is None or rating is None:
            return None
        t = self.catalogue.t
        best, worst = ends
        if rating.position is None:
            return t("rating_off_scale", best=best, worst=worst)
        ordered = self._on_scale()
        index = ordered.index(rating)
        above = self._rating(ordered[index - 1]).label if index > 0 else None
        below = self._rating(ordered[index + 1]).label if index + 1 < len(ordered) else None
        if above is None:
            return t("rating_place_best", below=below)
        if below is None:
            return t("rating_place_worst", above=above)
        return t("rating_place_between", best=best, worst=worst, above=above, below=below)

    def _on_scale(self) -> list[Rating]:
        """The ratings that place a claim on the scale, best first."""
        placed = [r for r in self.dataset.ratings.ratings if r.position is not None]
        return sorted(placed, key=lambda r: -(r.position or 0))

    def claimant_or_none(self, claimant_id: str | None) -> Link | None:
        return self.claimant(claimant_id) if claimant_id else None

    def claimant(self, claimant_id: str) -> Link:
        claimant = self.dataset.claimants[claimant_id]
        return Link(claimant.name.pick(self.language)[0], self.urls.claimant(claimant.id))

    def topic(self, topic_id: str) -> Link:
        topic = self.dataset.topics[topic_id]
        return Link(self.text(topic.label) or topic_id, self.urls.topic(topic_id))

    def amount(self, figure: Figure) -> str:
        number = self.catalogue.number
        if figure.value is not None:
            core = number(figure.value)
        else:
            assert figure.low is not None and figure.high is not None
            core = self.catalogue.t("range", low=number(figure.low), high=number(figure.high))
        return self.catalogue.t(f"qualifier_{figure.qualifier.replace('-', '_')}", amount=core)

    def window(self, figure: Figure) -> str | None:
        start, end = figure.window_start, figure.window_end
        t, date = self.catalogue.t, self.catalogue.date
        if start and end:
            return t("window_between", start=date(start), end=date(end))
        if start:
            return t("window_from", start=date(start))
        if end:
            return t("window_until", end=date(end))
        return None

    # -- claims -----------------------------------------------------------------------------

    def summary(self, claim: Claim) -> ClaimSummary:
        cached = self._summaries.get(claim.id)
        if cached is None:
            short, lang = claim.short.pick(self.language)
            published = self.date(claim.published)
            assert published is not None
            original = claim.imported.rating if claim.imported else None
            cached = ClaimSummary(
                claim.id,
                self.urls.claim(claim.id),
                short,
                lang,
                self.claimant_or_none(claim.claimant),
                self.rating(claim.rating) if claim.rating else None,
                published,
                original_rating=(original.label or original.name) if original else None,
                rated_by=self._publisher(claim) if claim.imported else None,
            )
            self._summaries[claim.id] = cached
        return cached

    def newest_first(self, claims: Iterable[Claim]) -> list[Claim]:
        return sorted(claims, key=lambda c: (c.published.first_day, c.id), reverse=True)

    def claim_page(self, claim: Claim) -> ClaimPage:
        """Everything on a claim's page, with citations numbered in reading order."""
        page_url = self.urls.claim(claim.id)
        text = PageText(
            lambda target: relative(page_url, self.urls.claim(target)),
            self.catalogue.t("source"),
        )
        statement, statement_lang = claim.statement.pick(self.language)
        quotation = claim.quotation(self.language)
        # Where it was said: the first place and every other the record lists.
        places = ([claim.said.source] if claim.said else []) + [a.source for a in claim.appearances]
        statement_cite = text.cite(places)
        verdict = text.block(claim.summary.pick(self.language)[0]) if claim.summary else Markup("")

        statements = [
            Statement(
                True,
                self.claimant_or_none(claim.claimant),
                Markup.escape(statement),
                Markup(""),  # cited once already, where the statement heads the page
                self.amount(claim.figure) if claim.figure else None,
                self.date(claim.said.date) if claim.said else None,
                claim.exact,
                bool(quotation and quotation[1]),
            )
        ]
        statements += [self._counter(c, text, claim.sources) for c in claim.counter_claims]
        figures = [self._figure_row(f, text) for f in claim.all_figures()]
        comparison_chart, timeline_chart = self._charts(claim)
        analysis = text.block(claim.analysis.pick(self.language)[0]) if claim.analysis else Markup("")
        corrections = [
            CorrectionEntry(
                self.date(c.date),  # type: ignore[arg-type]
                text.block(c.text.pick(self.language)[0]),
                self.rating(c.previous_rating) if c.previous_rating else None,
            )
            for c in claim.corrections
        ]
        sources = [self._source(claim.sources[c.key], c.number, c.anchor, c.backrefs) for c in text.citations()]
        appearance = claim.sources.get(claim.said.source) if claim.said else None
        translated = [t for t in (claim.statement, claim.short, claim.summary, claim.analysis) if t is not None]
        return ClaimPage(
            summary=self.summary(claim),
            statement=statement,
            statement_cite=statement_cite,
            exact=claim.exact,
            translated=bool(quotation and quotation[1]),
            said_date=self.date(claim.said.date) if claim.said else None,
            said_where=self.text(claim.said.where) if claim.said else None,
            first_reported=self.date(appearance.published) if appearance else None,
            verdict=verdict,
            statements=statements,
            figures=figures,
            figures_unit=figures[0].unit if figures and len({f.unit for f in figures}) == 1 else None,
            comparison_chart=comparison_chart,
            timeline_chart=timeline_chart,
            analysis=analysis,
            sources=sources,
            corrections=corrections,
            related=[self.summary(self.dataset.claims[r]) for r in claim.related if r in self.dataset.claims],
            topics=[self.topic(t) for t in claim.topics if t in self.dataset.topics],
            updated=self.date(claim.updated),
            missing_translation=statement_lang != self.language
            or any(t.get(self.language) is None for t in translated),
            data_path=claim.path,
            description=plain_text(claim.summary.pick(self.language)[0]) if claim.summary else statement,
            imported=self._imported(claim),
            # An imported statement is worded by the original publisher, never by us.
            summarised_by=self._publisher(claim) if claim.imported and not claim.exact else None,
        )

    def _publisher(self, claim: Claim) -> str:
        """Who first published an imported claim's fact-check, as readers are told."""
        named = claim.imported.publisher if claim.imported else None
        return named or self.catalogue.t("original_publisher")

    def _imported(self, claim: Claim) -> ImportedView | None:
        imported = claim.imported
        if imported is None:
            return None
        rating = imported.rating
        numbers = None
        if rating and rating.value is not None and rating.best is not None and rating.worst is not None:
            number = self.catalogue.number
            numbers = self.catalogue.t(
                "rating_numbers", value=number(rating.value), worst=number(rating.worst), best=number(rating.best)
            )
        published = self.date(imported.published)
        assert published is not None
        return ImportedView(
            url=imported.url,
            publisher=self._publisher(claim),
            publisher_url=imported.publisher_url,
            headline=imported.headline,
            published=published,
            rating_label=(rating.label or rating.name) if rating else None,
            rating_numbers=numbers,
            rating_explanation=rating.explanation if rating else None,
        )

    def _counter(self, counter: CounterClaim, text: PageText, sources: Mapping[str, Source]) -> Statement:
        wording = counter.statement.pick(self.language)[0]
        # Where it was said comes first (exact words are shown with it); sources the wording
        # already cites in its text are not marked a second time.
        keys = dict.fromkeys(([counter.said.source] if counter.said else []) + list(counter.sources))
        cited_in_text = set(text.fragment(wording, inline=True).citations)
        translated = False
        if counter.exact and counter.said:
            translated = quoted(counter.statement, sources.get(counter.said.source), self.language)[1]
        return Statement(
            False,
            self.claimant(counter.claimant),
            text.inline(wording),
            text.cite(k for k in keys if k not in cited_in_text),
            self.amount(counter.figure) if counter.figure else None,
            self.date(counter.said.date) if counter.said else None,
            counter.exact,
            translated,
        )

    def _charts(self, claim: Claim) -> tuple[Markup | None, Markup | None]:
        t = self.catalogue.t
        figures = claim.all_figures()
        claimants = self.dataset.claimants
        marks = partymarks.page_marks(
            (f.stated_by, claimants[f.stated_by].colour if f.stated_by in claimants else None) for f in figures
        )
        points = []
        for figure in figures:
            as_of = self.date(figure.as_of)
            points.append(
                charts.Point(
                    who=self.claimant(figure.stated_by).text,
                    who_key=figure.stated_by,
                    mark=marks[figure.stated_by],
                    amount=self.amount(figure),
                    low=float(figure.value if figure.value is not None else figure.low or 0),
                    high=float(figure.value if figure.value is not None else figure.high or 0),
                    qualifier=figure.qualifier,
                    as_of=figure.as_of,
                    as_of_text=as_of.text if as_of else None,
                    series=figure.series,
                )
            )
        words = charts.ChartWords(
            as_of=t("figure_as_of").lower(),
            number=self.catalogue.number,
            months=self.catalogue.months(),
            month_year=self.catalogue.date,
            rtl=self.catalogue.direction == "rtl",
        )
        return (
            charts.comparison(points, words),
            charts.timeline(points, words),
        )

    def _figure_row(self, figure: Figure, text: PageText) -> FigureRow:
        return FigureRow(
            stated_by=self.claimant(figure.stated_by),
            amount=self.amount(figure),
            unit=self.text(figure.unit) or "",
            definition=self.text(figure.definition),
            window=self.window(figure),
            as_of=self.date(figure.as_of),
            method=self.text(figure.method),
            series=figure.series,
            cite=text.cite(figure.sources),
        )

    def _source(self, source: Source, number: int, anchor: str, backrefs: tuple[str, ...]) -> SourceEntry:
        language = self.catalogue.language_name(source.language) if source.language else None
        return SourceEntry(
            number=number,
            anchor=anchor,
            backrefs=backrefs,
            title=source.title,
            description=self.text(source.description),
            publisher=source.publisher,
            authors=source.authors,
            published=self.date(source.published),
            url=source.url if source.link == "known" else None,
            link=source.link,
            accessed=self.date(source.accessed),
            archive_url=source.archive_url if source.link == "known" else None,
            archive_date=self.date(source.archive_date),
            language=language,
            language_code=source.language,
            quote=source.quote,
        )

    # -- claimants and ratings ---------------------------------------------------------------

    def claimant_page(
        self, claimant: Claimant, own: list[Claim], cited: Sequence[tuple[Claim, CounterClaim]]
    ) -> ClaimantPage:
        """The claimant's header: who they are, counts per rating, and where others cite them."""
        # Away from the claim's page its source list is not at hand: the statement is shown as
        # words only, without citation marks (the claim's page, one click away, has them).
        countered = [
            (self.summary(claim), plain_text(counter.statement.pick(self.language)[0]), counter.exact)
            for claim, counter in cited
        ]
        counts = {r.id: 0 for r in self.dataset.ratings.ratings}
        for claim in own:
            if claim.rating:
                counts[claim.rating] = counts.get(claim.rating, 0) + 1
        return ClaimantPage(
            id=claimant.id,
            name=self.claimant(claimant.id).text,
            kind=self.catalogue.t(f"claimant_kind_{claimant.kind}") if claimant.kind else "",
            description=self.text(claimant.description),
            wikidata=claimant.wikidata,
            url=claimant.url,
            total=len(own),
            counter_claims=countered,
            rating_counts=[(self._rating(r), counts[r.id]) for r in self.dataset.ratings.ratings if counts[r.id]],
        )
