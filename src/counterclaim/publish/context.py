"""What every page's template receives: its view (``cc``) and, around it, its language and the
strings for it, its menu and footer, the same page in other languages, links to the site's
lists and feeds, where to suggest a claim or report an error, and on claim pages the ClaimReview.

One place builds it for every page, whoever writes the page: MkDocs (the hand-written pages and
the first pages of the main lists) or the build itself (claim pages and the long lists). It
knows the site's pages by address and title; the MkDocs adapter tells it those, and the nav.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from counterclaim.model.diagnostics import Diagnostic
from counterclaim.publish.claimreview import script_json
from counterclaim.publish.publication import Publication
from counterclaim.render.i18n import Catalogue, direction, native_name
from counterclaim.render.site import PlannedPage
from counterclaim.render.urls import absolute, relative

SUGGEST_FORM = "suggest-a-claim.yml"
REPORT_FORM = "report-an-error.yml"


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    active: bool = False
    #: Every page links to it elsewhere too (the home page from the site's name, others from the
    #: footer), so a phone's menu can leave it out and stay one line.
    elsewhere: bool = False


@dataclass(frozen=True)
class PageSettings:
    """What the site's configuration says about every page, as addresses and text."""

    #: How many of the newest claims the home page lists.
    home_latest: int
    #: The addresses of the pages every page's footer links to, in the main language.
    footer: tuple[str, ...]
    #: The address of the page that says how to reach the editors, in the main language.
    contact_page: str
    #: Appended to ``repo_url``, then a claim's data file, to make the claim's "edit" link.
    edit_uri: str
    #: The addresses of the pages in the site's menu, in the main language.
    nav: tuple[str, ...] = ()
    site_description: str = ""
    #: The repository's address ("" for none): "edit", "suggest" and "report" lead there.
    repo_url: str = ""
    #: The line the templates show at the foot of every page (MkDocs' ``copyright``).
    copyright: str = ""
    #: Where readers write to the editors: an e-mail address, a contact form's address.
    contact_email: str = ""
    contact_url: str = ""


