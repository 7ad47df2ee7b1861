"""The pages the data gives rise to in one language, and what each one shows.

A :class:`Site` knows which pages exist (one per claim; paginated lists of claims overall, by
claimant, by rating and by topic; the corrections list; indexes of claimants and topics; the
rating scale; the search page) and builds each page's view on demand (what its template
receives as ``cc``), so one page can be rendered without building the others. No list page
ever holds more than ``per_page`` claims.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from markupsafe import Markup

from counterclaim.model.claims import Claim, CounterClaim
from counterclaim.model.dataset import Dataset
from counterclaim.render.i18n import Catalogue
from counterclaim.render.richtext import PageText
from counterclaim.render.urls import Urls, relative
from counterclaim.render.views import ClaimSummary, DateView, Link, RatingView, Views


@dataclass(frozen=True)
class PlannedPage:
    """A page made from data: its address, template, title and what it shows."""

    url: str
    template: str
    title: str
    kind: str
    key: str = ""
    number: int = 1
    #: Pages a reader reaches from the site's main menu rather than through other pages.
    in_nav: bool = False


@dataclass(frozen=True)
class PagedList:
    """A list of items shown over as many pages as it needs."""

    kind: str
    key: str
    title: str
    address: Callable[[int], str]
    items: Sequence[Any]


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    previous_url: str | None
    next_url: str | None


@dataclass(frozen=True)
class CorrectionItem:
    claim: ClaimSummary
    date: DateView
    text: Markup
    previous_rating: RatingView | None


def placement(claim: Claim) -> tuple[object, ...]:
    """Everything about a claim that decides which pages and lists show it, and where: its id,
    date, claimant, rating, topics, corrections' dates, related claims, and who says each of
    its counter-claims. Two versions of a claim placed alike are shown on the same pages."""
    return (
        claim.id,
        claim.published.first_day,
        claim.claimant,
        claim.rating,
        claim.topics,
        tuple(c.date for c in claim.corrections),
        claim.related,
        tuple(c.claimant for c in claim.counter_claims),
    )


def _swapped(items: Sequence[Any], claim: Claim) -> list[Any]:
    """``items`` (claims, or (claim, index) pairs) with the claim of ``claim``'s id replaced by it."""
    key = claim.id
    swapped: list[Any] = []
    for item in items:
        if isinstance(item, tuple):
            swapped.append((claim, item[1]) if item[0].id == key else item)
        else:
            swapped.append(claim if item.id == key else item)
    return swapped


