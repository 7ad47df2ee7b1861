"""`counterclaim new site`: a site a newsroom can publish, made by counterclaim installed from its
wheel in a virtual environment of its own (not this checkout), and built there with its
packaged theme; the site's own overrides folder; the refusals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from counterclaim.cli import main
from counterclaim.cli.new_site import STARTER, theme_languages
from samples import REPO, build_site, found

#: What a clean environment installs: the locked packages, checked against their hashes.
BUILD_LOCK = REPO / "requirements" / "build.txt"


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A virtual environment with the locked packages and counterclaim's wheel (built from this
    checkout) and nothing else; its bin folder, and an environment for running it that does not
    see this checkout."""
    root = tmp_path_factory.mktemp("packaged")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(root / "wheel"), str(REPO)], root, env)
    wheel = found((root / "wheel").glob("counterclaim-*.whl"))[0]
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root, env)
    python = venv / "bin" / "python"
    target = ["--python", str(python), "install", "--no-deps"]
    _run([*pip, *target, "--require-hashes", "-r", str(BUILD_LOCK)], root, env)
    _run([*pip, *target, str(wheel)], root, env)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    yield venv / "bin", env


@pytest.fixture(scope="module")
def new_site(installed: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`counterclaim new site x --language ar --language en`, then `mkdocs build --strict` in it,
    both with the packaged counterclaim."""
    bin_dir, env = installed
    root = tmp_path_factory.mktemp("newsroom")
    made = _run([str(bin_dir / "counterclaim"), "new", "site", "x", "--language", "ar", "--language", "en"], root, env)
    assert "wrote a new site in x" in made.stdout
    site = root / "x"
    _run([str(bin_dir / "mkdocs"), "build", "--strict"], site, env)
    return site


def test_the_wheel_carries_the_theme_its_strings_and_the_schema(installed):
    bin_dir, env = installed
    shown = _run(
        [
            str(bin_dir / "python"),
            "-c",
            "import counterclaim, mkdocs.utils as u;"
            " print(counterclaim.__file__); print(u.get_theme_dir('counterclaim'))",
        ],
        bin_dir,
        env,
    ).stdout.split()
    package = Path(shown[0]).parent
    assert package.is_relative_to(bin_dir.parent), "counterclaim came from this checkout, not the wheel"
    theme = Path(shown[1])
    assert theme == package / "theme"
    assert {p.stem for p in (theme / "locales").glob("*.yaml")} >= {"ar", "en", "es", "fr", "pt"}
    assert (theme / "mkdocs_theme.yml").is_file() and (theme / "claim.html").is_file()
    found((package / "schema").glob("*.schema.json"), at_least=4)
    assert (package / "cli" / "starter" / "github" / "workflows" / "publish.yml").is_file()


def test_a_new_site_in_arabic_and_english_builds_strictly_from_the_wheel(new_site):
    pages = found((new_site / "site").rglob("*.html"), at_least=20)
    english = [p for p in pages if p.relative_to(new_site / "site").parts[0] == "en"]
    arabic = [p for p in pages if p not in english]
    assert len(english) >= 10 and len(arabic) >= 10
    for page in arabic:
        assert '<html lang="ar" dir="rtl">' in page.read_text(encoding="utf-8"), page
    for page in english:
        assert '<html lang="en" dir="ltr">' in page.read_text(encoding="utf-8"), page
    claim = (new_site / "site" / "claims" / "example-claim" / "index.html").read_text(encoding="utf-8")
    assert "ادعاء تجريبي" in claim and "ClaimReview" in claim
    assert "An example claim" in (new_site / "site" / "en" / "claims" / "example-claim" / "index.html").read_text(
        encoding="utf-8"
    )
    # The transparency pages, in both languages.
    for name in ("about", "methodology", "corrections-policy"):
        assert (new_site / "site" / name / "index.html").is_file()
        assert (new_site / "site" / "en" / name / "index.html").is_file()


def test_a_new_site_checks_clean_as_written(new_site, installed):
    bin_dir, env = installed
    result = _run([str(bin_dir / "counterclaim"), "check", "--strict"], new_site, env)
    assert result.stdout.strip() == "no problems found"


def test_a_new_site_has_what_a_newsroom_needs_to_publish_on_github(new_site):
    for name in (
        "mkdocs.yml",
        "README.md",
        "CONTRIBUTING.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/ISSUE_TEMPLATE/suggest-a-claim.yml",
        ".github/ISSUE_TEMPLATE/report-an-error.yml",
        "overrides/README.md",
        "data/ratings.yaml",
        "data/topics.yaml",
        "data/claimants/example-claimant.yaml",
        "data/claims/example-claim.yaml",
    ):
        assert (new_site / name).is_file(), name
    assert (new_site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        f"counterclaim=={metadata.version('counterclaim')}"
    )
    config = (new_site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  name: counterclaim\n  custom_dir: overrides\n" in config
    assert "      language: ar\n      extra_languages: [en]\n" in config
    workflows = {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (new_site / ".github/workflows").iterdir()
    }
    assert set(workflows) == {"check.yml", "publish.yml"}
    assert set(workflows["check.yml"][True]) == {"pull_request", "workflow_dispatch"}  # `on:` reads as True
    assert workflows["publish.yml"][True]["push"] == {"branches": ["main"]}
    steps = [s for w in workflows.values() for job in w["jobs"].values() for s in job["steps"]]
    actions = [s["uses"] for s in steps if "uses" in s]
    assert len(actions) >= 5
    for action in actions:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a commit"
    runs = " ".join(s.get("run", "") for s in steps)
    assert "counterclaim check --format github" in runs and "mkdocs build --strict" in runs


def test_the_starters_issue_forms_are_this_repositorys():
    # The pages link to the forms by file name and to their fields by id: one copy must not drift.
    forms = found((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"), at_least=3)
    for form in forms:
        assert (STARTER / "github" / "ISSUE_TEMPLATE" / form.name).read_bytes() == form.read_bytes(), form.name


def test_every_language_of_the_starter_has_every_word_and_page():
    def keys(node: object, prefix: str = "") -> set[str]:
        if isinstance(node, dict):
            return {k for key, value in node.items() for k in keys(value, f"{prefix}{key}.")}
        return {prefix}

    english = keys(yaml.safe_load((STARTER / "texts" / "en.yaml").read_text(encoding="utf-8")))
    pages = {p.name for p in found((STARTER / "content" / "en").glob("*.md"), at_least=4)}
    for language in found(theme_languages(), at_least=5):
        texts = yaml.safe_load((STARTER / "texts" / f"{language}.yaml").read_text(encoding="utf-8"))
        assert keys(texts) == english, language
        assert {p.name for p in (STARTER / "content" / language).glob("*.md")} == pages, language


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", "site", str(tmp_path), "--language", "en"]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_language_without_interface_strings_is_refused_in_plain_words(tmp_path, capsys):
    assert main(["new", "site", str(tmp_path / "x"), "--language", "en", "--language", "sw"]) == 2
    error = capsys.readouterr().err
    assert "no interface strings for the language 'sw'" in error
    assert "the languages it has are: ar, en, es, fr, pt" in error
    assert not (tmp_path / "x").exists()


@pytest.fixture
def english_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new site in English, made by this checkout's counterclaim, as the current folder."""
    assert main(["new", "site", str(tmp_path / "site")]) == 0
    monkeypatch.chdir(tmp_path / "site")
    return tmp_path / "site"


def test_check_refuses_a_language_without_strings_at_its_line_of_mkdocs_yml(english_site, capsys):
    config = english_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("extra_languages: []", "extra_languages: [es, sw]")
    config.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["check"]) == 1
    output = capsys.readouterr().out
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "extra_languages" in row)
    column = text.splitlines()[line - 1].index("sw") + 1
    assert output.startswith(
        f"mkdocs.yml:{line}:{column}: error: the theme has no interface strings for the language 'sw'"
        " (overrides/locales/sw.yaml), so the site cannot be built in it\n"
    )
    assert "to overrides/locales/sw.yaml, set its 'locale'" in output


