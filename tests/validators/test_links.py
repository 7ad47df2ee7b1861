"""LinkChecker, against the example site served on 127.0.0.1, finds no broken internal link
and no missing anchor; every same-page anchor (footnotes included) has its target."""

from __future__ import annotations

import csv
import gzip
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import tool

SETTINGS = """\
[checking]
threads=8
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


def linkchecker(url: str) -> list[dict[str, str]]:
    # Run as root, LinkChecker drops to "nobody": its settings must be readable by anyone.
    handle, name = tempfile.mkstemp(suffix=".ini", dir="/tmp" if os.path.isdir("/tmp") else None)
    with os.fdopen(handle, "w") as settings:
        settings.write(SETTINGS)
    os.chmod(name, 0o644)
    try:
        result = subprocess.run(
            [tool("linkchecker"), "-f", name, "--no-status", "-o", "csv", url],
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        os.unlink(name)
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"))


def test_no_internal_link_is_broken_and_no_anchor_is_missing(served: str):
    problems = linkchecker(served)
    assert problems == [], "\n".join(
        f"{p['parentname']} -> {p['url']}: {p['result']} {p['warningstring']}" for p in problems
    )


def test_linkchecker_does_report_broken_links_and_missing_anchors(served: str, example: Path):
    # Proof that an empty report above means something. LinkChecker treats addresses under its
    # starting page as internal, so the probe's targets live under it too.
    probe = example / "link-probe"
    (probe / "page").mkdir(parents=True)
    (probe / "page" / "index.html").write_text('<!doctype html><html lang="en"><title>y</title><p id="here">y</p>')
    (probe / "index.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><a href="missing/">a</a> <a href="page/#nope">b</a></html>',
        encoding="utf-8",
    )
    try:
        problems = linkchecker(served + "link-probe/")
    finally:
        shutil.rmtree(probe)
    reported = {p["url"].removeprefix(served) for p in problems}
    assert reported == {"link-probe/missing/", "link-probe/page/#nope"}


def test_every_same_page_anchor_has_its_target(example: Path):
    # LinkChecker follows anchors into other pages; links within a page (citation marks and their
    # way back) are checked here, on every page.
    checked = 0
    for page in example.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        for link in soup.select('a[href^="#"]'):
            target = link["href"][1:]
            assert target in ids, f"{page}: {link}"
            checked += 1
    assert checked > 100


def test_a_claim_page_weighs_under_30_kb_with_its_css_as_served(example: Path):
    # Measured as a static host sends it (gzip, as GitHub Pages, Netlify and nginx's gzip_static
    # do): what a reader on a slow network pays for. The raw sizes are printed for the record.
    css = [example / "assets" / name for name in ("style.css", "ratings.css")]
    css_raw = sum(p.stat().st_size for p in css)
    css_sent = sum(len(gzip.compress(p.read_bytes(), 6)) for p in css)
    pages = [p for p in example.glob("**/claims/*/index.html") if p.parent.name != "page"]
    assert len(pages) >= 12
    for page in pages:
        raw = page.read_bytes()
        sent = len(gzip.compress(raw, 6)) + css_sent
        print(f"{page.relative_to(example)}: {len(raw) + css_raw} bytes raw, {sent} bytes sent")
        assert sent < 30_000, f"{page}: {sent} bytes"
