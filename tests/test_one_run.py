"""Every mistake in one run, without noise: registries that cannot be read, the same mistake in
many files, consequences of a mistake already reported, and a hint that fits each case.

Checked in this process, on small data folders (see conftest.load), except where the command
line or the build is what is tested.
"""

from __future__ import annotations

import logging

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import CLAIM, CLAIMANT, RATINGS, TODAY, write_data, write_site
from counterclaim.build.loading import load_dataset
from counterclaim.check import report
from counterclaim.cli.commands import main
from counterclaim.load import spelling
from counterclaim.load.reading import parse_bytes
from counterclaim.model.diagnostics import Severity


def claim(stem: str, *changes: tuple[str, str]) -> str:
    text = CLAIM.replace("id: sample-claim", f"id: {stem}")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def shown(result) -> list[tuple[str, int, int, str, str]]:
    return [(d.path, d.line, d.column, d.severity.value, d.message) for d in result.diagnostics]


# -- registries that cannot be read -------------------------------------------------------------

CLAIMS = {f"c{i:03d}": claim(f"c{i:03d}") for i in range(30)}


def test_an_empty_rating_scale_is_one_error_at_its_place_and_a_note_not_an_error_per_claim(load):
    result = load(claims=CLAIMS, ratings="")
    assert shown(result) == [
        ("data/ratings.yaml", 1, 1, "error", "the file is empty"),
        (
            "data/ratings.yaml",
            1,
            1,
            "note",
            "the ratings of 30 claims were not checked, since the rating scale could not be read",
        ),
    ]
    # The hint says what a rating scale is, not how to start a claim, and lists no empty set.
    assert "'ratings:'" in (result.diagnostics[0].hint or "")
    assert "counterclaim new claim" not in (result.diagnostics[0].hint or "")


def test_a_broken_rating_scale_gives_its_own_errors_first_and_no_false_unknown_rating(load):
    broken = RATINGS.replace('colour: "#1a7f37"', "colour: green")
    result = load(claims=CLAIMS, ratings=broken)
    assert [d.code for d in result.diagnostics] == ["schema-pattern", "not-checked"]
    assert result.diagnostics[0].path == "data/ratings.yaml"
    assert not any(d.code == "unknown-rating" for d in result.diagnostics)


def test_a_word_too_long_in_the_rating_scale_does_not_hide_its_schema_errors(load):
    ratings = RATINGS.replace("It is right.", "x" * 3235).replace('colour: "#b91c1c"', "colour: red")
    result = load(ratings=ratings)
    codes = [d.code for d in result.diagnostics if d.is_error]
    assert codes == ["word-too-long", "schema-pattern"]
    assert [(d.line, d.column) for d in result.diagnostics if d.is_error] == [(6, 23), (9, 13)]


def test_a_topics_file_that_cannot_be_read_leaves_topics_unchecked_with_a_note(load):
    result = load(claims=CLAIMS, topics="topics:\n  - id: Weather\n    label: Weather\n")
    assert [(d.path, d.severity) for d in result.diagnostics] == [
        ("data/topics.yaml", Severity.ERROR),
        ("data/topics.yaml", Severity.NOTE),
    ]
    assert result.diagnostics[1].message.startswith("the topics of 30 claims were not checked")


def test_a_claimant_file_that_cannot_be_read_is_one_error_and_a_note_for_the_claims_naming_it(load):
    result = load(claims=CLAIMS, claimants={"sample-person": CLAIMANT.replace("kind: person", "kind: nobody")})
    assert [(d.path, d.line, d.column, d.severity) for d in result.diagnostics] == [
        ("data/claimants/sample-person.yaml", 3, 7, Severity.ERROR),
        ("data/claimants/sample-person.yaml", 3, 7, Severity.NOTE),
    ]
    assert result.diagnostics[1].message == (
        "30 claims name the claimant 'sample-person', whose file could not be read: those references were not checked"
    )


def test_registries_come_before_the_claims_that_name_what_is_in_them(load):
    result = load(
        claims={"a-claim": claim("a-claim", ("rating: false-claim", "rating: unknown-one"))},
        topics="topics:\n  - id: Weather\n    label: Weather\n",
    )
    paths = [d.path for d in result.diagnostics]
    assert paths == ["data/topics.yaml", "data/topics.yaml", "data/claims/a-claim.yaml"]


# -- the same mistake in many files ----------------------------------------------------------------


def test_a_deleted_claimant_named_by_fifty_claims_is_one_mistake_with_fifty_places_and_no_wrong_guess(load):
    claims = {f"c{i:03d}": claim(f"c{i:03d}", ("claimant: sample-person", "claimant: foro-penal")) for i in range(50)}
    result = load(claims=claims, claimants={"sample-person": CLAIMANT, "human-rights-watch": HRW})
    unknown = [d for d in result.diagnostics if d.code == "unknown-claimant"]
    assert len(unknown) == 50
    assert {d.message for d in unknown} == {"there is no claimant 'foro-penal'"}  # no unrelated "did you mean"
    mistakes = report.mistakes(result.diagnostics)
    assert len(mistakes) == 1 and len(mistakes[0].places) == 50
    text = report.text(result.diagnostics)
    assert text.count("hint: ") == 1
    assert text.startswith(
        "data/claims/c000.yaml:2:11: error: there is no claimant 'foro-penal' (and in 49 more places)"
    )


