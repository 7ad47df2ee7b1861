"""Rules about the files GitHub and pre-commit read: workflows, issue forms and hooks.

Workflows and issue forms are validated against GitHub's schemas with the real check-jsonschema,
which carries those schemas and works offline.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from samples import found

GITHUB = REPO / ".github"
WORKFLOWS = found((GITHUB / "workflows").glob("*.yml"), at_least=2)
ISSUE_TEMPLATES = GITHUB / "ISSUE_TEMPLATE"
#: The site's pages link to /issues/new?template=<name>, so these names are part of its addresses.
ISSUE_FORMS = [ISSUE_TEMPLATES / "suggest-a-claim.yml", ISSUE_TEMPLATES / "report-an-error.yml"]
HOOKS = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT_CONFIG = REPO / ".pre-commit-config.yaml"


def _check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    """Run check-jsonschema, installed next to this Python, with one of its built-in schemas."""
    command = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail("check-jsonschema is missing: install the test extras (python3 scripts/test.py does)")
    return subprocess.run(
        [command, "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _counterclaim_hook() -> dict[str, Any]:
    hooks = {hook["id"]: hook for hook in _load(HOOKS)}
    assert "counterclaim-check" in hooks, f"{HOOKS.name} must declare the hook 'counterclaim-check'"
    return hooks["counterclaim-check"]


# -- workflows ------------------------------------------------------------------------------


def test_there_are_workflows():
    names = {path.name for path in WORKFLOWS}
    assert {"check.yml", "publish.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_each_workflow_is_valid_for_github(path: Path):
    result = _check_jsonschema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_each_job_has_a_timeout(path: Path):
    result = _check_jsonschema("custom.github-workflows-require-timeout", path)
    assert result.returncode == 0, f"give every job a timeout-minutes\n{result.stdout}{result.stderr}"


def test_a_job_without_runs_on_fails_validation(tmp_path: Path):
    text = (GITHUB / "workflows" / "check.yml").read_text(encoding="utf-8")
    line = "    runs-on: ubuntu-latest\n"
    assert line in text
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace(line, "", 1), encoding="utf-8")
    result = _check_jsonschema("vendor.github-workflows", broken)
    assert result.returncode != 0
    assert "'runs-on' is a required property" in result.stdout


_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^\s#]+)(?P<rest>.*)$", re.MULTILINE)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_release_named(path: Path):
    uses = list(_USES.finditer(path.read_text(encoding="utf-8")))
    assert uses
    for match in uses:
        action, rest = match["action"], match["rest"]
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), (
            f"{path.name}: pin {name} to a full commit SHA, not '{ref}' (a tag can be moved)"
        )
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", rest), (
            f"{path.name}: name the release of {name} after its SHA, as in '@<sha> # v1.2.3'"
        )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_each_workflow_only_reads_unless_a_job_asks_for_more(path: Path):
    workflow = _load(path)
    assert workflow["permissions"] == {"contents": "read"}, f"{path.name}: set `permissions: contents: read`"


def test_only_the_pages_deployment_can_write():
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            writes = {scope for scope, level in job.get("permissions", {}).items() if level == "write"}
            if writes:
                deploys = any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job["steps"])
                assert deploys, f"{path.name}: job '{name}' asks to write {sorted(writes)} but does not deploy"
                assert writes == {"pages", "id-token"}
                assert job["environment"]["name"] == "github-pages"


# -- issue forms ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ISSUE_FORMS, ids=lambda p: p.name)
def test_each_issue_form_the_site_links_to_exists(path: Path):
    assert path.is_file(), f"the site links to ?template={path.name}: keep that file name"


def test_the_error_form_has_the_field_each_page_fills_in():
    # A page's "Report an error" link ends in &page=<its address>; GitHub puts that in the field
    # whose id is "page".
    form = _load(ISSUE_TEMPLATES / "report-an-error.yml")
    fields = {item.get("id"): item for item in form["body"]}
    assert fields["page"]["type"] == "input"


def test_the_issue_forms_are_valid_for_github():
    forms = sorted(ISSUE_TEMPLATES.glob("*.yml"))
    forms.remove(ISSUE_TEMPLATES / "config.yml")
    assert len(forms) >= len(ISSUE_FORMS)
    result = _check_jsonschema("vendor.github-issue-forms", *forms)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_issue_template_chooser_is_valid_for_github():
    result = _check_jsonschema("vendor.github-issue-config", ISSUE_TEMPLATES / "config.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_issue_form_without_a_name_fails_validation(tmp_path: Path):
    text = ISSUE_FORMS[0].read_text(encoding="utf-8")
    line = "name: Suggest a claim to check\n"
    assert text.startswith(line)
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace(line, "", 1), encoding="utf-8")
    result = _check_jsonschema("vendor.github-issue-forms", broken)
    assert result.returncode != 0
    assert "'name' is a required property" in result.stdout


# -- pre-commit -----------------------------------------------------------------------------


def test_every_hook_offered_to_other_repositories_has_the_required_keys():
    hooks = _load(HOOKS)
    assert isinstance(hooks, list) and hooks, f"{HOOKS.name} must be a list of hooks"
    for hook in hooks:
        missing = {"id", "name", "entry", "language"} - hook.keys()
        assert not missing, f"{HOOKS.name}: hook {hook.get('id')} lacks {sorted(missing)}"


def test_the_hook_runs_the_checker_that_the_package_installs():
    hook = _counterclaim_hook()
    assert hook["entry"] == "counterclaim check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert "counterclaim" in scripts


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("data/claims/government-808-released.yaml", True),
        ("data/claimants/foro-penal.yaml", True),
        ("data/ratings.yaml", True),
        ("data/topics.yml", True),
        ("mkdocs.yml", False),
        ("theme/locales/en.yaml", False),
        ("schema/claim.schema.json", False),
        ("content/index.md", False),
    ],
)
def test_the_hook_runs_on_data_files_only(path: str, checked: bool):
    # pre-commit matches `files` with re.search against the path from the repository root.
    assert bool(re.search(_counterclaim_hook()["files"], path)) is checked


def test_this_repository_runs_the_same_check_before_each_commit():
    config = _load(PRE_COMMIT_CONFIG)
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "counterclaim-check"} <= hooks.keys()
    assert hooks["counterclaim-check"]["files"] == _counterclaim_hook()["files"]
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert repo.get("rev"), f"{PRE_COMMIT_CONFIG.name}: pin {repo['repo']} with `rev`"


# -- the build cache in CI --------------------------------------------------------------------


def _steps_using(action: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path.name, name, step)
        for path in WORKFLOWS
        for name, job in _load(path)["jobs"].items()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith(action)
    ]


def test_only_main_s_publication_saves_the_build_cache_and_signs_it_with_the_secret():
    saves = _steps_using("actions/cache/save@") + _steps_using("actions/cache@")
    assert [(workflow, job) for workflow, job, _ in saves] == [("publish.yml", "build")]
    publish = _load(GITHUB / "workflows" / "publish.yml")
    triggers = publish[True]  # PyYAML reads the key `on` as true
    assert set(triggers) <= {"push", "workflow_dispatch"} and triggers["push"]["branches"] == ["main"]
    assert saves[0][2]["if"] == "github.ref == 'refs/heads/main'"
    steps = publish["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("run") == "python3 scripts/build.py")
    assert build["env"]["COUNTERCLAIM_CACHE_KEY"] == "${{ secrets.COUNTERCLAIM_CACHE_KEY }}"
    restore = next(step for step in steps if step.get("uses", "").startswith("actions/cache/restore@"))
    assert steps.index(restore) < steps.index(build) < steps.index(saves[0][2])


def test_no_workflow_a_pull_request_runs_gets_the_cache_secret():
    for path in WORKFLOWS:
        triggers = _load(path)[True]  # PyYAML reads the key `on` as true
        if "pull_request" in triggers or "pull_request_target" in triggers:
            assert "COUNTERCLAIM_CACHE_KEY" not in path.read_text(encoding="utf-8"), path.name
