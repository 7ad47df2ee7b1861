"""The layout holds: each step imports only the steps before it (model, load, check, render,
publish), the build alone runs them and keeps the cache, the workers, pickling and staging, and
the MkDocs adapter and the command line sit on top. The rules are import-linter contracts in
pyproject.toml; these tests run import-linter on the package, and on a copy that breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import counterclaim

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(counterclaim.__file__).resolve().parent
LINT = str(Path(sys.executable).parent / "lint-imports")
#: One folder per step: a newcomer should find each in the tree.
STEPS = ("model", "load", "check", "render", "publish", "build", "mkdocs_plugin", "cli", "links", "importer")


def lint(package_parent: Path | None = None) -> subprocess.CompletedProcess[str]:
    """import-linter's verdict on the contracts in pyproject.toml, for the package found first in
    ``package_parent`` (else the installed one)."""
    environment = dict(os.environ)
    if package_parent is not None:
        environment["PYTHONPATH"] = str(package_parent)
    return subprocess.run([LINT, "--no-cache"], cwd=ROOT, env=environment, capture_output=True, text=True, check=False)


def test_every_module_belongs_to_a_step_and_the_steps_keep_their_layers():
    modules = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")]
    assert len(modules) > 40
    loose = [str(m) for m in modules if len(m.parts) == 1 and m.name != "__init__.py"]
    assert loose == [], "a module outside the steps' packages"
    # theme/ is not a step but the theme's files: MkDocs finds its folder through a module (an
    # entry point names it) that holds no code.
    assert [str(m) for m in modules if m.parts[0] == "theme"] == ["theme/__init__.py"]
    assert "import" not in (PACKAGE / "theme" / "__init__.py").read_text(encoding="utf-8")
    assert {m.parts[0] for m in modules if len(m.parts) > 1} == {*STEPS, "theme"}
    result = lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_a_core_module_that_pickles_or_reaches_a_later_step_or_mkdocs_breaks_the_contracts(tmp_path: Path):
    shutil.copytree(PACKAGE, tmp_path / "counterclaim", ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / "counterclaim" / "render" / "views.py").open("a", encoding="utf-8") as views:
        views.write("\nimport pickle  # a speed mechanism in the core\n")
    with (tmp_path / "counterclaim" / "check" / "claims.py").open("a", encoding="utf-8") as claims:
        claims.write("\nfrom counterclaim.publish import feeds  # a later step\n")
    with (tmp_path / "counterclaim" / "model" / "claims.py").open("a", encoding="utf-8") as model:
        model.write("\nfrom counterclaim.build import cache  # the build, from the model\n")
    with (tmp_path / "counterclaim" / "build" / "pages.py").open("a", encoding="utf-8") as pages:
        pages.write("\nimport mkdocs.commands.build  # MkDocs, outside the adapter\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    report = result.stdout
    assert "0 kept, 3 broken" in report
    assert "counterclaim.render.views -> pickle" in report
    assert "counterclaim.check.claims -> counterclaim.publish.feeds" in report
    assert "counterclaim.model.claims -> counterclaim.build.cache" in report
    assert "counterclaim.build.pages -> mkdocs (l." in report
