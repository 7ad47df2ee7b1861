"""Property-based tests: whatever a file holds, reading and checking it gives a model or
diagnostics at places inside the file, never an exception; whatever Markdown says, its HTML
holds no script, no event handler and no link other than http, https, mailto and claim links.

Deterministic (``derandomize``, no example database), with a moderate number of examples per
property so that the suite stays quick. COUNTERCLAIM_FUZZ_EXAMPLES=5000 searches harder.

Where a property holds only for some inputs (a file the checker accepts), it says so with
``assume``, so that Hypothesis counts the examples it drops (``--hypothesis-show-statistics``)
and draws others; the strategies are made so that most examples get that far.
"""

from __future__ import annotations

import copy
import json
import os
import re
import xml.etree.ElementTree as ET
from functools import partial
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote.index import footnote_ref
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

import counterclaim.load.markdown as markdown_parser
from counterclaim.build.loading import load_dataset
from counterclaim.load import schema
from counterclaim.load.reading import parse_bytes
from counterclaim.model.diagnostics import Diagnostic
from counterclaim.publish import claimreview, exports, feeds, search
from counterclaim.render import richtext
from counterclaim.render.i18n import load_catalogue
from counterclaim.render.site import Site
from counterclaim.render.urls import Urls
from counterclaim.render.views import Views
from hostile.corpus import INERT, RUN
from samples import CLAIM, CLAIMANT, RATINGS, THEME, TODAY, TOPICS, found, write_data

pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

FUZZ = settings(
    max_examples=int(os.environ.get("COUNTERCLAIM_FUZZ_EXAMPLES", "200")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

# -- what the strategies draw from -------------------------------------------------------------

#: Every field name of a claim file, at any level.
FIELDS = [
    "id", "claimant", "statement", "short", "said", "date", "source", "where", "rating", "topics", "summary",
    "analysis", "published", "updated", "corrections", "text", "previous_rating", "related", "figure", "value",
    "low", "high", "qualifier", "unit", "definition", "window", "start", "end", "as_of", "method", "stated_by",
    "series", "not_stated", "sources", "counter_claims", "figures", "title", "description", "publisher", "authors",
    "url", "link", "accessed", "archive_url", "archive_date", "language", "quote", "en", "es", "name", "kind",
    "wikidata", "ratings", "label", "colour", "position",
]  # fmt: skip
HOSTILE = [p.text[:300] for p in INERT] + [
    "javascript:alert(1)", "[x](javascript:alert(1))", "<javascript:alert(1)>", "claim:../../x", "[^nope]",
    "[^", "\x00", "\x1b[31m", "\u202e", "\ufffe", "\U0010ffff", "\r", "\r\n", "\u2028", "\x85", "\ufeff",
    "&", "*", "!", "|", ">", "'", '"', "- ", "? ", ": ", "#", "---", "...", "%YAML 1.1", "!!python/name:os.system",
    "1e999", "0x1F", "2026-13-45", "2026-02-30", "-0", "nan", ".inf", "~", "null", "yes", "__proto__",
]  # fmt: skip
MARKDOWN = [
    "[", "]", "(", ")", "[^", "^", "]", "`", "``", "\\", "<", ">", "*", "_", "!", " ", "\n", "\n\n", "a", ":",
    "http://x.y", "https://ok.example/", "mailto:a@b.c", "claim:other", "javascript:", "JaVaScRiPt:", "data:",
    "vbscript:", "&#106;", "&#x6A;", "&amp;", "&quot;", "%0a", "\t", "<http://a.b>", "<a@b.c>", "[r]",
    "[r]: javascript:alert(1)\n", "[r]: https://ok.example/\n", "[x][r]", "\"", "'", "> ", "- ", "1. ", "#",
    "|", "---", "```", "<script>", "</script>", "<img src=x onerror=alert(1)>", " onclick=", "\x00", "\u202e",
]  # fmt: skip

texts = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE))
scalars = st.one_of(
    texts,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
keys = st.one_of(st.sampled_from(FIELDS), texts)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)
markdown = st.one_of(
    st.lists(st.sampled_from(MARKDOWN), max_size=30).map("".join),
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(MARKDOWN), st.text(max_size=5)), max_size=20).map("".join),
)


def lines_of(raw: bytes) -> list[list[str]]:
    """The file's lines, as counted by line feeds and as counted by YAML (which also breaks at
    carriage returns, NEL and the Unicode separators); a position is inside the file if it is
    inside either."""
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    return [text.replace("\r\n", "\n").split("\n"), re.split(r"\r\n|[\r\n\x85\u2028\u2029]", text)]


