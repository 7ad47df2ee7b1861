"""Hostile data: what a contributor nobody knows could put in a pull request.

Two kinds of case:

- ``INERT``: text that must come out as text. Each payload is written into every text field
  that reaches a reader (claim, counter-claim, figures, sources, claimant, rating, topic,
  correction), and its own web addresses into every url field; :func:`write_site` makes one
  site holding all of them, a claim, a claimant, a rating and a topic per payload.
- refused cases (:func:`refused_cases`): files the checker must stop, each with the code of
  the diagnostic it must give and where. Most are written out in ``refused/`` (their first
  lines say what they try and what is expected); those that cannot be (megabytes, bytes that
  are not UTF-8, symbolic links, things made from a temporary path) are made here.

Every payload that would run tries three things a browser test can see: it sets
``window.__pwned``, opens a dialog, and loads something from ``EVIL``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samples import CLAIM, CLAIMANT, REPO

HERE = Path(__file__).resolve().parent
EVIL = "https://evil.example"
#: What a payload that ran would set.
PWNED = "__pwned"


@dataclass(frozen=True)
class Payload:
    name: str
    category: str
    text: str


def _p(name: str, category: str, text: str) -> Payload:
    return Payload(name, category, text)


RUN = "window.__pwned=1;alert(1)"

#: Text that must stay text everywhere. Names are claim ids, claimant ids, rating ids and
#: topic ids at once, so some are chosen to clobber what scripts look up (location, top...).
INERT: list[Payload] = [
    # Markup
    _p("script-tag", "markup", f"<script>{RUN}</script>"),
    _p("img-onerror", "markup", f'<img src={EVIL}/x.png onerror="{RUN}">'),
    _p("svg-onload", "markup", f"<svg onload={RUN}><circle r=9 /></svg>"),
    _p("iframe-srcdoc", "markup", f'<iframe srcdoc="<script>parent.{PWNED}=1</script>" src="{EVIL}/"></iframe>'),
    _p("base-and-refresh", "markup", f'<base href="{EVIL}/"><meta http-equiv="refresh" content="0;url={EVIL}/">'),
    _p(
        "form-action",
        "markup",
        f'<form action="javascript:{RUN}"><button formaction="javascript:{RUN}">go</button></form>',
    ),
    _p(
        "math-xlink", "markup", f'<math><mi xlink:href="javascript:{RUN}">x</mi></math><a href="javascript:{RUN}">y</a>'
    ),
    _p("style-injection", "markup", f'</style><style>body{{background:url({EVIL}/x)}}</style><b style="color:red">'),
    _p(
        "object-embed",
        "markup",
        f"<link rel=stylesheet href={EVIL}/x.css><object data={EVIL}/o></object><embed src={EVIL}/e>",
    ),
    _p("details-ontoggle", "markup", f"<details open ontoggle={RUN}><summary>x</summary></details>"),
    # Breaking out of where the text is put
    _p("attribute-double-quote", "break-out", f'"><svg onload={RUN}>'),
    _p("attribute-single-quote", "break-out", f"' onmouseover='{RUN}' x='"),
    _p("script-close", "break-out", f"</script><script>{RUN}</script>"),
    _p("comment-open", "break-out", f"<!-- <script>{RUN}</script>"),
    _p("comment-close", "break-out", f"--><script>{RUN}</script><!--"),
    _p("cdata-close", "break-out", f"]]><script>{RUN}</script><![CDATA["),
    _p("title-close", "break-out", f"</title></desc></text></svg><script>{RUN}</script>"),
    _p("raw-text-close", "break-out", f"</textarea></noscript></xmp></plaintext><script>{RUN}</script>"),
    _p("json-string-close", "break-out", f'\\"}}]}}</script><script>{RUN}</script>'),
    _p(
        "xml-doctype",
        "break-out",
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;<?xml-stylesheet href="x"?>',
    ),
    _p("template-syntax", "break-out", "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7} #{7*7} {count} %s {0}"),
    # Encodings of markup
    _p("escaped-entities", "encoding", "&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp;lt;b&amp;gt;"),
    _p(
        "numeric-entities",
        "encoding",
        "&#60;script&#62;window.__pwned=1&#60;/script&#62; &#x3C;img src=x onerror=alert(1)&#x3E;",
    ),
    _p("js-escapes", "encoding", "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e \\x3cscript\\x3e"),
    _p("percent-encoded", "encoding", "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E"),
    _p("fullwidth-brackets", "encoding", "\uff1cscript\uff1ewindow.__pwned=1\uff1c/script\uff1e"),
    _p("schemes-as-text", "encoding", "javascript:alert(1) JaVaScRiPt:alert(1) data:text/html,<b>x vbscript:msgbox(1)"),
    # Characters
    _p("zero-width", "characters", "Foro\u200bPenal\u200c\u200d\u2060\ufeff and\u00ad soft"),
    _p("right-to-left-text", "characters", "\u200f\u0646\u0635 \u05e2\u05d1\u05e8\u05d9\u05ea\u200e <b>x</b>"),
    # Embeddings and isolates that real Arabic text carries, one left open: accepted in text,
    # closed at the end of its line, so that it reaches nothing after it on a page.
    _p("unclosed-embedding", "characters", "\u202b\u0645\u0646\u0634\u0648\u0631\u0627\u062a 15 <b>x</b>"),
    _p("isolates-and-marks", "characters", "\u2067\u0646\u0635\u2069 \u2066abc\u2069 \u061c\u2068x \u202adef\u202c"),
    _p("line-separators", "characters", "one\u2028two\u2029three</script>"),
    _p("astral", "characters", "\U0001f600 \U0001d54f \U00020000 <script>x</script>"),
    _p("quotes-and-backslashes", "characters", "\"'`\\ \\\" \\' </a> \\n"),
    _p("newlines", "characters", "first line <i>\nsecond line\n\n  indented </p></div>"),
    _p("very-long-line", "characters", "word " * 8_000 + "A" * 1_950 + "<script>x</script>"),
    # Names that clobber what scripts and browsers look up
    _p("location", "clobbering", f'<a id="location" name="location" href="javascript:{RUN}">x</a>'),
    _p("constructor", "clobbering", '<form name="search-results"><input name="textContent"></form>'),
    _p("top", "clobbering", '<img name="getElementById" id="search-status">'),
    _p("document", "clobbering", "__proto__ prototype constructor toString"),
    # Markdown tricks that are not refused: they must give only safe links, or none
    _p("markdown-link-title", "markdown", f'[x](https://ok.example/ "t\\" onmouseover=\\"{RUN}")'),
    _p("markdown-link-quote", "markdown", f'[x](https://ok.example/"onmouseover="{RUN})'),
    _p("markdown-autolink-quote", "markdown", f'<https://ok.example/"onclick="{RUN}> <HTTPS://OK.EXAMPLE/\'x>'),
    _p("markdown-reference", "markdown", f'see [x][r] and [r]\n\n[r]: https://ok.example/r "t\\" onclick=\\"{RUN}"'),
    _p("markdown-nested", "markdown", "[a [b](https://ok.example/b) c](https://ok.example/a) [[[x]]] [x]]]"),
    _p("markdown-image", "markdown", f'![pwn]({EVIL}/x.png) ![x](https://ok.example/y.png "onerror=alert(1)")'),
    _p(
        "markdown-code", "markdown", f'`<script>{RUN}</script>`\n\n```"><script>{RUN}</script>\n<script>x</script>\n```'
    ),
    _p("markdown-emphasis", "markdown", "*<script>*x**</script>** _<img src=x onerror=alert(1)>_ ~~<s>~~"),
    _p("markdown-entity-url", "markdown", f"[x](https://ok.example/&quot;onmouseover=&quot;{RUN})"),
    _p(
        "markdown-mailto",
        "markdown",
        "[m](mailto:a@ok.example?subject=%22%3E%3Cscript%3Ex%3C/script%3E) <a@ok.example>",
    ),
    _p("markdown-nesting", "markdown", "> " * 30 + "- " * 10 + "<script>x</script>"),
    _p("markdown-table", "markdown", "| a | <script>x</script> |\n|---|---|\n| <img src=x onerror=alert(1)> | b |"),
    _p("markdown-html-block", "markdown", f'<div onclick="{RUN}">\n\n<details open ontoggle=alert(1)>\n\n</div>'),
]

#: Payloads with Markdown of their own are written as they are in Markdown fields; plain-text
#: fields get them as they are too (where they must show literally).
COLOURS = ["#1a7f37", "#b91c1c", "#4b5563", "#ffffff", "#000000", "#9a6700"]
KINDS = ["person", "organisation", "government", "other"]
#: Source keys: names that scripts and browsers look up on objects and documents.
SOURCE_KEYS = ("constructor", "location", "prototype")


def yaml_text(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON strings are)."""
    return json.dumps(value, ensure_ascii=False)


