"""The search index: every word a claim's page shows about it, split so that a query loads
little of it.

What is indexed, per claim and in the reader's language only: the short form, the statement,
the verdict's summary, the claimant, every counter-claim (who says it and what they say), who
states each figure, the topics and the rating. Words are folded (lower case, accents and other
marks removed) the same way ``theme/assets/search.js`` folds a query, so "maria corina" finds
"María Corina".

Why not Pagefind: it was measured (see docs/performance.md) and at 10,000 claims it costs far
more than the 10% of a cold build this index may take: it parses every page and writes a file
per page. This index is made from the data the build already holds, writes a few hundred files
however many claims there are, and is the same bytes whenever the data is.

Layout, per language, under ``<language prefix>search/data/`` (all JSON)::

    index.json   {"v": 2, "claims": N, "chunk": C, "shards": [key, ...],
                  "ratings": [[id, label], ...]}
    w<i>.json    the words whose longest shard key is shards[i]: {word: [n, delta, ...]}, the
                 numbers of the claims (newest first, from 0) that have the word, each given
                 as its difference from the one before
    d<j>.json    claims j*C to j*C+C-1, each [short, claimant, rating, address, iso date,
                 date as written, language if it is not the page's]

A shard holds the words starting with its key; the first shard's key is "", all words. A shard
that would be larger than :data:`SHARD_BYTES` gives the words longer than its key to one shard
per next letter, split in turn, so that the words a query needs come in a few small files
however large the index.

Under ``mkdocs serve``, :class:`IndexFiles` keeps what the files are made from, so that an edit
of one claim gives the few files it changes in about a millisecond instead of all of them again.
"""

from __future__ import annotations

import bisect
import itertools
import json
import operator
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from counterclaim.model.claims import Claim, Text
from counterclaim.model.dataset import Dataset
from counterclaim.render.site import Site
from counterclaim.render.views import ClaimSummary

#: Largest size a shard of words aims at, in bytes (one that cannot be split may be larger).
SHARD_BYTES = 12_000
#: Claims per file of results: a page of results loads at most this many files.
CHUNK = 25
#: Results search.js lists at first (and then as many more each time it is asked).
SHOWN = 20
#: A query word with more shards than this below its own finds only the words of its own shard.
MOST_SHARDS = 8

# Footnote marks ([^key]) and link targets ((https://...)) are not words a reader sees.
_MARKUP = re.compile(r"\[\^[^\]]*\]|\]\([^)]*\)")

#: The marks a search ignores, as ranges of code points (search.js has the same list): accents
#: and other diacritics (Latin, Greek, Cyrillic; after NFKD they are separate marks), Hebrew
#: points, Arabic tashkeel (fatha, damma, kasra, shadda, sukun, tanween...), the hamza and madda
#: that NFKD splits off alef, waw and ya (so "أ", "إ" and "آ" are found as "ا", "ؤ" as "و", "ئ"
#: as "ي"), Quranic marks, and variation selectors. Other marks are kept: in Devanagari, Bengali,
#: Thai and the other scripts of South and South-East Asia they are vowels, part of the word.
IGNORED_MARKS = (
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08E1),
    (0x08E3, 0x08FF),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xE0100, 0xE01EF),
)
#: Letters a search takes as another, as Arabic search does (search.js has the same table): the
#: tatweel that stretches a word is dropped; alef maqsura is read as ya and ta marbuta as ha
#: (writers use either at the end of a word), alef wasla as alef, the Persian forms of ya and
#: kaf as the Arabic ones; Arabic-Indic digits as 0 to 9.
FOLDED_LETTERS = {
    0x0640: None,
    0x0649: "\u064a",
    0x0629: "\u0647",
    0x0671: "\u0627",
    0x06CC: "\u064a",
    0x06A9: "\u0643",
    **{0x0660 + d: str(d) for d in range(10)},
    **{0x06F0 + d: str(d) for d in range(10)},
}


