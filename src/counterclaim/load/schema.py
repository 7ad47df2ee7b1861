"""Validation against the JSON Schema in ``schema/``, with messages a contributor can act on.

The schema is the single definition of the data format: the build, the checker and editors
(through the ``# yaml-language-server: $schema=...`` line) all read the same files. jsonschema
finds the problems; this module says them in plain words, at the key or value they concern.

Most files are valid, and jsonschema is slow (about 2 ms a claim), so a file is first checked
by a validator that fastjsonschema compiles from the same schema (about 0.1 ms); jsonschema
only runs to explain a file that fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from counterclaim.load.document import YamlDocument
from counterclaim.load.spelling import close_match
from counterclaim.model.diagnostics import Diagnostic, error

#: The kinds of data file, and the schema file each is checked against.
SCHEMA_FILES = {
    "claim": "claim.schema.json",
    "claimant": "claimant.schema.json",
    "ratings": "ratings.schema.json",
    "topics": "topics.schema.json",
}


#: Marks, embeddings, overrides and isolates: text may hold some (see yamldoc), addresses and ids none.
_DIRECTION = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def schema_dir() -> Path:
    """Where the schema files are: inside the installed package, or in a source checkout."""
    packaged = resources.files("counterclaim").joinpath("schema")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "schema"


@cache
def _validators() -> dict[str, Draft7Validator]:
    contents = _schema_contents()
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT7)) for name, schema in contents.items()
    )
    return {kind: Draft7Validator(contents[name], registry=registry) for kind, name in SCHEMA_FILES.items()}


def _schema_contents() -> dict[str, Any]:
    return {p.name: _ends_at_end(json.loads(p.read_text(encoding="utf-8"))) for p in schema_dir().glob("*.schema.json")}


#: An unescaped "$" in a pattern.
_DOLLAR = re.compile(r"(?<!\\)\$")


def _ends_at_end(node: Any) -> Any:
    """``node`` with each pattern's "$" written "\\Z".

    Schema patterns are JavaScript regular expressions, in which "$" matches only at the end
    of the text; in Python's it also matches before a final line break, so jsonschema took an
    id such as "weather\\n" (written `id: |`) for a valid one. fastjsonschema makes the same
    change, so the two validators agree.
    """
    if isinstance(node, dict):
        return {
            key: _DOLLAR.sub(r"\\Z", value) if key == "pattern" and isinstance(value, str) else _ends_at_end(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_ends_at_end(item) for item in node]
    return node


def _bundle(schema: Any, common: dict[str, Any]) -> Any:
    """``schema`` with references into common.schema.json made local, for fastjsonschema."""

    def local(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: value.replace("common.schema.json#", "#")
                if key == "$ref" and isinstance(value, str)
                else local(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [local(item) for item in node]
        return node

    bundled = local(schema)
    bundled["definitions"] = {**local(common["definitions"]), **bundled.get("definitions", {})}
    return bundled


@cache
def _fast_validators() -> dict[str, Callable[[Any], Any]]:
    contents = _schema_contents()
    common = contents["common.schema.json"]
    return {kind: fastjsonschema.compile(_bundle(contents[name], common)) for kind, name in SCHEMA_FILES.items()}


def validate(document: YamlDocument, kind: str) -> list[Diagnostic]:
    """Every way ``document`` breaks the schema for ``kind``, as diagnostics."""
    try:
        _fast_validators()[kind](document.data)
        return []
    except fastjsonschema.JsonSchemaException as exc:
        refused = exc  # explained below, by the validator whose errors carry paths and keywords
    validator = _validators()[kind]
    found: list[Diagnostic] = []
    for err in validator.iter_errors(document.data):
        found.extend(_explain(err, document, kind))
    if not found:
        # The two validators disagree: the file is still refused, never taken as valid.
        found.append(_unexplained(refused, document))
    return found


def _unexplained(exc: fastjsonschema.JsonSchemaException, doc: YamlDocument) -> Diagnostic:
    """fastjsonschema's own message, at the value it names."""
    path: list[str | int] = []
    value: Any = doc.data
    for part in [str(p) for p in getattr(exc, "path", None) or ["data"]][1:]:
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            path.append(int(part))
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            path.append(part)
            value = value[part]
        else:
            break
    line, column = doc.position(path)
    message = str(getattr(exc, "message", exc)).removeprefix("data.").removeprefix("data ")
    return error(doc.path, line, column, f"this does not fit the data format: {message}", code="schema")


# -- turning jsonschema's errors into plain words -------------------------------------------


def _field(path: Sequence[str | int]) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return _shown(part)  # a name written in the file, such as a language code or source key
    return "this entry"


def _shown(text: str) -> str:
    """``text`` as quoted in a message: on one line, and at most 40 characters long."""
    text = text if len(text) <= 40 else text[:37] + "..."
    return text.replace("\n", "\\n").replace("\t", "\\t")


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{'true' if value else 'false'}' (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = _shown(value)
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    return "a group of fields"


