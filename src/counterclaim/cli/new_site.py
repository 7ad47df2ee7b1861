"""``counterclaim new site DIR``: a complete site a newsroom can push to GitHub and publish.

It writes the configuration (``mkdocs.yml``, with counterclaim's theme and a folder of the
site's own for changes to it), the data (a rating scale to edit, a topic, a claimant and one
example fact-check, each clearly a placeholder), the pages about the site in each language
(home, methodology, about, corrections policy), the workflows that check pull requests and
publish ``main`` on GitHub Pages, the issue forms the pages link to, a guide for contributors, a
pre-commit hook, ``.gitignore`` and ``requirements.txt`` pinning this version of counterclaim.
As written, the site checks clean and builds with ``mkdocs build --strict``.

The words come from ``starter/texts/<language>.yaml`` and the pages from
``starter/content/<language>/``; a language the theme has strings for but the starter has no
words in gets the English ones, marked to be translated.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from counterclaim.load.site_config import LOCALES, THEME_DIR

STARTER = Path(__file__).resolve().parent / "starter"
#: The language whose words stand in for a language the starter has none in.
FALLBACK = "en"

#: Files copied as they are: where each comes from in the starter, where it goes in the site.
_COPIED = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "CONTRIBUTING.md": "CONTRIBUTING.md",
    "overrides-README.md": "overrides/README.md",
    "github/workflows/check.yml": ".github/workflows/check.yml",
    "github/workflows/publish.yml": ".github/workflows/publish.yml",
    "github/ISSUE_TEMPLATE/config.yml": ".github/ISSUE_TEMPLATE/config.yml",
    "github/ISSUE_TEMPLATE/suggest-a-claim.yml": ".github/ISSUE_TEMPLATE/suggest-a-claim.yml",
    "github/ISSUE_TEMPLATE/report-an-error.yml": ".github/ISSUE_TEMPLATE/report-an-error.yml",
}

#: The pages about the site, each in every language; the footer lists them with the indexes.
_PAGES = ("index.md", "methodology.md", "about.md", "corrections-policy.md")

#: The starting rating scale: id, position (None: outside the scale) and colour.
_SCALE = (
    ("accurate", 3, "#1a7f37"),
    ("misleading", 2, "#a16207"),
    ("false-claim", 1, "#b91c1c"),
    ("unverifiable", None, "#4b5563"),
)


class NewSiteError(Exception):
    """The site cannot be written; the message says why in plain words."""


def theme_languages() -> list[str]:
    """The languages counterclaim's theme has interface strings for."""
    return sorted(p.stem for p in (THEME_DIR / LOCALES).glob("*.yaml"))


