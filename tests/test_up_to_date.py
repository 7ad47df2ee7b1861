"""A site built again when nothing it is made from changed, and left as the last build left it,
is not built again: `mkdocs build` says so and writes nothing. Any change to what it is made
from (the data, the content, the theme, mkdocs.yml, the command's settings) or to the published
site itself builds it again."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from samples import CLAIM, write_site

NOTHING = "nothing changed since the last build"


def mkdocs_build(root: Path, *options: str) -> str:
    time.sleep(0.1)  # what was just written can be told apart by its status (see build.seen)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def published(site: Path) -> dict[str, tuple[int, int, bytes]]:
    found = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    assert len(found) > 30
    return {name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for name, p in found.items()}


def test_a_site_up_to_date_is_left_as_it_is_and_any_change_builds_it_again(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "s",
        extra_languages=("es",),
        mkdocs_extra="nav:\n  - Home: index.md\n  - Fact-checks: claims/index.md\n  - Ratings: ratings/index.md\n",
    )
    site = root / "site"
    assert NOTHING not in mkdocs_build(root, "--strict")
    before = published(site)
    assert NOTHING in mkdocs_build(root, "--strict")
    assert published(site) == before  # not a file written again
    claim = root / "data" / "claims" / "sample-claim.yaml"
    claim.write_text(CLAIM.replace("says the sky is green", "says the sky is mauve"), encoding="utf-8")
    assert NOTHING not in mkdocs_build(root, "--strict")
    assert "the sky is mauve" in (site / "claims" / "sample-claim" / "index.html").read_text(encoding="utf-8")
    assert NOTHING in mkdocs_build(root, "--strict")
    # The published site changed by hand: built again, and mended.
    (site / "claims" / "sample-claim" / "index.html").unlink()
    assert NOTHING not in mkdocs_build(root, "--strict")
    assert (site / "claims" / "sample-claim" / "index.html").is_file()
    # The theme, the content, a setting given on the command line.
    template = root / "theme" / "claim.html"
    template.write_text(template.read_text(encoding="utf-8").replace("<article", '<article data-x="1"', 1))
    assert NOTHING not in mkdocs_build(root, "--strict")
    assert 'data-x="1"' in (site / "claims" / "sample-claim" / "index.html").read_text(encoding="utf-8")
    (root / "content" / "index.md").write_text("---\ntemplate: home.html\n---\n\n# Home, again\n", encoding="utf-8")
    assert NOTHING not in mkdocs_build(root, "--strict")
    assert NOTHING not in mkdocs_build(root)
    assert NOTHING in mkdocs_build(root)
