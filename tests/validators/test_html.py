"""The W3C Nu HTML checker (vnu.jar) finds no error on any page of the example site."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import HERE, tool

VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(site: Path) -> list[str]:
    """Every error vnu.jar reports for the HTML files under ``site``, one line each."""
    assert VNU.is_file(), "vnu.jar is missing: run python3 scripts/validate.py, which installs it"
    command = [tool("java"), "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr)["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages if m["type"] == "error"]


def test_every_page_of_the_example_site_is_valid_html(example: Path):
    assert len(list(example.rglob("*.html"))) > 50
    errors = vnu_errors(example)
    assert errors == [], "\n".join(errors[:50])


def test_a_site_with_corrections_is_valid_html(corrected: Path):
    errors = vnu_errors(corrected)
    assert errors == [], "\n".join(errors[:50])


def test_the_checker_does_find_errors_in_invalid_html(tmp_path: Path):
    # Proof that an empty report above means something.
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></p>", encoding="utf-8")
    assert vnu_errors(tmp_path)
