"""The pages the data gives rise to, and what each one's template receives.

A :class:`Site` knows which pages exist (one per claim and claimant, the paginated claims
index, the claimants index, the rating scale) and builds each page's context on demand, so a
consumer (the MkDocs plugin, or a test) can render one page without building the others.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from counterclaim import urls
from counterclaim.i18n import Catalogue
from counterclaim.model import Dataset
from counterclaim.views import ClaimSummary, Views


@dataclass(frozen=True)
class PlannedPage:
    """A page made from data: its address, template, title and what it shows."""

    url: str
    template: str
    title: str
    kind: str
    key: str = ""
    number: int = 1


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    previous_url: str | None
    next_url: str | None


class Site:
    def __init__(self, dataset: Dataset, catalogue: Catalogue, *, per_page: int = 50) -> None:
        self.dataset = dataset
        self.catalogue = catalogue
        self.views = Views(dataset, catalogue)
        self.per_page = per_page
        self._newest = self.views.newest_first(dataset.claims.values())

    def pages(self) -> list[PlannedPage]:
        t = self.catalogue.t
        planned = [
            PlannedPage(urls.claim(c.id), "claim.html", self.views.summary(c).short, "claim", c.id)
            for c in self._newest
        ]
        count = self.index_page_count()
        for number in range(1, count + 1):
            title = t("claims_title") if number == 1 else t("claims_title_page", number=number)
            planned.append(PlannedPage(urls.claims_index(number), "claims.html", title, "claims", number=number))
        planned.append(PlannedPage(urls.claimants_index(), "claimants.html", t("claimants_title"), "claimants"))
        planned += [
            PlannedPage(urls.claimant(c.id), "claimant.html", c.name, "claimant", c.id)
            for c in sorted(self.dataset.claimants.values(), key=lambda c: c.id)
        ]
        planned.append(PlannedPage(urls.ratings(), "ratings.html", t("ratings_title"), "ratings"))
        return planned

    def index_page_count(self) -> int:
        return max(1, math.ceil(len(self._newest) / self.per_page))

    def latest(self, count: int) -> list[ClaimSummary]:
        return [self.views.summary(c) for c in self._newest[:count]]

    def context(self, page: PlannedPage) -> dict[str, Any]:
        """What the page's template receives, under the name ``cc``."""
        if page.kind == "claim":
            return {"claim": self.views.claim_page(self.dataset.claims[page.key])}
        if page.kind == "claims":
            start = (page.number - 1) * self.per_page
            count = self.index_page_count()
            pager = Pager(
                page.number,
                count,
                urls.claims_index(page.number - 1) if page.number > 1 else None,
                urls.claims_index(page.number + 1) if page.number < count else None,
            )
            shown = self._newest[start : start + self.per_page]
            return {"claims": [self.views.summary(c) for c in shown], "pager": pager, "total": len(self._newest)}
        if page.kind == "claimant":
            return {"claimant": self.views.claimant_page(self.dataset.claimants[page.key])}
        if page.kind == "claimants":
            listed = sorted(self.dataset.claimants.values(), key=lambda c: c.name.casefold())
            return {"claimants": [(self.views.claimant(c.id), c.kind) for c in listed]}
        if page.kind == "ratings":
            return {"scale": self.views.rating_scale()}
        raise ValueError(f"unknown page kind {page.kind!r}")

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
