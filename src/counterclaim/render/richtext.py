"""Markdown written in claim files, rendered as HTML with numbered source citations.

markdown-it-py with raw HTML off (the ``js-default`` preset), images off (they would load
third-party content), and footnote references (``[^key]``) that point at the claim's sources.

Each text is parsed once, into a :class:`Fragment`: its HTML with placeholders where citation
numbers and links to other claims go, and what it refers to (the checker reads that, so what
the checker reports is exactly what the renderer does). A :class:`PageText` then fills the
fragments of one page in reading order, so citations are numbered once through the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup

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
                    token.attrSet("href", _LINK.format(len(scan.claim_links)))
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
_CITE = "<\x00c{}\x00>"
_LINK = "\x00l{}\x00"
_PLACEHOLDER = re.compile('<\x00c(\\d+)\x00>|"\x00l(\\d+)\x00"')


def _render_citation(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    number = env["citation_count"]
    env["citation_count"] = number + 1
    return _CITE.format(number)


def _anchor_key(label: str, number: int) -> str:
    # Labels of defined sources are kebab-case; anything else never reaches an id.
    return label if _KEY.match(label) else f"n{number}"


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
def _parser() -> MarkdownIt:
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


@dataclass(frozen=True, slots=True)
class Fragment:
    """One text, rendered once: HTML with placeholders, and what the text refers to."""

    html: str
    citations: tuple[str, ...]
    claim_links: tuple[str, ...]
    refused_links: tuple[str, ...]


def render(text: str, *, inline: bool = False) -> Fragment:
    """Parse and render ``text`` (a paragraph or more; one line if ``inline``)."""
    env: dict[str, Any] = {"scan": TextScan(), "citation_count": 0}
    md = _parser()
    html = md.renderInline(text, env) if inline else md.render(text, env)
    found: TextScan = env["scan"]
    return Fragment(html, tuple(found.citations), tuple(found.claim_links), tuple(found.refused_links))


def scan(text: str) -> TextScan:
    """The citations, claim links and refused links in ``text``, in order."""
    fragment = render(text)
    return TextScan(list(fragment.citations), list(fragment.claim_links), list(fragment.refused_links))


class PageText:
    """Fills the Markdown fragments of one page with one citation numbering.

    A page shows one claim, so the ids the text produces need no claim id in them: a source's
    entry is ``s-<key>``, the n-th mark citing the k-th source ``c<k>-<n>`` (no other id on a
    page starts that way). ``claim_url`` turns a claim id into a link relative to the page.
    Text shown away from its claim's page passes ``sources_page``, the relative address of that
    page: citations then link to its source list and carry no ids.
    ``rendered`` holds fragments already rendered (while checking), by text and inlineness.
    """

    def __init__(
        self,
        claim_url: Callable[[str], str],
        source_word: str = "Source",
        sources_page: str | None = None,
        rendered: Mapping[tuple[str, bool], Fragment] | None = None,
    ) -> None:
        self.claim_url = claim_url
        self.word = escapeHtml(source_word)
        self.sources_page = sources_page
        self.rendered = rendered or {}
        self._numbers: dict[str, int] = {}
        self._counts: dict[str, int] = {}

    def block(self, text: str) -> Markup:
        """Paragraphs, lists and so on."""
        return self.fill(self.fragment(text))

    def inline(self, text: str) -> Markup:
        """One line of text, without a wrapping paragraph."""
        return self.fill(self.fragment(text, inline=True))

    def fragment(self, text: str, *, inline: bool = False) -> Fragment:
        """``text`` rendered: taken from ``rendered`` if it was rendered while checking."""
        return self.rendered.get((text, inline)) or render(text, inline=inline)

    def cite(self, keys: Iterable[str]) -> Markup:
        """Citation marks for sources given by key, numbered like those in the text."""
        return Markup("".join(self._mark(key) for key in keys))

    def fill(self, fragment: Fragment) -> Markup:
        """The fragment's HTML with this page's citation numbers and links to other claims."""

        def replace(match: re.Match[str]) -> str:
            if match.group(1) is not None:
                return self._mark(fragment.citations[int(match.group(1))])
            return '"' + escapeHtml(self.claim_url(fragment.claim_links[int(match.group(2))])) + '"'

        return Markup(_PLACEHOLDER.sub(replace, fragment.html))

    def _mark(self, label: str) -> str:
        number = self._numbers.setdefault(label, len(self._numbers) + 1)
        self._counts[label] = self._counts.get(label, 0) + 1
        key = _anchor_key(label, number)
        if self.sources_page is not None:
            # Quoted away from its claim (a corrections list): point at the claim page's source list.
            href = f"{escapeHtml(self.sources_page)}#s-{key}"
            return f'<a href="{href}" aria-label="{self.word}">[{number}]</a>'
        return (
            f'<a href="#s-{key}" id="c{number}-{self._counts[label]}" aria-label="{self.word} {number}">[{number}]</a>'
        )

    def citations(self) -> list[Citation]:
        """The sources cited so far, in the order first cited."""
        result = []
        for label, number in self._numbers.items():
            key = _anchor_key(label, number)
            refs = tuple(f"c{number}-{n + 1}" for n in range(self._counts[label]))
            result.append(Citation(number, label, f"s-{key}", refs))
        return result


@lru_cache(maxsize=32_768)  # a claimant's and a claim's words recur on lists, feeds and both page kinds
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
