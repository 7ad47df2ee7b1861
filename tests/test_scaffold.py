"""`counterclaim new claim|claimant <id>`: a commented starting file that passes once filled in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, TODAY, write_data
from counterclaim.build.loading import load_dataset
from counterclaim.load.reading import parse_bytes
from samples import found
from test_cli import counterclaim

#: A line with a blank: a field name, a colon, and nothing after it but a block indicator.
BLANK = re.compile(r"^( *)([a-z_]+):( [|>]-?)?$")

CLAIM_ANSWERS: dict[str, list[str]] = {
    "claimant": ["sample-person"],
    "statement": ["The sky is green."],
    "short": ["Sample Person says the sky is green"],
    "rating": ["false-claim"],
    "summary": ["Observers agree the sky is blue.[^evidence-source]"],
    "analysis": ["The claim was made on the radio.[^statement-source]", "", "Observers see blue.[^evidence-source]"],
    "published": ["2026-01-10", "2026-01-05", "2026-01-06"],
    "title": ["An interview", "The almanac"],
    "publisher": ["Example Radio", "Almanac Press"],
    "url": ["https://radio.example.org/interview", "https://almanac.example.org/sky"],
    "archive_url": [
        "https://web.archive.org/web/20260105/https://radio.example.org/interview",
        "https://web.archive.org/web/20260106/https://almanac.example.org/sky",
    ],
}
CLAIMANT_ANSWERS = {"name": ["Another Person"], "kind": ["person"]}


def fill(text: str, answers: dict[str, list[str]]) -> str:
    """Write an answer into every blank, in order, as a contributor would; fail on a blank left over."""
    left = {name: list(values) for name, values in answers.items()}
    out: list[str] = []
    for line in text.split("\n"):
        match = BLANK.match(line)
        if not match or match.group(2) not in left:
            out.append(line)
            continue
        indent, name, block = match.groups()
        if block:  # a block of text: its lines go below, indented
            out.append(line)
            out.extend(f"{indent}  {value}" if value else "" for value in left.pop(name))
        else:
            out.append(f"{indent}{name}: {left[name].pop(0)}")
            if not left[name]:
                del left[name]
    assert not left, f"answers not used: {left}"
    return "\n".join(out)


def blanks(text: str) -> list[int]:
    """The line numbers of the fields left blank (group headings such as 'said:' excepted)."""
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines, start=1):
        match = BLANK.match(line)
        following = lines[number] if number < len(lines) else ""
        heading = not match or (not match.group(3) and following.startswith(match.group(1) + "  "))
        if match and not heading:
            found.append(number)
    return found


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder with the sample registries and the schema beside the data, as in the repository."""
    write_data(tmp_path, claims={})
    (tmp_path / "schema").mkdir()
    for schema in found((REPO / "schema").glob("*.json"), at_least=4):
        (tmp_path / "schema" / schema.name).write_bytes(schema.read_bytes())
    return tmp_path


def test_new_claim_writes_the_file_and_says_what_to_do_next(site):
    result = counterclaim(site, "new", "claim", "sky-is-green")
    assert result.returncode == 0
    assert result.stdout == (
        "wrote data/claims/sky-is-green.yaml\n"
        "next: fill in its empty fields, then run: counterclaim check data/claims/sky-is-green.yaml\n"
    )
    text = (site / "data" / "claims" / "sky-is-green.yaml").read_text(encoding="utf-8")
    assert text.split("\n")[0] == "# yaml-language-server: $schema=../../schema/claim.schema.json"
    assert "\nid: sky-is-green\n" in text


def test_new_claimant_writes_the_file_with_its_schema_line(site):
    result = counterclaim(site, "new", "claimant", "another-person")
    assert result.returncode == 0
    text = (site / "data" / "claimants" / "another-person.yaml").read_text(encoding="utf-8")
    assert text.split("\n")[0] == "# yaml-language-server: $schema=../../schema/claimant.schema.json"


@pytest.mark.parametrize(("kind", "folder"), [("claim", "claims"), ("claimant", "claimants")])
def test_every_field_of_the_starting_file_has_a_comment_above_it(site, kind, folder):
    counterclaim(site, "new", kind, "fresh")
    lines = (site / "data" / folder / "fresh.yaml").read_text(encoding="utf-8").split("\n")
    top_level = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+:", line)]
    assert top_level
    for i in top_level:
        assert lines[i - 1].startswith("#"), f"explain '{lines[i]}' in a comment on the line above it"


