"""``counterclaim import``: ClaimReview records become claim and claimant files.

Each record's fields go where the data format has a place for them, word for word: the review's
address, publisher, dates (as exactly as the record gives them), rating (its words and
numbers), the claim, its author with the pages that say who they are, and every place the
claim appeared. What the record does not say is left out, never filled in (no analysis, no
placeholder appearance, no "unknown" claimant); ``counterclaim check`` then warns about it. What
the record says that has no place here is listed in the report, record by record.

Running it again over the same records changes nothing: a claim is found again by its original
address and short form, and a file is written only when what it would hold has changed. Fields
the importer does not own (a summary, an analysis, topics added by hand) are kept.

Ratings: the original rating is kept as published; where it falls on the site's scale comes
from ``imported-ratings.yaml`` in the data folder, which the importer starts (one line per
publisher and verdict, filled in where a verdict's words are one of the scale's labels) and the
editors complete.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from counterclaim.importer.records import Record
from counterclaim.model.dates import PartialDate

#: The file, in the data folder, that places each publisher's verdicts on the site's scale.
MAPPING_FILE = "imported-ratings.yaml"
#: How long a claim's id may be, in characters, cut at a word.
ID_LENGTH = 60

_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#][^\s]*)?$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_WIKIDATA = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q[1-9][0-9]*)$")

#: schema.org types of a claim's author, as claimant kinds.
_KINDS = {
    "Person": "person",
    "Organization": "organisation",
    "NGO": "organisation",
    "NewsMediaOrganization": "organisation",
    "PoliticalParty": "organisation",
    "Corporation": "organisation",
    "EducationalOrganization": "organisation",
    "GovernmentOrganization": "government",
}

#: Scripts that transliterate into Latin letters a reader can make sense of. Text in any other
#: script gets an id made of its publisher's name and date instead (see claim_id).
_TRANSLITERATED = ("LATIN", "GREEK", "CYRILLIC")

#: Scripts written for one language only: a record in one of them is in that language even when
#: it does not say so. (Scripts shared by several languages, such as Latin, Arabic or Devanagari,
#: say nothing of the language.)
_SCRIPT_LANGUAGES = {
    "TELUGU": "te",
    "SINHALA": "si",
    "TAMIL": "ta",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
    "GUJARATI": "gu",
    "GURMUKHI": "pa",
    "ORIYA": "or",
    "THAI": "th",
    "LAO": "lo",
    "KHMER": "km",
    "MYANMAR": "my",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "HANGUL": "ko",
    "GREEK": "el",
}

#: Keys of a ClaimReview that the importer reads (all others are reported as not kept).
_REVIEW_KEYS = {
    "@context",
    "@type",
    "url",
    "claimReviewed",
    "datePublished",
    "dateModified",
    "author",
    "name",
    "headline",
    "inLanguage",
    "reviewRating",
    "itemReviewed",
}


class ImportError_(Exception):
    """The import cannot run as asked (an unreadable data folder or mapping file)."""


# -- what came of each record -------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one record: the claim written (or why none was), and what was not kept."""

    origin: str
    claim_id: str | None = None
    #: "new", "updated", "unchanged", or "skipped" (with the reason in ``notes``).
    status: str = "skipped"
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    claimants_written: list[str] = field(default_factory=list)
    mapping_written: bool = False
    unmapped: list[tuple[str, str]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def text(self) -> str:
        lines = []
        for outcome in self.outcomes:
            head = f"{outcome.origin}: {outcome.status}"
            if outcome.claim_id:
                head += f" claims/{outcome.claim_id}.yaml"
            lines.append(head)
            lines += [f"  - {note}" for note in outcome.notes]
        if self.claimants_written:
            lines.append(f"claimants written: {', '.join(self.claimants_written)}")
        for publisher, label in self.unmapped:
            lines.append(f"not on the site's scale yet: {publisher}: {label} (fill in {MAPPING_FILE})")
        lines.append(
            f"{len(self.outcomes)} records: {self.count('new')} new, {self.count('updated')} updated,"
            f" {self.count('unchanged')} unchanged, {self.count('skipped')} skipped"
        )
        return "\n".join(lines) + "\n"


# -- reading values as the record gives them --------------------------------------------------------


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    text = _text(value)
    return text if text and _URL.match(text) and len(text) <= 2000 else None


def _date(value: Any, what: str, notes: list[str]) -> str | None:
    """A date as exactly as the record gives it (a year, a month or a day); a time of day is
    not kept, and said so."""
    text = _text(value)
    if text is None:
        return None
    match = _DATE.match(text)
    if not match:
        notes.append(f"not kept: {what} '{text}', which is not a date")
        return None
    kept = "-".join(g for g in match.groups() if g)
    try:
        PartialDate.parse(kept)
    except ValueError as exc:
        notes.append(f"not kept: {what} '{text}': {exc}")
        return None
    if kept != text:
        notes.append(f"{what} '{text}' kept as {kept} (the time of day has no place here)")
    return kept


def _number(value: Any, what: str, notes: list[str]) -> int | float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        notes.append(f"not kept: {what} '{value}', which is not a number")
        return None
    return int(number) if number.is_integer() else number


def _names(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item if isinstance(item, dict) else {"name": item} for item in items if item]


def script_of(text: str) -> set[str]:
    """The scripts of the letters in ``text``, by the first word of their Unicode names."""
    return {unicodedata.name(ch, "UNKNOWN").split()[0] for ch in text if ch.isalpha()}


def language_of(text: str) -> str | None:
    """The language of text written in a script that only one language uses, else None."""
    scripts = script_of(text) - {"LATIN"}
    if len(scripts) == 1:
        return _SCRIPT_LANGUAGES.get(next(iter(scripts)))
    return None


def transliterates(text: str) -> bool:
    return bool(text) and all(script in _TRANSLITERATED for script in script_of(text))


def claim_id(short: str, publisher: str | None, published: str) -> str:
    """A readable id: the short form transliterated (Latin, Greek and Cyrillic letters), cut
    at a word; for other scripts, which do not transliterate into anything a reader could
    recognise, the publisher's name and the review's date."""
    if transliterates(short):
        made: str = slugify(short, max_length=ID_LENGTH, word_boundary=True)
        if made:
            return made
    return slugify(f"{publisher or 'fact-check'} {published}", max_length=ID_LENGTH, word_boundary=True) or "fact-check"


# -- the mapping onto the site's scale -----------------------------------------------------------


MAPPING_HEADER = """\
# Where each publisher's verdicts fall on this site's rating scale (data/ratings.yaml), for
# claims imported with `counterclaim import`. The importer adds a line for each verdict it has
# not seen, filled in where the verdict's words are one of the scale's labels; fill in the
# others with a rating id, then run the import again to apply them. A verdict left blank is
# shown as its publisher gave it, without a place on the scale.
"""


def read_mapping(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImportError_(f"{path}: cannot be read: {exc}") from None
    entries = data.get("ratings") if isinstance(data, dict) else None
    if entries is None:
        return []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ImportError_(f"{path}: 'ratings' should be a list of entries with publisher, label and rating")
    return entries


def write_mapping(path: Path, entries: list[dict[str, Any]]) -> None:
    lines = [MAPPING_HEADER, "ratings:"]
    for entry in entries:
        lines.append(f"  - publisher: {json.dumps(entry.get('publisher') or '', ensure_ascii=False)}")
        lines.append(f"    label: {json.dumps(entry.get('label') or '', ensure_ascii=False)}")
        rating = entry.get("rating")
        lines.append(f"    rating: {rating}" if rating else "    rating:")
    _write(path, "\n".join(lines) + "\n")


def _scale_labels(ratings_file: Path) -> dict[str, str]:
    """Each rating's id and labels (folded), to the rating's id."""
    try:
        data = yaml.safe_load(ratings_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    found: dict[str, str] = {}
    for rating in (data or {}).get("ratings", []) if isinstance(data, dict) else []:
        if not isinstance(rating, dict) or not isinstance(rating.get("id"), str):
            continue
        label = rating.get("label")
        labels = label.values() if isinstance(label, dict) else [label]
        for text in [rating["id"], *labels]:
            if isinstance(text, str):
                found.setdefault(text.casefold().strip(), rating["id"])
    return found


# -- writing files -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _dump(data: Mapping[str, Any], schema: str) -> str:
    body = yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"# yaml-language-server: $schema=../../schema/{schema}\n{body}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.importing")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _read_yaml(path: Path) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


# -- the import -------------------------------------------------------------------------------------


#: The claim fields the importer writes; every other field of an existing file is kept.
_OWNED = ("id", "language", "claimant", "short", "said", "appearances", "rating", "imported")
_APPEARANCE_KEY = re.compile(r"^appearance-\d+$")


@dataclass
class _Claimant:
    id: str
    data: dict[str, Any]


class Importer:
    """Imports records into one data folder; see the module's description."""

    def __init__(self, data_dir: Path, *, default_language: str | None = None) -> None:
        self.data_dir = data_dir
        self.claims_dir = data_dir / "claims"
        self.claimants_dir = data_dir / "claimants"
        self.default_language = default_language
        self.report = Report()
        self.mapping_path = data_dir / MAPPING_FILE
        self.mapping = read_mapping(self.mapping_path)
        self.scale = _scale_labels(data_dir / "ratings.yaml")
        self._known: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()
        for path in sorted(self.claims_dir.glob("*.yaml")):
            self._taken.add(path.stem)
            data = _read_yaml(path)
            imported = data.get("imported") if data else None
            if data and isinstance(imported, dict) and isinstance(imported.get("url"), str):
                self._known[(imported["url"], str(data.get("short")))] = path.stem
        self._claimants: dict[str, _Claimant] = {}
        for path in sorted(self.claimants_dir.glob("*.yaml")):
            data = _read_yaml(path)
            if data is not None:
                self._claimants[path.stem] = _Claimant(path.stem, data)
        self._new_mapping = False

    def run(self, records: Iterable[Record]) -> Report:
        # In a stable order, so that two runs over the same records give the same ids.
        ordered = sorted(records, key=lambda r: (str(r.data.get("url")), str(r.data.get("claimReviewed")), r.origin))
        for record in ordered:
            self.report.outcomes.append(self._one(record))
        if self._new_mapping:
            write_mapping(self.mapping_path, self.mapping)
            self.report.mapping_written = True
        self.report.outcomes.sort(key=lambda o: o.origin)
        return self.report

    # -- one record -------------------------------------------------------------------------

    def _one(self, record: Record) -> Outcome:
        review = record.data
        outcome = Outcome(record.origin)
        notes = outcome.notes
        url = _url(review.get("url"))
        short = _text(review.get("claimReviewed"))
        published = _date(review.get("datePublished"), "datePublished", notes)
        missing = [n for n, v in (("url", url), ("claimReviewed", short), ("datePublished", published)) if not v]
        if missing:
            notes.insert(0, f"not imported: the record has no usable {', '.join(missing)}")
            return outcome
        assert url and short and published
        for key in sorted(set(review) - _REVIEW_KEYS):
            notes.append(f"not kept: {key}")

        author = _names(review.get("author"))
        publisher = _text(author[0].get("name")) if author else None
        publisher_url = _url(author[0].get("url")) if author else None
        if len(author) > 1:
            notes.append(f"not kept: {len(author) - 1} further author(s) of the review")
        imported: dict[str, Any] = {"url": url}
        if publisher:
            imported["publisher"] = publisher
        else:
            notes.append("the record does not name its publisher")
        if publisher_url:
            imported["publisher_url"] = publisher_url
        headline = _text(review.get("headline")) or _text(review.get("name"))
        if headline:
            imported["headline"] = headline
        imported["published"] = published
        modified = _date(review.get("dateModified"), "dateModified", notes)
        if modified:
            imported["modified"] = modified
        original = self._rating(review.get("reviewRating"), notes)
        if original:
            imported["rating"] = original

        language = self._language(review, short, notes, record.page_language)
        item = review.get("itemReviewed")
        item = item if isinstance(item, dict) else {}
        read = {"@type", "@context", "author", "datePublished", "appearance", "firstAppearance"}
        for name in sorted(set(item) - read):
            notes.append(f"not kept: itemReviewed.{name}")
        identity = (url, short)
        the_id = self._known.get(identity) or self._free_id(claim_id(short, publisher, published))
        if not transliterates(short):
            notes.append(f"id from the publisher and date: the claim's script does not transliterate ({the_id})")
        claimant = self._claimant(item.get("author"), the_id, notes)
        places, sources = self._appearances(item, notes)
        said_date = _date(item.get("datePublished"), "itemReviewed.datePublished", notes)

        claim: dict[str, Any] = {"id": the_id}
        if language:
            claim["language"] = language
        if claimant:
            claim["claimant"] = claimant
        claim["short"] = short
        if places:
            first = {"source": places[0]}
            if said_date:
                first["date"] = said_date
            claim["said"] = first
            if len(places) > 1:
                claim["appearances"] = [{"source": p} for p in places[1:]]
        elif said_date:
            notes.append(f"not kept: itemReviewed.datePublished {said_date}: it needs a place where it was said")
        rating = self._site_rating(publisher, original)
        if rating:
            claim["rating"] = rating
        claim["imported"] = imported
        outcome.claim_id = the_id
        outcome.status = self._save_claim(the_id, claim, sources)
        self._known[identity] = the_id
        return outcome

    def _rating(self, value: Any, notes: list[str]) -> dict[str, Any] | None:
        rating = _first(value)
        if not isinstance(rating, dict):
            notes.append("the record has no rating")
            return None
        found: dict[str, Any] = {}
        for ours, theirs in (("label", "alternateName"), ("name", "name")):
            text = _text(rating.get(theirs))
            if text:
                found[ours] = text
        for ours, theirs in (("value", "ratingValue"), ("best", "bestRating"), ("worst", "worstRating")):
            number = _number(rating.get(theirs), f"reviewRating.{theirs}", notes)
            if number is not None:
                found[ours] = number
        explanation = _text(rating.get("ratingExplanation"))
        if explanation:
            found["explanation"] = explanation
        image = _url(rating.get("image"))
        if image:
            found["image"] = image
        known = {"@type", "@context", "alternateName", "name", "ratingValue", "bestRating", "worstRating"}
        for key in sorted(set(rating) - known - {"ratingExplanation", "image"}):
            notes.append(f"not kept: reviewRating.{key}")
        return found or None

    def _language(self, review: dict[str, Any], short: str, notes: list[str], page: str | None) -> str | None:
        stated = _text(review.get("inLanguage"))
        if isinstance(review.get("inLanguage"), dict):
            stated = _text(review["inLanguage"].get("alternateName") or review["inLanguage"].get("name"))
        # The record's own word first, then what the page it was saved from declares.
        for said, name in ((stated, "inLanguage"), (page, "the page's lang")):
            if not said:
                continue
            code = said.split("-")[0].split("_")[0].lower()
            if re.fullmatch(r"[a-z]{2}", code):
                if name != "inLanguage":
                    notes.append(f"language {code}: the record does not say; {name} is '{said}'")
                elif code != said:
                    notes.append(f"inLanguage '{said}' kept as {code}")
                return code
            notes.append(f"not kept: {name} '{said}', which is not a two-letter language code")
        by_script = language_of(short)
        if by_script:
            notes.append(f"language {by_script}: the record does not say; its script is written for that language only")
            return by_script
        if self.default_language:
            notes.append(f"language {self.default_language}: the record does not say (as given with --language)")
            return self.default_language
        notes.append("the record does not say its language: taken as the site's")
        return None

    def _claimant(self, value: Any, claim_id_: str, notes: list[str]) -> str | None:
        authors = _names(value)
        if not authors:
            notes.append("the record does not say who made the claim")
            return None
        if len(authors) > 1:
            notes.append(f"not kept: {len(authors) - 1} further author(s) of the claim")
        author = authors[0]
        name = _text(author.get("name"))
        if not name:
            notes.append("the record names no author for the claim")
            return None
        data: dict[str, Any] = {"name": name}
        types = author.get("@type")
        kinds = [_KINDS[t] for t in ([types] if isinstance(types, str) else types or []) if t in _KINDS]
        if kinds:
            data["kind"] = kinds[0]
        else:
            notes.append("the record does not say what kind of author made the claim")
        same_as = [u for u in (_url(v) for v in _names_as_urls(author.get("sameAs"))) if u]
        wikidata = next((u for u in same_as if _WIKIDATA.match(u)), None)
        if wikidata:
            data["wikidata"] = "https://www.wikidata.org/wiki/" + _WIKIDATA.match(wikidata).group(1)  # type: ignore[union-attr]
            same_as.remove(wikidata)
        if same_as:
            data["same_as"] = list(dict.fromkeys(same_as))
        for key in sorted(set(author) - {"@type", "@context", "name", "sameAs"}):
            notes.append(f"not kept: itemReviewed.author.{key}")
        # The same name is the same claimant: an archive names its regular claimants alike.
        for existing in self._claimants.values():
            if existing.data.get("name") == name:
                self._merge_claimant(existing, data)
                return existing.id
        base = slugify(name, max_length=ID_LENGTH, word_boundary=True) if transliterates(name) else ""
        the_id = base or f"claimant-of-{claim_id_}"
        number = 1
        while (self.claimants_dir / f"{the_id}.yaml").exists() or the_id in self._claimants:
            number += 1
            the_id = f"{base or f'claimant-of-{claim_id_}'}-{number}"
        claimant = _Claimant(the_id, {"id": the_id, **data})
        self._claimants[the_id] = claimant
        self._save_claimant(claimant)
        return the_id

    def _merge_claimant(self, existing: _Claimant, data: dict[str, Any]) -> None:
        changed = dict(existing.data)
        if "kind" not in changed and "kind" in data:
            changed["kind"] = data["kind"]
        if "wikidata" not in changed and "wikidata" in data:
            changed["wikidata"] = data["wikidata"]
        if data.get("same_as"):
            merged = list(dict.fromkeys([*changed.get("same_as", []), *data["same_as"]]))
            changed["same_as"] = merged
        if changed != existing.data:
            existing.data = changed
            self._save_claimant(existing)

    def _save_claimant(self, claimant: _Claimant) -> None:
        path = self.claimants_dir / f"{claimant.id}.yaml"
        text = _dump(claimant.data, "claimant.schema.json")
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            _write(path, text)
            self.report.claimants_written.append(claimant.id)

    def _appearances(self, item: dict[str, Any], notes: list[str]) -> tuple[list[str], dict[str, Any]]:
        works: list[Any] = []
        first = item.get("firstAppearance")
        if first:
            works.append(first)
        listed = item.get("appearance")
        works += listed if isinstance(listed, list) else [listed] if listed else []
        places: list[str] = []
        sources: dict[str, Any] = {}
        seen: set[str] = set()
        for work in works:
            url = _url(work)
            if url is None:
                notes.append(f"not kept: an appearance without a web address ({_describe(work)})")
                continue
            if url in seen:
                continue
            seen.add(url)
            source: dict[str, Any] = {}
            if isinstance(work, dict):
                title = _text(work.get("headline")) or _text(work.get("name"))
                if title:
                    source["title"] = title
                authors = [_text(a.get("name")) for a in _names(work.get("author"))]
                if any(authors):
                    source["authors"] = [a for a in authors if a]
                date = _date(work.get("datePublished"), "appearance datePublished", notes)
                if date:
                    source["published"] = date
                source["url"] = url
                archived = _url(work.get("archivedAt"))
                if archived:
                    source["archive_url"] = archived
                for key in sorted(
                    set(work)
                    - {"@type", "@context", "url", "@id", "headline", "name", "author"}
                    - {"datePublished", "archivedAt"}
                ):
                    notes.append(f"not kept: appearance {key}")
            else:
                source["url"] = url
            key = f"appearance-{len(places) + 1}"
            places.append(key)
            sources[key] = source
        return places, sources

    def _site_rating(self, publisher: str | None, original: dict[str, Any] | None) -> str | None:
        label = (original or {}).get("label") or (original or {}).get("name")
        if not label:
            return None
        who = publisher or ""
        for entry in self.mapping:
            if entry.get("publisher", "") == who and entry.get("label") == label:
                rating = entry.get("rating")
                if not rating:
                    self._unmapped(who, label)
                return rating if isinstance(rating, str) and rating else None
        suggested = self.scale.get(label.casefold().strip())
        self.mapping.append({"publisher": who, "label": label, "rating": suggested})
        self._new_mapping = True
        if not suggested:
            self._unmapped(who, label)
        return suggested

    def _unmapped(self, publisher: str, label: str) -> None:
        if (publisher, label) not in self.report.unmapped:
            self.report.unmapped.append((publisher, label))

    def _free_id(self, base: str) -> str:
        the_id, number = base, 1
        while the_id in self._taken:
            number += 1
            the_id = f"{base[: ID_LENGTH - 4].rstrip('-')}-{number}"
        self._taken.add(the_id)
        return the_id

    def _save_claim(self, the_id: str, claim: dict[str, Any], sources: dict[str, Any]) -> str:
        path = self.claims_dir / f"{the_id}.yaml"
        existing = _read_yaml(path) if path.exists() else None
        merged: dict[str, Any] = {}
        kept = {k: v for k, v in (existing or {}).items() if k not in _OWNED}
        if existing and "rating" in existing and "rating" not in claim:
            claim["rating"] = existing["rating"]  # placed on the scale by hand: kept
        # The importer's fields first, in the order of the data format; then the others as they were.
        for key in _OWNED:
            if key in claim:
                merged[key] = claim[key]
        old_sources = kept.pop("sources", None)
        others = (
            {k: v for k, v in (old_sources or {}).items() if not _APPEARANCE_KEY.match(k)}
            if isinstance(old_sources, dict)
            else {}
        )
        merged.update(kept)
        if sources or others:
            merged["sources"] = {**sources, **others}
        text = _dump(merged, "claim.schema.json")
        if existing is not None and path.read_text(encoding="utf-8") == text:
            return "unchanged"
        _write(path, text)
        return "updated" if existing is not None else "new"


def _names_as_urls(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _describe(work: Any) -> str:
    if isinstance(work, dict):
        return ", ".join(f"{k}: {v}" for k, v in work.items() if isinstance(v, str))[:120] or "no details"
    return str(work)[:120]
