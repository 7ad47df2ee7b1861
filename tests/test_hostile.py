"""Hostile data from contributors nobody knows: it never runs in a reader's browser, never breaks
the build for everyone, never leaks what was meant to stay private, and what the checker cannot
let through it stops with a diagnostic at the file's line and column.

The corpus is in tests/hostile/ (see its README). Text payloads go into every field of one site,
built for real by MkDocs in a subprocess, and every output is read back as its reader reads it:
the HTML by an HTML parser, the JSON-LD, exports and search index as JSON, the feeds as XML, the
charts as SVG. The files the checker must refuse run through `counterclaim check` in a
subprocess, which must end quickly, without a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from counterclaim.load.values import closed
from counterclaim.publish.feeds import FEED_LENGTH
from hostile import corpus, outputs
from hostile.corpus import INERT, Payload, Refused
from samples import found

#: Long enough for a slow machine, short enough that a hang fails the test rather than CI.
TIMEOUT = 300
#: What a run of the checker over the whole refused corpus may take (it takes seconds).
QUICK = 60
PLACEHOLDER = Path("/outside-placeholder")
REFUSED = corpus.refused_cases(PLACEHOLDER)


def one_line(text: str) -> str:
    return " ".join(text.split())


def program(name: str) -> str:
    return str(Path(sys.executable).parent / name)


# -- the corpus itself ------------------------------------------------------------------------


def test_the_corpus_has_at_least_fifty_cases_across_its_categories():
    categories = {p.category for p in INERT} | {c.category for c in REFUSED}
    assert len(INERT) + len(REFUSED) >= 50
    assert {"markup", "break-out", "encoding", "characters", "clobbering", "markdown"} <= categories
    assert {"url-scheme", "markdown-link", "claim-link", "yaml", "ids", "size", "nesting", "files"} <= categories
    names = [p.name for p in INERT] + [c.name for c in REFUSED]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", found((corpus.HERE / "refused").glob("*/*.yaml"), at_least=5), ids=lambda p: p.stem)
def test_each_stored_refusal_says_what_it_tries_and_is_named_as_its_file(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ") and len(text.split("\n", 1)[0]) > 20, "start with a comment saying what it tries"
    if path.parent.name in ("claims", "claimants") and "# category: ids" not in text:
        assert f"\nid: {path.stem}\n" in text, "the id must be the file's name, so that only the payload is wrong"


# -- text that must stay text -----------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    site: Path
    log: str


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Every payload in every field, built by MkDocs (with --strict: nothing in it may warn)."""
    root = corpus.write_site(tmp_path_factory.mktemp("hostile") / "site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    return Built(root / "site", log)


DATA_IDS = frozenset([p.name for p in INERT] + list(corpus.SOURCE_KEYS) + ["former"])


def pages_of(site: Path, payload: Payload) -> Iterator[Path]:
    name = payload.name
    for prefix in ("", "es/"):
        for folder in ("claims", "claimants", "ratings", "topics"):
            yield site / prefix / folder / name / "index.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def strict_json(text: str) -> Any:
    """JSON as other programs read it: NaN and Infinity are not JSON."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@functools.cache
def read_json(path: Path) -> Any:
    return strict_json(path.read_text(encoding="utf-8"))


@functools.cache
def read_xml(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


@pytest.mark.parametrize("payload", INERT, ids=lambda p: p.name)
def test_a_payload_adds_nothing_that_runs_loads_or_clobbers_on_the_pages_that_show_it(hostile: Built, payload):
    for page in pages_of(hostile.site, payload):
        assert page.is_file(), page
        assert outputs.html_problems(page, DATA_IDS) == []
        assert outputs.svg_problems(page) == []


def shown(payload: Payload) -> str:
    """The payload as readers get it: as written, with an embedding or isolate it leaves open
    closed at the end of its line (direction marks in text are accepted, see yamldoc.closed)."""
    return closed(payload.text)


@pytest.mark.parametrize("payload", INERT, ids=lambda p: p.name)
def test_a_payload_shows_as_the_text_it_is(hostile: Built, payload):
    text = one_line(shown(payload))
    site = hostile.site
    claim = soup(site / "claims" / payload.name / "index.html")
    assert one_line(claim.select_one("article.claim h1").get_text()) == text
    assert one_line(claim.title.get_text()).startswith(text)
    assert text in one_line(claim.select_one(".statement .said").get_text())
    assert one_line(claim.select_one(".statement .meta a").get_text()) == text
    row = claim.select(".figure-list details")[0]
    assert text in one_line(row.get_text())
    sources = one_line(claim.select_one(".sources").get_text())
    assert sources.count(text) >= 4  # title, description, publisher, authors, quote
    for folder in ("claimants", "ratings", "topics"):
        page = soup(site / folder / payload.name / "index.html")
        assert one_line(page.h1.get_text()) == text, folder


@pytest.mark.parametrize("payload", INERT, ids=lambda p: p.name)
def test_a_payload_is_a_string_in_the_structured_data_and_cannot_end_its_block(hostile: Built, payload):
    page = hostile.site / "claims" / payload.name / "index.html"
    (raw,) = outputs.script_texts(page)
    assert not re.search(r"</?script|<!--|-->|\]\]>", raw, re.IGNORECASE)
    (review,) = outputs.json_ld(page)
    assert review["claimReviewed"] == shown(payload)
    assert review["reviewRating"]["alternateName"] == shown(payload)
    assert review["itemReviewed"]["author"]["name"] == shown(payload)
    assert review["itemReviewed"]["appearance"]["name"] == shown(payload)
    assert outputs.json_problems(page.name, review) == []


@pytest.mark.parametrize("payload", INERT, ids=lambda p: p.name)
def test_a_payload_is_text_in_the_feeds(hostile: Built, payload):
    atom = outputs.ATOM
    for feed in ("feed.xml", "corrections.xml"):
        root = read_xml(hostile.site / feed)
        address = f"/claims/{payload.name}/"
        entries = [e for e in root.iter(f"{atom}entry") if address in (e.findtext(f"{atom}id") or "")]
        if not entries:  # a feed lists the newest FEED_LENGTH only; all claims share a date
            assert len(root.findall(f"{atom}entry")) == FEED_LENGTH < len(INERT), feed
            continue
        for entry in entries:
            assert shown(payload) in (entry.findtext(f"{atom}title") or "")
            categories = {c.get("term"): c.get("label") for c in entry.iter(f"{atom}category")}
            assert categories in ({}, {payload.name: shown(payload)})


@pytest.mark.parametrize("payload", INERT, ids=lambda p: p.name)
def test_a_payload_is_a_string_in_the_exports_and_the_search_index(hostile: Built, payload):
    site = hostile.site
    export = read_json(site / "claims.json")
    (record,) = [c for c in export["claims"] if c["id"] == payload.name]
    assert record["statement"] == {"en": shown(payload)}
    assert record["claimant"]["name"] == {"en": shown(payload)}
    assert record["sources"]["constructor"]["quote"] == shown(payload)
    assert record["figure"]["unit"] == {"en": shown(payload)}
    feed = read_json(site / "claimreview-feed.json")
    (element,) = [e for e in feed["dataFeedElement"] if e["url"].endswith(f"/claims/{payload.name}/")]
    assert element["claimReviewed"] == shown(payload)
    rows = [row for part in sorted((site / "search" / "data").glob("d*.json")) for row in read_json(part)]
    (row,) = [r for r in rows if r[3] == f"claims/{payload.name}/"]
    assert row[0] == row[1] == shown(payload)


@pytest.mark.parametrize("payload", INERT, ids=lambda p: p.name)
def test_a_payload_is_only_text_in_the_charts(hostile: Built, payload):
    page = hostile.site / "claims" / payload.name / "index.html"
    charts = outputs.svg_charts(page)
    assert len(charts) == 2  # the comparison, and the timeline of the payload's series
    # Names are written whole (they wrap, never cut), once per figure, and once in the legend.
    assert [one_line(b.get_text()) for b in charts[0].select("b")] == [one_line(shown(payload))] * 3
    assert [one_line(b.get_text()) for b in charts[1].select("b")] == [one_line(shown(payload))]


def test_no_page_of_the_hostile_site_can_run_script_or_load_anything_from_elsewhere(hostile: Built):
    problems = []
    for page in outputs.pages(hostile.site):
        problems += outputs.html_problems(page, DATA_IDS)
        problems += outputs.svg_problems(page)
    assert problems == [], problems[:20]
    assert len(list(outputs.pages(hostile.site))) > 4 * len(INERT)


def test_every_feed_and_data_file_of_the_hostile_site_parses_and_links_only_to_the_web(hostile: Built):
    problems = []
    for feed in found(hostile.site.rglob("*.xml"), at_least=3):
        if feed.name != "sitemap.xml":
            problems += outputs.feed_problems(feed)
        else:
            ET.parse(feed)
    for data in found(hostile.site.rglob("*.json"), at_least=2):
        problems += outputs.json_problems(str(data.relative_to(hostile.site)), strict_json(data.read_text("utf-8")))
    assert problems == []


def test_the_ratings_stylesheet_holds_colours_and_nothing_else(hostile: Built):
    assert outputs.stylesheet_problems(hostile.site / "assets" / "ratings.css") == []


def test_neither_the_data_nor_the_cache_is_published(hostile: Built):
    published = {p.suffix for p in found(p for p in hostile.site.rglob("*") if p.is_file())}
    assert published <= {".html", ".css", ".js", ".json", ".xml", ".gz"}
    pages = found((p for p in hostile.site.rglob("*") if p.suffix in (".html", ".json")), at_least=5)
    everything = "".join(p.read_text("utf-8") for p in pages)
    assert "data/claims/" not in everything
    assert "counterclaim-cache" not in everything


def test_the_hostile_build_logs_no_traceback(hostile: Built):
    assert "Traceback" not in hostile.log


# -- files that must be refused ---------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One run of `counterclaim check --format json` over a data folder."""

    root: Path
    status: int
    stdout: str
    stderr: str
    seconds: float

    def diagnostics(self, where: str) -> list[dict[str, object]]:
        document = json.loads(self.stdout)
        return [d for d in document["diagnostics"] if d["path"] == f"data/{where}"]


def check(root: Path) -> Run:
    start = time.monotonic()
    result = subprocess.run(
        [program("counterclaim"), "check", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )
    return Run(root, result.returncode, result.stdout, result.stderr, time.monotonic() - start)


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Refused, Run]]:
    """Each case's run. Cases that share the sample registries share one data folder and one run
    (a crash or a hang in any fails them all); a case with registries of its own has its own."""
    outside = tmp_path_factory.mktemp("outside")
    cases = corpus.refused_cases(outside)
    groups: dict[tuple[tuple[str, str], ...], list[Refused]] = {}
    for case in cases:
        groups.setdefault(tuple(sorted(case.registries.items())), []).append(case)
    runs = {}
    for number, group in enumerate(groups.values()):
        root = tmp_path_factory.mktemp(f"refused{number}")
        corpus.write_refused(root, group)
        run = check(root)
        for case in group:
            runs[case.name] = (case, run)
    return runs


