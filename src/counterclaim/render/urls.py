"""The site's address scheme, in one place.

Every address is relative to the site root and ends with a slash (pages) or a file name. The
site's main language lives at the root; each further language lives under ``<language>/`` with
the same addresses below it. Claim pages live at ``claims/<id>/`` for good: fact-checks are cited
by URL, so these never change. A page's source name in MkDocs is its address + ``index.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Files that exist once for the whole site, whatever the language.
RATINGS_STYLESHEET = "assets/ratings.css"
SEARCH_SCRIPT = "assets/search.js"
CLAIMS_EXPORT = "claims.json"
CLAIMREVIEW_FEED = "claimreview-feed.json"


def paged(base: str, number: int) -> str:
    """Page ``number`` of a list that starts at ``base``: ``base`` itself, then ``base/page/2/``..."""
    return base if number == 1 else f"{base}page/{number}/"


@dataclass(frozen=True)
class Urls:
    """The addresses of one language's pages."""

    prefix: str = ""

    @classmethod
    def for_language(cls, language: str, main_language: str) -> Urls:
        return cls("" if language == main_language else f"{language}/")

    def home(self) -> str:
        return self.prefix

    def claim(self, claim_id: str) -> str:
        return f"{self.prefix}claims/{claim_id}/"

    def claims_index(self, number: int = 1) -> str:
        return paged(f"{self.prefix}claims/", number)

    def claimant(self, claimant_id: str, number: int = 1) -> str:
        return paged(f"{self.prefix}claimants/{claimant_id}/", number)

    def claimants_index(self) -> str:
        return f"{self.prefix}claimants/"

    def ratings(self) -> str:
        return f"{self.prefix}ratings/"

    def rating(self, rating_id: str, number: int = 1) -> str:
        return paged(f"{self.prefix}ratings/{rating_id}/", number)

    def topics_index(self) -> str:
        return f"{self.prefix}topics/"

    def topic(self, topic_id: str, number: int = 1) -> str:
        return paged(f"{self.prefix}topics/{topic_id}/", number)

    def corrections(self, number: int = 1) -> str:
        return paged(f"{self.prefix}corrections/", number)

    def search(self) -> str:
        return f"{self.prefix}search/"

    def search_data(self) -> str:
        """The folder of the search index (see ``search``)."""
        return f"{self.prefix}search/data/"

    def claims_feed(self) -> str:
        return f"{self.prefix}feed.xml"

    def corrections_feed(self) -> str:
        return f"{self.prefix}corrections.xml"

    def unprefixed(self, url: str) -> str:
        """``url`` without this language's prefix, to find the same page in another language."""
        return url[len(self.prefix) :] if self.prefix and url.startswith(self.prefix) else url


def source_name(url: str) -> str:
    """The name MkDocs knows a generated page by: ``claims/x/`` becomes ``claims/x/index.md``."""
    return f"{url}index.md"


def page_address(file_url: str) -> str:
    """The address of a page from MkDocs' ``File.url``, which calls the home page "./" where
    pages (and this module) call it ""."""
    return "" if file_url == "./" else file_url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` that works under any domain or sub-path.

    Both are site-relative addresses without "." or ".." segments, as this module makes them.
    Every page links to dozens of others, so this is plain string work (posixpath.relpath
    would look at the current directory each time).
    """
    if from_url == to_url:
        return "./"
    base = from_url.split("/")[:-1]  # the folders the page is in ("claims/a/" -> claims, a)
    target = to_url.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    path = "../" * (len(base) - common) + "/".join(target[common:])
    return path or "./"


def absolute(site_url: str, url: str) -> str:
    """The full address of ``url`` on the published site (for canonical links, feeds and JSON-LD)."""
    return site_url.rstrip("/") + "/" + url
