"""Interface strings, dates, numbers and plurals in the site's language.

Every string a reader sees that does not come from the data lives in one catalogue per
language (``locales/<language>.yaml`` in the theme). Claim text is never translated here.

What a catalogue does not hold comes from CLDR, the Unicode consortium's data on the world's
languages, through Babel: how dates and numbers are written, which plural form a count takes,
the names of languages, and which way the script runs. A catalogue names the CLDR locale it
follows (``locale: en_GB``), so adding a language is writing one catalogue file.

A string that depends on a count is written once per plural form the language has (CLDR's
categories ``zero``, ``one``, ``two``, ``few``, ``many`` and ``other``: English has two, Arabic
six), and :meth:`Catalogue.t` picks the form by the value given as ``count``.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import babel
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from counterclaim.load.document import YamlDocument
from counterclaim.load.reading import load_file
from counterclaim.model.dates import PartialDate

#: The plural categories CLDR knows, in its order.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
#: Counts a page can show (claims on a list, results of a search): a catalogue must give every
#: plural form one of them takes. (Spanish and French use "many" only from a million on.)
COUNTS_SHOWN = range(0, 1001)
#: The catalogue every other one is compared with: it names every string there is.
REFERENCE = "en"
#: A catalogue's own settings, which are not strings a reader sees.
LOCALE_KEY = "locale"

#: A catalogue entry: a string, or a string for each plural form.
Entry = str | dict[str, str]


class CatalogueError(Exception):
    """A catalogue is missing, unreadable or lacks a string."""


@cache
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


@dataclass(frozen=True)
class Catalogue:
    language: str
    strings: dict[str, Entry]
    #: The CLDR locale the catalogue follows, such as ``en_GB`` (the language alone if it names none).
    locale_id: str = ""
    _dates: dict[tuple[int, int | None, int | None], str] = field(default_factory=dict, compare=False, repr=False)
    _numbers: dict[float, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def locale(self) -> Locale:
        return _locale(self.locale_id or self.language)

    @property
    def direction(self) -> str:
        """``"rtl"`` for a language written right to left (Arabic, Hebrew, Persian...), else ``"ltr"``."""
        return direction(self.locale_id or self.language)

    def t(self, key: str, **values: Any) -> str:
        """The string ``key``, with ``{name}`` placeholders filled from ``values``. Numbers are
        written the language's way; a string with plural forms takes the one for ``count``. When
        a value is Markup (a link, say), the result is Markup and everything else is escaped."""
        try:
            entry = self.strings[key]
        except KeyError:
            raise CatalogueError(f"the '{self.language}' catalogue has no string '{key}'") from None
        if isinstance(entry, dict):
            count = values.get("count")
            if not isinstance(count, int | float):
                raise CatalogueError(f"the string '{key}' has plural forms: it needs a count")
            template = entry.get(self.plural(count)) or entry["other"]
        else:
            template = entry
        if not values:
            return template
        shown = {
            k: self.number(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
            for k, v in values.items()
        }
        if any(isinstance(v, Markup) for v in shown.values()):
            return Markup(escape(template)).format(**shown)
        return template.format(**shown)

    def plural(self, count: float) -> str:
        """The plural category (CLDR's) a count takes in this language: ``one``, ``few``..."""
        return str(self.locale.plural_form(count))

    def plural_forms(self, key: str) -> dict[str, str]:
        """The forms of a string with plural forms (the same string for every form if it has none)."""
        entry = self.strings[key]
        return dict(entry) if isinstance(entry, dict) else {"other": entry}

    def number(self, value: float) -> str:
        """``1200`` as ``1,200`` in English, ``1200`` in Spanish, ``1 200`` in French; no
        trailing ``.0``."""
        # Remembered: the same amounts recur on page after page, and Babel takes microseconds.
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = str(format_decimal(value, locale=self.locale))
        return text

    def date(self, value: PartialDate | datetime.date) -> str:
        """A date as the language writes it: '14 January 2026', '14 de enero de 2026', 'enero de
        2026', '2026'."""
        if isinstance(value, datetime.date):
            value = PartialDate(value.year, value.month, value.day)
        key = (value.year, value.month, value.day)
        text = self._dates.get(key)
        if text is None:
            day = value.first_day
            if value.day:
                text = format_date(day, "long", locale=self.locale)
            elif value.month:
                text = format_skeleton("yMMMM", day, locale=self.locale)
            else:
                text = format_skeleton("y", day, locale=self.locale)
            self._dates[key] = text
        return text

    def months(self) -> list[str]:
        """The months' names on their own (as a chart's axis shows them), January first."""
        names = get_month_names("wide", "stand-alone", locale=self.locale)
        return [str(names[month]) for month in range(1, 13)]

    def language_name(self, code: str) -> str:
        """The name of the language ``code`` in this language ('Arabic', 'árabe'), or the code
        if CLDR has no name for it."""
        return str(self.locale.languages.get(code, code))

    def og_locale(self) -> str:
        """The locale as Open Graph names it: language and country (``en_GB``, ``ar_EG``)."""
        locale = self.locale
        territory = locale.territory
        if not territory:
            likely = get_global("likely_subtags").get(locale.language, "")
            territory = next((part for part in likely.split("_")[1:] if part.isupper() and len(part) == 2), "")
        return f"{locale.language}_{territory}" if territory else locale.language

    def bcp47(self) -> str:
        """The locale as web pages name it (``en-GB``), for a browser's own number and plural rules."""
        return (self.locale_id or self.language).replace("_", "-")

    def fingerprint(self) -> str:
        """Everything the catalogue's output depends on: its strings, its locale and the CLDR
        release Babel carries (a new one can write a date differently)."""
        return repr((self.strings, self.locale_id, babel.__version__))

    def __contains__(self, key: object) -> bool:
        return key in self.strings

    def names(self) -> set[str]:
        return set(self.strings)


def direction(language: str) -> str:
    """``"rtl"`` if ``language`` (a code such as ``ar`` or a locale such as ``ar_EG``) is written
    right to left, else ``"ltr"``; ``"ltr"`` for a code CLDR does not know."""
    try:
        return "rtl" if _locale(language.replace("-", "_")).text_direction == "rtl" else "ltr"
    except (ValueError, UnknownLocaleError):
        return "ltr"


def native_name(language: str) -> str:
    """The language's name in itself, as a language menu lists it: 'English', 'Español', 'العربية'."""
    try:
        name = _locale(language.replace("-", "_")).get_display_name() or language
    except (ValueError, UnknownLocaleError):
        return language
    # CLDR writes language names in lower case in Spanish, French or Portuguese; a menu entry
    # starts with a capital (CLDR's own "uiListOrMenu" capitalisation).
    return name[:1].upper() + name[1:]


def load_catalogue(folders: Path | Sequence[Path], language: str) -> Catalogue:
    """Read ``<folder>/<language>.yaml``: every entry text, or text for each plural form; its
    ``locale`` one CLDR knows for that language; with the strings of ``en.yaml`` (when there is
    one), each with the same placeholders, and every plural form a count can take.

    ``folders`` are searched first to last, as MkDocs searches a theme's folders: a site's own
    (its ``custom_dir``) before the theme's. Each one's file for the language is a layer over
    those after it: the last one found must hold every string, one before it only the strings it
    changes (and its ``locale``, if it changes that too). So a site can add a language the theme
    has no strings for, or reword some strings of one it has, and still take the theme's new
    strings when counterclaim is upgraded.
    """
    searched = [folders] if isinstance(folders, Path) else list(folders)
    paths = [folder / f"{language}.yaml" for folder in searched if (folder / f"{language}.yaml").is_file()]
    if not paths:
        available = sorted({p.stem for folder in searched for p in folder.glob("*.yaml")})
        raise CatalogueError(
            f"there is no interface catalogue for language '{language}' in {' or '.join(map(str, searched))}"
            f" (available: {', '.join(available) or 'none'})"
        )
    strings: dict[str, Entry] = {}
    placed: dict[str, YamlDocument] = {}
    locale_id = language
    for path in reversed(paths):  # the theme's first, then each layer over it
        document, problems = load_file(str(path), str(path))
        if document is None or not isinstance(document.data, dict):
            raise CatalogueError("; ".join(p.format() for p in problems) or f"{path} is not a set of strings")
        layer = _read(document, language)
        if LOCALE_KEY in document.data or path == paths[-1]:
            locale_id = layer.locale_id
        strings.update(layer.strings)
        placed.update(dict.fromkeys(layer.strings, document))
    catalogue = Catalogue(language, strings, locale_id)
    reference = None
    if language != REFERENCE and any((folder / f"{REFERENCE}.yaml").is_file() for folder in searched):
        reference = load_catalogue(searched, REFERENCE)
    # A missing string is said of the first file (the site's own, where it would go).
    found = catalogue_problems(catalogue, reference, document, placed=placed)
    if found:
        raise CatalogueError("\n".join(found))
    return catalogue


def _read(document: YamlDocument, language: str) -> Catalogue:
    data: Mapping[str, Any] = document.data
    where = document.path
    locale_id = data.get(LOCALE_KEY, language)
    if not isinstance(locale_id, str):
        line, column = document.position((LOCALE_KEY,))
        raise CatalogueError(f"{where}:{line}:{column}: 'locale' must be a locale such as en_GB")
    strings: dict[str, Entry] = {}
    for key, value in data.items():
        if key == LOCALE_KEY:
            continue
        line, column = document.position((key,))
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            strings[str(key)] = {str(k): v for k, v in value.items()}
        elif isinstance(value, str):
            strings[str(key)] = value
        else:
            raise CatalogueError(
                f"{where}:{line}:{column}: '{key}' must be text, or text for each plural form"
                f" ({', '.join(PLURAL_CATEGORIES)})"
            )
    try:
        locale = Locale.parse(locale_id)
    except (ValueError, UnknownLocaleError):
        line, column = document.position((LOCALE_KEY,))
        raise CatalogueError(f"{where}:{line}:{column}: CLDR knows no locale '{locale_id}'") from None
    if locale.language != language.split("-")[0].split("_")[0]:
        line, column = document.position((LOCALE_KEY,))
        raise CatalogueError(
            f"{where}:{line}:{column}: the locale '{locale_id}' is not one of the language '{language}'"
            f" (the file's name)"
        )
    return Catalogue(language, strings, locale_id)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders in ``text``; raises ValueError if one is broken."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def catalogue_problems(
    catalogue: Catalogue,
    reference: Catalogue | None,
    document: YamlDocument | None = None,
    *,
    placed: Mapping[str, YamlDocument] | None = None,
) -> list[str]:
    """What is wrong with ``catalogue``, each as a line ``path:line:col: what`` (when the file's
    ``document`` is given, or the file each string was ``placed`` in): a broken placeholder; a
    plural form the language does not have, or one it needs for a count up to a thousand that is
    missing. Against ``reference`` (the English catalogue), when given: a string missing or
    unknown, placeholders that differ (a plural form may leave out ``{count}``: Arabic writes
    "one" and "two" in words)."""
    where = document.path if document is not None else f"{catalogue.language}.yaml"

    def at(key: str, problem: str) -> str:
        written = (placed or {}).get(key, document)
        if written is None:
            return f"{where}: {problem}"
        line, column = written.position((key,))
        return f"{written.path}:{line}:{column}: {problem}"

    found: list[str] = []
    broken: set[str] = set()
    categories = {*catalogue.locale.plural_form.tags, "other"}
    needed = {catalogue.plural(n) for n in COUNTS_SHOWN}
    for key, entry in catalogue.strings.items():
        forms = entry if isinstance(entry, dict) else {"": entry}
        for text in forms.values():
            try:
                placeholders(text)
            except ValueError as exc:
                broken.add(key)
                found.append(at(key, f"'{key}' has a broken placeholder: {exc}"))
        if isinstance(entry, dict):
            unknown = sorted(set(entry) - categories)
            missing = sorted(needed - set(entry))
            if unknown:
                found.append(
                    at(
                        key,
                        f"'{key}' has plural forms this language does not use: {', '.join(unknown)}"
                        f" (it uses {', '.join(c for c in PLURAL_CATEGORIES if c in categories)})",
                    )
                )
            if missing:
                found.append(at(key, f"'{key}' needs these plural forms too: {', '.join(missing)}"))
    if reference is None:
        return found
    for key in sorted(reference.names() - catalogue.names()):
        found.append(f"{where}: the string '{key}' is missing (see {REFERENCE}.yaml)")
    for key in sorted(catalogue.names() - reference.names()):
        found.append(at(key, f"'{key}' is not a string the theme uses (it is not in {REFERENCE}.yaml)"))
    for key in sorted(reference.names() & catalogue.names() - broken):
        expected = set().union(*(placeholders(t) for t in reference.plural_forms(key).values()))
        plural = isinstance(catalogue.strings[key], dict) or isinstance(reference.strings[key], dict)
        for form, text in catalogue.plural_forms(key).items():
            have = placeholders(text)
            if have != expected and not (plural and have == expected - {"count"}):
                shown = ", ".join(f"{{{name}}}" for name in sorted(expected)) or "none"
                found.append(at(key, f"'{key}' ({form}) must use the placeholders {shown}, as {REFERENCE}.yaml does"))
    return found
