"""Open data: every claim with its figures and sources, as one JSON file for researchers.

Text keeps every language it was written in; Markdown stays as written. A withheld source's
address is never exported (the data file does not hold it either, and the checker refuses it).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any

from counterclaim.model.claims import Appearance, Claim, Figure, Imported, Source, Text
from counterclaim.model.dataset import Dataset
from counterclaim.render.urls import Urls, absolute

FORMAT_VERSION = 1


def _text(value: Text | None) -> dict[str, str] | None:
    return None if value is None else dict(value.versions)


def _figure(figure: Figure) -> dict[str, Any]:
    data: dict[str, Any] = {
        "stated_by": figure.stated_by,
        "qualifier": figure.qualifier,
        "unit": _text(figure.unit),
        "definition": _text(figure.definition),
        "window": {
            "start": figure.window_start.iso() if figure.window_start else None,
            "end": figure.window_end.iso() if figure.window_end else None,
        },
        "as_of": figure.as_of.iso() if figure.as_of else None,
        "method": _text(figure.method),
        "series": figure.series,
        "sources": list(figure.sources),
    }
    if figure.value is not None:
        data["value"] = figure.value
    else:
        data["low"], data["high"] = figure.low, figure.high
    return data


def _source(source: Source) -> dict[str, Any]:
    return {
        "title": source.title,
        "description": _text(source.description),
        "publisher": source.publisher,
        "authors": list(source.authors),
        "published": source.published.iso() if source.published else None,
        "url": source.url if source.link == "known" else None,
        "link": source.link,
        "accessed": source.accessed.iso() if source.accessed else None,
        "archive_url": source.archive_url if source.link == "known" else None,
        "archive_date": source.archive_date.iso() if source.archive_date else None,
        "language": source.language,
        "quote": source.quote,
    }


def claim_record(claim: Claim, dataset: Dataset, *, site_url: str, urls: Urls) -> str:
    """One claim of the export, as JSON text (the export is assembled from these)."""
    claimant = dataset.claimants[claim.claimant] if claim.claimant else None
    rating = dataset.ratings.get(claim.rating) if claim.rating else None
    record = {
        "id": claim.id,
        "url": absolute(site_url, urls.claim(claim.id)),
        "language": claim.language,
        "claimant": {
            "id": claimant.id,
            "name": _text(claimant.name),
            "kind": claimant.kind,
            "wikidata": claimant.wikidata,
        }
        if claimant
        else None,
        "statement": _text(claim.statement),
        "exact": claim.exact,
        "short": _text(claim.short),
        "said": _appearance(claim.said) if claim.said else None,
        "rating": {"id": rating.id, "label": _text(rating.label), "position": rating.position} if rating else None,
        "summary": _text(claim.summary) if claim.summary else None,
        "analysis": _text(claim.analysis) if claim.analysis else None,
        "topics": list(claim.topics),
        "published": claim.published.iso(),
        "updated": claim.updated.iso() if claim.updated else None,
        "corrections": [
            {"date": c.date.iso(), "text": _text(c.text), "previous_rating": c.previous_rating}
            for c in claim.corrections
        ],
        "related": list(claim.related),
        "figure": _figure(claim.figure) if claim.figure else None,
        "counter_claims": [
            {
                "claimant": c.claimant,
                "statement": _text(c.statement),
                "exact": c.exact,
                "sources": list(c.sources),
                "figure": _figure(c.figure) if c.figure else None,
            }
            for c in claim.counter_claims
        ],
        "figures": [_figure(f) for f in claim.figures],
        "sources": {key: _source(source) for key, source in claim.sources.items()},
    }
    if claim.appearances:
        record["appearances"] = [_appearance(a) for a in claim.appearances]
    if claim.imported:
        record["imported"] = _imported(claim.imported)
    return compact_json(record)


def _appearance(said: Appearance) -> dict[str, Any]:
    return {"date": said.date.iso() if said.date else None, "source": said.source, "where": _text(said.where)}


def _imported(imported: Imported) -> dict[str, Any]:
    found: dict[str, Any] = {
        "url": imported.url,
        "publisher": imported.publisher,
        "publisher_url": imported.publisher_url,
        "headline": imported.headline,
        "published": imported.published.iso(),
        "modified": imported.modified.iso() if imported.modified else None,
    }
    if imported.rating:
        found["rating"] = {k: v for k, v in dataclasses.asdict(imported.rating).items() if v is not None}
    return found


def claims_export(records: Iterable[str], dataset: Dataset) -> Iterator[str]:
    """The export, in pieces: the rating scale, then every claim's record (see
    :func:`claim_record`)."""
    head = {
        "format": "counterclaim claims export",
        "version": FORMAT_VERSION,
        "rating_scale": [
            {"id": r.id, "label": _text(r.label), "position": r.position} for r in dataset.ratings.ratings
        ],
    }
    return json_pieces(head, "claims", records)


def json_pieces(head: dict[str, Any], key: str, elements: Iterable[str]) -> Iterator[str]:
    """The JSON object ``head`` with ``key`` added, an array of ``elements`` (each already JSON),
    in pieces: a file of tens of thousands of elements is written without ever being whole."""
    text = compact_json(head)
    yield text[:-1] + ("," if head else "") + json.dumps(key) + ":["
    first = True
    for element in elements:
        if not first:
            yield ","
        yield element  # as it is: a piece the same as last time is the very same string
        first = False
    yield "]}"


def compact_json(data: Any) -> str:
    # Compact: indenting would make json use its slow pure-Python encoder, and the file larger.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
