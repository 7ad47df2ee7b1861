"""`counterclaim check`, run as a real command in temporary folders: formats, exit codes, PATHs."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLAIM, CLAIMANT, TODAY, write_data


def _epoch(day: datetime.date) -> str:
    return str(int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp()))


def counterclaim(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command in ``cwd`` on conftest.TODAY, outside any GitHub step unless told."""
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    environment.update(SOURCE_DATE_EPOCH=_epoch(TODAY), PYTHONUTF8="1", **env)
    return subprocess.run(
        [sys.executable, "-m", "counterclaim.cli", *args], cwd=cwd, capture_output=True, text=True, env=environment
    )


def claim(claim_id: str, old: str = "", new: str = "") -> str:
    text = CLAIM.replace("id: sample-claim", f"id: {claim_id}")
    assert old in text
    return text.replace(old, new, 1)


BROKEN_RATING = ("rating: false-claim", "rating: fals-claim")
LONG_SHORT = ("short: Sample Person says the sky is green", "short: " + "x" * 80)


# -- exit codes -----------------------------------------------------------------------------


def test_clean_data_exits_0_and_says_so(tmp_path):
    write_data(tmp_path)
    result = counterclaim(tmp_path, "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "no problems found\n", "")


def test_an_error_exits_1_and_is_shown_at_its_place_with_its_hint(tmp_path):
    write_data(tmp_path, claims={"sample-claim": claim("sample-claim", *BROKEN_RATING)})
    result = counterclaim(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/claims/sample-claim.yaml:7:9: error: there is no rating 'fals-claim'; did you mean 'false-claim'?",
        "  hint: the ratings are listed in data/ratings.yaml: accurate, false-claim, unverifiable",
        "1 error in 1 file",
    ]


def test_warnings_alone_exit_0_but_exit_1_with_strict(tmp_path):
    write_data(tmp_path, claims={"sample-claim": claim("sample-claim", *LONG_SHORT)})
    relaxed = counterclaim(tmp_path, "check")
    strict = counterclaim(tmp_path, "check", "--strict")
    assert relaxed.returncode == 0
    assert "data/claims/sample-claim.yaml:4:8: warning: 'short' is 80 characters long" in relaxed.stdout
    assert strict.returncode == 1
    assert strict.stdout == relaxed.stdout


def test_an_unknown_option_exits_2(tmp_path):
    write_data(tmp_path)
    result = counterclaim(tmp_path, "check", "--colour")
    assert result.returncode == 2
    assert "unrecognized arguments: --colour" in result.stderr


def test_an_unknown_format_exits_2(tmp_path):
    write_data(tmp_path)
    assert counterclaim(tmp_path, "check", "--format", "xml").returncode == 2


def test_a_missing_path_exits_2_with_a_clear_message(tmp_path):
    write_data(tmp_path)
    result = counterclaim(tmp_path, "check", "data/claims/no-such-claim.yaml")
    assert result.returncode == 2
    assert result.stderr == "counterclaim: data/claims/no-such-claim.yaml: no such file or folder\n"
    assert result.stdout == ""


def test_a_path_outside_the_data_folder_exits_2(tmp_path):
    write_data(tmp_path)
    (tmp_path / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    result = counterclaim(tmp_path, "check", "notes.yaml")
    assert result.returncode == 2
    assert "notes.yaml is not in the data folder (data)" in result.stderr


def test_a_file_in_the_data_folder_that_is_not_a_data_file_exits_2(tmp_path):
    write_data(tmp_path)
    (tmp_path / "data" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    result = counterclaim(tmp_path, "check", "data/notes.yaml")
    assert result.returncode == 2
    assert "data/notes.yaml is not a data file" in result.stderr


def test_a_missing_data_folder_exits_2_and_says_where_it_looked(tmp_path):
    result = counterclaim(tmp_path, "check")
    assert result.returncode == 2
    assert (
        result.stderr
        == "counterclaim: there is no data folder at data: run this in the site's folder, or give --data\n"
    )


def test_an_unreadable_configuration_exits_2(tmp_path):
    write_data(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - counterclaim: {data_dir: [\n", encoding="utf-8")
    result = counterclaim(tmp_path, "check")
    assert result.returncode == 2
    assert result.stderr.startswith("counterclaim: cannot read mkdocs.yml: it is not valid YAML")


def test_a_configuration_file_that_does_not_exist_exits_2(tmp_path):
    write_data(tmp_path)
    result = counterclaim(tmp_path, "check", "--config", "site.yml")
    assert result.returncode == 2
    assert "cannot read site.yml" in result.stderr


# -- where the data is ----------------------------------------------------------------------

CONFIG = """\
site_name: A site
repo_url: !ENV [REPO_URL, "https://example.org/repo"]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - counterclaim:
      data_dir: !ENV [FACTS_DIR, facts]
      language: en
"""


def test_the_data_folder_is_read_from_mkdocs_yml_whatever_tags_it_uses(tmp_path):
    write_data(tmp_path / "facts-parent")
    (tmp_path / "facts-parent" / "data").rename(tmp_path / "facts")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "facts" / "claims" / "sample-claim.yaml").write_text(claim("sample-claim", *BROKEN_RATING))
    result = counterclaim(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.startswith("facts/claims/sample-claim.yaml:7:9: error: there is no rating")


def test_an_env_tag_in_mkdocs_yml_reads_the_variable(tmp_path):
    write_data(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = counterclaim(tmp_path, "check", FACTS_DIR="data")
    assert (result.returncode, result.stdout) == (0, "no problems found\n")


def test_data_on_the_command_line_wins_over_mkdocs_yml(tmp_path):
    write_data(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = counterclaim(tmp_path, "check", "--data", "data")
    assert (result.returncode, result.stdout) == (0, "no problems found\n")


def test_a_configuration_elsewhere_finds_its_data_beside_it(tmp_path):
    site = tmp_path / "site"
    write_data(site, claims={"sample-claim": claim("sample-claim", *BROKEN_RATING)})
    (site / "mkdocs.yml").write_text("plugins:\n  - counterclaim:\n      data_dir: data\n", encoding="utf-8")
    result = counterclaim(tmp_path, "check", "--config", "site/mkdocs.yml")
    assert result.returncode == 1
    assert result.stdout.startswith("site/data/claims/sample-claim.yaml:7:9: error:")


# -- checking some files --------------------------------------------------------------------


def test_with_a_path_only_that_file_is_reported(tmp_path):
    write_data(
        tmp_path,
        claims={"sample-claim": CLAIM, "broken": claim("broken", *BROKEN_RATING), "long": claim("long", *LONG_SHORT)},
    )
    everything = counterclaim(tmp_path, "check")
    one = counterclaim(tmp_path, "check", "data/claims/long.yaml")
    assert "data/claims/broken.yaml" in everything.stdout
    assert one.returncode == 0
    assert one.stdout.splitlines()[0].startswith("data/claims/long.yaml:4:8: warning:")
    assert "broken" not in one.stdout


def test_with_a_path_problems_in_the_registries_are_reported_too(tmp_path):
    write_data(tmp_path, claimants={"sample-person": CLAIMANT.replace("kind: person", "kind: persona")})
    result = counterclaim(tmp_path, "check", "data/claims/sample-claim.yaml")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("data/claimants/sample-person.yaml:3:7: error:")
    # The claim's reference to the claimant that could not be read is not reported as unknown.
    assert "there is no claimant" not in result.stdout
    assert "data/claimants/sample-person.yaml:3:7: note: 1 claim names the claimant 'sample-person'" in result.stdout


def test_a_folder_path_checks_the_files_in_it(tmp_path):
    write_data(tmp_path, claims={"broken": claim("broken", *BROKEN_RATING)})
    result = counterclaim(tmp_path, "check", "data/claims")
    assert result.returncode == 1
    assert "data/claims/broken.yaml:7:9: error:" in result.stdout


def test_a_related_claim_with_errors_still_exists_and_its_errors_stay_in_its_own_file(tmp_path):
    relating = claim("relating", "published: 2026-01-10", "published: 2026-01-10\nrelated: [broken]")
    broken = claim("broken", "statement: The sky is green.\n", "")
    write_data(tmp_path, claims={"relating": relating, "broken": broken})
    alone = counterclaim(tmp_path, "check", "data/claims/relating.yaml")
    assert (alone.returncode, alone.stdout) == (0, "no problems found\n")
    everything = counterclaim(tmp_path, "check")
    assert everything.stdout.splitlines()[0].startswith(
        "data/claims/broken.yaml:1:1: error: a claim needs a 'statement'"
    )
    assert "does not exist" not in everything.stdout


def _tangled(root: Path) -> None:
    """Claims that refer to each other, misspell each other and share ids."""
    write_data(
        root,
        claims={
            "alpha": claim("alpha", "published: 2026-01-10", "published: 2026-01-10\nrelated: [beta, gama]"),
            "beta": claim("beta", *BROKEN_RATING),
            "gamma": claim("gamma", "blue sky.[^almanac]", "blue sky.[^almanac] [see](claim:alpha)"),
            "zeta": claim("alpha", *LONG_SHORT),
            "broken": claim("broken", "said:\n", "said:\n\t"),
        },
        claimants={"sample-person": CLAIMANT, "other": CLAIMANT.replace("id: sample-person", "id: someone")},
    )


@pytest.mark.parametrize("name", ["alpha", "beta", "gamma", "zeta", "broken"])
def test_checking_one_file_reports_what_checking_everything_reports_for_it(tmp_path, name):
    _tangled(tmp_path)
    everything = json.loads(counterclaim(tmp_path, "check", "--format", "json").stdout)["diagnostics"]
    one = json.loads(counterclaim(tmp_path, "check", "--format", "json", f"data/claims/{name}.yaml").stdout)
    expected = [d for d in everything if d["path"] in (f"data/claims/{name}.yaml", "data/claimants/other.yaml")]
    assert one["diagnostics"] == expected
    assert expected, "each file in the tangle has at least one problem"


# -- formats --------------------------------------------------------------------------------


def test_json_format_is_one_document_with_every_diagnostic(tmp_path):
    write_data(
        tmp_path, claims={"sample-claim": claim("sample-claim", *BROKEN_RATING), "long": claim("long", *LONG_SHORT)}
    )
    result = counterclaim(tmp_path, "check", "--format", "json")
    document = json.loads(result.stdout)
    assert result.returncode == 1
    assert document["counts"] == {"errors": 1, "warnings": 1, "files": 2}
    assert [(d["path"], d["line"], d["column"], d["severity"], d["code"]) for d in document["diagnostics"]] == [
        ("data/claims/long.yaml", 4, 8, "warning", "short-too-long"),
        ("data/claims/sample-claim.yaml", 7, 9, "error", "unknown-rating"),
    ]


def _many_errors(root: Path, count: int) -> None:
    """``count`` claims, each with a mistake of its own (the same mistake in many is shown once)."""
    write_data(
        root, claims={f"c{i:02d}": claim(f"c{i:02d}", "rating: false-claim", f"rating: r{i:02d}") for i in range(count)}
    )


def test_github_format_annotates_ten_errors_logs_all_and_writes_every_one_to_the_step_summary(tmp_path):
    _many_errors(tmp_path, 12)
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier step\n", encoding="utf-8")
    result = counterclaim(tmp_path, "check", "--format", "github", GITHUB_STEP_SUMMARY=str(summary_file))
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert len([line for line in lines if line.startswith("::error file=")]) == 10
    assert len([line for line in lines if line.startswith("data/claims/c")]) == 12
    assert "::error file=data/claims/c00.yaml,line=7,col=9,title=unknown-rating::there is no rating" in result.stdout
    summary = summary_file.read_text(encoding="utf-8")
    assert summary.startswith("earlier step\n### counterclaim check\n")
    rows = [line for line in summary.splitlines() if line.startswith("| data/claims/")]
    assert len(rows) == 12
    assert rows[11].startswith("| data/claims/c11.yaml | 7 | 9 | error | there is no rating 'r11'")


def test_github_format_escapes_what_the_contributor_wrote(tmp_path):
    odd = claim("sample-claim", "rating: false-claim", "rating: false-claim\n'50%: a,b': x")
    write_data(tmp_path, claims={"sample-claim": odd})
    result = counterclaim(tmp_path, "check", "--format", "github")
    annotation = next(line for line in result.stdout.splitlines() if line.startswith("::error"))
    assert annotation == (
        "::error file=data/claims/sample-claim.yaml,line=8,col=1,title=schema-additionalProperties::"
        "'50%25: a,b' is not a field of a claim%0Ahint: the fields allowed here are: " + annotation.split("are: ")[1]
    )
    assert "%0A" in annotation and "\n" not in annotation


def test_without_github_format_no_step_summary_is_written(tmp_path):
    _many_errors(tmp_path, 1)
    summary_file = tmp_path / "summary.md"
    counterclaim(tmp_path, "check", GITHUB_STEP_SUMMARY=str(summary_file))
    assert not summary_file.exists()


def test_the_installed_command_is_the_same_program(tmp_path):
    write_data(tmp_path, claims={"sample-claim": claim("sample-claim", *BROKEN_RATING)})
    command = Path(sys.executable).parent / "counterclaim"
    result = subprocess.run(
        [str(command), "check", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["counts"]["errors"] == 1
