"""Reading a data file's values whatever the schema said about them.

The checks run on a file whether or not it fits the schema, so that one run reports every
mistake: each takes only the values that have the shape it needs, and leaves the rest to the
schema's own messages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from counterclaim.load.document import ValuePath


def group(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def entries(data: Mapping[str, Any], name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The groups listed under ``name``, with their indexes."""
    listed = data.get(name)
    if isinstance(listed, list):
        for i, item in enumerate(listed):
            if isinstance(item, dict):
                yield i, item


def names(value: Any) -> Iterator[tuple[int, str]]:
    """The texts in a list, with their indexes."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item


def figure_data(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, Mapping[str, Any]]]:
    if isinstance(data.get("figure"), dict):
        yield ("figure",), data["figure"]
    for i, counter in entries(data, "counter_claims"):
        if isinstance(counter.get("figure"), dict):
            yield ("counter_claims", i, "figure"), counter["figure"]
    for i, fig in entries(data, "figures"):
        yield ("figures", i), fig


def markdown_fields(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str, bool]]:
    """Every Markdown text in a claim file, one per language, with its path and whether it is
    shown inline (a counter-claim's statement) rather than as paragraphs."""

    def versions(path: ValuePath, value: Any, inline: bool = False) -> Iterator[tuple[ValuePath, str, bool]]:
        if isinstance(value, str):
            yield path, value, inline
        elif isinstance(value, dict):
            for lang, text in value.items():
                if isinstance(text, str):
                    yield (*path, lang), text, inline

    yield from versions(("summary",), data.get("summary"))
    yield from versions(("analysis",), data.get("analysis"))
    for i, counter in entries(data, "counter_claims"):
        yield from versions(("counter_claims", i, "statement"), counter.get("statement"), inline=True)
    for i, correction in entries(data, "corrections"):
        yield from versions(("corrections", i, "text"), correction.get("text"))