class PageContexts:
    """The template context of every page of one build."""

    def __init__(
        self,
        publication: Publication,
        catalogues: Mapping[str, Catalogue],
        settings: PageSettings,
        titles: Mapping[str, str],
        stale: Iterable[Diagnostic] = (),
        preview: bool = False,
    ) -> None:
        """``titles`` gives every page of the site (address -> title), whoever writes it;
        ``stale``, the problems of data not shown (under `mkdocs serve`, which keeps showing the
        last data without errors)."""
        self.publication = publication
        self.catalogues = catalogues
        self.settings = settings
        self.titles = titles
        self.stale = list(stale)
        #: Built for `mkdocs serve`, whose pages carry an inline reload script.
        self.preview = preview
        self._from_folder: dict[tuple[str, str], str] = {}

    def page(self, url: str, planned: PlannedPage | None = None) -> dict[str, Any]:
        """What the template of the page at ``url`` receives besides what MkDocs gives every page;
        ``planned`` when it is a page made from data."""
        publication, settings = self.publication, self.settings
        language = publication.language_of(url)
        site = publication.sites[language]
        view = site.view(planned) if planned is not None else None
        extra: dict[str, Any] = {
            "t": site.catalogue.t,
            "cc_lang": language,
            "cc_dir": site.catalogue.direction,
            "cc_og_locale": site.catalogue.og_locale(),
            "cc_locale": site.catalogue.bcp47(),
            "plural_forms": site.catalogue.plural_forms,
            "number": site.catalogue.number,
            "cc_site_name": self.site_name(language),
            "cc_links": self.links(language, url),
            "cc_nav": self.menu(language, url),
            "cc_footer": self.footer(language, url),
            "cc_alternates": self.alternates(url, language),
            "cc_canonical": absolute(publication.settings.site_url, url),
            "cc_description": settings.site_description,
            "cc_og_type": "website",
            "cc_stale": self.stale,
            "cc_preview": self.preview,
        }
        extra["cc_suggest"], extra["cc_report"] = self.intake(language, url)
        extra["cc_contact"] = self.contact()
        if view is not None:
            extra["cc"] = view
        if planned is not None and planned.kind == "claim":
            claim = publication.dataset.claims[planned.key]
            extra["cc_canonical"] = publication.canonical(claim, language)
            extra["cc_og_type"] = "article"
            extra["cc_description"] = view["claim"].description if view else ""
            review = publication.claim_review(claim, language)
            extra["cc_jsonld"] = script_json(review) if review else None
            if settings.repo_url:
                base = f"{settings.repo_url.rstrip('/')}/{settings.edit_uri.strip('/')}"
                extra["cc_edit_url"] = f"{base}/{claim.path}"
        if url == site.urls.home():
            extra["cc_latest"] = site.latest(settings.home_latest)
        return extra

    def error_page(self) -> dict[str, Any]:
        """What a template rendered outside any page gets (404.html, served at any address): the
        main language, and links from the site's root path."""
        main = self.catalogues[self.publication.settings.main_language]
        return {
            "t": main.t,
            "cc_lang": main.language,
            "cc_dir": main.direction,
            "cc_direction": direction,
            "cc_og_locale": main.og_locale(),
            "cc_links": self.root_links(main.language),
            "cc_alternates": self.root_alternates(),
            "cc_contact": self.contact(),
        }

    # -- pieces ---------------------------------------------------------------------------------

    def site_name(self, language: str) -> str:
        settings = self.publication.settings
        return settings.site_names.get(language) or settings.site_name

    def targets(self, language: str) -> dict[str, str]:
        """The site-wide addresses templates link to, from the site's root."""
        urls = self.publication.sites[language].urls
        return {
            "home": urls.home(),
            "claims": urls.claims_index(),
            "claimants": urls.claimants_index(),
            "ratings": urls.ratings(),
            "topics": urls.topics_index(),
            "corrections": urls.corrections(),
            "search": urls.search(),
            "search_data": urls.search_data(),
            "claims_feed": urls.claims_feed(),
            "corrections_feed": urls.corrections_feed(),
            "stylesheet": "assets/style.css",
            "ratings_stylesheet": "assets/ratings.css",
            "search_script": "assets/search.js",
        }

    def links(self, language: str, url: str) -> dict[str, str]:
        """Those addresses relative to the page at ``url``."""
        return {name: self.relative(url, target) for name, target in self.targets(language).items()}

    def relative(self, url: str, target: str) -> str:
        """``urls.relative``, remembered by the folder the page is in: thousands of pages (every
        claim's) share a folder, and every page links to the same few dozen addresses."""
        folder = url[: url.rstrip("/").rfind("/") + 1]
        if folder == url or target.startswith(url):
            return relative(url, target)
        found = self._from_folder.get((folder, target))
        if found is None:
            found = relative(folder, target)
            self._from_folder[(folder, target)] = found
        return "../" if found == "./" else "../" + found

    def root_links(self, language: str) -> dict[str, str]:
        """Those addresses from the site's root path, for pages served at any address (404)."""
        root = urlsplit(self.publication.settings.site_url).path.rstrip("/") + "/"
        return {name: root + target for name, target in self.targets(language).items()}

    def _title(self, url: str, language: str) -> str:
        if url == self.publication.sites[language].urls.home():
            return self.catalogues[language].t("nav_home")
        return self.titles[url]

    def menu(self, language: str, url: str) -> list[MenuItem]:
        """The main menu in the page's language: the nav's pages that exist in that language."""
        items = []
        home = self.publication.sites[language].urls.home()
        elsewhere = {home, *(self._footer_target(address, language) for address in self.settings.footer)}
        for address in self.settings.nav:
            target = self.publication.counterpart(address, language)
            if target in self.titles:
                title, link = self._title(target, language), self.relative(url, target)
                items.append(MenuItem(title, link, target == url, elsewhere=target in elsewhere))
        return items

    def footer(self, language: str, url: str) -> list[MenuItem]:
        items = []
        for address in self.settings.footer:
            target = self._footer_target(address, language)
            if target in self.titles:
                items.append(MenuItem(self._title(target, language), self.relative(url, target), target == url))
        return items

    def _footer_target(self, own: str, language: str) -> str:
        """The address a footer entry (at ``own`` in the main language) leads to in ``language``."""
        target = self.publication.counterpart(own, language)
        return target if target in self.titles else own

    def alternates(self, url: str, language: str) -> list[dict[str, str]]:
        """Each language of the site, for the language switcher and the hreflang links: the same
        page in that language, or where it has none, that language's home page (then with no
        ``absolute`` address, since it is not the same page). Empty for a site in one language."""
        languages = self.publication.settings.languages
        if len(languages) < 2:
            return []
        found = []
        for other in languages:
            target = self.publication.counterpart(url, other)
            same = target in self.titles
            if not same:
                urls = self.publication.sites[other].urls
                target = urls.home() if urls.home() in self.titles else urls.claims_index()
            found.append(
                {
                    "lang": other,
                    "name": native_name(other),
                    "dir": direction(other),
                    "href": self.relative(url, target),
                    "absolute": absolute(self.publication.settings.site_url, target) if same else "",
                    "current": "true" if other == language else "",
                }
            )
        return found

    def root_alternates(self) -> list[dict[str, str]]:
        """The language switcher for a page served at any address (404): each language's home,
        from the site's root path, and no hreflang (an error page has no counterparts)."""
        root = urlsplit(self.publication.settings.site_url).path.rstrip("/") + "/"
        main = self.publication.settings.main_language
        return [
            {**alt, "href": root + self.publication.sites[alt["lang"]].urls.home(), "absolute": ""}
            for alt in self.alternates(self.publication.sites[main].urls.home(), main)
        ]

    def intake(self, language: str, url: str) -> tuple[str | None, str | None]:
        """Where "suggest a claim" and "report an error" lead from the page at ``url``: the
        repository's issue forms; else the contact form; else an e-mail to the editors, its
        subject naming the page; else the contact page, which must then say how to reach them."""
        repo = self.settings.repo_url
        if repo:
            issues = f"{repo.rstrip('/')}/issues/new?template="
            address = quote(absolute(self.publication.settings.site_url, url), safe="")
            return issues + SUGGEST_FORM, f"{issues}{REPORT_FORM}&page={address}"
        if self.settings.contact_url:
            return self.settings.contact_url, self.settings.contact_url
        if self.settings.contact_email:
            t = self.catalogues[language].t
            title = self._title(url, language) if url in self.titles else self.site_name(language)
            return (
                mailto(self.settings.contact_email, t("mail_suggest_subject")),
                mailto(self.settings.contact_email, t("mail_report_subject", title=title)),
            )
        contact = self.settings.contact_page
        target = self.publication.counterpart(contact, language)
        if target not in self.titles:
            target = contact if contact in self.titles else ""
        link = self.relative(url, target) if target else None
        return link, link

    def contact(self) -> dict[str, str] | None:
        """The ways to write to the editors that every page shows, if the site has any."""
        email, form = self.settings.contact_email, self.settings.contact_url
        if not (email or form):
            return None
        return {"email": email, "email_href": mailto(email) if email else "", "url": form}


#: What a mailto: subject may hold unescaped (RFC 6068's some-delims, ":" and "@").
_MAILTO_SAFE = ":@!$'()*,;"


def mailto(address: str, subject: str = "") -> str:
    """A mailto: link to ``address``, with the subject prefilled if given (escaped as RFC 6068
    asks, no more: claim pages carry it twice and must stay light)."""
    if not subject:
        return f"mailto:{address}"
    # Letters beyond ASCII stay as they are: browsers encode them when the link is followed.
    escaped = "".join(c if ord(c) > 127 else quote(c, safe=_MAILTO_SAFE) for c in subject)
    return f"mailto:{address}?subject={escaped}"