def assert_inside(diagnostics: list[Diagnostic], raw: bytes) -> None:
    readings = lines_of(raw)
    for d in diagnostics:
        assert isinstance(d.line, int) and isinstance(d.column, int), d
        assert any(1 <= d.line <= len(lines) and 1 <= d.column <= len(lines[d.line - 1]) + 1 for lines in readings), (
            f"{d.format()} is outside the file"
        )
        assert "\n" not in d.message, d.format()


def dump(data: Any, flow: bool | None) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False).encode("utf-8")


# -- the loader and the checker ----------------------------------------------------------------


@FUZZ
@given(st.one_of(st.binary(max_size=400), st.builds(lambda b, i: CLAIM.encode()[:i] + b + CLAIM.encode()[i:],
                                                    st.binary(max_size=40), st.integers(0, len(CLAIM)))))  # fmt: skip
def test_any_bytes_give_a_document_or_diagnostics_inside_the_file(raw: bytes):
    document, diagnostics = parse_bytes(raw, "f.yaml")
    assert document is not None or any(d.is_error for d in diagnostics)
    assert_inside(diagnostics, raw)


@FUZZ
@given(structures, st.sampled_from([None, True, False]))
def test_any_yaml_structure_gives_a_document_or_diagnostics_and_every_schema_says_why(data: Any, flow: bool | None):
    raw = dump(data, flow)
    # As the checker reads data files: values refused one by one leave the rest to the schema.
    document, diagnostics = parse_bytes(raw, "f.yaml", partial=True)
    assert_inside(diagnostics, raw)
    assume(document is not None)
    assert document is not None
    for kind in schema.SCHEMA_FILES:
        assert_inside(schema.validate(document, kind), raw)


def sample_claim() -> dict[str, Any]:
    document, _ = parse_bytes(CLAIM.encode(), "c.yaml")
    assert document is not None
    return dict(document.data)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


#: Text that fits where the schema wants text, hostile or not (control characters included: the
#: schema takes them for text, and only the loader refuses them).
printable = st.one_of(
    st.sampled_from([t for t in HOSTILE if t.strip()]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30).filter(str.strip),
)


