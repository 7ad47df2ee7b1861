"""Charts: each party's mark is the same on every chart of the example site and differs from the
other parties' on each, the marks' colours stand out from the page in both schemes, and chart
text is laid out to fit every width. How the drawn charts look in a browser is measured in
tests/validators/test_charts.py; how marks are chosen, in tests/test_partymarks.py.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from counterclaim.build.loading import load_dataset
from counterclaim.render.chartlayout import Box, Label, Plot, Segment, apart, crosses, text_width
from counterclaim.render.i18n import load_catalogue
from counterclaim.render.partymarks import COLOURS
from counterclaim.render.urls import Urls
from counterclaim.render.views import Views
from samples import REPO, THEME


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_the_example_site_each_party_has_one_mark_on_every_chart(language: str):
    dataset = load_dataset(REPO / "data", root=REPO).dataset
    views = Views(dataset, load_catalogue(THEME / "locales", language), Urls.for_language(language, "en"))
    seen: dict[str, set[str]] = {}
    for claim in dataset.claims.values():
        page = views.claim_page(claim)
        assert page.comparison_chart is not None
        rows = BeautifulSoup(str(page.comparison_chart), "html.parser").select(".cmp > div")
        on_page = {row.b.get_text(): row.svg["class"][0] for row in rows}
        assert len(set(on_page.values())) == len(on_page), f"{claim.id}: parties share a mark: {on_page}"
        for name, mark in on_page.items():
            seen.setdefault(name, set()).add(mark)
        if page.timeline_chart is not None:
            legend = BeautifulSoup(str(page.timeline_chart), "html.parser").select(".lg span")
            assert all(on_page[entry.b.get_text()] == entry.svg["class"][0] for entry in legend)
    assert len(seen) == len(dataset.claimants)  # every example claimant appears on some chart
    assert {name: marks for name, marks in seen.items() if len(marks) > 1} == {}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_mark_colour_stands_out_three_to_one_from_the_page_in_light_and_dark():
    css = (THEME / "assets" / "style.css").read_text(encoding="utf-8")
    # The light colours come first in the stylesheet, the dark ones (in a prefers-color-scheme
    # block) after them: the page's background, then the marks'.
    light_bg, dark_bg = re.findall(r"--bg: (#[0-9a-f]{6})", css)
    marks = re.findall(r"\.p(\d) \{ color: (#[0-9a-f]{6}); \}", css)
    assert [int(mark) for mark, _ in marks] == list(range(len(COLOURS))) * 2
    for (mark, colour), background in zip(marks, [light_bg] * len(COLOURS) + [dark_bg] * len(COLOURS), strict=True):
        assert _contrast(colour, background) >= 3, f".p{mark} {colour} on {background}"


# -- the layout ----------------------------------------------------------------------------------------

WIDTHS = (288.0, 600.0)


def test_text_is_estimated_wider_than_a_browser_draws_it():
    # DejaVu Sans Bold at 15 px, as Chromium measures it on this machine (the widest common font).
    drawn = {"more than 400": 123.9, "Independent organisations": 228.4, "1,234,567": 84.5, "WWW": 49.6}
    for text, width in drawn.items():
        assert width <= text_width(text) <= width * 1.25, text


def test_two_labels_are_apart_only_if_they_stay_on_their_sides_at_every_width():
    left = Label("72", 0.1, 0, 20).box()
    assert apart(left, Label("426", 0.5, 0, 20).box(), WIDTHS)
    # At 288 px "426" starts right of "72"; widen the chart and the two meet.
    assert not apart(Label("72", 0.2, 0, 20).box(), Label("426", 0.0, 90, 20).box(), WIDTHS)
    assert apart(left, Label("426", 0.1, 0, 45).box(), WIDTHS)  # on another line


def test_a_line_through_a_label_is_found_at_some_width():
    label = Label("at least 104", 0.5, 0, 100, "m").ink()
    assert crosses(label, Segment(0.0, 95, 1.0, 95), WIDTHS)
    assert not crosses(label, Segment(0.0, 150, 1.0, 150), WIDTHS)


def test_a_plot_places_each_label_clear_of_the_last_or_not_at_all():
    plot = Plot(WIDTHS, 0, 100, [], [Box(0.5, -7, 0.5, 7, 43, 57)], [])
    first = plot.place([Label("426", 0.5, 0, 38, "m")])
    assert first is not None
    assert plot.place([Label("897", 0.5, 0, 38, "m")]) is None  # where "426" is
    assert plot.place([Label("897", 0.5, 0, 50, "m")]) is None  # on the mark
    assert plot.place([Label("897", 0.5, 0, 38, "m")], [Label("897", 0.5, 0, 75, "m")]) is not None


def _path_is_well_formed(d: str) -> bool:
    """Moves and lines with whole pairs of numbers, horizontal and vertical lines with at least
    one (what the charts draw), and nothing between the tokens but spaces."""
    token = r"[MmLlHhVvZz]|-?\d+(?:\.\d+)?"
    if re.sub(token + r"|\s", "", d) or not d.startswith("M"):
        return False
    arity = {"M": 2, "L": 2, "H": 1, "V": 1, "Z": 0}
    for command, numbers in re.findall(r"([MmLlHhVvZz])([^MmLlHhVvZz]*)", d):
        count = len(re.findall(r"-?\d+(?:\.\d+)?", numbers))
        need = arity[command.upper()]
        if (need == 0 and count) or (need and (count == 0 or count % need)):
            return False
    return True


@pytest.mark.parametrize("qualifier", ["exactly", "about", "more-than", "at-least", "fewer-than", "at-most"])
def test_every_shape_and_arrow_a_row_draws_is_a_well_formed_path(qualifier: str):
    from counterclaim.render.charts import SHAPES, ChartWords, Point, comparison

    words = ChartWords("as of", lambda n: f"{n:g}", ["January"] * 12, lambda d: str(d.year))
    points = [Point(f"P{m}", f"p{m}", m, "a", 50 + m, 50 + m, qualifier, None, None, None) for m in range(len(SHAPES))]
    chart = BeautifulSoup(str(comparison(points, words)), "html.parser")
    paths = [path["d"] for path in chart.select("path")]
    assert len(paths) >= 6
    assert [d for d in paths if not _path_is_well_formed(d)] == []
    assert not _path_is_well_formed("M-9 0h-14m5-5 -5 55 5")  # a sign lost between two numbers
