"""feedparser reads both Atom feeds of both languages without errors, every entry complete."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

FEEDS = ["feed.xml", "corrections.xml", "es/feed.xml", "es/corrections.xml"]


def read(site: Path, name: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / name).read_bytes())
    assert not parsed.bozo, f"{name}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10"
    assert parsed.feed.get("id") and parsed.feed.get("title") and parsed.feed.get("updated")
    for entry in parsed.entries:
        for field in ("id", "title", "link", "updated"):
            assert entry.get(field), f"{name}: entry {entry.get('id')} has no {field}"
    return parsed


@pytest.mark.parametrize("name", FEEDS)
def test_the_example_sites_feeds_are_well_formed_and_complete(example: Path, name: str):
    parsed = read(example, name)
    if name.endswith("feed.xml"):
        assert len(parsed.entries) >= 6


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_with_corrections_are_well_formed_and_complete(corrected: Path, name: str):
    parsed = read(corrected, name)
    assert len(parsed.entries) == 2


def test_feedparser_does_flag_a_broken_feed(tmp_path: Path):
    broken = tmp_path / "feed.xml"
    broken.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>', encoding="utf-8")
    assert feedparser.parse(broken.read_bytes()).bozo