HRW = "id: human-rights-watch\nname: Human Rights Watch\nkind: organisation\n"


@pytest.mark.parametrize(
    ("written", "known", "suggested"),
    [
        ("sample-persn", ["sample-person", "other"], "sample-person"),
        ("raiting", ["rating", "topics"], "rating"),
        ("wether", ["weather"], "weather"),
        ("intervew", ["interview", "almanac"], "interview"),
        ("foro-penal", ["human-rights-watch", "sample-person"], None),
        ("government", ["government-of-chile"], None),
        ("misleading", ["accurate", "false-claim", "unverifiable"], None),
        ("x" * 101, ["x" * 100], None),
    ],
)
def test_a_suggestion_is_made_only_when_a_few_slips_turn_one_name_into_the_other(written, known, suggested):
    assert spelling.close_match(written, known) == suggested


# -- consequences are not reported again -------------------------------------------------------------


def test_a_date_in_the_future_is_reported_once_not_again_as_out_of_order(load):
    result = load(
        claims={
            "sample-claim": claim("sample-claim", ("  source: interview", "  source: interview\n  date: 2027-01-01"))
        }
    )
    assert [(d.line, d.column, d.code) for d in result.diagnostics] == [(7, 9, "future-date")]


def test_a_source_date_in_the_future_is_not_also_after_the_day_it_was_read(load):
    text = claim("sample-claim", ("    published: 2026-01-05", "    published: 2027-01-05\n    accessed: 2026-01-06"))
    result = load(claims={"sample-claim": text})
    assert [(d.line, d.column, d.code) for d in result.diagnostics] == [(17, 16, "future-date")]


def test_a_date_written_wrongly_is_reported_by_the_schema_only(load):
    result = load(claims={"sample-claim": claim("sample-claim", ("published: 2026-01-10", "published: 2026-1-10"))})
    assert [(d.line, d.column, d.code) for d in result.diagnostics] == [(12, 12, "schema-pattern")]


def test_an_empty_analysis_does_not_make_every_source_uncited(load):
    text = claim(
        "sample-claim",
        (
            "analysis: |\n  Observers report a blue sky.[^almanac] The claim was made on the radio.[^interview]",
            "analysis:",
        ),
    )
    result = load(claims={"sample-claim": text})
    assert [d.code for d in result.diagnostics] == ["empty-value"]


# -- positions and hints ------------------------------------------------------------------------------------

SOURCE = "  interview:\n    title: An interview\n    publisher: Example Radio\n    published: 2026-01-05\n"


def test_a_field_moved_left_out_of_its_group_is_reported_on_its_own_line():
    moved = SOURCE.replace("    publisher: Example Radio", "  publisher: Example Radio")
    text = CLAIM.replace(SOURCE, moved)
    _, problems = parse_bytes(text.encode(), "c.yaml")
    assert [(d.line, d.column, d.code) for d in problems] == [(16, 3, "yaml-indentation")]
    assert (
        problems[0].message == "'publisher' starts to the left of the fields of its group, so the group ends before it"
    )
    assert problems[0].hint == (
        "add spaces before 'publisher' so that it starts in column 5, like the fields above and below it"
    )


def test_a_field_indented_too_far_is_still_reported_on_its_own_line():
    text = CLAIM.replace("    published: 2026-01-05", "      published: 2026-01-05")
    _, problems = parse_bytes(text.encode(), "c.yaml")
    assert [(d.line, d.column) for d in problems] == [(17, 7)]
    assert problems[0].message.startswith("'published' is indented further than the line above it")


ANALYSIS = "analysis: |\n  Observers report a blue sky.[^almanac]\n  The claim was made on the radio.[^interview]\n"


@pytest.mark.parametrize("dedented", ["The claim", " The claim"])
def test_a_line_of_block_text_indented_too_little_is_told_to_be_indented_not_quoted(dedented):
    text = CLAIM.replace(
        "analysis: |\n  Observers report a blue sky.[^almanac] The claim was made on the radio.[^interview]\n",
        ANALYSIS.replace("  The claim", dedented),
    )
    _, problems = parse_bytes(text.encode(), "c.yaml")
    assert [(d.line, d.column, d.code) for d in problems] == [(12, len(dedented) - 8, "yaml-indentation")]
    assert problems[0].hint == "indent it by 2 spaces, like the other lines of the text"
    assert "quotes" not in problems[0].hint


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("rating: false-claim", "rating false-claim", 7),  # a field without its colon
        ("summary: Observers", "summary: Observers\ncontinue", 10),  # plain text going on, unquoted
    ],
)
def test_a_missing_colon_outside_block_text_gets_the_colon_hint(old, new, line):
    _, problems = parse_bytes(CLAIM.replace(old, new).encode(), "c.yaml")
    assert [(d.line, d.column, d.code) for d in problems] == [(line, 1, "yaml-missing-colon")]
    assert problems[0].hint == "write `name: value`, or put multi-line text in quotes"


