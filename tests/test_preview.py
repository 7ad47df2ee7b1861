"""Live preview: `mkdocs serve` follows edits to data and templates, and survives bad data."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import CLAIM, write_site

WAIT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    root = write_site(tmp_path / "s")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            wait_for(lambda: "Sample Person" in fetch(base + "claims/sample-claim/"), "the first build")
            yield root, base, log
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_an_edited_claim_shows_up_in_the_preview(served):
    root, base, _ = served
    claim = root / "data" / "claims" / "sample-claim.yaml"
    claim.write_text(CLAIM.replace("says the sky is green", "says the grass is blue"), encoding="utf-8")
    wait_for(lambda: "says the grass is blue" in fetch(base + "claims/sample-claim/"), "the edit")


def test_an_edit_is_rebuilt_once_and_the_build_s_own_reading_starts_no_rebuild(served):
    # The preview is told of saved files by the system, which also reports files opened and
    # read: the build reads every data file and template, and must not set off the next build.
    root, base, log = served
    claim = root / "data" / "claims" / "sample-claim.yaml"
    claim.write_text(CLAIM.replace("says the sky is green", "says the sea is red"), encoding="utf-8")
    wait_for(lambda: "says the sea is red" in fetch(base + "claims/sample-claim/"), "the edit")
    time.sleep(2)
    builds = log.read_text(encoding="utf-8").count("Building documentation")
    time.sleep(2)
    assert log.read_text(encoding="utf-8").count("Building documentation") == builds == 2


def test_an_edited_template_shows_up_in_the_preview(served):
    root, base, _ = served
    template = root / "theme" / "claim.html"
    heading = 'id="analysis-heading">'
    template.write_text(template.read_text().replace(heading, heading + "Analysis, edited: "))
    wait_for(lambda: "Analysis, edited" in fetch(base + "claims/sample-claim/"), "the template edit")


def test_bad_data_keeps_the_last_good_site_with_the_problems_shown_until_it_is_fixed(served):
    root, base, log = served
    claim = root / "data" / "claims" / "sample-claim.yaml"
    claim.write_text(CLAIM.replace("rating: false-claim", "rating: fals"), encoding="utf-8")
    wait_for(lambda: "there is no rating" in log.read_text(), "the diagnostics in the log")
    assert "data/claims/sample-claim.yaml:7:9: error: there is no rating 'fals'" in log.read_text()
    wait_for(lambda: "stale-preview" in fetch(base + "claims/sample-claim/"), "the notice on the page")
    page = fetch(base + "claims/sample-claim/")
    assert ">False<" in page  # the last good rating is still shown
    assert "data/claims/sample-claim.yaml:7:9</code> there is no rating" in page
    claim.write_text(CLAIM.replace("rating: false-claim", "rating: unverifiable"), encoding="utf-8")
    wait_for(lambda: ">Unverifiable<" in fetch(base + "claims/sample-claim/"), "recovery")
    assert "stale-preview" not in fetch(base + "claims/sample-claim/")


def test_edits_one_after_another_are_each_shown_and_narrowed_to_what_they_change(served):
    # After the first rebuild, the system's file watcher says which files changed: an edit of
    # a claim's words looks only at the pages that show it; a claim added is a whole rebuild.
    root, base, log = served
    claim = root / "data" / "claims" / "sample-claim.yaml"
    for colour in ("mauve", "teal", "amber"):
        claim.write_text(CLAIM.replace("says the sky is green", f"says the sky is {colour}"), encoding="utf-8")
        wait_for(lambda c=colour: f"the sky is {c}" in fetch(base + "claims/sample-claim/"), f"the edit to {colour}")
    wait_for(lambda: "after an edit of 1 claim" in log.read_text(encoding="utf-8"), "a narrowed rebuild")
    added = root / "data" / "claims" / "added.yaml"
    added.write_text(CLAIM.replace("id: sample-claim", "id: added").replace("sky is green", "sky is new"))
    wait_for(lambda: "sky is new" in fetch(base + "claims/added/"), "the claim added")
    added.unlink()
    wait_for(lambda: "sky is new" not in fetch(base + "claims/"), "the claim removed")
    claim.write_text(CLAIM.replace("says the sky is green", "says the sky is jade"), encoding="utf-8")
    wait_for(lambda: "the sky is jade" in fetch(base + "claims/sample-claim/"), "the edit after")
