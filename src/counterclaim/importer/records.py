"""ClaimReview records as published: found in saved HTML pages, schema.org DataFeeds and the
Google Fact Check Tools API's answers, and read into one shape for the importer.

Nothing here decides what a record means for the site; it only finds the records and says
where each came from. Pages are read with the standard library's HTML parser, which keeps only
the text of ``<script type="application/ld+json">`` blocks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

#: The files a folder is searched for.
SUFFIXES = (".html", ".htm", ".json", ".jsonld")


class RecordError(Exception):
    """A file cannot be read as ClaimReview: the message says why, in plain words."""


@dataclass(frozen=True)
class Record:
    """One ClaimReview, as its publisher wrote it (a JSON-LD object), and where it was found."""

    origin: str
    data: dict[str, Any]
    #: The language the saved page says it is written in (``<html lang>``), if it says.
    page_language: str | None = None


def find_files(paths: list[Path]) -> list[Path]:
    """The files named, folders searched for pages and JSON files, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise RecordError(f"{path}: no such file or folder")
    return found


def read_file(path: Path, shown: str) -> list[Record]:
    """Every ClaimReview in one file: a saved page, a DataFeed, an API answer or plain JSON-LD."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"{shown}: cannot be read ({exc})") from None
    page_language = None
    if path.suffix.lower() in (".html", ".htm"):
        blocks, page_language = _json_ld_blocks(text)
        documents = []
        for number, block in enumerate(blocks, 1):
            try:
                documents.append(json.loads(block))
            except json.JSONDecodeError as exc:
                raise RecordError(f"{shown}: JSON-LD block {number} is not valid JSON ({exc})") from None
    else:
        try:
            documents = [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise RecordError(f"{shown}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    records = []
    for document in documents:
        reviews = list(_from_api(document)) if _is_api_answer(document) else list(_reviews(document))
        records += reviews
    return [
        Record(f"{shown}#{i}" if len(records) > 1 else shown, data, page_language) for i, data in enumerate(records, 1)
    ]


# -- JSON-LD ---------------------------------------------------------------------------------


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.language: str | None = None
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html" and self.language is None:
            self.language = (dict(attrs).get("lang") or "").strip() or None
        if tag == "script" and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def _json_ld_blocks(html: str) -> tuple[list[str], str | None]:
    """The page's JSON-LD blocks, and the language its ``<html>`` element declares."""
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return [block for block in finder.blocks if block.strip()], finder.language


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {str(k).removeprefix("http://schema.org/").removeprefix("https://schema.org/") for k in kinds}


def _reviews(node: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview in a JSON-LD document: at its top, in a list or ``@graph``, or as the
    items of a DataFeed (``dataFeedElement``, each a DataFeedItem whose ``item`` holds them)."""
    if isinstance(node, list):
        for item in node:
            yield from _reviews(item)
        return
    if not isinstance(node, dict):
        return
    if "ClaimReview" in _types(node):
        yield node
        return
    for key in ("@graph", "dataFeedElement", "item", "mainEntity"):
        if key in node:
            yield from _reviews(node[key])


# -- the Fact Check Tools API ------------------------------------------------------------------


def _is_api_answer(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("claims"), list) and "@context" not in document


def _from_api(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The API's claims (``claims:search``), each review as the ClaimReview it was read from.

    The API answers with its own names for the record's fields; they are given back their
    schema.org names here so that one mapping serves every source. Nothing is added: a
    publisher's ``site`` is a host name, not an address, and is left out."""
    for claim in document["claims"]:
        if not isinstance(claim, dict):
            continue
        item: dict[str, Any] = {"@type": "Claim"}
        if claim.get("claimant"):
            item["author"] = {"name": claim["claimant"]}
        if claim.get("claimDate"):
            item["datePublished"] = claim["claimDate"]
        for review in claim.get("claimReview") or ():
            if not isinstance(review, dict):
                continue
            found: dict[str, Any] = {"@type": "ClaimReview"}
            if claim.get("text"):
                found["claimReviewed"] = claim["text"]
            for theirs, ours in (("url", "url"), ("title", "name"), ("reviewDate", "datePublished")):
                if review.get(theirs):
                    found[ours] = review[theirs]
            if review.get("languageCode"):
                found["inLanguage"] = review["languageCode"]
            publisher = review.get("publisher")
            if isinstance(publisher, dict) and publisher.get("name"):
                found["author"] = {"@type": "Organization", "name": publisher["name"]}
            if review.get("textualRating"):
                found["reviewRating"] = {"@type": "Rating", "alternateName": review["textualRating"]}
            if len(item) > 1:
                found["itemReviewed"] = dict(item)
            yield found
