"""Redirects from the addresses imported fact-checks had before to their pages here.

A newsroom that moves its archive to this site keeps the links others made to it: for each
imported claim whose original address is on this site's own host, the build publishes

- a page at the old address that sends readers and crawlers on (``<meta http-equiv="refresh">``
  with a canonical link), which works on any static host, GitHub Pages included; and
- a line in ``_redirects``, the host rules Netlify and Cloudflare Pages read (a permanent 301
  redirect, before the page is even served).

Addresses on other hosts (a fact-check imported from someone else's site) are not ours to
redirect. An old address with a query string (``?p=123``) has no file of its own: it gets only
the ``_redirects`` line, which those hosts match with the query.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from urllib.parse import parse_qsl, unquote, urlsplit

from counterclaim.model.dataset import Dataset
from counterclaim.render.urls import Urls, absolute

#: The host-rules file, at the root of the published site.
HOST_RULES = "_redirects"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def redirects(dataset: Dataset, site_url: str, urls: Urls) -> list[tuple[str, str, str]]:
    """(old path, old query, new page address relative to the site) for each imported claim
    that was first published on this site's host, in the order of the claims' ids."""
    found = []
    for claim_id in sorted(dataset.claims):
        imported = dataset.claims[claim_id].imported
        if imported is None or _host(imported.url) != _host(site_url):
            continue
        old = urlsplit(imported.url)
        path = unquote(old.path) or "/"
        new = urls.claim(claim_id)
        if ".." in path.split("/") or path.strip("/") == new.strip("/") or any(c.isspace() for c in path):
            continue
        found.append((path, old.query, new))
    return found


def files(dataset: Dataset, site_url: str, urls: Urls, language: str) -> Iterator[tuple[str, list[str]]]:
    """The redirect pages and the host-rules file, as (address in the site, text)."""
    found = redirects(dataset, site_url, urls)
    if not found:
        return
    rules = []
    for path, query, new in found:
        target = "/" + new.lstrip("/")
        conditions = " ".join(f"{k}={v}" for k, v in parse_qsl(query))
        rules.append(" ".join(p for p in (path, conditions, target, "301") if p))
        if query:
            continue
        name = path.lstrip("/")
        if not name.endswith((".html", ".htm")):
            name = (name.rstrip("/") + "/index.html").lstrip("/")
        yield name, [_page(absolute(site_url, new.lstrip("/")), language)]
    yield HOST_RULES, ["\n".join(rules) + "\n"]


def _page(to: str, language: str) -> str:
    address = escape(to, quote=True)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n<title>Moved</title>\n'
        f'<meta http-equiv="refresh" content="0; url={address}">\n<link rel="canonical" href="{address}">\n'
        '<meta name="robots" content="noindex">\n</head>\n'
        f'<body>\n<p>This fact-check has moved to <a href="{address}">{address}</a>.</p>\n</body>\n</html>\n'
    )
