"""Atom feeds: new fact-checks, and corrections, for feed readers and newsrooms' tools.

Written with ElementTree so every string is escaped as XML. Dates come from the data, never
from the clock, so the same data gives the same feed.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from counterclaim.model.claims import Claim
from counterclaim.model.dataset import Dataset
from counterclaim.model.dates import PartialDate
from counterclaim.model.registries import Rating
from counterclaim.render.i18n import Catalogue
from counterclaim.render.richtext import plain_text
from counterclaim.render.urls import Urls, absolute

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: How many entries a feed carries: feed readers want what is new, not the archive.
FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedSettings:
    site_url: str
    site_name: str
    author: str


def _timestamp(date: PartialDate) -> str:
    return f"{date.first_day.isoformat()}T00:00:00Z"


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _feed(
    settings: FeedSettings, catalogue: Catalogue, title: str, self_url: str, page_url: str, updated: str
) -> ET.Element:
    # The namespace is written as a plain attribute rather than registered with ElementTree:
    # registrations are global, and another module's would change this file's prefixes.
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: catalogue.language})
    _element(feed, "id", absolute(settings.site_url, self_url))
    _element(feed, "title", f"{settings.site_name}: {title}")
    _element(feed, "updated", updated)
    _element(feed, "link", rel="self", type="application/atom+xml", href=absolute(settings.site_url, self_url))
    _element(feed, "link", rel="alternate", type="text/html", href=absolute(settings.site_url, page_url))
    author = _element(feed, "author")
    _element(author, "name", settings.author)
    return feed


def _serialise(feed: ET.Element) -> str:
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def claims_feed(
    newest: Sequence[Claim], dataset: Dataset, catalogue: Catalogue, urls: Urls, settings: FeedSettings
) -> str:
    """The newest fact-checks, each with its verdict."""
    shown = list(newest[:FEED_LENGTH])
    updated = max((c.last_changed for c in shown), default=PartialDate(1970, 1, 1))
    feed = _feed(
        settings,
        catalogue,
        catalogue.t("feed_claims_title"),
        urls.claims_feed(),
        urls.claims_index(),
        _timestamp(updated),
    )
    language = catalogue.language
    for claim in shown:
        rating = dataset.ratings.get(claim.rating) if claim.rating else None
        label = _verdict_label(claim, rating, language)
        url = absolute(settings.site_url, urls.claim(claim.id))
        entry = _element(feed, "entry")
        _element(entry, "id", url)
        _element(entry, "title", claim.short.pick(language)[0])
        _element(entry, "link", rel="alternate", type="text/html", href=url)
        _element(entry, "published", _timestamp(claim.published))
        _element(entry, "updated", _timestamp(claim.last_changed))
        # An imported claim without a summary is summed up by its short form, which the original
        # publisher wrote.
        summary = plain_text(claim.summary.pick(language)[0]) if claim.summary else claim.short.pick(language)[0]
        _element(entry, "summary", catalogue.t("feed_verdict", rating=label, summary=summary))
        if claim.rating:
            _element(entry, "category", term=claim.rating, label=label)
        for topic in claim.topics:
            if topic in dataset.topics:
                _element(entry, "category", term=topic, label=dataset.topics[topic].label.pick(language)[0])
    return _serialise(feed)


def latest_change(claims: Iterable[Claim]) -> PartialDate | None:
    """When the last of ``claims`` changed (None if there are none)."""
    return latest(c.last_changed for c in claims)


def latest(dates: Iterable[PartialDate]) -> PartialDate | None:
    """The latest of ``dates`` (None if there are none)."""
    return max(dates, key=_day_span, default=None)


def _day_span(date: PartialDate) -> tuple[datetime.date, datetime.date]:
    """What dates are ordered by (see PartialDate), without making a comparison each time."""
    return (date.first_day, date.last_day)


def _verdict_label(claim: Claim, rating: Rating | None, language: str) -> str:
    """The verdict in words: this site's, else the original publisher's (an imported claim not
    placed on the scale)."""
    if rating is not None:
        return rating.label.pick(language)[0]
    original = claim.imported.rating if claim.imported else None
    return (original.label or original.name or "") if original else ""


def corrections_feed(
    corrections: Sequence[tuple[Claim, int]],
    dataset: Dataset,
    catalogue: Catalogue,
    urls: Urls,
    settings: FeedSettings,
    last_changed: PartialDate | None = None,
) -> str:
    """Corrections, newest first: what changed on which fact-check, and the rating it had before.
    With no corrections, the feed was last updated when a claim last changed (``last_changed``,
    found in ``dataset`` if not given)."""
    shown = list(corrections[:FEED_LENGTH])
    dates = [claim.corrections[i].date for claim, i in shown]
    if last_changed is None:
        last_changed = latest_change(dataset.claims.values())
    fallback = last_changed or PartialDate(1970, 1, 1)
    feed = _feed(
        settings,
        catalogue,
        catalogue.t("feed_corrections_title"),
        urls.corrections_feed(),
        urls.corrections(),
        _timestamp(max(dates, default=fallback)),
    )
    language = catalogue.language
    for claim, index in shown:
        correction = claim.corrections[index]
        url = absolute(settings.site_url, urls.claim(claim.id))
        entry = _element(feed, "entry")
        _element(entry, "id", f"{url}#correction-{index + 1}")
        _element(entry, "title", catalogue.t("feed_correction_title", claim=claim.short.pick(language)[0]))
        _element(entry, "link", rel="alternate", type="text/html", href=f"{url}#correction-{index + 1}")
        _element(entry, "updated", _timestamp(correction.date))
        summary = plain_text(correction.text.pick(language)[0])
        if correction.previous_rating:
            previous = dataset.ratings.get(correction.previous_rating)
            if previous is not None:
                summary += " " + catalogue.t("feed_previous_rating", rating=previous.label.pick(language)[0])
        _element(entry, "summary", summary)
    return _serialise(feed)