@cache
def _raw_contents() -> dict[str, Any]:
    return _schema_contents()


def _names_what(err: ValidationError, kind: str) -> str | None:
    """For a field that holds the id of something (``rating``, ``claimant``, ``stated_by``),
    the field's own description, which says what it names; else None.

    jsonschema gives the schema an error is about after following ``$ref``, where every id has
    the same title; the field's description is beside the ``$ref``, found here by walking the
    schema path again, following references on the way."""
    contents = _raw_contents()
    node: Any = contents[SCHEMA_FILES[kind]]
    parts = list(err.absolute_schema_path)[:-1]
    for part in parts:
        while isinstance(node, dict) and "$ref" in node and part not in node:
            node = _resolve(node["$ref"], contents)
        found = isinstance(node, dict) and part in node
        found = found or (isinstance(node, list) and isinstance(part, int) and part < len(node))
        if not found:
            return None
        node = node[part]
    if isinstance(node, dict) and str(node.get("$ref", "")).endswith("/definitions/id"):
        said = _first_sentence(node.get("description"))
        return said[0].lower() + said[1:].rstrip(".") if said else None
    return None


def _resolve(reference: str, contents: dict[str, Any]) -> Any:
    name, _, pointer = reference.partition("#")
    node: Any = contents.get(name) if name else None
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _title(schema: Any, fallback: str) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("title"), str):
        return str(schema["title"])
    return fallback


def _explain(err: ValidationError, doc: YamlDocument, kind_of_file: str) -> Iterator[Diagnostic]:
    path = list(err.absolute_path)
    field = _field(path)
    instance: Any = err.instance
    expected: Any = err.validator_value
    line, column = doc.position(path)
    kind = err.validator
    schema = err.schema if isinstance(err.schema, dict) else {}

    def at(message: str, hint: str | None = None, where: tuple[int, int] | None = None, code: str = "") -> Diagnostic:
        ln, col = where or (line, column)
        return error(doc.path, ln, col, message, hint=hint, code=code or f"schema-{kind}")

    if instance is None and kind in ("type", "enum", "oneOf", "anyOf"):
        # A field written with nothing after its colon: a blank still to be filled in.
        named = _names_what(err, kind_of_file)
        if kind == "enum":
            to_write = f"write one of: {', '.join(str(o) for o in expected)}"
        elif named is not None:
            # An id that names something else (a rating, a claimant): say what, not what ids look like.
            to_write = named
        else:
            to_write = f"it should be {_title(schema, _type_name(schema.get('type', 'string')))}"
        yield at(f"'{field}' is empty", to_write, code="empty-value")
    elif "propertyNames" in err.schema_path and isinstance(instance, str):
        # The error is about a key (a source label, a language code), not about a value.
        title = _title(schema, "a valid name")
        yield at(
            f"'{_shown(instance)}' cannot be used as a name here: it should be {title}",
            None,
            doc.key_position([*path, instance]),
            code="schema-propertyNames",
        )
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        what = _title(schema, "this group")
        for key in sorted(set(instance) - set(allowed)):
            suggestion = close_match(key, allowed)
            message = f"'{_shown(key)}' is not a field of {what}"
            if suggestion:
                message += f"; did you mean '{suggestion}'?"
            hint = None if suggestion else f"the fields allowed here are: {', '.join(allowed)}"
            yield at(message, hint, doc.key_position([*path, key]))
    elif kind == "required":
        if list(err.absolute_schema_path)[:1] == ["then"]:
            # What a fact-check written here needs (one imported from elsewhere needs less,
            # see the claim schema's "if"): said of the whole file, as any other field it needs.
            schema = _raw_contents()[SCHEMA_FILES[kind_of_file]]
        # Said at the group's own name (its key), where the missing field belongs.
        what = _title(schema, "this group")
        unknown = set(instance) - set(schema.get("properties", {})) if isinstance(instance, dict) else set()
        for name in expected:
            if isinstance(instance, dict) and name not in instance:
                if close_match(name, unknown):
                    continue  # a misspelling of it is reported, with 'did you mean'
                described = schema.get("properties", {}).get(name, {}).get("description")
                yield at(f"{what} needs a '{name}' field", _first_sentence(described), doc.key_position(path))
    elif kind == "type" and _wants_number(expected) and isinstance(instance, str):
        yield _explain_number_text(instance, field, at)
    elif kind == "type":
        yield at(f"'{field}' should be {_title(schema, _type_name(expected))}, not {_describe(instance)}")
    elif kind in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        yield at(f"'{field}' is empty", "write the text, or remove the field if it is optional", code="empty-text")
    elif kind == "pattern" and isinstance(instance, str) and _DIRECTION.search(instance):
        char = _DIRECTION.search(instance).group()  # type: ignore[union-attr]
        yield at(
            f"'{field}' contains an invisible character (U+{ord(char):04X}) that sets the direction of text, which"
            " an address or a name made for computers cannot hold",
            "delete it: it makes the text look like another that it is not; retype the value if you cannot find it",
            code="bidi-control",
        )
    elif kind == "pattern":
        title = _title(schema, f"text matching {expected}")
        yield at(f"'{field}' should be {title}; {_describe(instance)} is not")
    elif kind == "enum":
        options = [str(o) for o in expected]
        suggestion = close_match(str(instance), options)
        message = f"{_describe(instance)} is not allowed for '{field}'"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        yield at(message, f"use one of: {', '.join(options)}")
    elif kind == "maxLength":
        yield at(f"'{field}' is {len(instance)} characters long; it can be at most {expected}")
    elif kind in ("minItems", "minProperties"):
        yield at(
            f"'{field}' is empty", "add at least one entry, or remove the field if it is optional", code="empty-list"
        )
    elif kind == "uniqueItems":
        yield at(f"'{field}' lists the same entry more than once", "remove the repeated entry")
    elif kind == "minimum":
        yield at(f"'{field}' must be at least {expected}, not {instance}")
    elif kind in ("oneOf", "anyOf"):
        yield from _explain_alternatives(err, doc, at, field, kind_of_file)
    else:
        yield at(f"'{field}' is not valid here: {err.message}")