def check_request(target: Path, languages: Sequence[str]) -> None:
    """Raise :class:`NewSiteError` unless a site in ``languages`` can be written at ``target``."""
    if not languages:
        raise NewSiteError("name at least one language, such as --language en")
    available = theme_languages()
    for language in languages:
        if language not in available:
            raise NewSiteError(
                f"counterclaim's theme has no interface strings for the language '{language}', so a site cannot"
                f" be built in it yet; the languages it has are: {', '.join(available)}. To publish in"
                f" '{language}', start the site in one of those, then add {LOCALES}/{language}.yaml to its"
                " overrides folder (see overrides/README.md in the new site)"
            )
    if len(set(languages)) != len(languages):
        raise NewSiteError(f"each language is named once: {' '.join(languages)}")
    if target.exists() and not target.is_dir():
        raise NewSiteError(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise NewSiteError(f"{target} is not empty: name a new folder, or an empty one, so that nothing is overwritten")


def create(target: Path, languages: Sequence[str], today: datetime.date | None = None) -> list[Path]:
    """Write a new site in ``languages`` (the first is the main one) into ``target``, which must
    be missing or empty; return the files written."""
    check_request(target, languages)
    today = today or datetime.date.today()
    texts = {language: _texts(language) for language in languages}
    files: dict[str, str] = {
        "mkdocs.yml": _mkdocs_yml(languages, texts),
        "requirements.txt": _requirements(),
        "README.md": _readme(),
        "data/ratings.yaml": _ratings(languages, texts),
        "data/topics.yaml": _topics(languages, texts),
        "data/claimants/example-claimant.yaml": _claimant(languages, texts),
        "data/claims/example-claim.yaml": _claim(languages, texts, today),
    }
    for source, destination in _COPIED.items():
        files[destination] = (STARTER / source).read_text(encoding="utf-8")
    main = languages[0]
    for language in languages:
        folder = "content/" if language == main else f"content/{language}/"
        pages = STARTER / "content" / (language if (STARTER / "content" / language).is_dir() else FALLBACK)
        for name in _PAGES:
            text = (pages / name).read_text(encoding="utf-8")
            files[folder + name] = text.replace("%ROOT%", "" if language == main else "../")
    written = []
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written


def _texts(language: str) -> dict[str, Any]:
    path = STARTER / "texts" / f"{language}.yaml"
    if not path.is_file():
        path = STARTER / "texts" / f"{FALLBACK}.yaml"
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _q(text: str) -> str:
    """``text`` as a YAML string in double quotes (a JSON string is one), whatever it holds."""
    return json.dumps(text, ensure_ascii=False)


def _per_language(languages: Sequence[str], texts: Mapping[str, Any], *keys: str, indent: int) -> str:
    """The text at ``keys`` in each language, one line each (``ar: "..."``), indented."""
    lines = []
    for language in languages:
        value: Any = texts[language]
        for key in keys:
            value = value[key]
        lines.append(f"{' ' * indent}{language}: {_q(str(value).strip())}")
    return "\n".join(lines)


def _mkdocs_yml(languages: Sequence[str], texts: Mapping[str, Any]) -> str:
    main, extra = languages[0], list(languages[1:])
    names = "".join(f"\n        {lang}: {_q(texts[lang]['site_name'])}" for lang in extra)
    site_names = f"      site_names:{names}\n" if extra else ""
    return f"""\
# A fact-check site made with counterclaim. Check the data with `counterclaim check`, preview
# with `mkdocs serve`, build with `mkdocs build --strict` (the workflows in .github/ do the same).
site_name: {_q(texts[main]["site_name"])}
site_description: {_q(texts[main]["site_description"])}
# example.org is a placeholder: set the address the site is published at (on GitHub Pages,
# https://OWNER.github.io/REPOSITORY/).
site_url: https://example.org/
# On GitHub, the workflows set COUNTERCLAIM_REPO_URL, which turns on the "edit" links and leads
# "suggest a claim" / "report an error" to the repository's issue forms; without it, those two
# write to contact_email (below).
repo_url: !ENV COUNTERCLAIM_REPO_URL
docs_dir: content
site_dir: site

# counterclaim's theme, installed with it: upgrading counterclaim upgrades every page. A file in
# overrides/ with the name of one of the theme's takes its place (see overrides/README.md).
theme:
  name: counterclaim
  custom_dir: overrides

plugins:
  - counterclaim:
      data_dir: data
      # The main language, published at /; each further one at /<language>/.
      language: {main}
      extra_languages: [{", ".join(extra)}]
{site_names}\
      # A placeholder, like site_url: set the address your editors read.
      contact_email: editors@example.org
      footer:
        - methodology.md
        - ratings/index.md
        - corrections/index.md
        - corrections-policy.md
        - about.md

# The main menu. Titles come from the pages, in each language.
nav:
  - index.md
  - claims/index.md
  - topics/index.md
  - claimants/index.md
  - ratings/index.md
  - methodology.md
  - about.md

not_in_nav: |
  /corrections-policy.md

validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""


def _requirements() -> str:
    version = metadata.version("counterclaim")
    return f"""\
# What the workflows, pre-commit and your own computer install: pip install -r requirements.txt
# To upgrade (the theme's pages with it), change the version, then run counterclaim check and
# mkdocs build --strict before merging.
counterclaim=={version}
"""


def _readme() -> str:
    return """\
# Our fact-checks

A fact-check site made with counterclaim: each fact-check is a file in `data/claims/`, checked
on every pull request and published on GitHub Pages from `main`. `CONTRIBUTING.md` says how to
add and correct fact-checks.

## Before the first publication

1. In `mkdocs.yml`, set `site_name`, `site_url` (the address the site is published at) and
   `contact_email`.
2. Rewrite the pages in `content/` (about, methodology, corrections policy) for your newsroom,
   and edit the rating scale in `data/ratings.yaml`.
3. Replace the example fact-check (`data/claims/example-claim.yaml`) and its claimant
   (`data/claimants/example-claimant.yaml`) with your first real ones.
4. Push the folder to a new GitHub repository. In its settings, Pages > Build and deployment >
   Source must be "GitHub Actions".

## On your own computer

```sh
python3 -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt
counterclaim check        # every mistake in the data, at its line
mkdocs serve              # a preview at http://127.0.0.1:8000/ that follows your edits
mkdocs build --strict     # the site, in site/
```
"""


def _ratings(languages: Sequence[str], texts: Mapping[str, Any]) -> str:
    blocks = []
    for rating, position, colour in _SCALE:
        where = "null" if position is None else str(position)
        blocks.append(
            f"  - id: {rating}\n    position: {where}\n    colour: {_q(colour)}\n"
            f"    label:\n{_per_language(languages, texts, 'ratings', rating, 'label', indent=6)}\n"
            f"    description:\n{_per_language(languages, texts, 'ratings', rating, 'description', indent=6)}\n"
        )
    return (
        "# The rating scale, best first: edit it to be your own. Claims name a rating by its id.\n"
        "# Positions run from 1 (worst) upward and become the numbers in the structured data;\n"
        "# verdicts outside the scale (position: null) have none.\n"
        "ratings:\n" + "\n".join(blocks)
    )


def _topics(languages: Sequence[str], texts: Mapping[str, Any]) -> str:
    return (
        "# The topics claims can be filed under. Claims name a topic by its id.\n"
        "topics:\n"
        "  - id: example-topic\n"
        f"    label:\n{_per_language(languages, texts, 'topic', 'label', indent=6)}\n"
        f"    description:\n{_per_language(languages, texts, 'topic', 'description', indent=6)}\n"
    )


def _claimant(languages: Sequence[str], texts: Mapping[str, Any]) -> str:
    return (
        "# An example, to replace (with data/claims/example-claim.yaml) by the first claimant you\n"
        "# check. `counterclaim new claimant <id>` writes a starting file with a comment on every field.\n"
        "id: example-claimant\n"
        f"name:\n{_per_language(languages, texts, 'claimant', 'name', indent=2)}\n"
        "kind: other\n"
        f"description:\n{_per_language(languages, texts, 'claimant', 'description', indent=2)}\n"
    )


def _claim(languages: Sequence[str], texts: Mapping[str, Any], today: datetime.date) -> str:
    def field(*keys: str) -> str:
        return _per_language(languages, texts, "claim", *keys, indent=2)

    def title(key: str) -> str:
        # A source's title is written once, as published: here in the site's main language.
        return _q(str(texts[languages[0]]["claim"][key]))

    # The sources are on example.org and example.net, addresses kept for examples: they stand
    # for no real publication, and a reader who follows them reaches no one's page.
    return f"""\
# An example fact-check that comes with a new site: it checks nothing. Replace it with your
# first one (`counterclaim new claim <id>` writes a starting file with a comment on every field).
id: example-claim
language: {languages[0]}
claimant: example-claimant
statement:
{field("statement")}
short:
{field("short")}
said:
  source: example-report
  date: {today.isoformat()}
rating: unverifiable
topics: [example-topic]
summary:
{field("summary")}
analysis:
{field("analysis")}
published: {today.isoformat()}
sources:
  example-report:
    title: {title("report")}
    publisher: Example Publisher
    published: {today.isoformat()}
    url: https://example.org/example-report
    archive_url: https://archive.example.org/example-report
  example-data:
    title: {title("data")}
    publisher: Example Statistics Office
    published: {today.isoformat()}
    url: https://example.net/example-data
    archive_url: https://archive.example.net/example-data
"""
