"""The sources' links: where each address is cited, what a site's answers mean, and how to show it.

``counterclaim links`` collects the ``url`` and ``archive_url`` of every source in the claims it
read (never a withheld source's), has ``network`` ask for each address once, and sorts each into:

- live: the answer is 2xx, straight away;
- redirected: one or more redirects, then 2xx; moved for good when every redirect is permanent
  (301 or 308), else temporary;
- dead: 404 or 410, a host name that does not exist, or a refused connection;
- error: a 5xx answer, a redirect that cannot be followed, an address (or a redirect to one) on
  this machine or a private network, which is not asked for unless told to, or another failure
  of the connection;
- suspect: whatever a person should look at in a browser: no answer in time, 429 (too many
  requests), 401, 403 or any other 4xx (often a site turning away programs), a host name that
  could not be looked up just now, a certificate that could not be checked, too many redirects,
  and a "soft 404": a page address redirected to a site's front page.

Dead, error and suspect links are errors, each shown at the place of its address with an
archived copy to use: the source's own ``archive_url``, or else the Wayback Machine's address
for the page (no archive is asked for anything). Links that moved for good are warnings, since
the address can be updated (``--fix-redirects``); temporary redirects are expected and not shown.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from counterclaim.links.network import Answer, Failure, Fetch
from counterclaim.load.reading import load_file
from counterclaim.model.claims import Source
from counterclaim.model.dataset import Dataset
from counterclaim.model.diagnostics import Diagnostic, error, warning

#: Where the Wayback Machine shows its copies of a page: this, followed by the page's address.
WAYBACK = "https://web.archive.org/web/"
#: The answers that say a redirect is permanent.
PERMANENT = (301, 308)
#: Paths that are a site's front page.
FRONT_PAGES = ("", "/", "/index.html", "/index.htm", "/index.php", "/home")


class LinkStatus(enum.Enum):
    LIVE = "live"
    REDIRECTED = "redirected"
    DEAD = "dead"
    ERROR = "error"
    SUSPECT = "suspect"


#: The statuses that make ``counterclaim links`` fail.
BROKEN = (LinkStatus.DEAD, LinkStatus.ERROR, LinkStatus.SUSPECT)


@dataclass(frozen=True)
class CitedLink:
    """One place where an address is written: a source's ``url`` or ``archive_url`` in a claim file."""

    url: str
    path: str
    line: int
    column: int
    claim: str
    #: "url" or "archive_url".
    field_name: str
    #: The source it belongs to (not compared: the place says which citation this is).
    source: Source = field(compare=False)

    @property
    def value_path(self) -> tuple[str, ...]:
        return ("sources", self.source.key, self.field_name)


@dataclass(frozen=True)
class LinkResult:
    """What one address's answers mean."""

    url: str
    status: LinkStatus
    #: Why, in plain words: "the page is not there (404 Not Found)".
    reason: str
    #: The status code of the last answer, if there was one.
    http_status: int | None = None
    #: Where the redirects ended, for a redirected link.
    final_url: str | None = None
    #: For a redirected link: whether every redirect was permanent.
    permanent: bool | None = None
    redirects: tuple[Answer, ...] = ()
    #: The method of the last answer: "HEAD", or "GET" when HEAD was refused or not trusted.
    method: str | None = None
    detail: str = ""

    @property
    def moved_for_good(self) -> bool:
        return self.status is LinkStatus.REDIRECTED and bool(self.permanent) and self.final_url != self.url

    @property
    def rewritable(self) -> bool:
        """Whether the address can be replaced by where it moved: it moved for good, and not from https to http."""
        downgrade = self.url.startswith("https:") and (self.final_url or "").startswith("http:")
        return self.moved_for_good and not downgrade


def collect(dataset: Dataset) -> list[CitedLink]:
    """Every source address in the dataset's claims, at the line and column where it is written.

    A withheld source's addresses are never collected: the data format forbids them, but a
    mistake there must not send a request that could put someone at risk.
    """
    found: list[CitedLink] = []
    for claim in dataset.claims.values():
        # The dataset keeps no positions; the file is read again with the same loader.
        doc, _ = load_file(claim.path, claim.path)
        raw_sources = doc.data.get("sources", {}) if doc is not None and isinstance(doc.data, dict) else {}
        for key, source in claim.sources.items():
            raw = raw_sources.get(key)
            if source.link == "withheld" or (isinstance(raw, dict) and raw.get("link") == "withheld"):
                continue
            for name, url in (("url", source.url), ("archive_url", source.archive_url)):
                if not url:
                    continue
                line, column = doc.position(("sources", key, name)) if doc is not None else (1, 1)
                found.append(CitedLink(url, claim.path, line, column, claim.id, name, source))
    return sorted(found, key=lambda c: (c.path, c.line, c.column))


def _is_front_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in FRONT_PAGES and not parts.query


