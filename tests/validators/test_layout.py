"""Claim pages get to the point on a phone: in headless Chromium at 390 x 844 CSS pixels, with
JavaScript off, the rating is on the first screen, the verdict and the statements end and the
figures chart starts within the first two, the statements do not repeat the claim the heading
shows, nothing is wider than the screen, and a figure's details are closed until a reader opens
them."""

from __future__ import annotations

from typing import Any

from conftest import in_chromium
from samples import REPO

CLAIMS = sorted(p.stem for p in (REPO / "data" / "claims").glob("*.yaml"))


def _layout(base: str, paths: list[str]) -> dict[str, dict[str, Any]]:
    return in_chromium("layout.mjs", base, paths)  # type: ignore[no-any-return]


def test_every_claim_page_shows_verdict_statements_and_chart_within_two_phone_screens(served: str):
    paths = [f"{lang}claims/{claim}/" for lang in ("", "es/") for claim in CLAIMS]
    assert len(paths) >= 12
    results = _layout(served, paths)
    assert set(results) == set(paths)
    for path, found in results.items():
        two_screens = 2 * found["screen"]["height"]
        assert found["width"] <= found["screen"]["width"], f"{path} scrolls sideways"
        assert found["rating"][1] <= found["screen"]["height"], f"{path}: the rating is below the first screen"
        assert found["verdict"][1] <= two_screens, f"{path}: the verdict ends at {found['verdict'][1]} px"
        assert found["statements"][1] <= two_screens, f"{path}: the statements end at {found['statements'][1]} px"
        if found["chart"] is not None:
            assert found["chart"][0] < two_screens, f"{path}: the chart starts at {found['chart'][0]} px"
        # The claim's own card would repeat what the heading just said: a phone shows only the others.
        assert found["shownCards"] == found["cards"] - 1, path
        # The order a reader meets them in: verdict, statements, figures, analysis.
        parts = [found["verdict"], found["statements"], found["chart"], found["analysis"]]
        tops = [part[0] for part in parts if part is not None]
        assert tops == sorted(tops), path
    assert sum(found["chart"] is not None for found in results.values()) >= 10


def test_a_figures_details_are_closed_until_a_reader_opens_them_without_javascript(served: str):
    path = "claims/government-more-than-400-released/"
    found = _layout(served, [path])[path]
    assert found["opened"] == {"before": False, "after": True}
