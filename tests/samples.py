"""Sample data and real sites in temporary folders, shared by the tests and the validators."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The theme, in the package.
THEME = REPO / "src" / "counterclaim" / "theme"
TODAY = datetime.date(2026, 11, 21)

RATINGS = """\
ratings:
  - id: accurate
    position: 2
    colour: "#1a7f37"
    label: {en: Accurate, es: Verdadero}
    description: {en: It is right., es: Es correcto.}
  - id: false-claim
    position: 1
    colour: "#b91c1c"
    label: {en: "False", es: Falso}
    description: {en: It is wrong., es: Es falso.}
  - id: unverifiable
    position: null
    colour: "#4b5563"
    label: {en: Unverifiable, es: Inverificable}
    description: {en: No one can tell., es: Nadie puede saberlo.}
"""

TOPICS = """\
topics:
  - id: weather
    label: {en: Weather, es: Tiempo}
"""

CLAIMANT = """\
id: sample-person
name: Sample Person
kind: person
"""

#: A valid claim without warnings. Tests that need a mistake change one line of it, so positions are known.
CLAIM = """\
id: sample-claim
claimant: sample-person
statement: The sky is green.
short: Sample Person says the sky is green
said:
  source: interview
rating: false-claim
topics: [weather]
summary: Observers agree the sky is blue.[^almanac]
analysis: |
  Observers report a blue sky.[^almanac] The claim was made on the radio.[^interview]
published: 2026-01-10
sources:
  interview:
    title: An interview
    publisher: Example Radio
    published: 2026-01-05
    url: https://radio.example.org/interview
    archive_url: https://web.archive.org/web/20260105/https://radio.example.org/interview
  almanac:
    title: The almanac
    publisher: Almanac Press
    url: https://almanac.example.org/sky
    archive_url: https://web.archive.org/web/20260105/https://almanac.example.org/sky
"""


def found(paths: Iterable[Path], at_least: int = 1) -> list[Path]:
    """The paths a glob found, sorted, after checking it found some: a loop over none would pass
    whatever the code does."""
    listed = sorted(paths)
    assert len(listed) >= at_least, f"expected at least {at_least} files, found {len(listed)}"
    return listed


def write_data(
    root: Path,
    claims: dict[str, str | bytes] | None = None,
    claimants: dict[str, str] | None = None,
    ratings: str = RATINGS,
    topics: str = TOPICS,
) -> Path:
    """A data folder under ``root``; claims and claimants are given as file stem -> text."""
    data = root / "data"
    (data / "claims").mkdir(parents=True, exist_ok=True)
    (data / "claimants").mkdir(parents=True, exist_ok=True)
    (data / "ratings.yaml").write_text(ratings, encoding="utf-8")
    (data / "topics.yaml").write_text(topics, encoding="utf-8")
    for stem, text in (claimants if claimants is not None else {"sample-person": CLAIMANT}).items():
        (data / "claimants" / f"{stem}.yaml").write_text(text, encoding="utf-8")
    for stem, text in (claims if claims is not None else {"sample-claim": CLAIM}).items():
        target = data / "claims" / f"{stem}.yaml"
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return data


def copy_example_site(target: Path) -> Path:
    """The repository's example site (config, content, data) copied into ``target``; its theme is
    the installed package's."""
    for name in ("content", "data", "schema"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def write_site(
    root: Path,
    *,
    language: str = "en",
    extra_languages: tuple[str, ...] = (),
    per_page: int = 2,
    mkdocs_extra: str = "",
    plugin_extra: str = "",
    **data: object,
) -> Path:
    """A small site: the example theme with a data folder written by write_data."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(THEME, root / "theme")
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text("---\ntemplate: home.html\n---\n\n# Home\n", encoding="utf-8")
    for extra in extra_languages:
        (root / "content" / extra).mkdir()
        (root / "content" / extra / "index.md").write_text(
            "---\ntemplate: home.html\n---\n\n# Inicio\n", encoding="utf-8"
        )
    write_data(root, **data)  # type: ignore[arg-type]
    (root / "mkdocs.yml").write_text(
        "site_name: Test site\n"
        "site_url: https://checks.example.org/\n"
        "docs_dir: content\n"
        "theme: {name: null, custom_dir: theme, static_templates: [404.html]}\n"
        f"plugins:\n  - counterclaim:\n      language: {language}\n      per_page: {per_page}\n"
        f"      extra_languages: [{', '.join(extra_languages)}]\n"
        "      publisher: Test Checkers\n" + plugin_extra + mkdocs_extra,
        encoding="utf-8",
    )
    return root


def leftovers(site: Path) -> list[str]:
    """What builds left beside the published folder (besides its lock), once the processes
    deleting old sites have ended: each holds a lock on its folder while it works (POSIX)."""
    import fcntl

    for entry in site.parent.glob(f".{site.name}.retired-*"):
        with contextlib.suppress(FileNotFoundError):
            held = os.open(entry, os.O_RDONLY | os.O_DIRECTORY)
            try:
                fcntl.flock(held, fcntl.LOCK_EX)  # returns when its remover has ended
            finally:
                os.close(held)
    return sorted(p.name for p in site.parent.glob(f".{site.name}.*") if p.name != f".{site.name}.lock")


def build_site(root: Path) -> Path:
    """Build the site whose mkdocs.yml is in ``root`` with real MkDocs, as `mkdocs build` does; its folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return root / "site"