def _phrase(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def classify(fetch: Fetch, timeout: float) -> LinkResult:
    """What the answers to one address mean (see the module's description for the rules)."""
    if fetch.failure is not None:
        status, reason = _FAILURES[fetch.failure]
        if fetch.failure is Failure.TIMEOUT:
            reason = reason.format(timeout=f"{timeout:g} second{'s' if timeout != 1 else ''}")
        elif fetch.failure is Failure.NO_SUCH_HOST:
            reason = reason.format(host=urlsplit(fetch.answers[-1].location if fetch.answers else fetch.url).hostname)
        return LinkResult(fetch.url, status, reason, redirects=fetch.answers, detail=fetch.detail)
    last = fetch.answers[-1]
    redirects = fetch.answers[:-1]
    common: dict[str, Any] = {"http_status": last.status, "redirects": redirects, "method": last.method}
    code = _phrase(last.status)
    where = f" at {last.url}" if redirects else ""
    if 200 <= last.status < 300:
        if not redirects:
            return LinkResult(fetch.url, LinkStatus.LIVE, code, **common)
        if _is_front_page(last.url) and not _is_front_page(fetch.url):
            host = urlsplit(last.url).hostname
            reason = f"it now leads to the front page of {host}, so the page itself may be gone"
            return LinkResult(fetch.url, LinkStatus.SUSPECT, reason, final_url=last.url, **common)
        permanent = all(answer.status in PERMANENT for answer in redirects)
        kind = "moved for good" if permanent else "redirected for now"
        return LinkResult(
            fetch.url, LinkStatus.REDIRECTED, f"{kind} to {last.url}", final_url=last.url, permanent=permanent, **common
        )
    if last.status in (404, 410):
        what = "the page is not there" if last.status == 404 else "the page was removed"
        return LinkResult(fetch.url, LinkStatus.DEAD, f"{what} ({code}){where}", **common)
    if last.status == 429:
        reason = f"the site asked for fewer requests ({code}){where}"
        return LinkResult(fetch.url, LinkStatus.SUSPECT, reason, **common)
    if 400 <= last.status < 500:
        reason = f"the site turned the checker away ({code}){where}"
        return LinkResult(fetch.url, LinkStatus.SUSPECT, reason, **common)
    if 500 <= last.status < 600:
        return LinkResult(fetch.url, LinkStatus.ERROR, f"the site's server failed ({code}){where}", **common)
    reason = f"the site gave an answer that is not a page ({code}){where}"
    return LinkResult(fetch.url, LinkStatus.ERROR, reason, **common)


_FAILURES: dict[Failure, tuple[LinkStatus, str]] = {
    Failure.TIMEOUT: (LinkStatus.SUSPECT, "no answer within {timeout}"),
    Failure.NO_SUCH_HOST: (LinkStatus.DEAD, "there is no site at {host}: the name does not exist"),
    Failure.LOOKUP_FAILED: (LinkStatus.SUSPECT, "the site's name could not be looked up just now"),
    Failure.REFUSED: (LinkStatus.DEAD, "the site refused the connection"),
    Failure.CERTIFICATE: (
        LinkStatus.SUSPECT,
        "the site's security certificate could not be checked; a browser may still open it",
    ),
    Failure.CONNECTION: (LinkStatus.ERROR, "the connection to the site failed"),
    Failure.TOO_MANY_REDIRECTS: (LinkStatus.SUSPECT, "it redirects too many times, perhaps in a loop"),
    Failure.BAD_REDIRECT: (LinkStatus.ERROR, "it redirects to an address that cannot be followed"),
    Failure.BAD_ADDRESS: (LinkStatus.ERROR, "the address cannot be read"),
    Failure.NOT_PUBLIC: (
        LinkStatus.ERROR,
        "it leads to an address that is not on the public internet, which is not asked for"
        " (readers cannot reach it either; --allow-private asks anyway)",
    ),
}


def archive_suggestion(citation: CitedLink) -> str | None:
    """Where to read a copy of the page instead: the source's archived copy, else the Wayback Machine's.

    For a broken ``archive_url``, the Wayback Machine's copies of the source's own page.
    """
    if citation.field_name == "url":
        return citation.source.archive_url or WAYBACK + citation.url
    return WAYBACK + citation.source.url if citation.source.url else None


@dataclass
class LinkReport:
    """The citations, what each address turned out to be, and the addresses rewritten."""

    citations: list[CitedLink]
    results: dict[str, LinkResult]
    #: Citations whose address was rewritten, with the new address.
    rewritten: dict[CitedLink, str] = field(default_factory=dict)
    #: Data files with errors: a claim among them is not read, so its links are not checked.
    files_with_errors: list[str] = field(default_factory=list)

    def moved_for_good(self) -> list[tuple[CitedLink, str]]:
        """Each citation of an address that moved for good, with the address it moved to."""
        moves = []
        for citation in self.citations:
            result = self.results[citation.url]
            if result.rewritable and result.final_url is not None:
                moves.append((citation, result.final_url))
        return moves

    def diagnostics(self) -> list[Diagnostic]:
        """A problem at each place where a broken address, or one that moved for good, is written."""
        found = []
        for citation in self.citations:
            result = self.results[citation.url]
            if result.status in BROKEN:
                found.append(_broken(citation, result))
            elif result.moved_for_good and citation not in self.rewritten:
                hint = "replace it with the new address"
                if result.rewritable:
                    hint += ", or let `counterclaim links --fix-redirects` do it"
                message = f"this link moved for good to {result.final_url}: {citation.url}"
                found.append(warning(citation.path, citation.line, citation.column, message, hint, code="link-moved"))
        return found

    def counts(self) -> dict[str, int]:
        counts = {"links": len(self.results)} | {status.value: 0 for status in LinkStatus}
        for result in self.results.values():
            counts[result.status.value] += 1
        return counts

    def failed(self, strict: bool) -> bool:
        """Whether a link is broken or a data file has errors; with ``strict``, also a link that moved."""
        return any(d.is_error or strict for d in self.diagnostics()) or bool(self.files_with_errors)

    def summary(self) -> str:
        counts = self.counts()
        if not counts["links"]:
            return "no links to check"
        words = [f"{counts[status.value]} {status.value}" for status in LinkStatus if counts[status.value]]
        total = counts["links"]
        text = f"checked {total} link{'s' if total != 1 else ''}: {', '.join(words)}"
        if self.rewritten:
            text += f"; rewrote {len(self.rewritten)} address{'es' if len(self.rewritten) != 1 else ''}"
        return text


def _broken(citation: CitedLink, result: LinkResult) -> Diagnostic:
    label = {LinkStatus.DEAD: "dead link", LinkStatus.ERROR: "link error", LinkStatus.SUSPECT: "suspect link"}
    message = f"{label[result.status]}: {result.reason}: {citation.url}"
    suggestion = archive_suggestion(citation)
    if citation.field_name == "archive_url":
        hint = f"look for another archived copy at {suggestion}" if suggestion else None
    elif citation.source.archive_url:
        hint = f"readers can use the archived copy: {suggestion}"
    else:
        hint = f"look for an archived copy at {suggestion} and add it as archive_url"
    if result.status is LinkStatus.SUSPECT:
        hint = "open it in a browser to see whether it works" + (f"; {hint}" if hint else "")
    return error(citation.path, citation.line, citation.column, message, hint, code=f"link-{result.status.value}")


# -- presenters -----------------------------------------------------------------------------


def text(report: LinkReport) -> str:
    """``path:line:col: error|warning: message`` for each problem, the addresses rewritten, a summary."""
    lines = [d.format() for d in report.diagnostics()]
    for citation, new in report.rewritten.items():
        lines.append(f"{citation.path}:{citation.line}:{citation.column}: rewrote {citation.url} as {new}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def as_json(report: LinkReport) -> str:
    """One JSON document with every address, what it turned out to be, and where it is cited."""
    cited: dict[str, list[CitedLink]] = {}
    for citation in report.citations:
        cited.setdefault(citation.url, []).append(citation)
    document = {
        "links": [_link_json(report, result, cited.get(url, [])) for url, result in report.results.items()],
        "counts": report.counts(),
        "files_with_errors": report.files_with_errors,
        "summary": report.summary(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _link_json(report: LinkReport, result: LinkResult, citations: Iterable[CitedLink]) -> dict[str, Any]:
    broken = result.status in BROKEN
    return {
        "url": result.url,
        "status": result.status.value,
        "reason": result.reason,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "permanent": result.permanent,
        "method": result.method,
        "redirects": [{"url": a.url, "status": a.status, "location": a.location} for a in result.redirects],
        "detail": result.detail,
        "cited": [
            {
                "path": c.path,
                "line": c.line,
                "column": c.column,
                "claim": c.claim,
                "source": c.source.key,
                "field": c.field_name,
                "archive": archive_suggestion(c) if broken else None,
                "rewritten_as": report.rewritten.get(c),
            }
            for c in citations
        ],
    }


#: The output formats of ``counterclaim links --format``.
FORMATS = {"text": text, "json": as_json}


def unique_urls(citations: Sequence[CitedLink]) -> list[str]:
    """Each address once, in the order first cited."""
    return list(dict.fromkeys(c.url for c in citations))


def results_for(fetches: Mapping[str, Fetch], timeout: float) -> dict[str, LinkResult]:
    """What each address's answers mean.

    When no site answered at all and every failure was a name lookup, this computer is more
    likely offline than every site gone: those links are suspect, not dead.
    """
    results = {url: classify(fetch, timeout) for url, fetch in fetches.items()}
    lookups = (Failure.NO_SUCH_HOST, Failure.LOOKUP_FAILED)
    if fetches and all(not f.answers and f.failure in lookups for f in fetches.values()):
        reason = "no site's name could be looked up, so this computer may be offline"
        for url, result in results.items():
            results[url] = replace(result, status=LinkStatus.SUSPECT, reason=reason)
    return results