def _explain_alternatives(
    err: ValidationError, doc: YamlDocument, at: Callable[..., Diagnostic], field: str, kind_of_file: str
) -> Iterator[Diagnostic]:
    """Explain a failed choice (text or translations; a value or a range) by the branch meant."""
    branches: Any = err.validator_value
    if all(isinstance(b, dict) and set(b) <= {"required", "not"} for b in branches):
        # A choice between fields: 'value', or 'low' and 'high'; a 'title' or a 'description'.
        names = [[str(n) for n in b.get("required", [])] for b in branches]
        options = [" and ".join(f"'{n}'" for n in group) for group in names]
        what = _title(err.schema, "this entry")
        where = doc.key_position(list(err.absolute_path))
        written = set(err.instance) if isinstance(err.instance, dict) else set()
        if err.validator == "anyOf":
            yield at(f"{what} needs {' or '.join(options)}", None, where)
        elif sum(1 for group in names if written & set(group)) > 1:
            yield at(f"{what} needs either {', or '.join(options)}, not both", None, where)
        else:
            yield at(f"{what} needs either {', or '.join(options)}", None, where)
        return
    # A branch whose own type does not fit the value was not the one the contributor meant.
    by_branch: dict[Any, list[ValidationError]] = {}
    for sub in err.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    relevant = [
        sub
        for subs in by_branch.values()
        if not any(s.validator == "type" and len(s.relative_schema_path) == 2 for s in subs)
        for sub in subs
    ]
    if not relevant:
        instance: Any = err.instance
        yield at(f"'{field}' should be {_title(err.schema, 'something else')}, not {_describe(instance)}")
        return
    seen: set[tuple[int, int]] = set()
    for sub in relevant:
        for diagnostic in _explain(sub, doc, kind_of_file):
            # One explanation per position: minLength and pattern often say the same thing.
            if (diagnostic.line, diagnostic.column) not in seen:
                seen.add((diagnostic.line, diagnostic.column))
                yield diagnostic


_PLAIN_NUMBER = re.compile(r"^[-+]?[0-9]+(\.[0-9]+)?$")
_GROUPED_NUMBER = re.compile(r"^[-+]?[0-9]{1,3}([,. '_][0-9]{3})+$")


def _wants_number(expected: Any) -> bool:
    kinds = expected if isinstance(expected, list) else [expected]
    return "number" in kinds or "integer" in kinds


def _explain_number_text(text: str, field: str, at: Callable[..., Diagnostic]) -> Diagnostic:
    """A number written as text: in quotation marks, with a separator, or with words."""
    message = f"'{field}' should be a number, not {_describe(text)}"
    if _PLAIN_NUMBER.match(text.strip()):
        return at(message, "remove the quotation marks around the number")
    if _GROUPED_NUMBER.match(text.strip()):
        return at(message, f"write {re.sub(r'[^0-9+-]', '', text)}, without a thousands separator")
    return at(message, "write only the number here; words such as 'about' or 'more than' go in 'qualifier'")


def _type_name(value: Any) -> str:
    names = {
        "string": "text",
        "number": "a number",
        "integer": "a whole number",
        "object": "a group of fields",
        "array": "a list",
        "boolean": "true or false",
        "null": "empty",
    }
    kinds: Iterable[str] = value if isinstance(value, list) else [value]
    return " or ".join(names.get(k, k) for k in kinds)


def _first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