def like(value: Any) -> st.SearchStrategy[Any]:
    """Something of the same kind as ``value``: what gets past the schema, to reach the checks."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, (int, float)):
        return st.one_of(st.integers(-5, 10**6), st.floats(-1e6, 1e6, allow_nan=False))
    if isinstance(value, str):
        kebab = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
        dates = st.sampled_from(
            ["2026-01-05", "2026-01", "2026", "2025-12-31", "2026-01-10", "2026-02-29", "2027-01-01"]
        )
        return st.one_of(printable, kebab, dates, st.sampled_from(["interview", "almanac", "sample-person"]))
    if isinstance(value, list):
        return st.lists(like(value[0]) if value else printable, min_size=1, max_size=3)
    return structures


#: Every text of a full claim that reaches a reader.
TEXT_FIELDS = [
    ("statement",), ("short",), ("summary",), ("analysis",), ("said", "where"), ("figure", "unit"),
    ("figure", "definition"), ("figure", "method"), ("counter_claims", 0, "statement", "en"),
    ("counter_claims", 0, "statement", "es"), ("figures", 0, "unit"), ("corrections", 0, "text"),
    ("sources", "interview", "title"), ("sources", "interview", "publisher"), ("sources", "almanac", "title"),
]  # fmt: skip


@st.composite
def claims_with_one_text(draw: st.DrawFn) -> dict[str, Any]:
    """The full claim with any text at all in one of its text fields."""
    claim = full_claim()
    path = draw(st.sampled_from(TEXT_FIELDS))
    parent = claim
    for part in path[:-1]:
        parent = parent[part]
    text = draw(st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(HOSTILE)))
    keep = parent[path[-1]]
    # Where the text cites its sources, it still does, so that the claim can pass the checker.
    parent[path[-1]] = text + (keep[keep.index("[^") :] if "[^" in keep else "")
    return claim


def full_claim() -> dict[str, Any]:
    """The valid sample claim with every field a claim can have."""
    claim = sample_claim()
    claim["id"] = "fuzzed"
    claim["said"]["date"] = "2026-01-05"
    claim["said"]["where"] = "on the radio"
    claim["figure"] = {"value": 400, "qualifier": "about", "unit": "people", "definition": "All.", "method": "Count.",
                       "window": {"start": "2026-01-01", "end": "2026-01-08"}, "as_of": "2026-01-09",
                       "series": "count", "sources": ["interview"]}  # fmt: skip
    claim["counter_claims"] = [
        {"claimant": "sample-person", "statement": {"en": "No.[^almanac]", "es": "No."}, "sources": ["almanac"],
         "figure": {"low": 1, "high": 2, "unit": "people", "sources": ["almanac"], "as_of": "2026-01-09",
                    "series": "count"}}
    ]  # fmt: skip
    claim["figures"] = [{"stated_by": "sample-person", "value": 3, "unit": "u", "sources": ["almanac"]}]
    claim["corrections"] = [{"date": "2026-02-01", "text": "Fixed.[^interview]", "previous_rating": "accurate"}]
    claim["related"] = ["sample-claim"]
    claim["updated"] = "2026-03-01"
    return claim


@st.composite
def mutated_claims(draw: st.DrawFn) -> dict[str, Any]:
    """The full claim, with a few values replaced by values of the same kind (so that the file
    often gets past the schema, and the checks behind it run on strange data), by anything at
    all, or removed, or joined by new fields."""
    claim = full_claim()
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths(claim)[1:]))
        parent = claim
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["like", "like", "like", "anything", "remove", "add"]))
        if action == "remove":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(keys)] = draw(structures)
        elif action == "like":
            parent[path[-1]] = draw(like(parent[path[-1]]))
        else:
            parent[path[-1]] = draw(st.one_of(structures, st.sampled_from(HOSTILE)))
    return claim


#: Dates in any of the three forms, all before conftest.TODAY; a year alone overlaps any day in
#: it, so the checks of their order mostly pass.
GOOD_DATES = ["2026", "2026", "2026-01", "2025", "2026-01-05", "2026-01-10", "2025-12-31", "2026-02-28"]
#: Names that the sample registries and the full claim define, by field.
KNOWN = {
    "claimant": ["sample-person"],
    "stated_by": ["sample-person"],
    "rating": ["accurate", "false-claim", "unverifiable"],
    "previous_rating": ["accurate", "false-claim", "unverifiable"],
    "qualifier": ["exactly", "about", "more-than", "at-least", "fewer-than", "at-most"],
    "link": ["unknown", "withheld"],
}
DATE_FIELDS = {"published", "updated", "date", "as_of", "start", "end", "accessed", "archive_date"}
#: Fields that name other things (sources, claims, the file itself): kept as they are.
NAMES = {"id", "source", "sources", "topics", "related", "series", "language", "url", "archive_url"}
#: Any text a contributor could write: every character but controls, surrogates and unassigned.
plain_text = st.text(st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn"]), min_size=1, max_size=40).filter(
    str.strip
)


def valid_value(path: tuple[Any, ...], value: Any) -> st.SearchStrategy[Any]:
    """A value the schema takes for the field at ``path``, and that names only what exists:
    strange text, numbers and dates of every form, but no mistake the checker should find."""
    name = next((part for part in reversed(path) if isinstance(part, str)), "")
    if name in KNOWN:
        return st.sampled_from(KNOWN[name])
    if name in DATE_FIELDS:
        return st.sampled_from(GOOD_DATES)
    if isinstance(value, bool) or name in NAMES:
        return st.just(value)
    if isinstance(value, (int, float)):
        return st.one_of(st.integers(0, 10**6), st.floats(0, 1e6, allow_nan=False))
    if isinstance(value, str):
        # Citations and links stay, so that every source is still cited.
        kept = value[value.index("[^") :] if "[^" in value else ""
        return st.one_of(plain_text, st.sampled_from([t for t in HOSTILE if t.strip()])).map(lambda t: t + kept)
    return st.just(value)


@st.composite
def valid_claims(draw: st.DrawFn) -> dict[str, Any]:
    """The full claim with a few values replaced by others the checker should accept: so that
    most examples reach the pages, feeds and exports made from them."""
    claim = full_claim()
    leaves = [path for path in paths(claim)[1:] if not isinstance(_at(claim, path), (dict, list))]
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(leaves))
        parent = _at(claim, path[:-1])
        parent[path[-1]] = draw(valid_value(path, parent[path[-1]]))
    return claim


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def full_validators() -> dict[str, Draft7Validator]:
    contents = {p.name: json.loads(p.read_text("utf-8")) for p in found(schema.schema_dir().glob("*.schema.json"), 5)}
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(value, default_specification=DRAFT7)) for name, value in contents.items()
    )
    return {kind: Draft7Validator(contents[name], registry=registry) for kind, name in schema.SCHEMA_FILES.items()}


VALIDATORS = full_validators()


@FUZZ
@given(st.one_of(mutated_claims(), valid_claims()), st.sampled_from([None, True, False]))
def test_the_schema_check_agrees_with_the_schema_itself(claim: dict[str, Any], flow: bool | None):
    document, _ = parse_bytes(dump(claim, flow), "c.yaml", partial=True)
    assume(document is not None)
    assert document is not None
    passes = schema.validate(document, "claim") == []
    # The quick validator (fastjsonschema, which decides) and jsonschema (which explains) agree.
    assert passes == (list(schema._validators()["claim"].iter_errors(document.data)) == [])
    # And what passes is valid by the schema's own files (read as written, "$" and all).
    if passes:
        assert list(VALIDATORS["claim"].iter_errors(document.data)) == []


@FUZZ
@given(mutated_claims(), st.sampled_from([None, False]))
def test_any_claim_file_gives_a_claim_or_diagnostics_inside_it(tmp_path_factory, claim: dict[str, Any], flow):
    raw = dump(claim, flow)
    root = tmp_path_factory.mktemp("data")
    data = write_data(root, claims={"sample-claim": CLAIM, "fuzzed": raw})
    result = load_dataset(data, today=TODAY, root=root, workers=1)
    mine = [d for d in result.diagnostics if d.path.endswith("fuzzed.yaml")]
    assert_inside(mine, raw)
    assert "fuzzed" in result.dataset.claims or any(d.is_error for d in mine)


CATALOGUES = {lang: load_catalogue(THEME / "locales", lang) for lang in ("en", "es")}
#: The schemes a link on a claim page may have, besides links to other claims and within the page.
SAFE = {"http", "https", "mailto"}
SHAPES = {"title", "desc", "line", "text", "rect", "circle", "path"}


def on_page_or_web(href: str) -> bool:
    """A link to another claim, to the page itself, or to the web (schemes in any case)."""
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
    return href.startswith(("../", "#")) or (scheme is not None and scheme.group(1).lower() in SAFE)


@FUZZ
@given(st.one_of(valid_claims(), claims_with_one_text()))
def test_every_claim_the_checker_accepts_makes_a_page_data_feeds_and_exports_that_parse(tmp_path_factory, claim):
    raw = dump(claim, None)
    root = tmp_path_factory.mktemp("data")
    data = write_data(root, claims={"sample-claim": CLAIM, "fuzzed": raw})
    result = load_dataset(data, today=TODAY, root=root, workers=1)
    assume(result.ok)
    dataset = result.dataset
    fuzzed = dataset.claims["fuzzed"]
    newest = sorted(dataset.claims.values(), key=lambda c: (c.published.first_day, c.id), reverse=True)
    publisher = claimreview.Publisher("Checkers", "https://checks.example.org/")
    for language, catalogue in CATALOGUES.items():
        urls = Urls.for_language(language, "en")
        page = Views(dataset, catalogue, urls).claim_page(fuzzed)
        for html in (page.verdict, page.analysis, *(s.text for s in page.statements)):
            assert link_problems(str(html), on_page_or_web) == []
        for chart in (page.comparison_chart, page.timeline_chart):
            if chart is not None:
                drawing = BeautifulSoup(str(chart), "html.parser")
                assert drawing.svg is not None
                assert {t.name for t in drawing.find_all(True)} <= {
                    "div",
                    "p",
                    "b",
                    "span",
                    "strong",
                    "svg",
                    "g",
                    "line",
                    "text",
                    "rect",
                    "circle",
                    "path",
                }
        review = claimreview.claim_review(
            fuzzed, dataset, language=language, page_url="https://checks.example.org/", publisher=publisher
        )
        assert strict_json(str(claimreview.script_json(review))) == review
        settings_ = feeds.FeedSettings("https://checks.example.org/", "Site", "Checkers")
        ET.fromstring(feeds.claims_feed(newest, dataset, catalogue, urls, settings_).split("\n", 1)[1])
        corrections = [(c, i) for c in newest for i in range(len(c.corrections))]
        ET.fromstring(feeds.corrections_feed(corrections, dataset, catalogue, urls, settings_).split("\n", 1)[1])
        for _, text in search.index_files(Site(dataset, catalogue, urls)):
            strict_json(text)
    record = exports.claim_record(fuzzed, dataset, site_url="https://checks.example.org/", urls=Urls())
    strict_json("".join(exports.claims_export([record], dataset)))
    feed = claimreview.data_feed([claimreview.feed_element(review)], feed_url="f", publisher=publisher, modified="")
    strict_json("".join(feed))


def strict_json(text: str) -> Any:
    """JSON as other programs read it: NaN and Infinity are not JSON."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@FUZZ