def file_lines(run: Run, where: str) -> list[str]:
    path = run.root / "data" / where
    raw = path.read_bytes() if not path.is_symlink() else b""
    return raw.decode("utf-8", "replace").split("\n")


@pytest.mark.parametrize("name", [c.name for c in REFUSED])
def test_the_checker_refuses_each_hostile_file_at_its_place_quickly_and_without_a_traceback(refused, name):
    case, run = refused[name]
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-3000:]
    assert run.seconds < QUICK
    assert run.status == 1
    found = run.diagnostics(case.where)
    codes = [(d["code"], d["line"], d["column"]) for d in found]
    matching = [d for d in found if d["code"] == case.code and d["severity"] == "error"]
    assert matching, f"expected {case.code}, got {codes}"
    if case.line is not None:
        assert any(d["line"] == case.line for d in matching), codes
    if case.column is not None:
        assert any((d["line"], d["column"]) == (case.line, case.column) for d in matching), codes
    lines = file_lines(run, case.where)
    for diagnostic in found:
        line, column = diagnostic["line"], diagnostic["column"]
        assert isinstance(line, int) and isinstance(column, int)
        assert 1 <= line <= max(len(lines), 1), diagnostic
        assert 1 <= column <= (len(lines[line - 1]) + 1 if lines[line - 1 :] else 1), diagnostic
        message = str(diagnostic["message"])
        assert "\n" not in message and len(message) < 400, message
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", message), message
    for secret in case.never_shown:
        assert secret not in run.stdout + run.stderr
    for made in case.never_made:
        assert not made.exists()


