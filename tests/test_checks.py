"""Loading a data folder: each kind of mistake gives its message at its exact line and column.

Each case changes one line of the valid sample claim in conftest.CLAIM and states what a
contributor should read, and where.
"""

from __future__ import annotations

import time

import pytest

from conftest import CLAIM, CLAIMANT


def claim_with(old: str, new: str) -> str:
    assert old in CLAIM, old
    return CLAIM.replace(old, new, 1)


def errors(result):
    return [d for d in result.diagnostics if d.is_error]


def test_the_sample_data_is_valid(load):
    result = load()
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.diagnostics == []
    claim = result.dataset.claims["sample-claim"]
    assert claim.rating == "false-claim"
    assert list(claim.sources) == ["interview", "almanac"]


CASES = [
    # (name, old line, new line, code, line, column, words the message contains)
    (
        "unknown field",
        "rating: false-claim",
        "raiting: false-claim",
        "schema-additionalProperties",
        7,
        1,
        "'raiting' is not a field of a claim; did you mean 'rating'?",
    ),
    (
        "unknown claimant",
        "claimant: sample-person",
        "claimant: sample-persn",
        "unknown-claimant",
        2,
        11,
        "there is no claimant 'sample-persn'; did you mean 'sample-person'?",
    ),
    (
        "unknown rating",
        "rating: false-claim",
        "rating: fals-claim",
        "unknown-rating",
        7,
        9,
        "there is no rating 'fals-claim'; did you mean 'false-claim'?",
    ),
    (
        "unknown topic",
        "topics: [weather]",
        "topics: [wether]",
        "unknown-topic",
        8,
        10,
        "there is no topic 'wether'; did you mean 'weather'?",
    ),
    (
        "undefined footnote",
        "blue sky.[^almanac]",
        "blue sky.[^almanack]",
        "undefined-footnote",
        11,
        31,
        "the footnote [^almanack] does not name a source; did you mean 'almanac'?",
    ),
    (
        "unused source",
        "sources:\n",
        "sources:\n  spare:\n    title: Spare\n",
        "unused-source",
        14,
        3,
        "the source 'spare' is never cited",
    ),
    (
        "id does not match file name",
        "id: sample-claim",
        "id: other-claim",
        "id-file-mismatch",
        1,
        5,
        "the id 'other-claim' does not match the file name 'sample-claim.yaml'",
    ),
    (
        "date in the future",
        "published: 2026-01-10",
        "published: 2027-01-10",
        "future-date",
        12,
        12,
        "'published' is 2027-01-10, which is in the future",
    ),
    (
        "date that does not exist",
        "published: 2026-01-10",
        "published: 2026-02-30",
        "bad-date",
        12,
        12,
        "'published' is 2026-02-30, which is not a real date: that month has 28 days, not 30",
    ),
    (
        "date in the wrong format",
        "published: 2026-01-10",
        "published: 10/01/2026",
        "schema-pattern",
        12,
        12,
        "'published' should be a full date written as YYYY-MM-DD",
    ),
    (
        "javascript: URL",
        "url: https://almanac.example.org/sky",
        "url: javascript:alert(1)",
        "schema-pattern",
        23,
        10,
        "'url' should be a web address starting with https:// or http://",
    ),
    (
        "malformed URL",
        "url: https://almanac.example.org/sky",
        "url: https//almanac",
        "schema-pattern",
        23,
        10,
        "'url' should be a web address",
    ),
    (
        "wrong type",
        "statement: The sky is green.",
        "statement: [The sky, green]",
        "schema-oneOf",
        3,
        12,
        "'statement' should be some text",
    ),
    (
        "empty required text",
        "statement: The sky is green.",
        'statement: ""',
        "empty-text",
        3,
        12,
        "'statement' is empty",
    ),
    (
        "missing required field",
        "summary: Observers agree the sky is blue.[^almanac]\n",
        "",
        "schema-required",
        1,
        1,
        "a claim needs a 'summary' field",
    ),
    (
        "unknown source in a field",
        "  source: interview",
        "  source: intervew",
        "unknown-source",
        6,
        11,
        "there is no source 'intervew' under 'sources'; did you mean 'interview'?",
    ),
    (
        "link with a refused scheme",
        "blue sky.[^almanac]",
        "blue sky.[^almanac] [see](javascript:alert(1))",
        "refused-link",
        11,
        48,
        "the link 'javascript:alert(1)' is not allowed",
    ),
    (
        "relative link",
        "blue sky.[^almanac]",
        "blue sky.[^almanac] [see](../secret)",
        "refused-link",
        11,
        48,
        "the link '../secret' is not allowed",
    ),
    (
        "unknown related claim",
        "published: 2026-01-10",
        "published: 2026-01-10\nrelated: [no-such-claim]",
        "unknown-claim",
        13,
        11,
        "the related claim 'no-such-claim' does not exist",
    ),
    (
        "link to an unknown claim",
        "blue sky.[^almanac]",
        "blue sky.[^almanac] [x](claim:nowhere)",
        "unknown-claim",
        11,
        46,
        "the link claim:nowhere does not exist",
    ),
    (
        "related to itself",
        "published: 2026-01-10",
        "published: 2026-01-10\nrelated: [sample-claim]",
        "related-self",
        13,
        11,
        "a claim cannot be related to itself",
    ),
    (
        "accessed before publication",
        "    published: 2026-01-05",
        "    published: 2026-01-05\n    accessed: 2026-01-01",
        "date-order",
        18,
        15,
        "'accessed' is before the source was published",
    ),
    (
        "said after publication",
        "  source: interview",
        "  source: interview\n  date: 2026-02-01",
        "date-order",
        7,
        9,
        "the claim was said after this fact-check was published",
    ),
    (
        "withheld link written down",
        "    url: https://radio.example.org/interview",
        "    url: https://radio.example.org/interview\n    link: withheld",
        "link-with-url",
        19,
        11,
        "the source 'interview' has a url, so it cannot also say 'link: withheld'",
    ),
    (
        "enum typo",
        "    url: https://radio.example.org/interview",
        "    link: witheld",
        "schema-enum",
        18,
        11,
        "the text 'witheld' is not allowed for 'link'; did you mean 'withheld'?",
    ),
    (
        "number with a comma",
        "topics: [weather]",
        "topics: [weather]\nfigure: {value: '1,200', unit: people, sources: [almanac]}",
        "schema-type",
        9,
        17,
        "'value' should be a number, not the text '1,200'",
    ),
    (
        "figure with value and range",
        "topics: [weather]",
        "topics: [weather]\nfigure: {value: 3, low: 1, high: 4, unit: people, sources: [almanac]}",
        "schema-oneOf",
        9,
        1,
        "a figure needs either 'value', or 'low' and 'high', not both",
    ),
    (
        "range upside down",
        "topics: [weather]",
        "topics: [weather]\nfigure: {low: 9, high: 4, unit: people, sources: [almanac]}",
        "figure-range",
        9,
        15,
        "'low' (9) is greater than 'high' (4)",
    ),
    (
        "source key with capitals",
        "  almanac:",
        "  Almanac:",
        "schema-propertyNames",
        20,
        3,
        "'Almanac' cannot be used as a name here",
    ),
    (
        "wrong language code",
        "statement: The sky is green.",
        "statement: {english: The sky is green.}",
        "schema-propertyNames",
        3,
        13,
        "'english' cannot be used as a name here",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "code", "line", "column", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_at_its_place(load, name, old, new, code, line, column, words):
    result = load(claims={"sample-claim": claim_with(old, new)})
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"expected {code}, got: {[d.format() for d in result.diagnostics]}"
    first = found[0]
    assert (first.path, first.line, first.column) == ("data/claims/sample-claim.yaml", line, column), first.format()
    assert words in first.message
    assert first.is_error


def test_every_problem_in_every_file_is_reported_in_one_run(load):
    broken = claim_with("claimant: sample-person", "claimant: nobody").replace("rating: false-claim", "rating: x")
    other = CLAIM.replace("id: sample-claim", "id: second").replace("topics: [weather]", "topics: [none]")
    result = load(claims={"sample-claim": broken, "second": other})
    codes = sorted(d.code for d in errors(result))
    assert codes == ["unknown-claimant", "unknown-rating", "unknown-topic"]


def test_the_same_id_in_two_files_is_reported_on_the_second(load):
    result = load(
        claims={"a-first": CLAIM.replace("id: sample-claim", "id: a-first"), "sample-claim": CLAIM, "z-copy": CLAIM}
    )
    duplicates = [d for d in errors(result) if d.code == "duplicate-id"]
    assert [(d.path, d.line, d.column) for d in duplicates] == [("data/claims/z-copy.yaml", 1, 5)]
    assert "already used by data/claims/sample-claim.yaml" in duplicates[0].message


def test_a_claimant_file_is_checked_against_its_schema(load):
    result = load(claimants={"sample-person": CLAIMANT.replace("kind: person", "kind: persona")})
    problem = next(d for d in result.diagnostics if d.code == "schema-enum")
    assert (problem.path, problem.line, problem.column) == ("data/claimants/sample-person.yaml", 3, 7)
    assert "did you mean 'person'?" in problem.message


def test_a_claim_file_with_a_syntax_error_does_not_hide_the_others(load):
    result = load(claims={"sample-claim": CLAIM, "broken": "id: broken\nstatement: 'open\n"})
    assert [d.code for d in errors(result)] == ["yaml-unclosed-quote"]
    assert "sample-claim" in result.dataset.claims


def test_a_yml_extension_is_reported(load, tmp_path):
    load()
    (tmp_path / "data" / "claims" / "extra.yml").write_text(CLAIM, encoding="utf-8")
    from conftest import TODAY
    from counterclaim.build.loading import load_dataset

    result = load_dataset(tmp_path / "data", today=TODAY, root=tmp_path)
    assert [d.code for d in errors(result)] == ["wrong-extension"]


def test_a_missing_rating_scale_is_reported(load, tmp_path):
    load()
    (tmp_path / "data" / "ratings.yaml").unlink()
    from counterclaim.build.loading import load_dataset

    result = load_dataset(tmp_path / "data", root=tmp_path)
    assert any(d.code == "no-ratings" and d.path == "data/ratings.yaml" for d in result.diagnostics)


def test_two_ratings_with_the_same_position_are_an_error(load):
    from conftest import RATINGS

    result = load(ratings=RATINGS.replace("position: 1", "position: 2"))
    assert [d.code for d in errors(result)] == ["duplicate-position"]


ALMANAC_ADDRESS = (
    "    url: https://almanac.example.org/sky\n"
    "    archive_url: https://web.archive.org/web/20260105/https://almanac.example.org/sky"
)


def test_a_source_that_says_its_address_is_unknown_is_neither_an_error_nor_a_warning(load):
    # 'link: unknown' is the author saying so; the page tells readers. Nothing is left to ask.
    result = load(claims={"sample-claim": claim_with(ALMANAC_ADDRESS, "    link: unknown")})
    assert result.ok and result.diagnostics == []


def test_a_withheld_source_is_not_a_warning(load):
    result = load(claims={"sample-claim": claim_with(ALMANAC_ADDRESS, "    link: withheld")})
    assert result.ok and result.diagnostics == []


def test_a_long_short_form_is_a_warning(load):
    long = "short: " + "x" * 80
    result = load(claims={"sample-claim": claim_with("short: Sample Person says the sky is green", long)})
    warning = next(d for d in result.diagnostics if d.code == "short-too-long")
    assert (warning.line, warning.column, warning.is_error) == (4, 8, False)
    assert "80 characters" in warning.message


def test_a_symbolic_link_out_of_the_data_folder_is_refused(load, tmp_path):
    load()
    outside = tmp_path / "secret.yaml"
    outside.write_text(CLAIM, encoding="utf-8")
    (tmp_path / "data" / "claims" / "linked.yaml").symlink_to(outside)
    from counterclaim.build.loading import load_dataset

    result = load_dataset(tmp_path / "data", root=tmp_path)
    assert any(d.code == "outside-data" and d.path == "data/claims/linked.yaml" for d in result.diagnostics)


SUMMARY = "summary: Observers agree the sky is blue.[^almanac]"


def test_each_repetition_of_a_mistake_in_a_text_is_reported_at_its_own_place(load):
    summary = "summary: Blue [a](javascript:1) [a](javascript:1) [^x] [^x].[^almanac]"
    result = load(claims={"sample-claim": claim_with(SUMMARY, summary)})
    found = [(d.code, d.line, d.column) for d in errors(result)]
    assert found == [
        ("refused-link", 9, 19),
        ("refused-link", 9, 37),
        ("undefined-footnote", 9, 51),
        ("undefined-footnote", 9, 56),
    ]


def test_a_message_shows_what_was_written_on_one_line_and_without_invisible_characters(load):
    result = load(claims={"sample-claim": claim_with(SUMMARY, "summary: Blue [a](java%0ascript:1).[^almanac]")})
    (problem,) = errors(result)
    assert problem.message == "the link 'java\\u000ascript:1' is not allowed"


def test_thousands_of_sources_and_citations_are_checked_in_seconds(load):
    sources = "".join(f"  s{i}:\n    title: Source {i}\n    publisher: Publisher {i}\n" for i in range(2000))
    cites = " ".join(f"[^s{i}][^n{i}]" for i in range(2000))
    claim = claim_with(SUMMARY, f"summary: Blue {cites}.[^almanac]") + sources
    start = time.monotonic()
    result = load(claims={"sample-claim": claim})
    assert time.monotonic() - start < 20
    assert sum(d.code == "undefined-footnote" for d in result.diagnostics) == 2000
