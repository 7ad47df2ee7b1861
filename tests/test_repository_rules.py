"""Rules about the repository's own files, written so that a failure says what to fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from conftest import REPO
from counterclaim.build.loading import load_dataset
from counterclaim.load.schema import SCHEMA_FILES
from counterclaim.render.i18n import CatalogueError, catalogue_problems, load_catalogue
from samples import THEME, found

SCHEMAS = sorted((REPO / "schema").glob("*.schema.json"))
LOCALES = THEME / "locales"


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


def test_every_catalogue_has_every_string_no_other_and_the_same_placeholders():
    languages = sorted(p.stem for p in LOCALES.glob("*.yaml"))
    assert {"en", "es", "ar", "pt", "fr"} <= set(languages)
    reference = load_catalogue(LOCALES, "en")
    assert len(reference.names()) > 100
    for lang in languages:
        # Compared with en.yaml: every string, none unknown, the same placeholders; every plural
        # form the language's counts take (load_catalogue refuses a catalogue that differs).
        catalogue = load_catalogue(LOCALES, lang)
        assert catalogue_problems(catalogue, reference) == [], lang
        assert catalogue.names() == reference.names()


def test_a_catalogue_that_differs_from_english_is_refused_with_what_to_fix(tmp_path: Path):
    for lang in ("en", "ar"):
        (tmp_path / f"{lang}.yaml").write_text((LOCALES / f"{lang}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "ar.yaml").read_text(encoding="utf-8")
    text = text.replace("skip_to_content:", "skip_to_contents:").replace(
        '"الصفحة {number} من {count}"', '"الصفحة {page}"'
    )
    text = text.replace('  two: "وجدنا تحققين"\n', "")
    (tmp_path / "ar.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(tmp_path, "ar")
    message = str(raised.value)
    assert "'search_count' needs these plural forms too: two" in message
    assert "the string 'skip_to_content' is missing" in message
    assert "'skip_to_contents' is not a string the theme uses" in message
    assert "'page_of' (other) must use the placeholders {count}, {number}" in message
    assert f"{tmp_path / 'ar.yaml'}:" in message  # each at its line


def test_arabic_strings_that_count_have_its_six_plural_forms():
    arabic = load_catalogue(LOCALES, "ar")
    counted = [key for key, entry in arabic.strings.items() if isinstance(entry, dict)]
    assert len(counted) >= 6
    for key in counted:
        assert set(arabic.plural_forms(key)) == {"zero", "one", "two", "few", "many", "other"}, key
    # CLDR's rules pick the form: 0, 1, 2, 3 to 10, 11 to 99, and 100 to 102.
    found = [arabic.t("search_count", count=n) for n in (0, 1, 2, 7, 13, 101)]
    assert found == [
        "لم نجد أي تحقق",
        "وجدنا تحققًا واحدًا",
        "وجدنا تحققين",
        "وجدنا 7 تحققات",
        "وجدنا 13 تحققًا",
        "وجدنا 101 تحقق",
    ]


def test_no_catalogue_types_month_names_date_patterns_or_number_formats():
    months = {"January", "enero", "janvier", "janeiro", "يناير"}
    for path in found(LOCALES.glob("*.yaml"), at_least=5):
        text = path.read_text(encoding="utf-8")
        assert not months & set(re.findall(r"\w+", text)), path.name
        assert not re.search(r"^(months|date_(day|month|year)|number_\w+|language_\w+|og_locale):", text, re.M), (
            path.name
        )


def test_every_string_the_templates_use_is_in_the_catalogue():
    used: set[str] = set()
    for template in found(THEME.glob("*.html"), at_least=5):
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z_]*[a-z])['"]""", template.read_text(encoding="utf-8")))
    assert used
    missing = used - load_catalogue(LOCALES, "en").names()
    assert not missing, f"add these strings to theme/locales/*.yaml: {sorted(missing)}"