class Site:
    def __init__(
        self,
        dataset: Dataset,
        catalogue: Catalogue,
        urls: Urls | None = None,
        *,
        per_page: int = 50,
        newest: list[Claim] | None = None,
    ) -> None:
        self.dataset = dataset
        self.catalogue = catalogue
        self.urls = urls or Urls()
        self.views = Views(dataset, catalogue, self.urls)
        self.per_page = per_page
        self.newest = self.views.newest_first(dataset.claims.values()) if newest is None else newest
        self._cited_by: dict[str, list[tuple[Claim, CounterClaim]]] = {}
        self._planned: list[PlannedPage] | None = None

    def replacing(self, dataset: Dataset, changed: frozenset[str]) -> Site | None:
        """This site with the ``changed`` claims as ``dataset`` has them (its registries are
        this site's), what does not depend on them kept; None if one of them is placed
        differently (see :func:`placement`): then the site must be made anew."""
        old, new = self.dataset.claims, dataset.claims
        if any(placement(old[key]) != placement(new[key]) for key in changed):
            return None

        def swap(claim: Claim) -> Claim:
            return new[claim.id] if claim.id in changed else claim

        site = Site(dataset, self.catalogue, self.urls, per_page=self.per_page, newest=[swap(c) for c in self.newest])
        site.views.carry_over(self.views, changed)
        if "_lists" in self.__dict__:
            lists = dict(self._lists)
            cited = dict(self._cited_by)
            for key in changed:
                claim = new[key]
                touched = [("claims", ""), ("claimant", claim.claimant or ""), ("rating", claim.rating or "")]
                touched += [("topic", topic) for topic in claim.topics]
                touched += [("corrections", "")] if claim.corrections else []
                for found in (lists.get(item) for item in touched):
                    if found is not None:
                        lists[(found.kind, found.key)] = dataclasses.replace(found, items=_swapped(found.items, claim))
                for party in {c.claimant for c in claim.counter_claims}:
                    # A claim's citations of one party are side by side in its list.
                    pairs = cited[party]
                    start = next(i for i, pair in enumerate(pairs) if pair[0].id == key)
                    mine = [(claim, c) for c in claim.counter_claims if c.claimant == party]
                    cited[party] = [*pairs[:start], *mine, *pairs[start + len(mine) :]]
            site.__dict__["_lists"] = lists
            site._cited_by = cited
        if self._planned is not None:
            planned = list(self._planned)
            at = {claim.id: number for number, claim in enumerate(self.newest) if claim.id in changed}
            for key, number in at.items():
                assert planned[number].kind == "claim" and planned[number].key == key
                planned[number] = self._claim_page(new[key], site.views)
            site._planned = planned
        return site

    @property
    def language(self) -> str:
        return self.catalogue.language

    # -- which pages exist --------------------------------------------------------------------

    def _page_count(self, items: int) -> int:
        return max(1, math.ceil(items / self.per_page))

    def _list_pages(self, paged: PagedList) -> int:
        """How many pages a list takes: a claimant's shows, beside their own claims, the claims
        that cite them, as many on each page."""
        if paged.kind == "claimant":
            return self._page_count(max(len(paged.items), len(self._cited_by.get(paged.key, ()))))
        return self._page_count(len(paged.items))

    def _cited_on(self, page: PlannedPage) -> Sequence[tuple[Claim, CounterClaim]]:
        """The citations of the claimant a page of theirs lists: its slice of all of them."""
        return self._on(page, self._cited_by.get(page.key, []))

    def _on(self, page: PlannedPage, items: Sequence[Any]) -> Sequence[Any]:
        """The slice of a list's ``items`` that its page ``page`` shows."""
        start = (page.number - 1) * self.per_page
        return items[start : start + self.per_page]

    def _title(self, title: str, number: int) -> str:
        return title if number == 1 else self.catalogue.t("title_page", title=title, number=number)

    @cached_property
    def _lists(self) -> dict[tuple[str, str], PagedList]:
        """Every paginated list, by (kind, key), grouped in one pass over the claims."""
        t, urls = self.catalogue.t, self.urls
        by_claimant: dict[str, list[Claim]] = {c: [] for c in sorted(self.dataset.claimants)}
        by_rating: dict[str, list[Claim]] = {r.id: [] for r in self.dataset.ratings.ratings}
        by_topic: dict[str, list[Claim]] = {topic: [] for topic in self.dataset.topics}
        for claim in self.newest:
            if claim.claimant:
                by_claimant.setdefault(claim.claimant, []).append(claim)
            for counter in claim.counter_claims:
                self._cited_by.setdefault(counter.claimant, []).append((claim, counter))
            if claim.rating:
                by_rating.setdefault(claim.rating, []).append(claim)
            for topic in claim.topics:
                by_topic.setdefault(topic, []).append(claim)
        lists = [PagedList("claims", "", t("claims_title"), urls.claims_index, self.newest)]
        lists += [
            PagedList("claimant", key, self.views.claimant(key).text, partial(urls.claimant, key), items)
            for key, items in by_claimant.items()
            if key in self.dataset.claimants
        ]
        lists += [
            PagedList("rating", key, self.views.rating(key).label, partial(urls.rating, key), items)
            for key, items in by_rating.items()
            if self.dataset.ratings.get(key)
        ]
        lists += [
            PagedList("topic", key, self.views.topic(key).text, partial(urls.topic, key), items)
            for key, items in by_topic.items()
            if key in self.dataset.topics
        ]
        lists.append(PagedList("corrections", "", t("corrections_title"), urls.corrections, self._corrections()))
        return {(item.kind, item.key): item for item in lists}

    def _claim_page(self, claim: Claim, views: Views) -> PlannedPage:
        return PlannedPage(self.urls.claim(claim.id), "claim.html", views.summary(claim).short, "claim", claim.id)

    def pages(self) -> list[PlannedPage]:
        """Every page made from data: each claim's, then the lists', then the indexes'."""
        if self._planned is None:
            self._planned = self._plan()
        return self._planned

    def _plan(self) -> list[PlannedPage]:
        t, urls = self.catalogue.t, self.urls
        planned = [self._claim_page(c, self.views) for c in self.newest]
        for paged in self._lists.values():
            for number in range(1, self._list_pages(paged) + 1):
                in_nav = number == 1 and paged.kind in ("claims", "corrections")
                title = self._title(paged.title, number)
                planned.append(
                    PlannedPage(
                        paged.address(number), f"{paged.kind}.html", title, paged.kind, paged.key, number, in_nav
                    )
                )
        planned += [
            PlannedPage(urls.claimants_index(), "claimants.html", t("claimants_title"), "claimants", in_nav=True),
            PlannedPage(urls.ratings(), "ratings.html", t("ratings_title"), "ratings", in_nav=True),
            PlannedPage(urls.topics_index(), "topics.html", t("topics_title"), "topics", in_nav=True),
            PlannedPage(urls.search(), "search.html", t("search_title"), "search", in_nav=True),
        ]
        return planned

    def shown_on(self, page: PlannedPage) -> list[str]:
        """The claims whose data ``page`` shows: a claim page, its claim and the claims it relates
        to; a list page, those :meth:`listed` names, or the corrections on it."""
        if page.kind == "claim":
            return [page.key, *self.dataset.claims[page.key].related]
        if page.kind == "corrections":
            return [claim.id for claim, _ in self._on(page, self._lists[("corrections", "")].items)]
        if page.kind in ("claimants", "ratings", "topics", "search"):
            return []
        if page.kind == "claimant":
            # Its slice of the claimant's claims and of the claims that cite them; what it
            # shows of the others (how many, with which ratings) is their placement, the same
            # while this is asked (see replacing).
            shown = self._on(page, self._lists[("claimant", page.key)].items)
            return [*(claim.id for claim in shown), *(claim.id for claim, _ in self._cited_on(page))]
        return [claim.id for claim in self.listed(page)[1]]

    def latest(self, count: int) -> list[ClaimSummary]:
        return [self.views.summary(c) for c in self.newest[:count]]

    # -- what each page shows ----------------------------------------------------------------------

    def view(self, page: PlannedPage) -> dict[str, Any]:
        """What the page shows: its template receives it under the name ``cc``."""
        views = self.views
        if page.kind == "claim":
            return {"claim": views.claim_page(self.dataset.claims[page.key])}
        if page.kind == "claimants":
            listed = sorted(self.dataset.claimants.values(), key=lambda c: self.views.claimant(c.id).text.casefold())
            return {"claimants": [(views.claimant(c.id), c.kind) for c in listed]}
        if page.kind == "ratings":
            counted = [(views.rating(r.id), count) for r, count in self._rating_counts()]
            return {
                "scale": counted,
                # Ratings that place a claim between the best and the worst, and those that say
                # why the evidence does not allow it: readers see the two groups, not positions.
                "on_scale": [(r, n) for r, n in counted if r.position is not None],
                "off_scale": [(r, n) for r, n in counted if r.position is None],
                "ends": views.scale_ends(),
            }
        if page.kind == "topics":
            return {"topics": [(views.topic(t.id), n) for t, n in self._topic_counts()]}
        if page.kind == "search":
            return {}
        paged = self._lists.get((page.kind, page.key))
        if paged is None:
            raise ValueError(f"unknown page {page.kind!r} {page.key!r}")
        return self._list_context(page, paged)

    def listed(self, page: PlannedPage) -> tuple[int, Sequence[Claim]]:
        """How many claims a page of the claims list, or of a claimant's, a rating's or a
        topic's, lists in all, and the claims its view is made from: those it shows, and for a
        claimant's every claim of theirs and its slice of those that cite them; what else its
        view shows comes from the registries and its place in the list."""
        if page.kind not in ("claims", "claimant", "rating", "topic"):
            raise ValueError(f"{page.kind!r} pages list more than claims")
        items = self._lists[(page.kind, page.key)].items
        if page.kind == "claimant":
            return len(items), [*items, *(claim for claim, _ in self._cited_on(page))]
        return len(items), self._on(page, items)

    def _list_context(self, page: PlannedPage, paged: PagedList) -> dict[str, Any]:
        items, address = paged.items, paged.address
        count = self._list_pages(paged)
        shown = self._on(page, items)
        pager = Pager(
            page.number,
            count,
            address(page.number - 1) if page.number > 1 else None,
            address(page.number + 1) if page.number < count else None,
        )
        context: dict[str, Any] = {"pager": pager, "total": len(items)}
        if page.kind == "corrections":
            context["corrections"] = [self._correction(claim, i, page.url) for claim, i in shown]
            return context
        context["claims"] = [self.views.summary(c) for c in shown]
        if page.kind == "claimant":
            # Where others cite the claimant is listed beside their own claims, a page at a time.
            cited = self._cited_on(page)
            context["claimant"] = self.views.claimant_page(self.dataset.claimants[page.key], list(items), cited)
        elif page.kind == "rating":
            context["rating"] = self.views.rating(page.key)
            context["place"] = self.views.rating_place(page.key)
        elif page.kind == "topic":
            topic = self.dataset.topics[page.key]
            context["topic"] = self.views.topic(page.key)
            context["description"] = self.views.text(topic.description)
        return context

    def _corrections(self) -> list[tuple[Claim, int]]:
        """Every correction as (claim, index in its list), newest first."""
        found = [(claim, i) for claim in self.newest for i in range(len(claim.corrections))]
        return sorted(found, key=lambda item: (item[0].corrections[item[1]].date, item[0].id), reverse=True)

    def _correction(self, claim: Claim, index: int, page_url: str) -> CorrectionItem:
        correction = claim.corrections[index]
        claim_page = self.urls.claim(claim.id)
        text = PageText(
            lambda target: relative(page_url, self.urls.claim(target)),
            self.catalogue.t("source"),
            sources_page=relative(page_url, claim_page),
        )
        date = self.views.date(correction.date)
        assert date is not None
        return CorrectionItem(
            self.views.summary(claim),
            date,
            text.block(correction.text.pick(self.language)[0]),
            self.views.rating(correction.previous_rating) if correction.previous_rating else None,
        )

    def corrections(self) -> Sequence[tuple[Claim, int]]:
        """Every correction as (claim, index in its list), newest first."""
        return self._lists[("corrections", "")].items

    def _rating_counts(self) -> list[tuple[Any, int]]:
        """Each rating of the scale, with how many claims have it (its list, already grouped)."""
        return [(r, len(self._lists[("rating", r.id)].items)) for r in self.dataset.ratings.ratings]

    def _topic_counts(self) -> list[tuple[Any, int]]:
        """Each topic, with how many claims are about it."""
        return [(topic, len(self._lists[("topic", topic.id)].items)) for topic in self.dataset.topics.values()]

    def topic_links(self) -> list[Link]:
        return [self.views.topic(t) for t in self.dataset.topics]

    def ratings_stylesheet(self) -> str:
        """CSS classes with each rating's colour, and a text colour that reads on it."""
        rules = []
        for rating in self.dataset.ratings.ratings:
            ink = readable_ink(rating.colour)
            rules.append(f".rating-{rating.id}{{--rating-bg:{rating.colour};--rating-ink:{ink}}}")
        return "\n".join(rules) + "\n"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_ink(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#ffffff") else "#ffffff"