def test_a_wrongly_named_file_is_told_the_id_inside_when_that_id_is_valid(load):
    result = load(claims={"Sample Claim": CLAIM})
    assert result.diagnostics[0].hint == "rename it to sample-claim.yaml, after the id inside"


def test_a_wrongly_named_file_whose_id_is_wrong_too_is_not_told_to_take_that_id(load):
    result = load(claims={"Sample Claim": CLAIM.replace("id: sample-claim", "id: Sample Claim")})
    hint = result.diagnostics[0].hint or ""
    assert "after the id inside" not in hint
    assert hint.startswith("choose an id of lowercase letters a to z, digits and single hyphens")


def test_a_new_claims_empty_rating_is_told_it_names_a_rating_and_its_empty_claimant_a_claimant(
    tmp_path, monkeypatch, capsys
):
    write_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "claim", "my-claim"]) == 0
    capsys.readouterr()
    assert main(["check", "data/claims/my-claim.yaml"]) == 1
    output = capsys.readouterr().out
    assert "'rating' is empty\n  hint: our verdict: the id of a rating in data/ratings.yaml\n" in output
    assert "'claimant' is empty\n  hint: who made the statement: the name of a file under data/claimants/" in output
    assert "foro-penal" not in output
    assert "is never cited" not in output


def test_an_empty_claim_file_is_told_to_start_from_a_new_claim(load):
    result = load(claims={"sample-claim": ""})
    assert result.diagnostics[0].hint == "start from `counterclaim new claim <id>`"


def test_an_empty_claimant_file_is_told_to_start_from_a_new_claimant(load):
    result = load(claimants={"sample-person": CLAIMANT, "someone": ""})
    empty = next(d for d in result.diagnostics if d.code == "empty-file")
    assert (empty.path, empty.hint) == ("data/claimants/someone.yaml", "start from `counterclaim new claimant <id>`")


def test_an_empty_topics_file_is_told_it_may_be_deleted(load):
    result = load(topics="")
    assert result.diagnostics[0].path == "data/topics.yaml"
    assert (result.diagnostics[0].hint or "").endswith("or delete the file if there are none")


# -- the settings -------------------------------------------------------------------------------------


def test_a_language_without_interface_strings_fails_check_and_the_build_at_its_place(
    tmp_path, monkeypatch, capsys, caplog
):
    root = write_site(tmp_path / "site", language="sw")
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    output = capsys.readouterr().out
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, 1) if "language: sw" in row)
    column = text[line - 1].index("sw") + 1
    expected = (
        f"mkdocs.yml:{line}:{column}: error: the theme has no interface strings for the language 'sw'"
        " (theme/locales/sw.yaml), so the site cannot be built in it"
    )
    assert output.startswith(expected + "\n  hint: the languages it has strings for are: ar, en, es, fr, pt;")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(load_config(config_file=str(root / "mkdocs.yml")))
    assert expected in caplog.text


def test_an_extra_language_without_strings_is_reported_where_it_is_listed(tmp_path, monkeypatch, capsys):
    root = write_site(tmp_path / "site", extra_languages=("es", "de"))
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    output = capsys.readouterr().out
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, 1) if "extra_languages" in row)
    assert output.startswith(f"mkdocs.yml:{line}:{text[line - 1].index('de') + 1}: error:")
    assert "'es'" not in output.splitlines()[0]


# -- the build's log -------------------------------------------------------------------------------------


def test_the_build_logs_a_count_and_the_first_few_warnings_with_a_pointer_to_check(tmp_path, caplog):
    long = claim("c{i}", ("short: Sample Person says the sky is green", "short: " + "x" * 80))
    claims = {
        f"c{i:03d}": long.replace("id: c{i}", f"id: c{i:03d}").replace("x" * 80, "x" * (80 + i)) for i in range(40)
    }
    root = write_site(tmp_path / "site", claims=claims)
    with caplog.at_level(logging.INFO):
        build(load_config(config_file=str(root / "mkdocs.yml")))
    assert "the data has 40 warnings, which do not stop the build; the first 5 of 40 different ones:" in caplog.text
    assert caplog.text.count(": warning: ") == 5
    assert "run `counterclaim check` to see them all" in caplog.text


def test_the_data_of_one_run_is_the_same_whatever_the_number_of_workers(tmp_path):
    claims = {
        **CLAIMS,
        "broken": claim(
            "broken", ("published: 2026-01-10", "published: 2026-11-31"), ("rating: false-claim", "rating: nope")
        ),
    }
    data = write_data(tmp_path, claims=claims, ratings="")
    one = load_dataset(data, today=TODAY, root=tmp_path, workers=1)
    two = load_dataset(data, today=TODAY, root=tmp_path, workers=2)
    assert one.diagnostics == two.diagnostics
    assert [d.code for d in one.diagnostics] == ["empty-file", "not-checked", "bad-date"]
