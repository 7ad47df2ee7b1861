"""What a reader must never see on a page: markup that was not rendered, template syntax, Python's
or JavaScript's words for "nothing", and elements that should say something but are empty.

Used by tests/test_no_raw_markup.py over every page of the example site and of a generated one.
Only what a reader sees or hears is looked at: text outside <script>, <style> and <template>, and
the attributes that browsers, screen readers and link previews show (alt, title, aria-label,
placeholder, and the page's description meta tags). The JSON-LD is for machines and has its own
validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

#: Patterns that only come from text that was not rendered, each with what it means.
_RAW = [
    (re.compile(r"\[\^"), "a footnote written as [^key] that was not turned into a numbered citation"),
    (re.compile(r"\*\*|__\w"), "Markdown emphasis (** or __) that was not rendered"),
    (re.compile(r"\]\("), "a Markdown link, [words](address), that was not rendered"),
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"), "template syntax ({{ }}, {% %} or {# #})"),
    (re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"), "an HTML tag shown as text (escaped twice)"),
    (re.compile(r"&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);"), "an HTML entity shown as text (escaped twice)"),
    # "None of the counts ..." is English; None anywhere else is Python's None printed.
    (re.compile(r"(?<![\w-])None(?![\w-])(?! of\b)"), "Python's None printed"),
    (re.compile(r"(?<![\w-])(?:undefined|NaN|null)(?![\w-])"), "JavaScript's undefined, null or NaN printed"),
]
#: A block's text that starts like Markdown: a heading, a list item or a quotation not rendered.
_LEADING = re.compile(r"^(?:#{1,6}\s|[-*+]\s|>\s|\d+[.)]\s)")
_BLOCKS = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "summary"}
#: Elements that are broken when they hold no words.
_NOT_EMPTY = {
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "p",
    "summary",
    "figcaption",
    "caption",
    "label",
    "button",
    "option",
    "blockquote",
    "cite",
    "time",
    "text",
}
_SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_DESCRIPTIONS = {"description", "og:description", "og:title", "og:site_name", "twitter:title", "twitter:description"}
_UNSEEN = {"script", "style", "template", "noscript"}


@dataclass(frozen=True)
class Defect:
    """Something wrong on a page, with the text it was found in."""

    what: str
    where: str

    def __str__(self) -> str:
        return f"{self.what}: {self.where!r}"


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _context(tag: Tag) -> str:
    name = tag.name
    ident = tag.get("id") or " ".join(tag.get("class") or ())
    return f"<{name}{' ' + str(ident) if ident else ''}>"


def defects(html: str) -> list[Defect]:
    """Every defect a reader would see on the page ``html``."""
    soup = BeautifulSoup(html, "html.parser")
    found: list[Defect] = []

    def look(text: str, place: str) -> None:
        for pattern, what in _RAW:
            match = pattern.search(text)
            if match:
                start = max(0, match.start() - 40)
                found.append(Defect(f"{what} in {place}", text[start : match.end() + 40]))

    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or not isinstance(node, NavigableString):
            continue
        if any(parent.name in _UNSEEN for parent in node.parents):
            continue
        if node.strip():
            look(str(node), _context(node.parent) if node.parent else "the page")

    for tag in soup.find_all(True):
        if tag.name in _UNSEEN or any(parent.name in _UNSEEN for parent in tag.parents):
            continue
        for attribute in _SHOWN_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str):
                look(value, f"the {attribute} of {_context(tag)}")
                if not value.strip():
                    found.append(Defect(f"an empty {attribute}", _context(tag)))
        if tag.name == "meta" and (tag.get("name") or tag.get("property")) in _DESCRIPTIONS:
            content = str(tag.get("content") or "")
            look(content, f"the meta tag {tag.get('name') or tag.get('property')}")
            if not content.strip():
                found.append(Defect("an empty meta description or title", str(tag)))
        for attribute in ("href", "src", "datetime", "id", "lang", "hreflang"):
            value = tag.get(attribute)
            if isinstance(value, str) and re.search(r"(?<![\w-])(?:None|undefined|null|NaN)(?![\w-])", value):
                found.append(Defect(f"Python's None or JavaScript's undefined in the {attribute}", str(tag)[:120]))
        if tag.name in _BLOCKS:
            words = _words(tag)
            if _LEADING.match(words):
                found.append(Defect(f"Markdown not rendered at the start of {_context(tag)}", words[:80]))
        # A live region (role="status" and the like) is empty until there is something to announce.
        live = tag.get("aria-live") or tag.get("role") in ("status", "alert", "log")
        if tag.name in _NOT_EMPTY and not live and not _words(tag):
            named = tag.get("aria-label") or tag.get("title")
            if not (tag.name == "a" and isinstance(named, str) and named.strip()):
                found.append(Defect(f"an empty {_context(tag)}", str(tag)[:120]))
    if soup.title is None:
        found.append(Defect("no <title>", html[:80]))
    return found