def url_for(payload: Payload, where: str = "") -> str:
    """A web address that passes the schema (http(s), a host with a dot, no spaces) and carries
    the payload in its path."""
    # Without direction marks and isolates too: text may hold them, an address may not.
    return (f"https://ok.example/{payload.name}/{where}" + _NOT_IN_URLS.sub("", payload.text))[:1500]


_NOT_IN_URLS = re.compile("[\\s\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def claim_for(payload: Payload, related: str | None) -> str:
    """A claim that passes the checker, with the payload in every text and url field."""
    q = yaml_text(payload.text)
    name = payload.name
    constructor, location, prototype = SOURCE_KEYS
    related_line = f"related: [{related}]\n" if related else ""
    return f"""\
id: {name}
claimant: {name}
statement: {q}
short: {q}
said:
  source: {constructor}
  date: 2026-01-05
  where: {q}
rating: {name}
topics: [{name}]
summary: {yaml_text(payload.text + f" [^{constructor}]")}
analysis: {yaml_text(payload.text + f"[^{constructor}]" + chr(10) * 2 + payload.text + f" [^{location}][^{prototype}]")}
published: 2026-01-10
updated: 2026-03-02
{related_line}corrections:
  - date: 2026-02-01
    text: {yaml_text(payload.text + f" [^{location}]")}
    previous_rating: former
figure:
  value: 400
  qualifier: more-than
  unit: {q}
  definition: {q}
  method: {q}
  window: {{start: 2026-01-01, end: 2026-01-09}}
  as_of: 2026-01-09
  series: {name}
  sources: [{constructor}]
counter_claims:
  - claimant: {name}
    statement: {yaml_text(payload.text + f" [^{location}]")}
    sources: [{location}]
    said:
      source: {location}
      where: {q}
    figure:
      low: 60
      high: 116
      qualifier: about
      unit: {q}
      definition: {q}
      method: {q}
      window: {{end: 2026-02-09}}
      as_of: 2026-02-09
      series: {name}
      sources: [{location}]
figures:
  - stated_by: {name}
    value: 426
    qualifier: at-least
    unit: {q}
    definition: {q}
    window: {{start: 2026-02-10}}
    as_of: 2026-03-01
    series: {name}
    sources: [{prototype}]
sources:
  {constructor}:
    title: {q}
    description: {q}
    publisher: {q}
    authors: [{q}, {yaml_text("Second " + payload.text)}]
    published: 2026-01-05
    url: {yaml_text(url_for(payload, "source"))}
    accessed: 2026-01-07
    archive_url: {yaml_text("https://web.archive.org/web/20260105/" + url_for(payload, "archive"))}
    archive_date: 2026-01-06
    language: es
    quote: {q}
  {location}:
    description: {q}
    publisher: {yaml_text("Other " + payload.text)}
    link: unknown
  {prototype}:
    title: {q}
    publisher: {yaml_text("Third " + payload.text)}
    link: withheld
"""


def claimant_for(payload: Payload, index: int) -> str:
    q = yaml_text(payload.text)
    return (
        f"id: {payload.name}\nname: {q}\nkind: {KINDS[index % len(KINDS)]}\ndescription: {q}\n"
        f"url: {yaml_text(url_for(payload, 'claimant'))}\nwikidata: https://www.wikidata.org/wiki/Q{index + 1}\n"
    )


def ratings_for(payloads: list[Payload]) -> str:
    lines = ["ratings:"]
    for i, payload in enumerate(payloads):
        q = yaml_text(payload.text)
        position = str(i + 1) if i % 5 else "null"
        lines += [
            f"  - id: {payload.name}",
            f"    label: {q}",
            f"    description: {q}",
            f'    colour: "{COLOURS[i % len(COLOURS)]}"',
            f"    position: {position}",
        ]
    lines += ["  - id: former", "    label: Former rating", "    description: What it was.", '    colour: "#4b5563"']
    return "\n".join(lines) + "\n"


def topics_for(payloads: list[Payload]) -> str:
    lines = ["topics:"]
    for payload in payloads:
        q = yaml_text(payload.text)
        lines += [f"  - id: {payload.name}", f"    label: {q}", f"    description: {q}"]
    return "\n".join(lines) + "\n"


def write_site(root: Path, payloads: list[Payload] = INERT, *, extra_languages: tuple[str, ...] = ("es",)) -> Path:
    """A site in ``root`` whose data holds every payload (see the module's docstring)."""
    from samples import write_site as write_small_site

    claims = {}
    for i, payload in enumerate(payloads):
        related = payloads[i - 1].name if i else None
        claims[payload.name] = claim_for(payload, related)
    claimants = {payload.name: claimant_for(payload, i) for i, payload in enumerate(payloads)}
    return write_small_site(
        root,
        claims=claims,
        claimants=claimants,
        ratings=ratings_for(payloads),
        topics=topics_for(payloads),
        extra_languages=extra_languages,
        per_page=50,
    )


# -- refused ------------------------------------------------------------------------------


@dataclass
class Refused:
    """Files that the checker must refuse, and what it must say.

    ``files`` are written into the data folder (paths relative to it; a Path value is a
    symbolic link to that path). The diagnostic ``code`` must be reported in ``where`` (a path
    relative to the data folder), at ``line`` (and ``column``) when they are given.
    """

    name: str
    category: str
    files: dict[str, str | bytes | Path]
    where: str
    code: str
    line: int | None = None
    column: int | None = None
    #: Text that must appear nowhere in what the checker prints (a secret, say).
    never_shown: tuple[str, ...] = ()
    #: Files that must not exist after the check (what a payload would have made).
    never_made: tuple[Path, ...] = ()
    #: Registries written instead of the samples', by file name (ratings.yaml, topics.yaml).
    registries: dict[str, str] = field(default_factory=dict)
    #: Files written outside the data folder (for links to point at), by absolute path.
    outside: dict[Path, str] = field(default_factory=dict)


_EXPECT = re.compile(r"^# expect: (?P<code>[A-Za-z-]+)(?: at (?P<line>\d+)(?::(?P<column>\d+))?)?$", re.MULTILINE)
_CATEGORY = re.compile(r"^# category: (?P<category>[a-z-]+)$", re.MULTILINE)


def stored_cases() -> list[Refused]:
    """The fixtures in ``refused/``: claims in claims/, claimants in claimants/, rating scales
    in ratings/ and topic lists in topics/ (each replacing the sample registry)."""
    cases = []
    for path in sorted((HERE / "refused").glob("*/*.yaml")):
        folder = path.parent.name
        text = path.read_bytes()
        header = text.decode("utf-8", "replace")
        expected = _EXPECT.search(header)
        category = _CATEGORY.search(header)
        assert expected and category, f"{path}: the header needs '# category: ...' and '# expect: ...'"
        line = int(expected["line"]) if expected["line"] else None
        column = int(expected["column"]) if expected["column"] else None
        name = f"{folder}-{path.stem}"
        if folder in ("ratings", "topics"):
            target = f"{folder}.yaml"
            cases.append(
                Refused(
                    name,
                    category["category"],
                    {},
                    target,
                    expected["code"],
                    line,
                    column,
                    registries={target: text.decode("utf-8")},
                )
            )
        else:
            target = f"{folder}/{path.stem}.yaml"
            cases.append(Refused(name, category["category"], {target: text}, target, expected["code"], line, column))
    return cases


def _claim(stem: str, **replace: str) -> str:
    text = CLAIM.replace("id: sample-claim", f"id: {stem}")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def generated_cases(outside: Path) -> list[Refused]:
    """Cases that cannot be stored as fixtures; ``outside`` is a folder outside the data folder."""
    summary = "summary: Observers agree the sky is blue.[^almanac]"
    secret = "TOP-SECRET-7f3a"
    marker = outside / "pwned-by-yaml"

    def claim(name: str, category: str, code: str, at: tuple[int, ...], text: Any, **more: Any) -> Refused:
        where = f"claims/{name}.yaml"
        return Refused(name, category, {where: text}, where, code, *at, **more)

    python_tag = f'statement: !!python/object/apply:os.system ["touch {marker}"]'
    not_utf8 = _claim("not-utf8").encode("utf-8").replace(b"The sky is green.", b"The sky is \xe9green.")
    return [
        claim("huge-file", "size", "file-too-large", (1, 1), _claim("huge-file") + "#" * 2_100_000 + "\n"),
        claim("very-long-text", "size", "text-too-long", (9, 10),
              _claim("very-long-text", **{summary: "summary: " + "B" * 150_000})),
        claim("very-long-key", "size", "text-too-long", (25, 1), _claim("very-long-key") + "k" * 600 + ": 1\n"),
        claim("very-long-word", "size", "word-too-long", (3, 12),
              _claim("very-long-word", **{"statement: The sky is green.": "statement: " + "A" * 40_000})),
        claim("many-keys", "size", "too-many", (10021, 3),
              _claim("many-keys") + "".join(f"  s{i}:\n    title: t\n" for i in range(6000))),
        claim("many-items", "size", "too-many", (8, 45010),
              _claim("many-items", **{"topics: [weather]": "topics: [" + "weather, " * 200_000 + "weather]"})),
        claim("deep-flow-nesting", "nesting", "too-deep", (25, 50),
              _claim("deep-flow-nesting") + "related: " + "[" * 500_000 + "]" * 500_000 + "\n"),
        claim("deep-unclosed-nesting", "nesting", "too-deep", (25, 170),
              _claim("deep-unclosed-nesting") + "related: " + "{a: " * 300_000 + "\n"),
        claim("deep-block-nesting", "nesting", "too-deep", (26, 81),
              _claim("deep-block-nesting") + "related:\n" + "- " * 500_000 + "x\n"),
        claim("deep-key-nesting", "nesting", "too-deep", (25, 83), _claim("deep-key-nesting") + "? " * 500_000 + "x\n"),
        claim("not-utf8", "encoding", "not-utf8", (3, 23), not_utf8),
        claim("utf16", "encoding", "not-utf8", (1, 1), _claim("utf16").encode("utf-16")),
        claim("python-tag-runs-nothing", "yaml", "yaml-tag", (3, 12),
              _claim("python-tag-runs-nothing", **{"statement: The sky is green.": python_tag}), never_made=(marker,)),
        claim("many-citation-starts", "slow-markdown", "undefined-footnote", (9,),
              _claim("many-citation-starts", **{summary: "summary: Blue " + ("[^" * 900 + " ") * 50 + "[^nope]"})),
        claim("repeated-undefined-footnote", "slow-markdown", "undefined-footnote", (9,),
              _claim("repeated-undefined-footnote", **{summary: "summary: Blue.[^almanac]" + " [^nope]" * 12_000})),
        claim("many-refused-links", "slow-markdown", "refused-link", (9,),
              _claim("many-refused-links", **{summary: "summary: Blue.[^almanac]" + "".join(
                  f" [x](javascript:{i})" for i in range(4000))})),
        claim("unclosed-brackets", "slow-markdown", "refused-link", (9,),
              _claim("unclosed-brackets", **{summary: "summary: Blue.[^almanac] [x](javascript:1) "
                                                     + ("[" * 1_900 + " ") * 45})),
        claim("symlink-outside", "files", "outside-data", (1, 1), outside / "secret.yaml",
              never_shown=(secret,), outside={outside / "secret.yaml": _claim("symlink-outside") + f"# {secret}\n"}),
        Refused("symlink-to-system-file", "files", {"claimants/passwd.yaml": Path("/etc/passwd")},
                "claimants/passwd.yaml", "outside-data", 1, 1, never_shown=("root:",)),
    ]  # fmt: skip


def refused_cases(outside: Path) -> list[Refused]:
    return stored_cases() + generated_cases(outside)


def write_refused(root: Path, cases: list[Refused]) -> Path:
    """One data folder holding every case's files, next to the samples, under ``root``."""
    from samples import RATINGS, TOPICS, write_data

    registries: dict[str, str] = {}
    for case in cases:
        registries.update(case.registries)
    data = write_data(
        root,
        claims={"sample-claim": CLAIM},
        claimants={"sample-person": CLAIMANT},
        ratings=registries.get("ratings.yaml", RATINGS),
        topics=registries.get("topics.yaml", TOPICS),
    )
    for case in cases:
        for path, text in case.outside.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for name, content in case.files.items():
            target = data / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                target.symlink_to(content)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\nsite_url: https://checks.example.org/\ndocs_dir: content\n"
        "theme: {name: null, custom_dir: theme}\nplugins:\n  - counterclaim\n",
        encoding="utf-8",
    )
    (root / "content").mkdir(exist_ok=True)
    (root / "content" / "index.md").write_text("# Home\n", encoding="utf-8")
    if not (root / "theme").exists():
        shutil.copytree(REPO / "src" / "counterclaim" / "theme", root / "theme")
    return data
