"""The example site, built once in both languages, and served on 127.0.0.1 for the checkers.

These tests run the real third-party validators (scripts/validate.py installs them): the W3C Nu
HTML checker, axe-core in headless Chromium, extruct, feedparser and LinkChecker.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tests"))

from samples import CLAIM, CLAIMANT, copy_example_site, write_site  # noqa: E402

#: A small site with what the example site lacks so far: corrections, a withheld source.
CORRECTED = CLAIM.replace(
    "published: 2026-01-10",
    "published: 2026-01-10\nupdated: 2026-03-02\ncorrections:\n"
    "  - date: 2026-02-01\n    text: We misdated the interview.[^interview]\n"
    "  - date: 2026-03-02\n    text: The rating was wrong.\n    previous_rating: unverifiable\n",
)


def _build(root: Path) -> Path:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root, check=True)
    return root / "site"


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built example site (English at /, Spanish at /es/)."""
    return _build(copy_example_site(tmp_path_factory.mktemp("example") / "example"))


@pytest.fixture(scope="session")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small bilingual site with corrections, so that the corrections feed has entries."""
    claims = {"sample-claim": CLAIM, "corrected": CORRECTED.replace("id: sample-claim", "id: corrected")}
    root = write_site(
        tmp_path_factory.mktemp("corrected") / "s",
        claims=claims,
        claimants={"sample-person": CLAIMANT},
        extra_languages=("es",),
    )
    return _build(root)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # LinkChecker only goes faster than 10 requests a second to servers that allow it.
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` on http://127.0.0.1:<port>/, as a static host would serve it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served(example: Path) -> Iterator[str]:
    """The example site, served."""
    with serving(example) as base:
        yield base


def in_chromium(script: str, base: str, paths: list[str]) -> Any:
    """What the browser script ``script`` (in this folder; see browser.mjs) prints as JSON about
    ``paths`` of the site served at ``base``."""
    env = {**os.environ, "CHROMIUM": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    result = subprocess.run(
        [tool("node"), str(HERE / script), base, *paths],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=HERE,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed: run python3 scripts/validate.py, which installs it"
    return found


#: One page of each kind, in each language: what axe-core and the page checks look at.
PAGE_KINDS = [
    "",
    "claims/",
    "claims/government-808-released/",
    "claims/independent-count-60-to-116/",
    "claimants/",
    "claimants/foro-penal/",
    "topics/",
    "topics/prisoner-releases/",
    "ratings/",
    "ratings/misleading/",
    "corrections/",
    "search/",
    "search/?q=foro",
    "methodology/",
]