@given(structures, st.sampled_from(["claimants", "ratings", "topics"]))
def test_any_registry_gives_registries_or_diagnostics_inside_it(tmp_path_factory, content: Any, which: str):
    raw = dump(content, None)
    root = tmp_path_factory.mktemp("data")
    files: dict[str, Any] = {"claimants": {"sample-person": CLAIMANT}, "ratings": RATINGS, "topics": TOPICS}
    if which == "claimants":
        files["claimants"] = {"sample-person": CLAIMANT, "fuzzed": raw.decode("utf-8")}
    else:
        files[which] = raw.decode("utf-8")
    data = write_data(root, claims={"sample-claim": CLAIM}, **files)
    result = load_dataset(data, today=TODAY, root=root, workers=1)
    assert_inside([d for d in result.diagnostics if "fuzzed" in d.path or which in d.path], raw)


# -- Markdown ---------------------------------------------------------------------------------


def link_problems(html: str, allowed: Any) -> list[str]:
    problems = []
    if re.search(r"<script|<img|<iframe|<svg|<style", html, re.IGNORECASE):
        problems.append("an element that runs or loads")
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert isinstance(element, Tag)
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"an event handler {name}")
            if name in ("href", "src", "action") and not allowed(str(value)):
                problems.append(f"{name}={value!r}")
    return problems


