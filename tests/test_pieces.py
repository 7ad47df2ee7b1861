"""Files made of pieces are written again, under `mkdocs serve`, only where their pieces changed:
whatever changed, the file holds exactly the new pieces."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from counterclaim.build.pieces import PieceFiles

PIECE = st.text(alphabet=st.sampled_from("ab,é漢\n"), max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    first=st.lists(PIECE, max_size=12),
    edits=st.lists(st.tuples(st.integers(0, 12), st.sampled_from(["change", "insert", "delete"]), PIECE), max_size=6),
    rewrites=st.integers(1, 3),
)
def test_a_file_rewritten_from_changed_pieces_holds_exactly_the_new_pieces(tmp_path_factory, first, edits, rewrites):
    target = tmp_path_factory.mktemp("pieces") / "sub" / "export.json"
    files = PieceFiles()
    pieces = list(first)
    files.write(target, pieces)
    assert target.read_bytes() == "".join(pieces).encode("utf-8")
    for _ in range(rewrites):
        for at, kind, text in edits:
            at = at % (len(pieces) + 1)
            if kind == "insert" or not pieces:
                pieces.insert(at, text)
            elif kind == "delete":
                del pieces[at % len(pieces)]
            else:
                pieces[at % len(pieces)] = text
        files.write(target, list(pieces))
        assert target.read_bytes() == "".join(pieces).encode("utf-8")


def test_an_unchanged_file_is_not_written_and_a_piece_of_the_same_length_is_written_in_place(tmp_path: Path) -> None:
    target = tmp_path / "feed.json"
    files = PieceFiles()
    files.write(target, ["[", "one", ",", "two", "]"])
    before = target.stat()
    files.write(target, ["[", "one", ",", "two", "]"])
    assert target.stat().st_mtime_ns == before.st_mtime_ns  # not written at all
    files.write(target, ["[", "one", ",", "six", "]"])
    assert target.read_text() == "[one,six]" and target.stat().st_ino == before.st_ino


def test_a_file_changed_by_someone_else_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    files = PieceFiles()
    files.write(target, ["a", "b", "c"])
    target.write_text("something else entirely")
    files.write(target, ["a", "B", "c"], known=False)
    assert target.read_text() == "aBc"
    target.unlink()
    files.write(target, ["a", "b", "c"])
    assert target.read_text() == "abc"
