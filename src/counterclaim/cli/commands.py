"""The ``counterclaim`` command: check the data without building, start new files, check the
sources' links, import published fact-checks.

``counterclaim check [PATH ...]`` applies the build's own rules (``build.loading``) and shows the
diagnostics with a presenter from ``check.report``. ``counterclaim new claim|claimant <id>``
writes a commented starting file (``scaffold``). Both find the data folder and the language in
``mkdocs.yml`` (``load.site_config``). ``counterclaim links [PATH ...]`` asks the sources' sites
for their addresses (``links.network``) and reports the broken ones (``links.status``); it changes
no file unless given ``--fix-redirects`` (``links.address_updates``). ``counterclaim import
PATH ...`` writes claim and claimant files from published ClaimReview records (``importer``).
Exit codes: 0 nothing wrong (warnings allowed unless ``--strict``), 1 problems found, 2 the
command itself was wrong.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from counterclaim.build.cache import BuildCache
from counterclaim.build.loading import load_dataset
from counterclaim.check import report
from counterclaim.cli import new_site, scaffold
from counterclaim.importer.claim_files import Importer, ImportError_
from counterclaim.importer.records import RecordError, find_files, read_file
from counterclaim.links import address_updates, status
from counterclaim.links.network import Politeness, anywhere, fetch_all, is_public
from counterclaim.load.datafiles import RATINGS_FILE, TOPICS_FILE
from counterclaim.load.site_config import SiteConfig, SiteConfigError, find_site_config, language_problems
from counterclaim.model.diagnostics import Diagnostic, has_errors, problems

OK, PROBLEMS, USAGE = 0, 1, 2

_Number = TypeVar("_Number", int, float)


class UsageError(Exception):
    """The command cannot run as given; exit with status 2."""


def _positive(kind: Callable[[str], _Number]) -> Callable[[str], _Number]:
    """An argument type for a number above zero (argparse names it after ``kind`` in messages)."""

    def parse(text: str) -> _Number:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not (math.isfinite(value) and value > 0):
            raise argparse.ArgumentTypeError(f"it must be a number above 0, not '{text}'")
        return value

    parse.__name__ = getattr(kind, "__name__", "number")
    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="counterclaim", description="Tools for a counterclaim fact-check site.")
    commands = parser.add_subparsers(dest="command", required=True)

    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--config", type=Path, help="the site's configuration file (default: mkdocs.yml, if present)")
    where.add_argument("--data", type=Path, help="the data folder (default: data_dir in mkdocs.yml, else data)")

    check = commands.add_parser(
        "check",
        parents=[where],
        help="check the data with the same rules as the build",
        description="Check the data with the same rules as the build. Exit status: 0 no problems"
        " (warnings allowed unless --strict), 1 problems found, 2 the command was wrong.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="claim or claimant files (or folders) to check, with what they refer to; default: all data",
    )
    check.add_argument("--language", help="the site's language (default: language in mkdocs.yml, else en)")
    check.add_argument("--format", choices=sorted(report.FORMATS), default="text", help="how to show the problems")
    check.add_argument("--strict", action="store_true", help="treat warnings as problems")
    check.add_argument(
        "--no-cache", action="store_true", help="read every file again, without the build's cache of earlier results"
    )

    checked = commands.add_parser(
        "links",
        parents=[where],
        help="ask the sources' sites whether their links still work (uses the network)",
        description="Ask each source's site for its url and archive_url, once per address, and report"
        " the links that are dead, failing or suspect, with an archived copy to use instead. Changes no"
        " file unless given --fix-redirects. Exit status: 0 every link works (links that moved for good"
        " allowed unless --strict), 1 problems found, 2 the command was wrong.",
    )
    checked.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="claim files (or folders) whose links to check; default: every claim",
    )
    checked.add_argument("--format", choices=sorted(status.FORMATS), default="text", help="how to show the links")
    checked.add_argument(
        "--jobs", type=_positive(int), default=Politeness.jobs, help="requests under way at once (default: %(default)s)"
    )
    checked.add_argument(
        "--per-host-rate",
        type=_positive(float),
        default=Politeness.per_host_rate,
        metavar="RATE",
        help="requests a second to any one site, at most (default: %(default)s)",
    )
    checked.add_argument(
        "--timeout",
        type=_positive(float),
        default=Politeness.timeout,
        metavar="SECONDS",
        help="how long to wait to connect, and then for an answer (default: %(default)s)",
    )
    checked.add_argument("--strict", action="store_true", help="treat links that moved for good as problems")
    checked.add_argument(
        "--allow-private",
        action="store_true",
        help="also ask addresses on this machine and on private networks (refused by default, since the"
        " addresses come from contributors)",
    )
    checked.add_argument(
        "--fix-redirects",
        action="store_true",
        help="rewrite, in the claim files, each address that moved for good as the address it moved to",
    )

    imported = commands.add_parser(
        "import",
        parents=[where],
        help="write claim and claimant files from published ClaimReview records",
        description="Read ClaimReview records (saved HTML pages with JSON-LD, a schema.org DataFeed, the"
        " Fact Check Tools API's JSON, or folders of them) and write claim and claimant files in the data"
        " folder, keeping every field the records have and inventing none; running it again changes only"
        " what changed. Places each publisher's verdicts on the site's scale through"
        " <data>/imported-ratings.yaml, which it starts. Exit status: 0 every record imported, 1 some"
        " could not be, 2 the command was wrong.",
    )
    imported.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of records")
    imported.add_argument(
        "--language", help="the language of records that do not say theirs (default: the site's language)"
    )

    new = commands.add_parser(
        "new",
        help="start a new site, claim or claimant file",
        description="Write a new site, or a commented starting file.",
    )
    kinds = new.add_subparsers(dest="kind", required=True)
    site = kinds.add_parser(
        "site",
        help="write a complete new site into DIR",
        description="Write a complete site into DIR (a new or empty folder): its configuration, a rating"
        " scale, an example fact-check, pages about the site in each language, GitHub workflows that check"
        " pull requests and publish main, issue forms, a guide for contributors and a pre-commit hook. It"
        " checks clean and builds as written.",
    )
    site.add_argument("dir", type=Path, metavar="DIR", help="the folder to write the site into")
    site.add_argument(
        "--language",
        dest="languages",
        action="append",
        metavar="LANGUAGE",
        help="a language to publish in, such as ar or en; repeat it for each one, the main one first (default: en)",
    )
    for kind, folder in scaffold.KINDS.items():
        made = kinds.add_parser(kind, parents=[where], help=f"write <data>/{folder}/<id>.yaml")
        made.add_argument("id", help="the new id, in lowercase kebab-case, such as 'government-says-400-released'")
    return parser


def _settings(args: argparse.Namespace) -> SiteConfig:
    try:
        found = find_site_config(args.config)
    except SiteConfigError as exc:
        raise UsageError(str(exc)) from None
    data_dir = args.data if args.data is not None else found.data_dir
    if not data_dir.is_dir():
        raise UsageError(f"there is no data folder at {data_dir}: run this in the site's folder, or give --data")
    cache = None if getattr(args, "no_cache", False) else found.cache_dir
    return SiteConfig(data_dir, found.language, cache, found.extra_languages, found.config_file, found.locale_dirs)


def _chosen_files(paths: Sequence[Path], data_dir: Path) -> list[Path]:
    """The data files named on the command line, folders expanded; usage errors for the rest."""
    files: list[Path] = []
    data = Path(os.path.abspath(data_dir))
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        where = Path(os.path.abspath(path))
        if not where.is_relative_to(data):
            raise UsageError(f"{path} is not in the data folder ({data_dir})")
        if path.is_dir():
            files.extend(sorted(path.rglob("*.yaml")))
            continue
        inside = where.relative_to(data).parts
        if not (inside[0] in scaffold.KINDS.values() or inside in ((RATINGS_FILE,), (TOPICS_FILE,))):
            raise UsageError(
                f"{path} is not a data file: those are the files in claims/ and claimants/,"
                f" {RATINGS_FILE} and {TOPICS_FILE}"
            )
        files.append(path)
    return files


def _check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    only = _chosen_files(args.paths, settings.data_dir) if args.paths else None
    # What goes wrong with the cache only makes the check slower: said on stderr, which a
    # --format json reader does not parse.
    cache = BuildCache(settings.cache_dir, notify=lambda text: print(f"counterclaim: warning: {text}", file=sys.stderr))
    try:
        language = args.language or settings.language
        result = load_dataset(settings.data_dir, language=language, only=only, cache=cache)
    finally:
        cache.close()
    # The settings come before the data: a language the theme cannot show stops the build too.
    found = _language_problems(settings, language) + result.diagnostics
    sys.stdout.write(report.FORMATS[args.format](found))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(report.step_summary(found))
    failed = has_errors(found) or (args.strict and bool(problems(found)))
    return PROBLEMS if failed else OK


def _language_problems(settings: SiteConfig, language: str) -> list[Diagnostic]:
    if settings.config_file is None or not settings.locale_dirs:
        return []
    shown = os.path.relpath(settings.config_file).replace(os.sep, "/")
    languages = [language, *settings.extra_languages]
    return language_problems(settings.config_file, shown, languages, settings.locale_dirs)


def _links(args: argparse.Namespace) -> int:
    settings = _settings(args)
    only = _chosen_files(args.paths, settings.data_dir) if args.paths else None
    result = load_dataset(settings.data_dir, language=settings.language, only=only)
    citations = status.collect(result.dataset)
    if only is not None:
        # The claims the chosen ones mention were read too; only the chosen ones' links count.
        chosen = {os.path.abspath(path) for path in only}
        citations = [c for c in citations if os.path.abspath(c.path) in chosen]
    with_errors = sorted({d.path for d in result.diagnostics if d.is_error})
    if with_errors:
        listed = ", ".join(with_errors)
        print(
            f"counterclaim: the links of a file with errors are not checked ({listed});"
            " `counterclaim check` shows what is wrong",
            file=sys.stderr,
        )
    politeness = Politeness(args.jobs, args.per_host_rate, args.timeout)
    progress = _progress if sys.stderr.isatty() else None
    permitted = anywhere if args.allow_private else is_public
    fetches = fetch_all(status.unique_urls(citations), politeness, progress, permitted=permitted)
    found = status.LinkReport(citations, status.results_for(fetches, args.timeout), files_with_errors=with_errors)
    if args.fix_redirects:
        found.rewritten, problems = address_updates.rewrite(found.moved_for_good())
        for problem in problems:
            print(f"counterclaim: {problem}", file=sys.stderr)
    sys.stdout.write(status.FORMATS[args.format](found))
    return PROBLEMS if found.failed(args.strict) else OK


def _progress(done: int, total: int) -> None:
    # On a terminal only: one line, rewritten as each link is checked.
    end = "\n" if done == total else ""
    print(f"\rchecked {done} of {total} links", end=end, file=sys.stderr, flush=True)


def _new_site(args: argparse.Namespace) -> int:
    languages = args.languages or ["en"]
    try:
        new_site.check_request(args.dir, languages)
    except new_site.NewSiteError as exc:
        raise UsageError(str(exc)) from None
    written = new_site.create(args.dir, languages)
    shown = args.dir.as_posix()
    print(f"wrote a new site in {shown} ({len(written)} files), in {', '.join(languages)}")
    print(f"next: cd {shown}, then run counterclaim check, and mkdocs serve for a preview;")
    print(f"{shown}/README.md lists what to change before the first publication")
    return OK


def _new(args: argparse.Namespace) -> int:
    if args.kind == "site":
        return _new_site(args)
    try:
        scaffold.check_id(args.id)
    except scaffold.ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    settings = _settings(args)
    try:
        written = scaffold.create(args.kind, args.id, settings.data_dir)
    except scaffold.ScaffoldError as exc:
        print(f"counterclaim: {exc}", file=sys.stderr)
        return PROBLEMS
    shown = os.path.relpath(written).replace(os.sep, "/")
    print(f"wrote {shown}")
    print(f"next: fill in its empty fields, then run: counterclaim check {shown}")
    return OK


def _import(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        files = find_files(args.paths)
        records = []
        for path in files:
            records += read_file(path, os.path.relpath(path).replace(os.sep, "/"))
        importer = Importer(settings.data_dir, default_language=args.language)
    except (RecordError, ImportError_) as exc:
        raise UsageError(str(exc)) from None
    if not records:
        raise UsageError(f"no ClaimReview records found in {', '.join(str(p) for p in args.paths)}")
    report = importer.run(records)
    sys.stdout.write(report.text())
    print("next: counterclaim check (it lists what the imported claims lack, as warnings)", file=sys.stderr)
    return PROBLEMS if report.count("skipped") else OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the process's arguments); return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "links":
            return _links(args)
        if args.command == "import":
            return _import(args)
        return _new(args)
    except UsageError as exc:
        print(f"counterclaim: {exc}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    sys.exit(main())
