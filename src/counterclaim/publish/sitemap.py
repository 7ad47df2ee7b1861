"""The sitemap: every page of the site, for search engines.

MkDocs writes one listing only the pages it builds; counterclaim writes most pages itself, so
it makes the sitemap too, after the build, with every address in a stable order and no date
taken from the clock (the same data gives the same file).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from counterclaim.render.urls import absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(site_url: str, urls: Iterable[str]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP})  # see feeds.py: no global registration
    for url in sorted(set(urls)):
        entry = ET.SubElement(root, "url")
        ET.SubElement(entry, "loc").text = absolute(site_url, url)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
