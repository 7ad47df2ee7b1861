"""Reading one YAML file: plain values, YAML 1.2 scalars, positions, and syntax mistakes."""

from __future__ import annotations

import json

import pytest

from counterclaim.load.reading import parse_bytes


def parse(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_bytes(raw, "f.yaml")


def only(problems):
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("off", "off"),
        ("On", "On"),
        ("2026-01-14", "2026-01-14"),
        ("012345", "012345"),
        ("12:30", "12:30"),
        ("1_000", "1_000"),
        ("true", True),
        ("false", False),
        ("400", 400),
        ("-3", -3),
        ("1.5", 1.5),
        ("null", None),
        ("~", None),
        ("", None),
        ("'400'", "400"),
    ],
)
def test_scalars_follow_yaml_1_2_core_schema(written, value):
    doc, problems = parse(f"v: {written}\n")
    assert problems == []
    assert doc.data == {"v": value}
    assert type(doc.data["v"]) is type(value)


def test_every_value_and_key_keeps_its_line_and_column():
    doc, _ = parse("name: María\nnested:\n  list:\n    - ñandú: x\n      b: [1, 2]\n")
    assert doc.position(["name"]) == (1, 7)
    assert doc.key_position(["nested", "list"]) == (3, 3)
    assert doc.position(["nested", "list", 0, "ñandú"]) == (4, 14)
    assert doc.position(["nested", "list", 0, "b", 1]) == (5, 14)


def test_position_of_an_unknown_path_falls_back_to_the_nearest_value():
    doc, _ = parse("a:\n  b: 1\n")
    assert doc.position(["a", "missing", 3]) == (2, 3)


def test_locate_finds_text_inside_a_literal_block_at_its_own_line_and_column():
    doc, _ = parse("x: 1\ntext: |\n  first line\n  second [^key] and [^key]\n")
    assert doc.locate(["text"], "[^key]") == (4, 10)
    assert doc.locate(["text"], "[^key]", occurrence=1) == (4, 21)


def test_locate_works_in_folded_and_quoted_text():
    doc, _ = parse('a: >-\n  one\n  two [^k]\nb: "three\n  four [^k]"\n')
    assert doc.locate(["a"], "[^k]") == (3, 7)
    assert doc.locate(["b"], "[^k]") == (5, 8)


def test_a_duplicate_key_is_an_error_at_the_second_key():
    doc, problems = parse("rating: false\nsummary: x\nrating: accurate\n")
    problem = only(problems)
    assert doc is None
    assert (problem.line, problem.column, problem.code) == (3, 1, "duplicate-key")
    assert "'rating' appears twice" in problem.message
    assert "line 1" in (problem.hint or "")


def test_a_duplicate_key_in_a_nested_mapping_is_found_too():
    _, problems = parse("sources:\n  a:\n    url: x\n    url: y\n")
    assert (only(problems).line, only(problems).column) == (4, 5)