def placeholder_or_web(href: str) -> bool:
    return bool(re.fullmatch("\x00l[0-9]+\x00", href)) or href.split(":", 1)[0].lower() in SAFE


@FUZZ
@given(markdown, st.booleans())
def test_any_markdown_renders_to_html_without_script_handlers_or_other_links(text: str, inline: bool):
    fragment = richtext.render(text, inline=inline)
    assert link_problems(fragment.html, placeholder_or_web) == []
    page = richtext.PageText(lambda target: f"../{target}/", sources_page=None)
    html = str(page.fill(fragment))
    assert "\x00" not in html

    def filled(href: str) -> bool:
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
        return href.startswith(("../", "#s-")) or (scheme is not None and scheme.group(1).lower() in SAFE)

    assert link_problems(html, filled) == []
    assert richtext.plain_text(text) is not None


def stock_parser() -> MarkdownIt:
    """load.markdown's parser with mdit-py-plugins' footnote rule instead of its bounded one."""
    md = MarkdownIt("js-default")
    md.options["maxNesting"] = 20
    md.disable("image")
    md.inline.ruler.before("link", "footnote_ref", partial(footnote_ref, always_match=True))
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.push("counterclaim_links", markdown_parser._link_policy)
    md.add_render_rule("footnote_ref", markdown_parser._render_citation)
    return md


STOCK = stock_parser()


@FUZZ
@given(markdown, st.booleans())
def test_the_bounded_citation_rule_reads_citations_as_the_stock_rule_does(text: str, inline: bool):
    env: dict[str, Any] = {"scan": markdown_parser.TextScan(), "citation_count": 0}
    html = STOCK.renderInline(text, env) if inline else STOCK.render(text, env)
    ours = richtext.render(text, inline=inline)
    assert (ours.html, list(ours.citations), list(ours.refused_links)) == (
        html,
        env["scan"].citations,
        env["scan"].refused_links,
    )


@FUZZ
@given(markdown, st.booleans())
def test_the_checker_finds_in_a_text_what_its_rendering_shows(text: str, inline: bool):
    # The checker parses without rendering; what it finds must be what the page shows.
    found = markdown_parser.scan(text, inline=inline)
    shown = richtext.render(text, inline=inline)
    assert (found.citations, found.claim_links, found.refused_links) == (
        list(shown.citations),
        list(shown.claim_links),
        list(shown.refused_links),
    )


def test_the_fuzzing_strategies_reach_the_payloads_of_the_corpus():
    # The hostile payloads are what the strategies draw their text from, besides random text.
    assert RUN in "".join(HOSTILE)
    assert copy.deepcopy(sample_claim())["id"] == "sample-claim"
