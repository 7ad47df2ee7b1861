"""Markdown written in claim files, rendered as HTML with numbered source citations.

markdown-it-py with raw HTML off (the ``js-default`` preset), images off (they would load
third-party content), and footnote references (``[^key]``) that point at the claim's sources.
One :class:`PageText` renders every fragment of one page with one environment, so citations are
numbered once through the whole page. The same parser scans text for the checker, so what the
checker reports is exactly what the renderer would do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.footnote import footnote_plugin

#: Link schemes that become links. Anything else stays text and the checker reports it.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
#: ``[words](claim:other-id)`` links to another claim's page.
CLAIM_SCHEME = "claim:"

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class TextScan:
    """What one piece of Markdown refers to."""

    citations: list[str] = field(default_factory=list)
    claim_links: list[str] = field(default_factory=list)
    refused_links: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Citation:
    """A source as numbered on one page, with the ids of every place that cites it."""

    number: int
    key: str
    anchor: str
    backrefs: tuple[str, ...]


def _link_policy(state: StateCore) -> None:
    """Keep links whose scheme is allowed; turn the rest into plain text and note them."""
    scan: TextScan = state.env["scan"]
    resolve: Callable[[str], str] | None = state.env.get("claim_url")
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept: list[Token] = []
        dropping: list[bool] = []
        for token in block.children:
            if token.type == "footnote_ref":
                scan.citations.append(token.meta["label"])
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                refused = False
                if href.startswith(CLAIM_SCHEME):
                    target = href[len(CLAIM_SCHEME) :]
                    scan.claim_links.append(target)
                    if resolve is not None:
                        token.attrSet("href", resolve(target))
                else:
                    match = _SCHEME.match(href)
                    if match and match.group(1).lower() in ALLOWED_SCHEMES:
                        token.attrSet("rel", "noopener noreferrer")
                    else:
                        refused = True
                        scan.refused_links.append(unquote(href))
                dropping.append(refused)
                if refused:
                    continue
            elif token.type == "link_close" and dropping and dropping.pop():
                continue
            kept.append(token)
        block.children = kept


def _render_citation(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    meta = tokens[idx].meta
    number = meta["id"] + 1
    key = _anchor_key(meta["label"], number)
    doc = env["docId"]
    word = escapeHtml(env.get("source_word", "Source"))
    elsewhere = env.get("sources_page")
    if elsewhere is not None:
        # Quoted away from its claim (a corrections list): point at the claim page's source list.
        href = f"{escapeHtml(elsewhere)}#{doc}-s-{key}"
        return f'<sup><a href="{href}" aria-label="{word}">[{number}]</a></sup>'
    return (
        f'<sup><a href="#{doc}-s-{key}" id="{doc}-c{number}-{meta["subId"] + 1}"'
        f' aria-label="{word} {number}">[{number}]</a></sup>'
    )


def _anchor_key(label: str, number: int) -> str:
    # Labels of defined sources are kebab-case; anything else never reaches an id.
    return label if _KEY.match(label) else f"n{number}"


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("js-default")
    md.disable("image")
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    # Sources are defined in YAML, never in the text.
    md.disable("footnote_def")
    # Links are judged by _link_policy instead, so that refused ones are reported, not dropped.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.push("counterclaim_links", _link_policy)
    md.add_render_rule("footnote_ref", _render_citation)
    return md


def scan(text: str) -> TextScan:
    """The citations, claim links and refused links in ``text``, in order."""
    env: dict[str, Any] = {"scan": TextScan()}
    _parser().parse(text, env)
    return env["scan"]  # type: ignore[no-any-return]


class PageText:
    """Renders the Markdown fragments of one page with one citation numbering.

    ``doc_id`` prefixes every id the text produces; ``claim_url`` turns a claim id into a link
    relative to the page. Text shown away from its claim's page passes ``sources_page``, the
    relative address of that page: citations then link to its source list and carry no ids.
    """

    def __init__(
        self,
        doc_id: str,
        claim_url: Callable[[str], str],
        source_word: str = "Source",
        sources_page: str | None = None,
    ) -> None:
        self.doc_id = doc_id
        self.env: dict[str, Any] = {
            "docId": doc_id,
            "claim_url": claim_url,
            "source_word": source_word,
            "scan": TextScan(),
        }
        if sources_page is not None:
            self.env["sources_page"] = sources_page

    def block(self, text: str) -> Markup:
        """Paragraphs, lists and so on."""
        return Markup(_parser().render(text, self.env))

    def inline(self, text: str) -> Markup:
        """One line of text, without a wrapping paragraph."""
        return Markup(_parser().renderInline(text, self.env))

    def cite(self, keys: Iterable[str]) -> Markup:
        """Citation marks for sources given by key, numbered like those in the text."""
        return self.inline("".join(f"[^{k}]" for k in keys))

    def citations(self) -> list[Citation]:
        """The sources cited so far, in the order first cited."""
        listed = self.env.get("footnotes", {}).get("list", {})
        result = []
        for index, entry in sorted(listed.items()):
            number = index + 1
            key = _anchor_key(entry["label"], number)
            refs = tuple(f"{self.doc_id}-c{number}-{n + 1}" for n in range(entry.get("count", 0)))
            result.append(Citation(number, entry["label"], f"{self.doc_id}-s-{key}", refs))
        return result


def plain_text(text: str) -> str:
    """The words of ``text`` without markup or citation marks, for feeds and descriptions."""
    env: dict[str, Any] = {"scan": TextScan()}
    words: list[str] = []
    for block in _parser().parse(text, env):
        if block.type == "inline" and block.children:
            for token in block.children:
                if token.type in ("text", "code_inline"):
                    words.append(token.content)
                elif token.type in ("softbreak", "hardbreak"):
                    words.append(" ")
            words.append(" ")
    return " ".join("".join(words).split())
