"""Rules about the repository's own files, written so that a failure says what to fix."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from conftest import REPO
from counterclaim.dataset import load_dataset
from counterclaim.i18n import load_catalogue
from counterclaim.schema import SCHEMA_FILES
from samples import found

SCHEMAS = sorted((REPO / "schema").glob("*.schema.json"))
LOCALES = REPO / "theme" / "locales"


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_each_schema_is_valid_draft_07(path: Path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


def _properties(node, trail=()):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield (*trail, name), sub
        for key, value in node.items():
            yield from _properties(value, (*trail, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _properties(item, (*trail, i))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_field_in_the_schema_is_documented(path: Path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    undocumented = ["/".join(map(str, trail)) for trail, sub in _properties(schema) if not sub.get("description")]
    assert not undocumented, f"add a 'description' to these fields in {path.name}: {undocumented}"


def test_every_kind_of_data_file_has_a_schema():
    for kind, name in SCHEMA_FILES.items():
        assert (REPO / "schema" / name).is_file(), f"{kind}: schema/{name} is missing"


def _expected_schema(path: Path) -> str:
    relative = path.relative_to(REPO / "data")
    if relative.parts[0] == "claims":
        return "../../schema/claim.schema.json"
    if relative.parts[0] == "claimants":
        return "../../schema/claimant.schema.json"
    return f"../schema/{path.stem}.schema.json"


@pytest.mark.parametrize("path", found((REPO / "data").rglob("*.yaml"), at_least=3), ids=lambda p: p.name)
def test_each_data_file_names_its_schema_on_its_first_line(path: Path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    expected = f"# yaml-language-server: $schema={_expected_schema(path)}"
    assert first == expected, f"{path.relative_to(REPO)} must start with the line: {expected}"
    assert (path.parent / _expected_schema(path)).resolve().is_file()


def test_the_example_data_has_no_errors():
    result = load_dataset(REPO / "data", root=REPO)
    errors = [d.format() for d in result.diagnostics if d.is_error]
    assert not errors, "\n".join(errors)
    assert len(result.dataset.claims) >= 6


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_has_the_same_strings_and_placeholders():
    languages = sorted(p.stem for p in LOCALES.glob("*.yaml"))
    assert {"en", "es"} <= set(languages)
    catalogues = {lang: load_catalogue(LOCALES, lang) for lang in languages}
    reference = catalogues["en"]
    for lang, catalogue in catalogues.items():
        missing = reference.names() - catalogue.names()
        extra = catalogue.names() - reference.names()
        assert not missing and not extra, f"{lang}.yaml: missing {sorted(missing)}, not in en.yaml {sorted(extra)}"
        for key in reference.names():
            assert _placeholders(catalogue.strings[key]) == _placeholders(reference.strings[key]), f"{lang}: {key}"
        assert len(catalogue.strings["months"].split()) == 12


def test_every_string_the_templates_use_is_in_the_catalogue():
    used: set[str] = set()
    for template in found((REPO / "theme").glob("*.html"), at_least=5):
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z_]*[a-z])['"]""", template.read_text(encoding="utf-8")))
    assert used
    missing = used - load_catalogue(LOCALES, "en").names()
    assert not missing, f"add these strings to theme/locales/*.yaml: {sorted(missing)}"
