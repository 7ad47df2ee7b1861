"""The plugin's options in ``mkdocs.yml`` (``plugins: - counterclaim: {...}``), each with what it
means, and the checks MkDocs' own options must pass for counterclaim to build the site."""

from __future__ import annotations

import os
import re

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

#: An e-mail address as a contact_email may be written: one @, a dot in the domain, nothing that
#: would break out of a mailto: link.
_EMAIL = re.compile(r"[^@\s<>\"'?&#/:,;]+@[^@\s<>\"'?&#/:,;]+\.[^@\s<>\"'?&#/:,;]+")


class CounterclaimConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """The folder holding ratings.yaml, topics.yaml, claimants/ and claims/, relative to mkdocs.yml."""

    language = c.Type(str, default="en")
    """The site's main language, published at the root; strings come from theme/locales/<language>.yaml."""

    extra_languages = c.Type(list, default=[])
    """Further languages, each published under /<language>/ with the same addresses below it."""

    publisher = c.Type(str, default="")
    """The fact-checking organisation named as author of the reviews and feeds (default: site_name)."""

    publisher_url = c.Type(str, default="")
    """The organisation's web address (default: site_url)."""

    per_page = c.Type(int, default=50)
    """How many claims a list page shows before it continues on the next page."""

    home_latest = c.Type(int, default=10)
    """How many of the newest claims the home page lists."""

    footer = c.Type(list, default=[])
    """Pages linked from every page's footer, as paths in docs_dir (e.g. methodology.md)."""

    site_names = c.Type(dict, default={})
    """The site's name in each further language, where it differs from site_name: {es: ...}."""

    contact_email = c.Type(str, default="")
    """An address readers can write to the editors at: shown on every page, and where "suggest a
    claim" and "report an error" lead (with a subject naming the page) when there is no repo_url
    and no contact_url."""

    contact_url = c.Type(str, default="")
    """The address of a contact form: linked from every page, and where "suggest a claim" and
    "report an error" lead when there is no repo_url."""

    contact_page = c.Type(str, default="contact.md")
    """Where "suggest a claim" and "report an error" lead when there is no repo_url, contact_url
    or contact_email (the page must then say how to reach the editors)."""

    edit_uri = c.Type(str, default="edit/main/")
    """Appended to repo_url, then the data file's path, to make each claim's "edit" link."""

    cache_dir = c.Type(str, default=".counterclaim-cache")
    """Where results are kept between builds, relative to mkdocs.yml; "" for no cache. Keep it
    out of docs_dir and out of every folder `mkdocs serve` watches."""

    workers = c.Optional(c.Type(int))
    """Processes that load claims and write pages (default: one per processor; 1 for none)."""

    def languages(self) -> tuple[str, ...]:
        """The main language first, then each further one once."""
        extra = [str(lang) for lang in self.extra_languages if lang != self.language]
        return (self.language, *dict.fromkeys(extra))


def check_options(options: CounterclaimConfig, config: MkDocsConfig) -> None:
    """Stop with a plain message if the options, or MkDocs' own, do not allow a build."""
    if not config.use_directory_urls:
        raise PluginError("counterclaim publishes claims at /claims/<id>/ for good: use_directory_urls must stay true")
    if not config.site_url:
        raise PluginError("counterclaim needs site_url in mkdocs.yml: canonical links, feeds and ClaimReview use it")
    if options.per_page < 1:
        raise PluginError("counterclaim: per_page must be at least 1")
    if options.contact_email and not _EMAIL.fullmatch(options.contact_email):
        raise PluginError(
            f"counterclaim: contact_email {options.contact_email!r} is not an e-mail address"
            " (write it as name@example.org, without mailto:)"
        )
    if options.contact_url and not options.contact_url.startswith(("https://", "http://")):
        raise PluginError(
            f"counterclaim: contact_url {options.contact_url!r} must be a web address starting with https://"
        )
    if not any(os.path.isfile(os.path.join(folder, "claim.html")) for folder in config.theme.dirs):
        raise PluginError("counterclaim needs its theme: write `theme: {name: counterclaim}` in mkdocs.yml")
