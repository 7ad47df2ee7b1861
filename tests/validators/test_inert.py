"""Hostile data stays inert in a real browser: headless Chromium loads pages of a site built from
the hostile corpus (tests/hostile/) and nothing on them runs, opens a dialog, or requests anything
from another origin (inert.mjs says what it watches). A page written to be unsafe proves that
the watching works.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import _build, in_chromium, serving
from hostile import corpus

#: Pages of every kind, with hostile text in each: each payload's claim page; its claimant,
#: rating and topic pages for one payload of each category; the lists, search with queries
#: that match hostile claims, the 404 page, and a page in the second language.
CATEGORIES = {payload.category: payload.name for payload in corpus.INERT}
PAGES = (
    [f"claims/{payload.name}/" for payload in corpus.INERT]
    + [f"{kind}/{name}/" for name in CATEGORIES.values() for kind in ("claimants", "ratings", "topics")]
    + ["", "claims/", "claims/page/2/", "claimants/", "ratings/", "topics/", "corrections/", "404.html"]
    + ["search/", "search/?q=script", "search/?q=%3Cimg", "search/?q=pwned", "search/?q=%22%3E%3Csvg"]
    + ["es/", f"es/claims/{corpus.INERT[0].name}/", f"es/claimants/{corpus.INERT[1].name}/"]
)

PROBE = """<!doctype html><html lang="en"><title>unsafe</title>
<script>window.__pwned = 1; alert("ran"); fetch("https://evil.example/fetched").catch(function () {});</script>
<img src="https://evil.example/loaded.png" alt=""><a href="javascript:alert(2)" onclick="go()">x</a>
</html>
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(corpus.write_site(tmp_path_factory.mktemp("hostile") / "site"))


@pytest.fixture(scope="session")
def served_hostile(hostile_site: Path) -> Iterator[str]:
    with serving(hostile_site) as base:
        yield base


def watch(base: str, paths: list[str]) -> dict[str, dict[str, object]]:
    return in_chromium("inert.mjs", base, paths)  # type: ignore[no-any-return]


def test_nothing_on_the_hostile_pages_runs_opens_a_dialog_or_reaches_another_origin(served_hostile: str):
    reports = watch(served_hostile, PAGES)
    assert set(reports) == set(PAGES)
    problems = {}
    for path, report in reports.items():
        expected_status = 404 if path == "404.html" else 200
        found = {key: report[key] for key in ("dialogs", "errors", "requests", "navigations", "dom") if report[key]}
        if report["pwned"]:
            found["pwned"] = True
        if report["status"] not in (200, expected_status):
            found["status"] = report["status"]
        if found:
            problems[path] = found
    assert problems == {}, json.dumps(problems, indent=1)[:5000]
    # The search script ran over the hostile index, and listed hostile claims with textContent.
    assert reports["search/?q=script"]["results"] > 5
    assert reports["search/?q=pwned"]["results"] > 5


def test_the_watcher_does_report_a_page_that_runs_script_and_reaches_elsewhere(served_hostile: str, hostile_site):
    probe = hostile_site / "inert-probe.html"
    probe.write_text(PROBE, encoding="utf-8")
    try:
        report = watch(served_hostile, ["inert-probe.html"])["inert-probe.html"]
    finally:
        probe.unlink()
    assert report["pwned"] is True
    assert report["dialogs"] == ["alert: ran"]
    assert set(report["requests"]) == {"https://evil.example/fetched", "https://evil.example/loaded.png"}
    assert {"<a onclick>", "<a href=javascript:alert(2)>", "<img>"} <= set(report["dom"])