def fold(text: str) -> str:
    """``text`` as search compares it, the way search.js folds a query: lower case, without
    accents (NFKD, then :data:`IGNORED_MARKS` dropped), with Arabic's hamza forms, tashkeel and
    tatweel folded (:data:`FOLDED_LETTERS`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = decomposed.translate(_folding())
    return decomposed.lower()


@cache
def _folding() -> dict[int, str | None]:
    """The table str.translate folds with: the ignored marks deleted, the folded letters replaced."""
    table: dict[int, str | None] = {point: None for low, high in IGNORED_MARKS for point in range(low, high + 1)}
    table.update(FOLDED_LETTERS)
    return table


@cache
def _word() -> re.Pattern[str]:
    """A word: letters, digits and the marks that are part of them (Devanagari's vowels, say)."""
    marks = [
        chr(p)
        for p in itertools.chain(range(0x20000), range(0xE0000, 0xE1000))
        if unicodedata.category(chr(p))[0] == "M"
    ]
    return re.compile("(?:[^\\W_]|[" + "".join(marks) + "])+")


def words(text: str) -> set[str]:
    """The folded words of ``text`` (runs of letters and digits), markup left out."""
    return set(_word().findall(fold(_MARKUP.sub(" ", text))))


@dataclass(frozen=True)
class Entry:
    """One claim as the index holds it."""

    row: list[str | int]
    words: frozenset[str]


def entry(claim: Claim, summary: ClaimSummary, dataset: Dataset, language: str, rating: int, home: str) -> Entry:
    """The index entry for ``claim`` on pages in ``language``: ``summary`` is its listing there,
    ``rating`` its rating's place on the scale, ``home`` the address of that language's home
    (addresses in the index are relative to it)."""

    def pick(text: Text) -> str:
        return text.pick(language)[0]

    def name(claimant_id: str | None) -> str:
        found = dataset.claimants.get(claimant_id) if claimant_id else None
        return pick(found.name) if found else ""

    texts = [pick(claim.short), pick(claim.statement), name(claim.claimant)]
    if claim.summary:
        texts.append(pick(claim.summary))
    for counter in claim.counter_claims:
        texts += [name(counter.claimant), pick(counter.statement)]
    texts += [name(figure.stated_by) for figure in claim.all_figures()]
    texts += [pick(dataset.topics[t].label) for t in claim.topics if t in dataset.topics]
    found = dataset.ratings.get(claim.rating) if claim.rating else None
    if found is not None:
        texts.append(pick(found.label))
    row: list[str | int] = [
        summary.short,
        summary.claimant.text if summary.claimant else "",
        rating,
        summary.url.removeprefix(home),
        summary.published.iso,
        summary.published.text,
    ]
    if summary.lang != language:
        row.append(summary.lang)
    return Entry(row, frozenset(words(" ".join(texts))))


def site_entry(site: Site, claim: Claim) -> Entry:
    """The index entry for ``claim`` on ``site``'s pages."""
    scale = [rating.id for rating in site.dataset.ratings.ratings]
    place = scale.index(claim.rating) if claim.rating in scale else -1
    return entry(claim, site.views.summary(claim), site.dataset, site.language, place, site.urls.home())


def index_files(site: Site, entries: Iterable[Entry] | None = None) -> Iterator[tuple[str, str]]:
    """The index of ``site``'s claims (in its language), as files: name and text. ``entries``
    are the claims' entries, newest first, if they are already made (see :func:`site_entry`)."""
    return site_index(site, entries).files()


def site_index(site: Site, entries: Iterable[Entry] | None = None) -> IndexFiles:
    """The index of ``site``'s claims, to be written (:meth:`IndexFiles.files`) or updated."""
    if entries is None:
        entries = (site_entry(site, claim) for claim in site.newest)
    ratings = [(rating.id, site.views.rating(rating.id).label) for rating in site.dataset.ratings.ratings]
    return IndexFiles(entries, ratings)


def entry_text(item: Entry) -> str:
    """``item`` as text, to be kept in the build cache (:func:`entry_from_text` reads it)."""
    return _json([item.row, " ".join(sorted(item.words))])


def entry_from_text(text: str) -> Entry:
    row, found = json.loads(text)
    return Entry(row, frozenset(found.split()))


def files(entries: Iterable[Entry], ratings: Sequence[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The index's files (name, text) for ``entries``, newest claim first; ``ratings`` gives
    each rating's id and label in the scale's order. Each entry's words are let go as soon as
    they are counted: at 10,000 claims, holding them all would take a hundred megabytes."""
    yield from IndexFiles(entries, ratings).files()


class IndexFiles:
    """The index's files for a list of claims, kept so that a change to one claim updates them
    in about a millisecond (under ``mkdocs serve``) instead of building them all again (a
    quarter of a second for 10,000 claims of 150 words).

    Made from every claim's entry, newest first (a claim's number is its place), and each
    rating's id and label in the scale's order; ``shard_bytes`` is :data:`SHARD_BYTES` unless
    given. Kept in memory: each claim's row, each word's claims (ascending) and their encoding,
    the words in order, the size of the words under each shard's key, and the text last given
    for each file. Each claim's words are not kept (a hundred megabytes at 10,000 claims):
    :meth:`replace` is given the claim's old entry instead."""

    def __init__(
        self, entries: Iterable[Entry], ratings: Sequence[tuple[str, str]], shard_bytes: int | None = None
    ) -> None:
        self._ratings = [list(pair) for pair in ratings]
        self._shard_bytes = SHARD_BYTES if shard_bytes is None else shard_bytes
        self._rows: list[list[str | int]] = []
        self._postings: dict[str, list[int]] = {}
        for number, item in enumerate(entries):
            self._rows.append(item.row)
            for word in item.words:
                self._postings.setdefault(word, []).append(number)
        # Every difference between two claims' numbers as text, made once: encoding a word
        # with them takes half the time (that of a word most claims have is most of an edit's).
        self._digits = [str(number) for number in range(len(self._rows))]
        self._encoded = {word: self._deltas(numbers) for word, numbers in self._postings.items()}
        self._words = sorted(self._encoded)
        # The shards: their keys in order, the keys split further (which keep only the word
        # equal to the key), and the bytes of the words starting with each key (kept up to date
        # word by word, so that a split again need not add them up).
        self._keys: list[str] = []
        self._split_keys: set[str] = set()
        self._sizes: dict[str, int] = {}
        if self._words:
            self._grow("", 0, len(self._words), self._keys)
        # The words whose claims changed since the shards were last split.
        self._changed_words: set[str] = set()
        # Texts made and not changed since: of each shard (by key), each chunk of rows, index.json.
        self._shard_texts: dict[str, str] = {}
        self._chunk_texts: dict[int, str] = {}
        self._index_text: str | None = None
        # What files() or changed() last gave, by name.
        self._given: dict[str, str] = {}

    def files(self) -> Iterator[tuple[str, str]]:
        """Every file of the index: name and text. :meth:`changed` tells what differs from these."""
        texts = self._texts()
        self._given = texts
        return iter(texts.items())

    def replace(self, number: int, old: Entry, new: Entry) -> None:
        """Claim ``number``'s entry changes from ``old`` (what it was made from, or last given
        here) to ``new``. Only the words in one of them and not the other are touched."""
        if not 0 <= number < len(self._rows):
            raise IndexError(f"there is no claim {number} in an index of {len(self._rows)}")
        gone, added = old.words - new.words, new.words - old.words
        # Checked before anything changes, so that a wrong ``old`` leaves the index as it was.
        for word in gone:
            if not _holds(self._postings.get(word, []), number):
                raise ValueError(f"claim {number} does not have the word {word!r}")
        for word in added:
            if _holds(self._postings.get(word, []), number):
                raise ValueError(f"claim {number} already has the word {word!r}")
        for word in gone:
            numbers = self._postings[word]
            del numbers[bisect.bisect_left(numbers, number)]
            self._encode(word)
        for word in added:
            numbers = self._postings.setdefault(word, [])
            bisect.insort(numbers, number)
            self._encode(word)
        if new.row != self._rows[number]:
            self._chunk_texts.pop(number // CHUNK, None)
        self._rows[number] = new.row

    def names(self) -> set[str]:
        """The names of the files :meth:`files` or :meth:`changed` last gave."""
        return set(self._given)

    def changed(self) -> tuple[dict[str, str], set[str]]:
        """The files whose text is not what :meth:`files` or this last gave (name and new
        text), and the names of the files there are no longer (the split into shards may have
        made fewer)."""
        texts = self._texts()
        given = self._given
        changed = {name: text for name, text in texts.items() if not _same(given.get(name), text)}
        gone = {name for name in given if name not in texts}
        self._given = texts
        return changed, gone

    def _encode(self, word: str) -> None:
        """Encode ``word``'s claims again after they changed (it is dropped if it has none left),
        and mark what that changes: the shards that may hold it, the sizes under their keys."""
        before = self._encoded.get(word)
        numbers = self._postings[word]
        if numbers:
            text = self._encoded[word] = self._deltas(numbers)
            if before is None:
                bisect.insort(self._words, word)
                grown = len(word) + len(text) + 4
            else:
                grown = len(text) - len(before)
        else:
            del self._postings[word], self._encoded[word]
            del self._words[bisect.bisect_left(self._words, word)]
            grown = -(len(word) + len(before or "") + 4)
        for length in range(len(word) + 1):
            key = word[:length]
            self._shard_texts.pop(key, None)
            if key in self._sizes:
                self._sizes[key] += grown
        self._changed_words.add(word)

    def _deltas(self, numbers: list[int]) -> str:
        """``numbers`` (ascending) as a JSON list of the first and the differences that follow."""
        return "[" + ",".join(map(self._digits.__getitem__, map(operator.sub, numbers, [0, *numbers]))) + "]"

    def _texts(self) -> dict[str, str]:
        """Every file's text, made again only where something changed."""
        if self._changed_words:
            self._split()
        if self._index_text is None:
            manifest = {
                "v": 2,
                "claims": len(self._rows),
                "chunk": CHUNK,
                "shards": self._keys,
                "ratings": self._ratings,
            }
            self._index_text = _json(manifest)
        texts = {"index.json": self._index_text}
        for number, key in enumerate(self._keys):
            text = self._shard_texts.get(key)
            if text is None:
                text = self._shard_texts[key] = self._shard_text(key)
            texts[f"w{number}.json"] = text
        for chunk, start in enumerate(range(0, len(self._rows), CHUNK)):
            text = self._chunk_texts.get(chunk)
            if text is None:
                text = self._chunk_texts[chunk] = _json(self._rows[start : start + CHUNK])
            texts[f"d{chunk}.json"] = text
        return texts

    def _split(self) -> None:
        """Split the words into shards again (see the module's docstring), where words changed:
        only the keys that start a changed word are looked at again, from the first down."""
        changed, self._changed_words = sorted(self._changed_words), set()
        if not self._words:
            self._drop(0, len(self._keys))
        elif not self._keys:  # the first words of an index that had none
            grown: list[str] = []
            self._grow("", 0, len(self._words), grown)
            self._insert(0, grown)
        else:
            self._revisit("", 0, len(self._words), changed)

    def _grow(self, key: str, low: int, high: int, keys: list[str]) -> None:
        """Add to ``keys`` the shard of ``key`` (new), whose words are ``self._words[low:high]``,
        and those it is split into: it is split if its words are larger than the shard size and
        some are longer than the key."""
        words = self._words
        size = self._sizes[key] = sum(len(w) + len(self._encoded[w]) + 4 for w in words[low:high])
        keys.append(key)
        own = int(words[low] == key)  # the word equal to the key, if there is one, sorts first
        if size <= self._shard_bytes or high - low == own:
            return
        self._split_keys.add(key)
        self._grow_children(key, low + own, high, keys)

    def _revisit(self, key: str, low: int, high: int, changed: list[str]) -> None:
        """Split the shard of ``key`` again (a key before, with words ``self._words[low:high]``
        now) after the words in ``changed`` (sorted, all starting with the key) changed.

        A shard's text changes with its words (texts of the keys that start a changed word
        were dropped then, see _encode); the keys added or taken away change the manifest."""
        words = self._words
        own = int(words[low] == key)
        splits = not (self._sizes[key] <= self._shard_bytes or high - low == own)
        place = bisect.bisect_left(self._keys, key)
        below = _end(self._keys, key, place, len(self._keys))  # where the keys under this one end
        if key not in self._split_keys:
            if splits:  # a shard grown too large: its words are shared out anew
                self._split_keys.add(key)
                grown: list[str] = []
                self._grow_children(key, low + own, high, grown)
                self._insert(place + 1, grown)
            return
        if not splits:  # a shard split before that need not be now: those under it go
            self._split_keys.discard(key)
            self._drop(place + 1, below)
            return
        for letter, group in itertools.groupby((w for w in changed if len(w) > len(key)), lambda w: w[len(key)]):
            child = key + letter
            start = bisect.bisect_left(words, child, low, high)
            end = _end(words, child, start, high)
            if child in self._sizes:
                if start == end:  # its last word is gone
                    at = bisect.bisect_left(self._keys, child)
                    self._drop(at, _end(self._keys, child, at, len(self._keys)))
                else:
                    self._revisit(child, start, end, list(group))
            elif start < end:  # the first word starting so
                grown = []
                self._grow(child, start, end, grown)
                self._insert(bisect.bisect_left(self._keys, child), grown)

    def _grow_children(self, key: str, start: int, high: int, keys: list[str]) -> None:
        """The shards the words ``self._words[start:high]``, all longer than ``key``, are split into."""
        while start < high:
            child = self._words[start][: len(key) + 1]
            end = _end(self._words, child, start, high)
            self._grow(child, start, end, keys)
            start = end

    def _insert(self, place: int, keys: list[str]) -> None:
        """Add the new shards ``keys`` at ``place`` in the keys (the manifest lists them)."""
        self._keys[place:place] = keys
        self._index_text = None

    def _drop(self, start: int, end: int) -> None:
        """Take the shards ``self._keys[start:end]`` away (the manifest lists them)."""
        for key in self._keys[start:end]:
            del self._sizes[key]
            self._split_keys.discard(key)
            self._shard_texts.pop(key, None)
        del self._keys[start:end]
        self._index_text = None

    def _shard_text(self, key: str) -> str:
        if key in self._split_keys:
            members = [key] if key in self._encoded else []
        else:
            low = bisect.bisect_left(self._words, key)
            members = self._words[low : _end(self._words, key, low, len(self._words))]
        return "{" + ",".join(f"{_quoted(w)}:{self._encoded[w]}" for w in members) + "}"


def _holds(numbers: list[int], number: int) -> bool:
    """Whether ``numbers`` (ascending) holds ``number``."""
    place = bisect.bisect_left(numbers, number)
    return place < len(numbers) and numbers[place] == number


def _same(before: str | None, now: str) -> bool:
    # Most texts are the very string given last time: no need to compare them letter by letter.
    return before is now or before == now


def _end(words: list[str], prefix: str, low: int, high: int) -> int:
    """Where the words starting with ``prefix`` end in ``words[low:high]`` (sorted; those words
    start at ``low``)."""
    if not prefix:
        return high
    last = ord(prefix[-1])
    if last < sys.maxunicode:
        return bisect.bisect_left(words, prefix[:-1] + chr(last + 1), low, high)
    while low < high and words[low].startswith(prefix):  # no letter sorts after this one
        low += 1
    return low


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: A string as JSON, the same as :func:`_json` makes it, without making an encoder each time.
_quoted = json.encoder.encode_basestring


@dataclass(frozen=True)
class Lookup:
    """What a query finds: how many claims, the addresses of the first :data:`SHOWN` (relative
    to the language's home), and the index files read to list them."""

    count: int
    addresses: list[str]
    files: list[str]


def lookup(folder: Path, query: str) -> Lookup:
    """What search.js does with ``query`` over the index in ``folder``, done in Python (for
    tests and the benchmark): every claim that has, for each word of the query (folded, at least
    two letters, a plural's ending off), a word starting with it; newest first."""
    read: dict[str, object] = {}

    def get(name: str) -> object:
        if name not in read:
            read[name] = json.loads((folder / name).read_text(encoding="utf-8"))
        return read[name]

    index = get("index.json")
    assert isinstance(index, dict)
    keys: list[str] = index["shards"]
    sets = []
    for word in dict.fromkeys(_stem(w) for w in _word().findall(fold(query)) if len(w) > 1):
        own = [i for i, key in enumerate(keys) if word.startswith(key)]
        below = [i for i, key in enumerate(keys) if len(key) > len(word) and key.startswith(word)]
        best = [max(own, key=lambda i: len(keys[i]))] if own else []
        claims: set[int] = set()
        for number in (below + best) if len(below) <= MOST_SHARDS else best:
            shard = get(f"w{number}.json")
            assert isinstance(shard, dict)
            for entry, deltas in shard.items():
                if entry.startswith(word):
                    claims.update(itertools.accumulate(deltas))
        sets.append(claims)
    found = sorted(set.intersection(*sets)) if sets else []
    chunk: int = index["chunk"]
    addresses = []
    for number in found[:SHOWN]:
        rows = get(f"d{number // chunk}.json")
        assert isinstance(rows, list)
        addresses.append(rows[number % chunk][3])
    return Lookup(len(found), addresses, list(read))


def _stem(word: str) -> str:
    """A plural's ending off, as search.js takes it off."""
    if len(word) > 4 and word.endswith("es"):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") else word
