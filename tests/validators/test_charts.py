"""The figure charts read on every screen, as measured in headless Chromium (charts.mjs): on
every claim page of the example site, in both languages, at 320, 390, 768, 1366 and 1920 px
wide, no chart text overlaps other chart text, none is cut by its container or the screen, none
is drawn smaller than the page's small text, and no page scrolls sideways. In the light and the
dark scheme, every mark stands out 3:1 from the page, and each party has one colour on every
chart. A page drawn wrong on purpose proves that the measuring finds what it should.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CLAIM, _build, in_chromium, serving, write_site

WIDTHS = (320, 390, 768, 1366, 1920)
PROBE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title>
<link rel="stylesheet" href="assets/style.css"></head><body><main>
<figure class="chart" style="width: 200px; overflow: hidden; margin: 0">
<svg viewBox="0 0 600 100" width="200" height="40"><text x="10" y="50" font-size="13">tiny</text>
<text x="300" y="50">left</text><text x="310" y="50">right</text></svg>
<p style="white-space: nowrap">a label much too long for its box, so cut</p>
<p>Independent organisations (not na…</p>
<p style="position: relative; left: 250px">beyond the edge</p>
<svg width="40" height="40"><circle class="p0" cx="20" cy="20" r="6" style="fill: #f4f4f4"></circle></svg>
</figure><div style="width: 2000px">wide</div></main>
<footer class="site-footer">small text</footer></body></html>
"""


#: Parties and figures that a chart finds hard: names too long for a line, no declared colours
#: (so marks come from ids, and collide), nine parties on one chart, amounts from 0 to millions
#: with every hedge, ranges, and a series whose values crowd together, known to the day, the
#: month or only the year.
PARTIES = {f"party-{i}": f"The {'Very ' * i}Long Name of Organisation Number {i} (a Coalition)" for i in range(9)}
FIGURES = [
    ("party-0", "value: 0", "2026-01-14"),
    ("party-1", "value: 3\n    qualifier: fewer-than", "2026-01-15"),
    ("party-2", "value: 1234567\n    qualifier: more-than", "2026-01-16"),
    ("party-3", "low: 1000000\n    high: 1200000", "2026-01"),
    ("party-4", "value: 500000\n    qualifier: about", "2026"),
    ("party-5", "low: 10\n    high: 20\n    qualifier: about", "2026-01-20"),
    ("party-6", "value: 2000000\n    qualifier: at-most", "2026-02-01"),
    ("party-7", "value: 999999\n    qualifier: at-least", "2025"),
    ("party-8", "value: 1199999", "2026-01-31"),
] + [("party-0", f"value: {v}", d) for v, d in [(12, "2026-01-15"), (13, "2026-01-16"), (900, "2026-01"), (15, "2025")]]
STRESS = CLAIM.replace("id: sample-claim", "id: crowded").replace("claimant: sample-person", "claimant: party-0") + (
    "figures:\n"
    + "".join(
        f'  - stated_by: {who}\n    {amount}\n    unit: people\n    as_of: "{when}"\n    series: count\n'
        "    sources: [almanac]\n"
        for who, amount, when in FIGURES
    )
)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site whose one claim has the crowded charts above, served."""
    claimants = {key: f"id: {key}\nname: {name}\nkind: organisation\n" for key, name in PARTIES.items()}
    root = write_site(tmp_path_factory.mktemp("crowded") / "s", claims={"crowded": STRESS}, claimants=claimants)
    with serving(_build(root)) as base:
        yield base


def claim_pages(example: Path) -> list[str]:
    pages = sorted(p.parent.relative_to(example).as_posix() + "/" for p in example.glob("**/claims/*/index.html"))
    assert len(pages) >= 12 and any(p.startswith("es/") for p in pages)
    return pages


@pytest.fixture(scope="module")
def measured(served: str, example: Path) -> dict[str, Any]:
    return in_chromium("charts.mjs", served, claim_pages(example))  # type: ignore[no-any-return]


def test_chart_text_never_overlaps_is_never_cut_or_small_and_no_claim_page_scrolls_sideways(measured, example):
    pages = claim_pages(example)
    layouts = {key: value for key, value in measured.items() if "@" in key}
    assert set(layouts) == {f"{page} @{width}" for page in pages for width in WIDTHS}
    # Every claim page of the example has at least one chart, so text was measured on each.
    assert all(layout["texts"] >= 5 for layout in layouts.values()), layouts
    problems = [f"{key}: {problem}" for key, layout in layouts.items() for problem in layout["problems"]]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_chart_marks_stand_out_three_to_one_from_the_page_in_light_and_dark(measured, example):
    for scheme in ("light", "dark"):
        colours = [measured[f"{page} {scheme}"] for page in claim_pages(example)]
        assert all(page["marks"] > 0 for page in colours)
        assert [page["problems"] for page in colours if page["problems"]] == []


def test_each_party_has_one_colour_on_every_chart_and_parties_on_one_chart_differ(measured, example):
    for scheme in ("light", "dark"):
        for language in ("en", "es"):
            pages = [p for p in claim_pages(example) if p.startswith("es/") == (language == "es")]
            seen: dict[str, set[str]] = {}
            for page in pages:
                for chart in measured[f"{page} {scheme}"]["charts"]:
                    named: dict[str, set[str]] = {}
                    for party in chart:
                        named.setdefault(party["name"], set()).add(party["colour"])
                        seen.setdefault(party["name"], set()).add(party["colour"])
                    colours = [colour for found in named.values() for colour in found]
                    assert len(set(colours)) == len(colours), f"{page}: parties share a colour: {named}"
            assert len(seen) >= 4, seen  # the example's charts show at least four parties
            assert {name: colours for name, colours in seen.items() if len(colours) > 1} == {}


def test_crowded_charts_of_long_names_and_far_apart_amounts_still_fit(crowded: str):
    found = in_chromium("charts.mjs", crowded, ["claims/crowded/"])
    layouts = [found[f"claims/crowded/ @{width}"] for width in WIDTHS]
    assert all(layout["texts"] >= 2 * len(FIGURES) for layout in layouts)
    problems = [f"@{width}: {p}" for width, layout in zip(WIDTHS, layouts, strict=True) for p in layout["problems"]]
    assert not problems, "\n".join(problems[:60])
    for scheme in ("light", "dark"):
        assert found[f"claims/crowded/ {scheme}"]["problems"] == []
        comparison = found[f"claims/crowded/ {scheme}"]["charts"][0]
        # Nine parties, eight marks: colours repeat only once all eight are in use.
        assert len({party["colour"] for party in comparison}) == 8


def test_the_measuring_finds_overlapping_cut_small_and_faint_chart_parts(served: str, example: Path):
    probe = example / "chart-probe.html"
    probe.write_text(PROBE, encoding="utf-8")
    try:
        found = in_chromium("charts.mjs", served, ["chart-probe.html"])
    finally:
        probe.unlink()
    layout = "\n".join(found["chart-probe.html @390"]["problems"])
    assert '"tiny" is drawn at 4.3 px' in layout
    assert '"left" and "right" overlap' in layout
    assert '"a label much too long for its box, so cut" is cut by its container figure.chart' in layout
    assert '"Independent organisations (not na…" is cut short' in layout
    assert "the page scrolls sideways" in layout
    assert '"beyond the edge" is cut by the screen\'s edge' in "\n".join(found["chart-probe.html @320"]["problems"])
    faint = found["chart-probe.html light"]["problems"]
    assert any(p.startswith("a circle (fill rgb(244, 244, 244)) stands out only 1.1") for p in faint), faint