def test_the_unfilled_claim_fails_with_one_clear_message_at_each_blank(site):
    counterclaim(site, "new", "claim", "sky-is-green")
    path = site / "data" / "claims" / "sky-is-green.yaml"
    result = counterclaim(site, "check", "data/claims/sky-is-green.yaml", "--format", "json")
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert result.returncode == 1
    assert {d["code"] for d in diagnostics} <= {"empty-value", "empty-text"}, "no syntax error, only blanks"
    assert all(re.match(r"^'[a-z_]+' is empty$", d["message"]) for d in diagnostics)
    assert sorted(d["line"] for d in diagnostics) == blanks(path.read_text(encoding="utf-8"))


def test_the_unfilled_claimant_fails_at_its_two_blanks(site):
    counterclaim(site, "new", "claimant", "someone")
    result = counterclaim(site, "check", "data/claimants/someone.yaml")
    lines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert result.returncode == 1
    assert [line.split(": error: ")[1] for line in lines] == ["'name' is empty", "'kind' is empty"]


def test_the_claim_passes_once_its_blanks_are_filled(site):
    counterclaim(site, "new", "claim", "sky-is-green")
    path = site / "data" / "claims" / "sky-is-green.yaml"
    path.write_text(fill(path.read_text(encoding="utf-8"), CLAIM_ANSWERS), encoding="utf-8")
    result = load_dataset(site / "data", today=TODAY, root=site)
    assert [d.format() for d in result.diagnostics] == []
    claim = result.dataset.claims["sky-is-green"]
    assert list(claim.sources) == ["statement-source", "evidence-source"]
    assert counterclaim(site, "check", "--strict").returncode == 0


def test_the_claimant_passes_once_its_blanks_are_filled(site):
    counterclaim(site, "new", "claimant", "another-person")
    path = site / "data" / "claimants" / "another-person.yaml"
    path.write_text(fill(path.read_text(encoding="utf-8"), CLAIMANT_ANSWERS), encoding="utf-8")
    result = load_dataset(site / "data", today=TODAY, root=site)
    assert [d.format() for d in result.diagnostics] == []
    assert result.dataset.claimants["another-person"].kind == "person"


def test_the_commented_out_figure_in_the_template_is_valid_once_uncommented(site):
    counterclaim(site, "new", "claim", "sky-is-green")
    text = (site / "data" / "claims" / "sky-is-green.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("# figure:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("#   "))
    uncommented = "\n".join(line[2:] for line in lines[start:end]).replace("YYYY-MM-DD", "2026-01-05")
    doc, problems = parse_bytes(uncommented.encode(), "figure.yaml")
    assert problems == [] and doc is not None
    assert doc.data["figure"]["window"] == {"start": "2026-01-05", "end": "2026-01-05"}
    assert doc.data["figure"]["value"] == 400


def test_an_existing_file_is_never_overwritten(site):
    target = site / "data" / "claims" / "taken.yaml"
    target.write_text("id: taken\n", encoding="utf-8")
    result = counterclaim(site, "new", "claim", "taken")
    assert result.returncode == 1
    assert result.stderr == "counterclaim: data/claims/taken.yaml already exists; it was left as it was\n"
    assert target.read_text(encoding="utf-8") == "id: taken\n"


@pytest.mark.parametrize("bad", ["Sky_Is_Green", "sky--green", "sky-", "sky green", "ñandú", "x" * 81])
def test_an_id_that_is_not_lowercase_kebab_case_is_refused(site, bad):
    result = counterclaim(site, "new", "claim", bad)
    assert result.returncode == 2
    assert "cannot be used as an id: use lowercase letters a-z, digits and single hyphens" in result.stderr
    assert list((site / "data" / "claims").iterdir()) == []


def test_new_without_a_data_folder_exits_2(tmp_path):
    result = counterclaim(tmp_path, "new", "claim", "sky-is-green")
    assert result.returncode == 2
    assert "there is no data folder at data" in result.stderr


def test_new_uses_the_data_folder_named_in_mkdocs_yml(site):
    (site / "data").rename(site / "facts")
    (site / "mkdocs.yml").write_text("plugins:\n  - counterclaim:\n      data_dir: facts\n", encoding="utf-8")
    result = counterclaim(site, "new", "claimant", "someone")
    assert result.returncode == 0
    assert (site / "facts" / "claimants" / "someone.yaml").is_file()


def test_the_schema_line_points_at_the_schema_wherever_the_data_folder_is(tmp_path):
    write_data(tmp_path / "deep" / "site", claims={})
    result = counterclaim(tmp_path, "new", "claim", "x", "--data", "deep/site/data")
    assert result.returncode == 0
    first = (tmp_path / "deep" / "site" / "data" / "claims" / "x.yaml").read_text(encoding="utf-8").split("\n")[0]
    schema_ref = first.removeprefix("# yaml-language-server: $schema=")
    assert (tmp_path / "deep" / "site" / "data" / "claims" / schema_ref).resolve().is_file()
