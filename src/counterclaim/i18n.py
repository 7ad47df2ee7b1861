"""Interface strings, dates and numbers in the site's language.

Every string a reader sees that does not come from the data lives in one catalogue per
language (``locales/<language>.yaml`` in the theme). Claim text is never translated here.
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counterclaim.dates import PartialDate
from counterclaim.yamldoc import load_file


class CatalogueError(Exception):
    """A catalogue is missing, unreadable or lacks a string."""


@dataclass(frozen=True)
class Catalogue:
    language: str
    strings: dict[str, str]

    def t(self, key: str, **values: Any) -> str:
        """The string ``key``, with ``{name}`` placeholders filled from ``values``."""
        try:
            template = self.strings[key]
        except KeyError:
            raise CatalogueError(f"the '{self.language}' catalogue has no string '{key}'") from None
        return template.format(**values) if values else template

    def number(self, value: float) -> str:
        """``1200`` as ``1,200`` in English or ``1.200`` in Spanish; no trailing ``.0``."""
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
        separator = self.strings["number_thousands_separator"]
        decimal = self.strings["number_decimal_separator"]
        return text.replace(",", "\0").replace(".", decimal).replace("\0", separator)

    def date(self, value: PartialDate | datetime.date) -> str:
        """A date as the language writes it: '14 January 2026', '14 de enero de 2026'."""
        if isinstance(value, datetime.date):
            value = PartialDate(value.year, value.month, value.day)
        months = self.strings["months"].split()
        fields = {"year": value.year, "month": months[value.month - 1] if value.month else "", "day": value.day}
        return self.t(f"date_{value.precision}", **fields)

    def __contains__(self, key: object) -> bool:
        return key in self.strings

    def names(self) -> set[str]:
        return set(self.strings)


def load_catalogue(folder: Path, language: str) -> Catalogue:
    """Read ``folder/<language>.yaml``; every value must be text."""
    path = folder / f"{language}.yaml"
    if not path.is_file():
        available = sorted(p.stem for p in folder.glob("*.yaml"))
        raise CatalogueError(
            f"there is no interface catalogue for language '{language}' in {folder}"
            f" (available: {', '.join(available) or 'none'})"
        )
    document, problems = load_file(str(path), str(path))
    if document is None or not isinstance(document.data, dict):
        raise CatalogueError("; ".join(p.format() for p in problems) or f"{path} is not a set of strings")
    strings = {str(k): v for k, v in document.data.items()}
    bad = [k for k, v in strings.items() if not isinstance(v, str)]
    if bad:
        raise CatalogueError(f"{path}: these entries are not text: {', '.join(bad)}")
    for key, value in strings.items():
        try:
            list(string.Formatter().parse(value))
        except ValueError as exc:
            raise CatalogueError(f"{path}: the string '{key}' has a broken placeholder: {exc}") from None
    return Catalogue(language, strings)
