"""Dates in a claim file that do not exist, lie in the future, or come in the wrong order."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from counterclaim.check.fields import entries, group
from counterclaim.load.document import ValuePath, YamlDocument
from counterclaim.model.dates import PartialDate
from counterclaim.model.diagnostics import Diagnostic, error

_SOURCE_DATES = ("published", "accessed", "archive_date")


def date_fields(data: Mapping[str, Any]) -> Iterator[tuple[ValuePath, str]]:
    """Every date written in a claim file, with its path."""

    def figure(path: ValuePath, fig: Any) -> Iterator[tuple[ValuePath, str]]:
        if not isinstance(fig, dict):
            return
        if isinstance(fig.get("as_of"), str):
            yield (*path, "as_of"), fig["as_of"]
        window = fig.get("window")
        if isinstance(window, dict):
            for end in ("start", "end"):
                if isinstance(window.get(end), str):
                    yield (*path, "window", end), window[end]

    def said(path: ValuePath, value: Any) -> Iterator[tuple[ValuePath, str]]:
        if isinstance(value, dict) and isinstance(value.get("date"), str):
            yield (*path, "date"), value["date"]

    if not isinstance(data, dict):
        return
    for name in ("published", "updated"):
        if isinstance(data.get(name), str):
            yield (name,), data[name]
    yield from said(("said",), data.get("said"))
    for i, _ in entries(data, "appearances"):
        yield from said(("appearances", i), data["appearances"][i])
    imported = group(data.get("imported"))
    for name in ("published", "modified"):
        if isinstance(imported.get(name), str):
            yield ("imported", name), imported[name]
    yield from figure(("figure",), data.get("figure"))
    for i, counter in entries(data, "counter_claims"):
        yield from said(("counter_claims", i, "said"), counter.get("said"))
        yield from figure(("counter_claims", i, "figure"), counter.get("figure"))
    for i, fig in entries(data, "figures"):
        yield from figure(("figures", i), fig)
    for i, correction in entries(data, "corrections"):
        if isinstance(correction.get("date"), str):
            yield ("corrections", i, "date"), correction["date"]
    for key, source in group(data.get("sources")).items():
        if isinstance(source, dict):
            for name in _SOURCE_DATES:
                if isinstance(source.get(name), str):
                    yield ("sources", key, name), source[name]


#: The dates of a file that are real and not in the future, by path.
Dates = dict[ValuePath, PartialDate]


def check_dates(doc: YamlDocument, today: datetime.date) -> tuple[list[Diagnostic], Dates]:
    """Dates that do not exist, or that lie after the build date; and the dates that are good,
    for the checks of their order (a date that is wrong is reported once, here, and is not
    compared with others)."""
    found = []
    good: Dates = {}
    for path, text in date_fields(doc.data):
        try:
            date = PartialDate.parse(text)
        except ValueError as exc:
            message = f"'{path[-1]}' is {text}, which is not a real date: {exc}"
            found.append(error(doc.path, *doc.position(path), message, code="bad-date"))
            continue
        if date.first_day > today:
            line, column = doc.position(path)
            found.append(
                error(
                    doc.path,
                    line,
                    column,
                    f"'{path[-1]}' is {text}, which is in the future (today is {today.isoformat()})",
                    hint="check the year and the order of month and day (YYYY-MM-DD)",
                    code="future-date",
                )
            )
            continue
        good[path] = date
    return found, good


def after(later: PartialDate | None, earlier: PartialDate | None) -> bool:
    """False only when ``later`` certainly comes before ``earlier``."""
    return later is None or earlier is None or later.last_day >= earlier.first_day


# -- a claim --------------------------------------------------------------------------------