def test_the_sites_overrides_folder_changes_strings_and_the_stylesheet(english_site):
    overrides = english_site / "overrides"
    # Only the string the site rewords: the rest still come from the theme.
    (overrides / "locales").mkdir()
    (overrides / "locales" / "en.yaml").write_text("latest_checks: Our newest checks\n", encoding="utf-8")
    (overrides / "assets").mkdir()
    (overrides / "assets" / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    site = build_site(english_site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert ">Our newest checks<" in home
    assert "All fact-checks" in home  # a string the site left to the theme
    assert "rebeccapurple" in (site / "assets" / "style.css").read_text(encoding="utf-8")
    assert not (site / "README.md").exists() and not (site / "locales").exists()


def test_a_language_a_site_adds_must_hold_every_string_and_is_told_where_one_is_missing(tmp_path):
    from counterclaim.load.site_config import THEME_DIR
    from counterclaim.render.i18n import CatalogueError, load_catalogue

    own = tmp_path / "overrides" / "locales"
    own.mkdir(parents=True)
    english = (THEME_DIR / "locales" / "en.yaml").read_text(encoding="utf-8")
    # Swahili as a copy of English (untranslated here: only its completeness is tested).
    (own / "sw.yaml").write_text(english.replace("locale: en_GB", "locale: sw"), encoding="utf-8")
    catalogue = load_catalogue([own, THEME_DIR / "locales"], "sw")
    assert catalogue.t("latest_checks") == "Latest fact-checks"
    (own / "sw.yaml").write_text(
        "\n".join(
            row for row in english.replace("locale: en_GB", "locale: sw").splitlines() if "latest_checks" not in row
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match=r"overrides/locales/sw\.yaml: the string 'latest_checks' is missing"):
        load_catalogue([own, THEME_DIR / "locales"], "sw")


def test_without_an_overrides_folder_check_says_where_a_new_language_goes(tmp_path, monkeypatch, capsys):
    assert main(["new", "site", str(tmp_path / "site")]) == 0
    monkeypatch.chdir(tmp_path / "site")
    config = tmp_path / "site" / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  custom_dir: overrides\n", "")
    config.write_text(text.replace("      language: en\n", "      language: sw\n"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check"]) == 1
    output = capsys.readouterr().out
    assert "error: the theme has no interface strings for the language 'sw' (overrides/locales/sw.yaml)" in output
    assert "to overrides/locales/sw.yaml (and set custom_dir: overrides under theme in mkdocs.yml)" in output
