"""Each party's mark in the charts (partymarks): derived from the claimant, or named in its file,
the same in every build, and different from the other parties' on the same page."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys

from counterclaim.render.partymarks import COLOURS, page_marks, preferred_mark
from samples import REPO

#: Two ids whose derived marks are the same (both 5).
SAME_MARK = ("human-rights-watch", "venezuelan-government")


def test_a_party_without_a_colour_gets_the_same_mark_in_every_build():
    ids = ["foro-penal", "human-rights-watch", "a", "organisation-with-a-long-id-2026"]
    script = (
        "import json, sys; from counterclaim.render.partymarks import preferred_mark as m;"
        " print(json.dumps([m(i) for i in sys.argv[1:]]))"
    )
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script, *ids],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
            ).stdout
        )
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == [preferred_mark(i) for i in ids]
    assert all(0 <= mark < len(COLOURS) for mark in runs[0])


def test_a_colour_named_in_the_claimant_file_is_the_partys_mark():
    assert [preferred_mark("foro-penal", colour) for colour in COLOURS] == list(range(len(COLOURS)))


def test_parties_on_one_page_get_different_marks_whatever_their_order():
    assert preferred_mark(SAME_MARK[0]) == preferred_mark(SAME_MARK[1])
    parties = [(SAME_MARK[0], None), (SAME_MARK[1], None), ("foro-penal", None), ("pink-party", "pink")]
    first = page_marks(parties)
    assert len(set(first.values())) == len(parties)
    for order in itertools.permutations(parties):
        assert page_marks(order) == first
    # A named colour is kept; of two parties that would share a mark, the first id keeps it.
    assert first["pink-party"] == COLOURS.index("pink")
    assert first[SAME_MARK[0]] == preferred_mark(SAME_MARK[0])


def test_a_named_colour_wins_over_a_derived_one_on_the_same_page():
    derived = preferred_mark("foro-penal")
    marks = page_marks([("foro-penal", None), ("zeta", COLOURS[derived])])
    assert marks == {"zeta": derived, "foro-penal": (derived + 1) % len(COLOURS)}


def test_marks_repeat_only_when_a_chart_has_more_parties_than_marks():
    marks = page_marks([(f"party-{i}", None) for i in range(len(COLOURS) + 3)])
    assert sorted(set(marks.values())) == list(range(len(COLOURS)))


def test_the_schema_offers_exactly_the_colours_that_have_marks():
    schema = json.loads((REPO / "schema" / "claimant.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["properties"]["colour"]["enum"]) == COLOURS
