"""Presenters: the same diagnostics as terminal text, GitHub workflow commands, a step summary, JSON."""

from __future__ import annotations

import json

from counterclaim.check import report
from counterclaim.model.diagnostics import error, warning

UNKNOWN = error(
    "data/claims/a.yaml",
    3,
    11,
    "there is no claimant 'x'",
    "claimants are the files in data/claimants/",
    code="unknown-claimant",
)
LONG = warning("data/claims/b.yaml", 4, 8, "'short' is 80 characters long", code="short-too-long")


def test_text_gives_each_diagnostic_its_position_an_indented_hint_and_a_summary():
    assert report.text([UNKNOWN, LONG]) == (
        "data/claims/a.yaml:3:11: error: there is no claimant 'x'\n"
        "  hint: claimants are the files in data/claimants/\n"
        "data/claims/b.yaml:4:8: warning: 'short' is 80 characters long\n"
        "1 error and 1 warning in 2 files\n"
    )


def test_text_without_diagnostics_says_so():
    assert report.text([]) == "no problems found\n"


def test_json_has_every_field_of_every_diagnostic_and_the_counts():
    document = json.loads(report.as_json([UNKNOWN, LONG]))
    assert document["diagnostics"][0] == {
        "path": "data/claims/a.yaml",
        "line": 3,
        "column": 11,
        "severity": "error",
        "message": "there is no claimant 'x'",
        "hint": "claimants are the files in data/claimants/",
        "code": "unknown-claimant",
    }
    assert document["diagnostics"][1]["hint"] is None
    assert document["diagnostics"][1]["severity"] == "warning"
    assert document["counts"] == {"errors": 1, "warnings": 1, "files": 2}
    assert document["summary"] == "1 error and 1 warning in 2 files"


def test_json_keeps_accented_text_readable():
    accented = error("data/claims/maría.yaml", 1, 1, "'María' is not a field", code="x")
    assert "maría.yaml" in report.as_json([accented])


def test_an_annotation_names_file_line_column_and_code_and_carries_the_hint():
    assert report.annotation(UNKNOWN) == (
        "::error file=data/claims/a.yaml,line=3,col=11,title=unknown-claimant::"
        "there is no claimant 'x'%0Ahint: claimants are the files in data/claimants/"
    )
    assert report.annotation(LONG).startswith("::warning file=data/claims/b.yaml,line=4,col=8,title=short-too-long::")


def test_annotations_escape_percent_and_line_breaks_in_the_message_and_also_colons_and_commas_in_properties():
    odd = error("data/claims/a,b:c.yaml", 2, 5, "50% of it: one, two\nthree\r", code="odd:code,x")
    assert report.annotation(odd) == (
        "::error file=data/claims/a%2Cb%3Ac.yaml,line=2,col=5,title=odd%3Acode%2Cx::50%25 of it: one, two%0Athree%0D"
    )


def test_escaping_a_percent_sign_happens_before_the_other_escapes():
    assert report.escape_data("%0A\n") == "%250A%0A"
    assert report.escape_property("%3A:") == "%253A%3A"


def test_github_format_prints_every_diagnostic_and_annotates_only_the_first_ten_errors():
    errors = [error(f"data/claims/c{i:02d}.yaml", 1, 1, f"problem {i}", code="p") for i in range(12)]
    output = report.github(errors).splitlines()
    assert [line for line in output if line.startswith("data/claims/")] == [f"{d.format()}" for d in errors]
    annotated = [line for line in output if line.startswith("::error ")]
    assert len(annotated) == 10
    assert annotated[-1].startswith("::error file=data/claims/c09.yaml,")
    assert "2 more errors not shown as annotations" in "\n".join(output)
    assert "12 errors in 12 files" in output