def test_the_build_stops_on_hostile_files_and_writes_nothing(refused):
    _, run = refused["huge-file"]  # the folder with every claim-level case
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=run.root, capture_output=True, text=True, timeout=TIMEOUT
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "the data has problems, so nothing was built" in output
    assert not (run.root / "site").exists()
    assert "TOP-SECRET-7f3a" not in output


# -- file names and registry text -----------------------------------------------------------


def test_a_file_name_cannot_write_workflow_commands_into_the_log(tmp_path: Path):
    data = corpus.write_refused(tmp_path, [])
    name = "evil\n::error file=README.md,line=1::pwned\n.yaml"
    (data / "claims" / name).write_text(corpus._claim("evil"), encoding="utf-8")
    result = subprocess.run(
        [program("counterclaim"), "check", "--format", "github"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert not [line for line in result.stdout.splitlines() if line.startswith("::error file=README.md")]
    assert "is not an id" in result.stdout
    # The name is shown, with its line breaks as escapes, in the log and in the annotation.
    assert "evil\\u000a::error file=README.md" in result.stdout
    assert "title=bad-file-name::" in result.stdout


def test_registry_descriptions_cite_no_sources_and_link_to_no_claims(tmp_path: Path):
    from samples import RATINGS, write_site

    ratings = RATINGS.replace("{en: It is right., es: Es correcto.}", "{en: 'Right.[^x] [c](claim:nope)', es: Es.}")
    ratings = ratings.replace("{en: It is wrong., es: Es falso.}", "{en: 'Wrong.[^x]', es: Es falso.}")
    root = write_site(tmp_path / "site", ratings=ratings)
    result = subprocess.run(
        [program("counterclaim"), "check"], cwd=root, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 1
    document = json.loads(
        subprocess.run(
            [program("counterclaim"), "check", "--format", "json"], cwd=root, capture_output=True, text=True
        ).stdout
    )
    found = [d for d in document["diagnostics"] if d["message"].startswith("this description")]
    assert len(found) == 3, result.stdout
    # Each at the place it is written (line:col of the [^x] and of the claim: link).
    text = (root / "data" / "ratings.yaml").read_text("utf-8").splitlines()
    for d in found:
        written = d["message"].split("('", 1)[1].split("')", 1)[0]
        assert text[d["line"] - 1][d["column"] - 1 :].startswith(written), d
    assert not (root / "site").exists()


def test_who_committed_the_data_never_reaches_the_site(tmp_path: Path):
    """Contributors may need to stay unnamed: the site is made from the files alone, never from
    version control (no author, committer or e-mail address from git is written anywhere)."""
    from samples import copy_example_site

    root = copy_example_site(tmp_path / "example")
    name, mail = "Contributor Kept Private", "kept-private-5d1c@example.net"
    # The repository is the example's copy alone, whatever GIT_DIR the tests run under (git sets
    # it for `git rebase --exec`, and the commit below would otherwise land in that repository).
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("GIT_")},
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": mail,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": mail,
    }
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "data"]):
        subprocess.run(command, cwd=root, env=environment, check=True, capture_output=True)
    logged = subprocess.run(["git", "log"], cwd=root, env=environment, capture_output=True, text=True, check=True)
    assert mail in logged.stdout
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert built.returncode == 0, built.stderr
    files = [p for p in (root / "site").rglob("*") if p.is_file()]
    assert len(files) > 50
    for path in files:
        data = path.read_bytes()
        assert name.encode() not in data and mail.encode() not in data and b"kept-private" not in data, path
