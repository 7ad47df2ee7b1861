"""Markdown written in claim files, rendered as HTML with numbered source citations.

Each text is parsed (by ``load.markdown``'s parser) and rendered once for a page, into a
:class:`Fragment`: its HTML with placeholders where citation numbers and links to other claims
go, and what it refers to. A :class:`PageText` then fills the fragments of one page in reading
order, so citations are numbered once through the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from counterclaim.load.markdown import PLACEHOLDER, TextScan, new_env, parser

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class NumberedSource:
    """A source as numbered on one page, with the ids of every place that cites it."""

    number: int
    key: str
    anchor: str
    backrefs: tuple[str, ...]


def _anchor_key(label: str, number: int) -> str:
    # Labels of defined sources are kebab-case; anything else never reaches an id.
    return label if _KEY.match(label) else f"n{number}"


@dataclass(frozen=True, slots=True)
class Fragment:
    """One text, rendered once: HTML with placeholders, and what the text refers to."""

    html: str
    citations: tuple[str, ...]
    claim_links: tuple[str, ...]
    refused_links: tuple[str, ...]


# A text is shown on its claim's page in every language (in its own language where there is no
# translation), and a counter-claim's statement twice on a page: each is rendered once.
@lru_cache(maxsize=1024)
def render(text: str, *, inline: bool = False) -> Fragment:
    """Parse and render ``text`` (a paragraph or more; one line if ``inline``)."""
    env = new_env()
    md = parser()
    html = md.renderInline(text, env) if inline else md.render(text, env)
    found: TextScan = env["scan"]
    return Fragment(html, tuple(found.citations), tuple(found.claim_links), tuple(found.refused_links))


class PageText:
    """Fills the Markdown fragments of one page with one citation numbering.

    A page shows one claim, so the ids the text produces need no claim id in them: a source's
    entry is ``s-<key>``, the n-th mark citing the k-th source ``c<k>-<n>`` (no other id on a
    page starts that way). ``claim_url`` turns a claim id into a link relative to the page.
    Text shown away from its claim's page passes ``sources_page``, the relative address of that
    page: citations then link to its source list and carry no ids.
    """

    def __init__(
        self,
        claim_url: Callable[[str], str],
        source_word: str = "Source",
        sources_page: str | None = None,
    ) -> None:
        self.claim_url = claim_url
        self.word = escapeHtml(source_word)
        self.sources_page = sources_page
        self._numbers: dict[str, int] = {}
        self._counts: dict[str, int] = {}

    def block(self, text: str) -> Markup:
        """Paragraphs, lists and so on."""
        return self.fill(self.fragment(text))

    def inline(self, text: str) -> Markup:
        """One line of text, without a wrapping paragraph."""
        return self.fill(self.fragment(text, inline=True))

    def fragment(self, text: str, *, inline: bool = False) -> Fragment:
        """``text`` rendered."""
        return render(text, inline=inline)

    def cite(self, keys: Iterable[str]) -> Markup:
        """Citation marks for sources given by key, numbered like those in the text."""
        return Markup("".join(self._mark(key) for key in keys))

    def fill(self, fragment: Fragment) -> Markup:
        """The fragment's HTML with this page's citation numbers and links to other claims."""

        def replace(match: re.Match[str]) -> str:
            if match.group(1) is not None:
                return self._mark(fragment.citations[int(match.group(1))])
            return '"' + escapeHtml(self.claim_url(fragment.claim_links[int(match.group(2))])) + '"'

        return Markup(PLACEHOLDER.sub(replace, fragment.html))

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

    def citations(self) -> list[NumberedSource]:
        """The sources cited so far, in the order first cited."""
        result = []
        for label, number in self._numbers.items():
            key = _anchor_key(label, number)
            refs = tuple(f"c{number}-{n + 1}" for n in range(self._counts[label]))
            result.append(NumberedSource(number, label, f"s-{key}", refs))
        return result


# A claim's and a claimant's words recur on lists, feeds and both page kinds: 10,000 claims in
# two languages have about 80,000 texts (with 32,768 kept, the lists parsed each one again).
@lru_cache(maxsize=131_072)
def plain_text(text: str) -> str:
    """The words of ``text`` without markup or citation marks, for feeds and descriptions."""
    env = new_env()
    words: list[str] = []
    for block in parser().parse(text, env):
        if block.type == "inline" and block.children:
            for token in block.children:
                if token.type in ("text", "code_inline"):
                    words.append(token.content)
                elif token.type in ("softbreak", "hardbreak"):
                    words.append(" ")
            words.append(" ")
    return " ".join("".join(words).split())
