"""The lock files (requirements/*.txt) agree with pyproject.toml and with each other.

The README's commands install exactly what the locks list, so a dependency added to
pyproject.toml without `python3 scripts/lock.py` would be missing from every fresh clone.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

LOCKS = REPO / "requirements"
#: Each lock and the extras of pyproject.toml it holds besides counterclaim's own dependencies.
EXTRAS = {"build": [], "test": ["test"], "validate": ["test", "validate"]}
_ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^ \\;]+)(?P<rest>[^\n]*)", re.MULTILINE)


def _entries(name: str) -> list[re.Match[str]]:
    found = list(_ENTRY.finditer((LOCKS / f"{name}.txt").read_text(encoding="utf-8")))
    assert found, f"requirements/{name}.txt lists no packages"
    return found


def _pins(name: str) -> dict[str, set[str]]:
    """Each locked package's versions: more than one where they differ by Python version."""
    pins: dict[str, set[str]] = {}
    for entry in _entries(name):
        pins.setdefault(canonicalize_name(entry["name"]), set()).add(entry["version"])
    return pins


def _project() -> dict[str, object]:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", EXTRAS)
def test_every_dependency_pyproject_asks_for_is_locked_at_a_version_it_allows(name: str):
    project = _project()["project"]
    assert isinstance(project, dict)
    wanted = [Requirement(text) for text in project["dependencies"]]
    for extra in EXTRAS[name]:
        wanted += [Requirement(text) for text in project["optional-dependencies"][extra]]
    pins = _pins(name)
    for requirement in wanted:
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in requirements/{name}.txt: run python3 scripts/lock.py"
        for version in versions:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements/{name}.txt has {requirement.name}=={version}, which pyproject.toml's"
                f" '{requirement}' does not allow: run python3 scripts/lock.py"
            )


def test_the_build_backend_is_locked_for_installing_in_place():
    requires = _project()["build-system"]
    assert isinstance(requires, dict)
    pins = _pins("build")
    for text in [*requires["requires"], "editables"]:
        assert canonicalize_name(Requirement(text).name) in pins


@pytest.mark.parametrize(("smaller", "larger"), [("build", "test"), ("test", "validate")])
def test_each_lock_holds_the_smaller_one_at_the_same_versions(smaller: str, larger: str):
    small, large = _pins(smaller), _pins(larger)
    differing = {name: (version, large.get(name)) for name, version in small.items() if large.get(name) != version}
    assert not differing, f"requirements/{smaller}.txt and {larger}.txt disagree: {differing}"


@pytest.mark.parametrize("name", EXTRAS)
def test_every_locked_package_has_a_hash(name: str):
    text = (LOCKS / f"{name}.txt").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    checked = 0
    for entry in entries:
        if _ENTRY.match(entry):
            checked += 1
            assert "--hash=sha256:" in entry, f"requirements/{name}.txt: {entry.splitlines()[0]} has no hash"
    assert checked == len(_entries(name))


@pytest.mark.parametrize("name", EXTRAS)
def test_a_lock_names_its_inputs_as_they_are_in_the_repository_not_as_temporary_files(name: str):
    """Locking again without a change must change nothing, so a review shows only real changes."""
    text = (LOCKS / f"{name}.txt").read_text(encoding="utf-8")
    inputs = set(
        re.findall(
            r"^ {4}# (?:via | {2})(-[rc] \S+|pyproject\.toml \(build-system\)|\S*/tmp\S*)$", text, flags=re.MULTILINE
        )
    )
    assert inputs, f"requirements/{name}.txt says nothing of what it was made from"
    assert inputs <= {"pyproject.toml (build-system)", *(f"-c requirements/{other}.txt" for other in EXTRAS)}, inputs
