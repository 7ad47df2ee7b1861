"""Markdown as contributors write it, read by one parser: what a text cites and links to.

markdown-it-py with raw HTML off (the ``js-default`` preset), images off (they would load
third-party content), footnote references (``[^key]``) that point at the claim's sources, and
links only to the schemes in ALLOWED_SCHEMES or to another claim (``claim:<id>``): any other
link stays text and is noted, for the checker to report. The checker reads a text's
:class:`TextScan`; the renderer (``render.richtext``) turns the same parser's tokens into HTML,
so what the checker reports is exactly what the renderer does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

#: Link schemes that become links. Anything else stays text and the checker reports it.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
#: ``[words](claim:other-id)`` links to another claim's page.
CLAIM_SCHEME = "claim:"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class TextScan:
    """What one piece of Markdown refers to."""

    citations: list[str] = field(default_factory=list)
    claim_links: list[str] = field(default_factory=list)
    refused_links: list[str] = field(default_factory=list)


def _link_policy(state: StateCore) -> None:
    """Keep links whose scheme is allowed; turn the rest into plain text and note them."""
    scan: TextScan = state.env["scan"]
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
                    # The address depends on the page the text is shown on: filled in later.
                    token.attrSet("href", LINK.format(len(scan.claim_links)))
                    scan.claim_links.append(href[len(CLAIM_SCHEME) :])
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


# Placeholders for what depends on the page: the n-th citation of a fragment, its n-th claim
# link. Contributors cannot write them: markdown-it turns NUL into U+FFFD, and "<" and '"',
# which the patterns below start with, always come out of text escaped.
CITE = "<\x00c{}\x00>"
LINK = "\x00l{}\x00"
PLACEHOLDER = re.compile('<\x00c(\\d+)\x00>|"\x00l(\\d+)\x00"')


def _render_citation(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    number = env["citation_count"]
    env["citation_count"] = number + 1
    return CITE.format(number)


#: ``[^key]``. Source keys are at most 80 characters long: a "[^" with no "]" soon after is no
#: citation. Any other character may be in a key here; the checker reports unknown keys.
_CITATION = re.compile(r"\[\^([^ \n\]]{1,200})\]")


def _citation(state: StateInline, silent: bool) -> bool:
    """A source reference, ``[^key]``.

    As mdit-py-plugins' rule does with ``always_match_refs``, but the "]" is looked for only
    as far as a key can reach: looked for to the end of the text, a text made of "[^" took time
    quadratic in its length (a few kilobytes, seconds; a megabyte, days).
    """
    found = _CITATION.match(state.src, state.pos, state.posMax)
    if found is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"label": found.group(1)}
    state.pos = found.end()
    return True


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("js-default")
    # CommonMark's own limit, rather than js-default's 100: at each "[" markdown-it tries links
    # nested up to this deep, so text made of "[" took 40 microseconds a character to read.
    md.options["maxNesting"] = 20
    md.disable("image")
    # Only footnote references: sources are defined in YAML, never in the text, so there are
    # no definitions to parse and no footnote list to append. The rule goes before "link",
    # which would otherwise scan every [^key] as a possible link first.
    md.inline.ruler.before("link", "footnote_ref", _citation)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.push("counterclaim_links", _link_policy)
    md.add_render_rule("footnote_ref", _render_citation)
    return md


def new_env() -> dict[str, Any]:
    """The parser's state for one text: what it finds, and its citations counted."""
    return {"scan": TextScan(), "citation_count": 0}


def scan(text: str, *, inline: bool = False) -> TextScan:
    """The citations, claim links and refused links in ``text`` (a paragraph or more; one line
    if ``inline``), in the order written. Parsed only: nothing is rendered."""
    env = new_env()
    md = parser()
    if inline:
        md.parseInline(text, env)
    else:
        md.parse(text, env)
    found: TextScan = env["scan"]
    return found