def test_a_tab_used_for_indentation_is_explained():
    _, problems = parse("said:\n\tsource: x\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (2, 1, "yaml-tab")
    assert "tab" in problem.message


def test_an_unclosed_quote_is_reported_where_the_quote_opens():
    _, problems = parse('id: x\nstatement: "He said so\nrating: false\n')
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (2, 12, "yaml-unclosed-quote")


def test_a_colon_inside_unquoted_text_is_explained():
    _, problems = parse("statement: He said: yes\n")
    problem = only(problems)
    assert problem.code == "yaml-colon"
    assert (problem.line, problem.column) == (1, 19)


def test_wrong_indentation_is_explained():
    _, problems = parse("said:\n  source: x\n date: 2026\n")
    problem = only(problems)
    assert problem.code == "yaml-indentation"
    assert problem.line == 3


def test_python_tags_are_refused_without_running_anything():
    _, problems = parse("id: !!python/object/apply:os.system ['echo hi']\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (1, 5, "yaml-tag")


def test_custom_tags_are_refused():
    _, problems = parse("id: !secret value\n")
    assert only(problems).code == "yaml-tag"


def test_aliases_are_refused_at_the_alias():
    _, problems = parse("a: &x [1, 2]\nb: *x\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (2, 4, "yaml-alias")


def test_an_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        previous = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    _, problems = parse("\n".join(lines) + "\n")
    assert [p.code for p in problems] == ["yaml-alias"]


def test_a_byte_order_mark_is_a_warning_and_the_file_still_loads():
    doc, problems = parse(b"\xef\xbb\xbfid: x\n")
    assert doc is not None and doc.data == {"id": "x"}
    problem = only(problems)
    assert (problem.code, problem.is_error) == ("byte-order-mark", False)


def test_windows_line_endings_are_a_warning_and_positions_stay_right():
    doc, problems = parse(b"id: x\r\nname: y\r\n")
    assert doc is not None and doc.data == {"id": "x", "name": "y"}
    assert doc.position(["name"]) == (2, 7)
    problem = only(problems)
    assert (problem.code, problem.line, problem.column, problem.is_error) == ("windows-line-endings", 1, 6, False)


def test_bytes_that_are_not_utf8_are_reported_at_their_place():
    _, problems = parse(b"id: x\nname: Mar" + b"\xeda\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (2, 10, "not-utf8")


def test_an_empty_file_is_an_error():
    _, problems = parse("# only a comment\n")
    assert only(problems).code == "empty-file"


def test_two_documents_in_one_file_are_an_error():
    _, problems = parse("id: a\n---\nid: b\n")
    problem = only(problems)
    assert (problem.code, problem.line) == ("yaml-multiple-documents", 2)


def test_deep_nesting_is_refused_with_a_message():
    text = "a: " + "[" * 60 + "]" * 60 + "\n"
    _, problems = parse(text)
    assert any(p.code == "too-deep" for p in problems)


def test_text_after_a_closing_quote_is_explained():
    _, problems = parse("summary: 'It was said'[^a] later\nrating: x\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (1, 23, "yaml-text-after-quote")


def test_an_anchor_without_an_alias_is_refused_rather_than_silently_dropped():
    # `&radio Example Radio` would otherwise read as 'Example Radio', losing what was written.
    _, problems = parse("id: x\npublisher: &radio Example Radio\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (2, 12, "yaml-alias")


def test_a_control_character_is_reported_at_its_own_place():
    _, problems = parse("id: x\nstatement: The sky\x0b is green\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (2, 19, "yaml-control-character")
    assert "U+000B" in problem.message


def test_a_field_indented_further_than_the_one_above_is_reported_at_its_name():
    _, problems = parse("sources:\n  a:\n    title: T\n     url: x\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (4, 6, "yaml-indentation")
    assert problem.message.startswith("'url' is indented further than the line above it")


def test_a_colon_in_text_lined_up_with_its_field_is_still_a_colon_in_text():
    _, problems = parse("said:\n  where: on air\n  he said: yes: no\n")
    assert only(problems).code == "yaml-colon"


def test_text_that_starts_with_a_bracket_is_reported_at_the_bracket():
    _, problems = parse("id: x\nsummary: [^a] says so.\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (2, 10, "yaml-bracket-text")


def test_an_unknown_escape_in_double_quotes_is_explained_at_the_backslash():
    _, problems = parse('statement: "50\\% of them"\n')
    problem = only(problems)
    assert (problem.line, problem.column, problem.code) == (1, 15, "yaml-escape")


# -- hostile files: limits and characters (see also tests/test_hostile.py) -------------------


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 200_000 + "]" * 200_000, "a: " + "{a: " * 200_000, "a:\n" + "- " * 200_000 + "x", "? " * 200_000],
    ids=["flow", "unclosed-flow", "block", "keys"],
)
def test_nesting_hundreds_of_thousands_deep_is_refused_at_the_first_level_too_deep(text):
    # libyaml's own composer recurses once per level (and crashes the process near 50,000) and
    # its scanner slows down quadratically with the depth of brackets.
    _, problems = parse(text + "\n")
    problem = only(problems)
    assert problem.code == "too-deep"
    assert problem.line <= 2 and problem.column < 200


def test_a_list_or_group_with_more_entries_than_any_claim_needs_is_refused():
    _, problems = parse("a: [" + "1, " * 6000 + "1]\nb: x\n")
    assert only(problems).code == "too-many"
    _, problems = parse("".join(f"k{i}: 1\n" for i in range(6000)))
    assert (only(problems).code, only(problems).line) == ("too-many", 5001)


@pytest.mark.parametrize(
    ("written", "code", "column"),
    [
        ('"The sky\\0 is green"', "yaml-control-character", 4),
        ('"\\e[31mred"', "yaml-control-character", 4),
        ('"x\\x85y"', "yaml-control-character", 4),
        ('"a \\u202Egreen"', "bidi-control", 4),
        ("a \u202egreen", "bidi-control", 6),
        ("a \u202dforced", "bidi-control", 6),
        ('"\\uFFFE"', "not-a-character", 4),
        ('"\\U0010FFFF"', "not-a-character", 4),
    ],
)
def test_text_holding_what_text_must_not_is_refused_where_it_is(written, code, column):
    # Written with an escape, a character is reported at the text; written as it is, where it is.
    _, problems = parse(f"a: {written}\n")
    problem = only(problems)
    assert (problem.code, problem.line, problem.column) == (code, 1, column)
    assert "\n" not in problem.message


def test_marks_embeddings_and_isolates_are_text_and_one_left_open_is_closed_at_its_line_end():
    # As publishers' Arabic text carries them: a right-to-left mark, an Arabic letter mark, an
    # embedding closed and one left open, an isolate left open on the second of two lines.
    written = "\u200f\u0646\u0635 \u061c\u202b\u0646\u0635\u202c \u202b\u0645\u0646 15\n\u2067x"
    doc, problems = parse(f"a: {json.dumps(written, ensure_ascii=False)}\n")
    assert problems == []
    assert doc.data["a"] == written.replace(" 15\n", " 15\u202c\n") + "\u2069"


@pytest.mark.parametrize("mark", ["\u200f", "\u061c", "\u202b", "\u2066", "\u202e"])
def test_a_field_name_holding_a_direction_character_is_refused_at_it(mark):
    _, problems = parse(f"sources:\n  inter{mark}view: x\n")
    problem = only(problems)
    assert (problem.code, problem.line, problem.column) == ("bidi-control", 2, 8)
    assert f"U+{ord(mark):04X}" in problem.message


def test_tabs_line_breaks_and_scripts_written_right_to_left_are_text():
    doc, problems = parse('a: "one\\ttwo\\nthree \u200f\u0646\u0635\u200e \U0001f600"\n')
    assert problems == []
    assert doc.data["a"].startswith("one\ttwo\nthree")


@pytest.mark.parametrize("written", ["1e999", "-1e999", "9" * 400, "1e16", '!!float "nan"', '!!float "inf"'])
def test_numbers_that_are_not_finite_or_too_large_to_draw_are_refused(written):
    _, problems = parse(f"value: {written}\n")
    problem = only(problems)
    assert problem.code == "number-out-of-range"
    assert len(problem.message) < 200


def test_yes_no_and_null_tags_take_only_their_own_words():
    for written in ("!!bool yes", "!!null something"):
        _, problems = parse(f"a: {written}\n")
        assert only(problems).code == "yaml-tag"


def test_text_longer_than_a_field_can_hold_is_refused():
    _, problems = parse("a: " + "word " * 25_000 + "\n")
    assert only(problems).code == "text-too-long"
    _, problems = parse("k" * 300 + ": 1\n")
    assert only(problems).code == "text-too-long"


def test_a_word_longer_than_the_longest_web_address_is_refused_but_text_without_spaces_in_cjk_is_not():
    _, problems = parse("a: " + "A" * 2001 + "\n")
    assert only(problems).code == "word-too-long"
    doc, problems = parse("a: " + "\u4e2d\u6587" * 3000 + "\n")
    assert problems == [] and doc is not None


def test_positions_in_a_group_with_thousands_of_entries_are_found_quickly():
    doc, _ = parse("".join(f"k{i}: {i}\n" for i in range(4000)))
    assert all(doc.key_position([f"k{i}"]) == (i + 1, 1) for i in range(0, 4000, 7))


def test_a_locator_finds_each_repetition_in_turn():
    doc, _ = parse("a: x [^n] y [^n] z [^n]\n")
    locate = doc.locator(["a"])
    assert [locate("[^n]") for _ in range(3)] == [(1, 6), (1, 13), (1, 20)]
    assert locate("[^n]") == (1, 4)  # none left: the text's own start
