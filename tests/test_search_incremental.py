"""The search index updated in place (what ``mkdocs serve`` does when one claim changes) is proven,
not assumed: after random sequences of changed claims, the files it reports as changed or gone,
applied to the files it gave before, are byte for byte the files a fresh build of the same
claims gives, and those are byte for byte what the index's first implementation (kept below,
as it was) gives."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterclaim.publish import search
from counterclaim.publish.search import Entry, IndexFiles

EXAMPLES = settings(
    max_examples=int(os.environ.get("COUNTERCLAIM_SEARCH_EXAMPLES", "150")),
    derandomize=True,
    database=None,
    deadline=None,
)
RATINGS = [("false", "False"), ("true", "True")]


def first_files(entries: list[Entry], ratings: list[tuple[str, str]], shard_bytes: int) -> dict[str, str]:
    """The index's files as the first implementation of search.files made them (all at once)."""
    postings: dict[str, list[int]] = {}
    rows = []
    for number, item in enumerate(entries):
        rows.append(item.row)
        for word in item.words:
            postings.setdefault(word, []).append(number)
    encoded = {
        word: "[" + ",".join(str(n - p) for n, p in zip(numbers, [0, *numbers], strict=False)) + "]"
        for word, numbers in postings.items()
    }
    shards: dict[str, dict[str, str]] = {}

    def shard(sorted_words: list[str], length: int) -> None:
        groups: dict[str, list[str]] = {}
        for word in sorted_words:
            groups.setdefault(word[:length], []).append(word)
        for key, group in groups.items():
            size = sum(len(w) + len(encoded[w]) + 4 for w in group)
            longer = [w for w in group if len(w) > length]
            if size <= shard_bytes or not longer:
                shards[key] = {w: encoded[w] for w in group}
                continue
            shards[key] = {w: encoded[w] for w in group if len(w) <= length}
            shard(longer, length + 1)

    def as_json(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    shard(sorted(encoded), 0)
    keys = sorted(shards)
    manifest = {"v": 2, "claims": len(rows), "chunk": search.CHUNK, "shards": keys, "ratings": [*map(list, ratings)]}
    made = {"index.json": as_json(manifest)}
    for number, key in enumerate(keys):
        made[f"w{number}.json"] = "{" + ",".join(f"{as_json(w)}:{p}" for w, p in shards[key].items()) + "}"
    for start in range(0, len(rows), search.CHUNK):
        made[f"d{start // search.CHUNK}.json"] = as_json(rows[start : start + search.CHUNK])
    return made


def fresh(entries: list[Entry], shard_bytes: int) -> dict[str, str]:
    return dict(IndexFiles(iter(entries), RATINGS, shard_bytes).files())


#: Words from a few letters (accented, and one Arabic), so that many share their first letters
#: and the shards under them split again.
WORDS = st.text(alphabet="abcéñا", min_size=1, max_size=5)
ROWS = st.lists(st.one_of(st.text(max_size=6), st.integers(-1, 5)), min_size=1, max_size=3)


@st.composite
def claims_and_changes(draw: st.DrawFn) -> tuple[list[Entry], list[list[tuple[int, Entry, bool]]], int]:
    """Entries, then batches of changes (claim number, new entry, whether the claim only loses
    words: those of the new entry it does not have) each followed by changed(), and a shard size
    small enough for these words to be split into shards, or not at all."""
    vocabulary = draw(st.lists(WORDS, min_size=1, max_size=40, unique=True))
    entry = st.builds(Entry, ROWS, st.frozensets(st.sampled_from(vocabulary), max_size=12))
    entries = draw(st.lists(entry, min_size=1, max_size=30))
    change = st.tuples(st.integers(0, len(entries) - 1), entry, st.booleans())
    batches = draw(st.lists(st.lists(change, min_size=1, max_size=4), min_size=1, max_size=6))
    shard_bytes = draw(st.sampled_from([20, 60, 150, 400, search.SHARD_BYTES]))
    return entries, batches, shard_bytes


@EXAMPLES
@given(claims_and_changes())
def test_the_files_changed_in_place_are_the_files_of_a_fresh_build(
    case: tuple[list[Entry], list[list[tuple[int, Entry, bool]]], int],
) -> None:
    entries, batches, shard_bytes = case
    index = IndexFiles(iter(entries), RATINGS, shard_bytes)
    served = dict(index.files())
    assert served == first_files(entries, RATINGS, shard_bytes)
    for batch in batches:
        for number, drawn, loses in batch:
            new = Entry(drawn.row, entries[number].words & drawn.words) if loses else drawn
            index.replace(number, entries[number], new)
            entries[number] = new
        changed, gone = index.changed()
        assert not gone & changed.keys()
        expected = fresh(entries, shard_bytes)
        assert all(served.get(name) != text for name, text in changed.items())  # only what changed
        served.update(changed)
        for name in gone:
            del served[name]
        assert served == expected
        assert expected == first_files(entries, RATINGS, shard_bytes)
    assert index.changed() == ({}, set())


def test_the_files_of_a_search_index_are_the_same_whether_made_at_once_or_kept() -> None:
    entries = [Entry([n, f"claim {n}"], frozenset(search.words(f"word{n % 4} shared número {n}"))) for n in range(60)]
    made = dict(search.files(iter(entries), RATINGS))
    assert made == first_files(entries, RATINGS, search.SHARD_BYTES)
    assert made == dict(IndexFiles(entries, RATINGS).files())
    assert {"index.json", "w0.json", "d0.json", "d1.json", "d2.json"} <= made.keys()


def small_index() -> tuple[list[Entry], IndexFiles]:
    entries = [Entry([f"claim {n}"], frozenset({"common", f"w{n % 5}", f"word{n}"})) for n in range(40)]
    index = IndexFiles(iter(entries), RATINGS, 200)
    return entries, index


def test_a_claim_replaced_by_the_same_entry_changes_no_file() -> None:
    entries, index = small_index()
    files = dict(index.files())
    assert sum(name.startswith("w") for name in files) > 3  # the words are split into shards
    index.replace(7, entries[7], entries[7])
    index.replace(8, entries[8], Entry(list(entries[8].row), frozenset(entries[8].words)))
    assert index.changed() == ({}, set())


def test_a_claim_given_a_new_word_changes_the_shard_that_holds_it_and_not_its_results() -> None:
    entries, index = small_index()
    before = dict(index.files())
    index.replace(7, entries[7], Entry(entries[7].row, entries[7].words | {"novel"}))
    changed, gone = index.changed()
    assert not gone
    assert not any(name.startswith("d") for name in changed)  # the row did not change
    keys = json.loads({**before, **changed}["index.json"])["shards"]
    holder = max((k for k in keys if "novel".startswith(k)), key=len)
    assert json.loads(changed[f"w{keys.index(holder)}.json"])["novel"] == [7]


def test_a_claim_given_a_new_row_changes_only_its_chunk_of_results() -> None:
    entries, index = small_index()
    index.files()
    index.replace(30, entries[30], Entry(["renamed"], entries[30].words))
    changed, gone = index.changed()
    assert list(changed) == [f"d{30 // search.CHUNK}.json"] and not gone
    assert json.loads(changed[f"d{30 // search.CHUNK}.json"])[30 % search.CHUNK] == ["renamed"]


def test_shards_no_longer_needed_are_reported_gone() -> None:
    entries, index = small_index()
    shards = {name for name, _ in index.files() if name.startswith("w")}
    for number, item in enumerate(entries):
        index.replace(number, item, Entry(item.row, frozenset({"one"})))
    changed, gone = index.changed()
    assert gone == shards - {"w0.json"}
    assert changed["w0.json"] == '{"one":[' + ",".join(["0"] + ["1"] * 39) + "]}"
    assert json.loads(changed["index.json"])["shards"] == [""]


def test_a_wrong_old_entry_is_refused_and_changes_nothing() -> None:
    entries, index = small_index()
    files = dict(index.files())
    with pytest.raises(ValueError, match="does not have the word 'absent'"):
        index.replace(3, Entry(entries[3].row, entries[3].words | {"absent"}), Entry(entries[3].row, frozenset()))
    with pytest.raises(ValueError, match="claim 3 already has the word"):
        index.replace(3, Entry(entries[3].row, frozenset()), entries[3])
    with pytest.raises(IndexError):
        index.replace(40, entries[3], entries[3])
    assert index.changed() == ({}, set())
    assert dict(index.files()) == files


def test_a_word_gone_from_every_claim_takes_away_its_own_shard() -> None:
    entries, index = small_index()
    before = dict(index.files())
    keys = json.loads(before["index.json"])["shards"]
    assert json.loads(before[f"w{keys.index('word4')}.json"]) == {"word4": [4]}  # only claim 4 has it
    entries[4] = Entry(entries[4].row, entries[4].words - {"word4"})
    index.replace(4, Entry(entries[4].row, entries[4].words | {"word4"}), entries[4])
    changed, gone = index.changed()
    assert gone == {f"w{len(keys) - 1}.json"}  # one shard fewer: the last name is no longer used
    assert json.loads(changed["index.json"])["shards"] == [k for k in keys if k != "word4"]
    assert {name: text for name, text in {**before, **changed}.items() if name not in gone} == fresh(entries, 200)
