"""Reading a built site as a browser, a feed reader and a crawler would, and saying what in it
could run, load or link somewhere it should not. Each function returns a list of problems (empty
when all is well), so that a test's failure lists every one of them.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

#: Schemes a link taken from data may have.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Every element the theme, markdown-it and the charts write.
HTML_TAGS = frozenset(
    [
        "html",
        "head",
        "meta",
        "title",
        "link",
        "script",
        "body",
        "a",
        "header",
        "div",
        "nav",
        "ul",
        "ol",
        "li",
        "form",
        "label",
        "input",
        "button",
        "main",
        "article",
        "section",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "span",
        "time",
        "figure",
        "figcaption",
        "blockquote",
        "sup",
        "sub",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "strong",
        "b",
        "em",
        "s",
        "del",
        "code",
        "pre",
        "aside",
        "footer",
        "br",
        "hr",
        "dl",
        "dt",
        "dd",
        "cite",
        "details",
        "summary",
        "b",
        "q",
        "small",
        "bdi",
    ]
)
SVG_TAGS = frozenset(["svg", "title", "desc", "g", "line", "text", "rect", "circle", "path"])
#: Every attribute they write.
ATTRIBUTES = frozenset(
    [
        "lang",
        "charset",
        "name",
        "content",
        "property",
        "rel",
        "href",
        "hreflang",
        "type",
        "title",
        "class",
        "id",
        "role",
        "for",
        "placeholder",
        "action",
        "method",
        "value",
        "http-equiv",
        "datetime",
        "src",
        "defer",
        "start",
        "colspan",
        "rowspan",
        "scope",
        "aria-label",
        "aria-labelledby",
        "aria-current",
        "tabindex",
        "aria-live",
        "aria-describedby",
        "aria-hidden",
        "data-label",
        "data-index",
        "data-home",
        "data-none",
        "data-count-zero",
        "data-count-one",
        "data-count-two",
        "data-count-few",
        "data-count-many",
        "data-count-other",
        "data-error",
        "data-locale",
        "dir",
        "hidden",
        "viewbox",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "width",
        "height",
        "d",
        "dx",
        "transform",
        "text-anchor",
    ]
)
#: Attributes whose value a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "cite"})
#: A well-formed id: what the theme writes, and ids made from data, which are always prefixed.
ID = re.compile(r"^[a-z][a-z0-9]*(?:[-:][a-z0-9]+)*$")
#: Names of things scripts and browsers look up by name, which an id alone must never be.
CLOBBERED = frozenset(
    [
        "__proto__",
        "constructor",
        "prototype",
        "location",
        "document",
        "window",
        "top",
        "self",
        "parent",
        "name",
        "opener",
        "frames",
        "history",
        "navigator",
        "alert",
        "fetch",
        "eval",
        "tostring",
        "valueof",
        "hasownproperty",
    ]
)


def pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def scheme_of(value: str) -> str | None:
    """The scheme a browser would see in an address: it drops tabs and line breaks anywhere, and
    spaces and control characters at the ends."""
    cleaned = re.sub(r"^[\x00-\x20]+|[\t\n\r]", "", value)
    found = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return found.group(1).lower() if found else None


def html_problems(path: Path, data_ids: frozenset[str]) -> list[str]:
    """What on one page could run script, load from elsewhere or clobber a name."""
    problems: list[str] = []
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    seen_ids: set[str] = set()
    json_ld = 0
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        where = f"{path.name} <{element.name}>"
        in_svg = element.find_parent("svg") is not None or element.name == "svg"
        if element.name not in (SVG_TAGS if in_svg else HTML_TAGS):
            problems.append(f"{where}: an element the site never writes")
        for attribute, raw in element.attrs.items():
            value = " ".join(raw) if isinstance(raw, list) else str(raw)
            name = attribute.lower()
            if name.startswith("on"):
                problems.append(f"{where}: event handler {attribute}={value[:60]!r}")
            elif name not in ATTRIBUTES:
                problems.append(f"{where}: attribute {attribute}={value[:60]!r} the site never writes")
            if name in URL_ATTRIBUTES:
                scheme = scheme_of(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    problems.append(f"{where}: {attribute} with the scheme {scheme}: {value[:80]!r}")
        if element.has_attr("id"):
            identifier = str(element["id"])
            if identifier in seen_ids:
                problems.append(f"{where}: the id {identifier!r} is used twice")
            seen_ids.add(identifier)
            if not ID.match(identifier):
                problems.append(f"{where}: a malformed id {identifier[:80]!r}")
            if identifier in data_ids or identifier.lower() in CLOBBERED:
                problems.append(f"{where}: an id that is a name from the data alone: {identifier!r}")
        if element.has_attr("name") and element["name"] != "q" and element.name != "meta":
            problems.append(f"{where}: a name attribute {element['name']!r}")
        if element.name == "meta" and element.has_attr("http-equiv") and not _our_policy(element):
            problems.append(f"{where}: http-equiv {element['http-equiv']!r}")
        if element.name == "form" and scheme_of(str(element.get("action", ""))) is not None:
            problems.append(f"{where}: a form sent elsewhere: {element.get('action')!r}")
        if element.name == "link" and scheme_of(str(element.get("href", ""))) not in (None, "https"):
            problems.append(f"{where}: a linked resource {element.get('href')!r}")
        if element.name == "link" and element.get("rel") == ["stylesheet"] and scheme_of(str(element["href"])):
            problems.append(f"{where}: a stylesheet from elsewhere {element['href']!r}")
        if element.name == "script":
            if element.get("type") == "application/ld+json":
                json_ld += 1
                try:
                    json.loads(element.string or "")
                except ValueError as exc:
                    problems.append(f"{where}: JSON-LD that does not parse: {exc}")
            elif not (
                element.has_attr("src")
                and scheme_of(str(element["src"])) is None
                and not str(element["src"]).startswith("//")
                and str(element["src"]).endswith("assets/search.js")
                and not (element.string or "").strip()
            ):
                problems.append(f"{where}: a script that is not ours: {str(element)[:120]!r}")
    if json_ld > 1:
        problems.append(f"{path.name}: {json_ld} JSON-LD blocks")
    return problems


def _our_policy(meta: Tag) -> bool:
    """The theme's Content-Security-Policy: only the site's own files, no inline script."""
    content = str(meta.get("content", ""))
    return meta["http-equiv"] == "Content-Security-Policy" and "script-src 'self';" in content


def script_texts(path: Path) -> list[str]:
    """The raw text of each JSON-LD block, as written (before any HTML parsing)."""
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)


def json_ld(path: Path) -> list[Any]:
    """Each JSON-LD block, read as a browser and a crawler do: the text up to the first "</script"."""
    return [json.loads(text) for text in script_texts(path)]


def walk_json(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair of a JSON document, leaves included."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from walk_json(v, k)
    elif isinstance(value, list):
        for item in value:
            yield key, item
            yield from walk_json(item, key)


#: JSON keys whose string values are addresses.
URL_KEYS = frozenset({"url", "sameAs", "archivedAt", "archive_url", "wikidata", "@id", "feed_url"})


def json_problems(name: str, document: Any) -> list[str]:
    """Addresses in a JSON document whose scheme a link may not have."""
    problems = []
    for key, value in walk_json(document):
        if key in URL_KEYS and isinstance(value, str) and scheme_of(value) not in ("http", "https"):
            problems.append(f"{name}: {key} is {value[:80]!r}")
    return problems


ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_TAGS = frozenset(
    f"{ATOM}{t}"
    for t in ["feed", "id", "title", "updated", "link", "author", "name", "entry", "published", "summary", "category"]
)


def feed_problems(path: Path) -> list[str]:
    """An Atom feed must parse, hold only Atom elements, and link only to http(s) addresses."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return [f"{path.name}: does not parse: {exc}"]
    problems = []
    for element in root.iter():
        if element.tag not in ATOM_TAGS:
            problems.append(f"{path.name}: element {element.tag}")
        if element.tag == f"{ATOM}link" and scheme_of(element.get("href", "")) not in ("http", "https"):
            problems.append(f"{path.name}: link to {element.get('href')!r}")
        if list(element) and (element.text or "").strip():
            problems.append(f"{path.name}: mixed content in {element.tag}")
    return problems


