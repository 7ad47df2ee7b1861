"""The mistakes corpus: each fixture in tests/mistakes/ gets exactly the output written next to it.

See tests/mistakes/README.md. Each case builds a data folder (the sample registries, the valid
sample claim and the fixture) and runs ``counterclaim check`` on the fixture, as a contributor
would, on conftest.TODAY.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import CLAIM, TODAY, write_data
from counterclaim.cli import main

MISTAKES = Path(__file__).parent / "mistakes"
FIXTURES = sorted(MISTAKES.glob("*.yaml"))


def _epoch(day: datetime.date) -> str:
    return str(int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp()))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_each_mistake_gets_its_message_at_its_line_and_column(fixture: Path, tmp_path, monkeypatch, capsys):
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8")
    write_data(tmp_path, claims={"sample-claim": CLAIM, fixture.stem: fixture.read_bytes()})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(TODAY))

    status = main(["check", f"data/claims/{fixture.name}"])

    output = capsys.readouterr().out
    assert output == expected
    assert status == (1 if ": error: " in expected else 0)


def test_the_corpus_covers_at_least_thirty_mistakes_each_with_its_expected_output():
    names = {p.stem for p in FIXTURES}
    expected = {p.stem for p in MISTAKES.glob("*.expected")}
    assert len(names) >= 30
    assert names == expected, f"unpaired: {sorted(names ^ expected)}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_each_fixture_says_what_its_mistake_is_and_reports_only_its_own_file(fixture: Path):
    first_line = fixture.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    assert first_line.startswith(b"# ") and len(first_line) > 20, "start the fixture with a comment naming the mistake"
    lines = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    reported = [line for line in lines if not line.startswith("  hint: ")][:-1]
    assert reported, "the expected output lists at least one diagnostic"
    assert all(line.startswith(f"data/claims/{fixture.name}:") for line in reported)


def test_the_sample_claim_the_corpus_is_built_around_is_clean(tmp_path, monkeypatch, capsys):
    write_data(tmp_path, claims={"sample-claim": CLAIM})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(TODAY))
    assert main(["check", "--strict"]) == 0
    assert capsys.readouterr().out == "no problems found\n"