def test_github_format_annotates_warnings_too_with_their_own_limit():
    warnings = [warning(f"data/claims/w{i:02d}.yaml", 1, 1, f"w{i}", code="w") for i in range(11)]
    output = report.github([UNKNOWN, *warnings])
    assert output.count("::error ") == 1
    assert output.count("::warning ") == 10
    assert "1 more warning not shown as annotations" in output


def test_the_step_summary_is_a_markdown_table_of_all_diagnostics_with_cells_made_safe():
    tricky = error("data/claims/t.yaml", 7, 2, "a | b <script>\nnext", "use <b>", code="t")
    summary = report.step_summary([UNKNOWN, LONG, tricky])
    lines = summary.splitlines()
    assert lines[0] == "### counterclaim check"
    assert "2 errors and 1 warning in 3 files" in lines
    assert "| file | line | column | severity | problem |" in lines
    assert (
        "| data/claims/a.yaml | 3 | 11 | error | there is no claimant 'x'<br>hint: claimants are the files in"
        " data/claimants/ |"
    ) in lines
    assert "| data/claims/t.yaml | 7 | 2 | error | a \\| b &lt;script&gt;<br>next<br>hint: use &lt;b&gt; |" in lines


def test_the_step_summary_without_diagnostics_has_no_table():
    summary = report.step_summary([])
    assert "no problems found" in summary
    assert "|" not in summary


# -- one mistake made in many places ----------------------------------------------------------

DELETED = [
    error(f"data/claims/c{i:02d}.yaml", 2, 11, "there is no claimant 'gone'", "add it back", code="unknown-claimant")
    for i in range(50)
]


def test_text_shows_a_mistake_made_in_many_files_once_with_its_places_and_one_hint():
    output = report.text([*DELETED, LONG])
    assert output.splitlines()[:4] == [
        "data/claims/c00.yaml:2:11: error: there is no claimant 'gone' (and in 49 more places)",
        "  data/claims/c01.yaml:2:11",
        "  data/claims/c02.yaml:2:11",
        "  data/claims/c03.yaml:2:11",
    ]
    assert output.count("hint: add it back") == 1
    assert output.count("there is no claimant 'gone'") == 1
    assert "  data/claims/c49.yaml:2:11\n  hint: add it back\ndata/claims/b.yaml:4:8: warning:" in output
    assert output.endswith("50 errors and 1 warning in 51 files\n")


def test_mistakes_differ_by_their_hint_or_code_too():
    other = error("data/claims/x.yaml", 2, 11, "there is no claimant 'gone'", "another hint", code="unknown-claimant")
    assert len(report.mistakes([*DELETED, other])) == 2


def test_json_lists_each_mistake_with_its_places_besides_every_diagnostic():
    document = json.loads(report.as_json(DELETED))
    assert len(document["diagnostics"]) == 50
    assert len(document["mistakes"]) == 1
    mistake = document["mistakes"][0]
    assert (mistake["message"], mistake["hint"], mistake["code"]) == (
        "there is no claimant 'gone'",
        "add it back",
        "unknown-claimant",
    )
    assert mistake["places"][1] == {"path": "data/claims/c01.yaml", "line": 2, "column": 11}
    assert len(mistake["places"]) == 50


def test_github_annotates_a_mistake_made_in_many_places_once_and_says_where_else():
    output = report.github(DELETED)
    assert output.count("::error ") == 1
    assert "(and in 49 more places, listed in the log and the job summary)" in output
    summary = report.step_summary(DELETED)
    assert summary.count("there is no claimant 'gone'") == 1
    assert "also in: data/claims/c01.yaml:2:11, data/claims/c02.yaml:2:11" in summary


def test_first_few_formats_only_the_mistakes_it_shows():
    many = [warning(f"data/claims/w{i:05d}.yaml", 1, 1, f"warning {i}", code="w") for i in range(50_000)]
    shown = report.first_few([*DELETED, *many], 3)
    assert shown.count(": warning: ") == 2
    assert "(and in 49 more places)" in shown
    assert "warning 2" not in shown
