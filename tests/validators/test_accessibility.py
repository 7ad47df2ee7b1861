"""axe-core in headless Chromium finds no violation on any kind of page, in either language,
in the light or the dark colour scheme."""

from __future__ import annotations

import json

from conftest import PAGE_KINDS, in_chromium


def axe(base: str, paths: list[str]) -> dict[str, list[dict[str, object]]]:
    return in_chromium("axe.mjs", base, paths)  # type: ignore[no-any-return]


def test_no_page_kind_has_an_accessibility_violation_in_either_language(served: str):
    paths = PAGE_KINDS + [f"es/{path}" for path in PAGE_KINDS]
    results = axe(served, paths)
    assert len(results) == 2 * len(paths)
    found = {page: violations for page, violations in results.items() if violations}
    assert found == {}, json.dumps(found, indent=1)[:5000]


def test_axe_does_report_a_violation_when_there_is_one(served: str, example):
    # Proof that the empty reports above mean something: an image without alternative text.
    broken = example / "axe-probe.html"
    broken.write_text('<!doctype html><html lang="en"><title>x</title><img src="x.png"></html>', encoding="utf-8")
    try:
        results = axe(served, ["axe-probe.html"])
    finally:
        broken.unlink()
    assert "image-alt" in {v["id"] for v in results["axe-probe.html light"]}
