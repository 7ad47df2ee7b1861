"""The mistakes corpus: each fixture in tests/mistakes/ gets exactly the output written next to it.

See tests/mistakes/README.md. Each case builds a data folder (the sample registries, the valid
sample claim and the fixture) and runs ``counterclaim check`` on the fixture, as a contributor
would, on conftest.TODAY.
"""

from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import CLAIM, TODAY, write_data, write_site
from counterclaim.cli.commands import main
from samples import found

MISTAKES = Path(__file__).parent / "mistakes"
FIXTURES = found(MISTAKES.glob("*.yaml"), at_least=30)
#: Files with several mistakes each: every one is reported in the first run.
SEVERAL = found((MISTAKES / "several").glob("*.yaml"), at_least=6)


def _epoch(day: datetime.date) -> str:
    return str(int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp()))


@pytest.mark.parametrize("fixture", FIXTURES + SEVERAL, ids=lambda p: p.stem)
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


def test_each_file_with_several_mistakes_gets_them_all_in_the_first_run():
    assert len(SEVERAL) >= 6
    assert {p.stem for p in SEVERAL} == {p.stem for p in (MISTAKES / "several").glob("*.expected")}
    for fixture in SEVERAL:
        lines = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
        errors = [line for line in lines if ": error: " in line]
        assert len(errors) >= 3, f"{fixture.name} is meant to hold several mistakes"


@pytest.mark.parametrize("fixture", FIXTURES + SEVERAL, ids=lambda p: p.stem)
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


def _reported(lines: list[str]) -> set[tuple[str, int, int, str, str]]:
    """The errors and notes in text output, each place of a mistake shown once with its places."""
    found = set()
    current: tuple[str, str] | None = None
    for line in lines:
        head = re.match(r"^(\S.*?):(\d+):(\d+): (error|note): (.*?)(?: \(and in \d+ more places?\))?$", line)
        place = re.match(r"^  (\S.*?):(\d+):(\d+)$", line)
        if head:
            current = (head[4], head[5])
            found.add((head[1], int(head[2]), int(head[3]), *current))
        elif place and current is not None:
            found.add((place[1], int(place[2]), int(place[3]), *current))
        elif not line.startswith("  hint: "):
            current = None
    return found


def test_check_and_the_build_report_the_same_errors_over_the_whole_corpus(tmp_path, monkeypatch, capsys, caplog):
    fixtures = FIXTURES + SEVERAL
    root = write_site(tmp_path / "site", claims={"sample-claim": CLAIM, **{p.stem: p.read_bytes() for p in fixtures}})
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(TODAY))

    assert main(["check", "--no-cache"]) == 1
    checked = _reported(capsys.readouterr().out.splitlines())
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(load_config(config_file=str(root / "mkdocs.yml")))
    built = _reported(caplog.text.replace("ERROR    mkdocs.commands.build", "").splitlines())

    with_errors = {f"data/claims/{p.name}" for p in fixtures if ": error: " in p.with_suffix(".expected").read_text()}
    assert {path for path, *_ in checked} == with_errors
    assert built == checked
    assert not (root / "site").exists()