def svg_charts(path: Path) -> list[Tag]:
    """The page's charts: each figure that holds one, its drawing (HTML rows and SVG) included."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [figure for figure in soup.select("figure.chart") if isinstance(figure, Tag)]


#: What a chart's HTML is made of: rows with a heading of who, when and, now and then, how much.
CHART_HTML = frozenset(["figure", "figcaption", "div", "p", "b", "span", "strong"])


def svg_problems(path: Path) -> list[str]:
    """Charts hold only the shapes and text they are drawn with; text only as text."""
    problems = []
    for chart in svg_charts(path):
        for element in chart.find_all(True):
            assert isinstance(element, Tag)
            in_svg = element.name == "svg" or element.find_parent("svg") is not None
            if element.name not in (SVG_TAGS if in_svg else CHART_HTML):
                problems.append(f"{path.name}: <{element.name}> in a chart")
            # Text holds no markup; a legend's entry (a span) holds only its mark and its name.
            inside = {child.name for child in element.find_all(True, recursive=False)}
            allowed = {"svg", "b"} if element.name == "span" else set()
            if element.name in ("text", "title", "desc", "b", "span", "strong", "figcaption") and inside - allowed:
                problems.append(f"{path.name}: markup inside chart text: {str(element)[:80]!r}")
    return problems


#: The ratings stylesheet: one rule per rating, with two colours, nothing else.
RATING_RULE = re.compile(
    r"^\.rating-[a-z0-9]+(?:-[a-z0-9]+)*\{--rating-bg:#[0-9a-fA-F]{6};--rating-ink:#[0-9a-fA-F]{6}\}$"
)


def stylesheet_problems(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f"{path.name}: {line[:80]!r}" for line in lines if line and not RATING_RULE.match(line)]
