"""The site's address scheme, in one place.

Every address is relative to the site root and ends with a slash; a page's source name in
MkDocs is its address followed by ``index.md``. Claim pages live at ``claims/<id>/`` for good:
fact-checks are cited by URL, so these never change.
"""

from __future__ import annotations

import posixpath


def claim(claim_id: str) -> str:
    return f"claims/{claim_id}/"


def claims_index(page: int = 1) -> str:
    return "claims/" if page == 1 else f"claims/page/{page}/"


def claimant(claimant_id: str) -> str:
    return f"claimants/{claimant_id}/"


def claimants_index() -> str:
    return "claimants/"


def ratings() -> str:
    return "ratings/"


def ratings_stylesheet() -> str:
    return "assets/ratings.css"


def source_name(url: str) -> str:
    """The name MkDocs knows a generated page by: ``claims/x/`` becomes ``claims/x/index.md``."""
    return f"{url}index.md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` that works under any domain or sub-path."""
    if from_url == to_url:
        return "./"
    path = posixpath.relpath(to_url or ".", from_url or ".")
    if (to_url.endswith("/") or not to_url) and not path.endswith("/"):
        path += "/"
    return path
