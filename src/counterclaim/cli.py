"""The ``counterclaim`` command: check the data without building, and start new files.

``counterclaim check [PATH ...]`` applies the build's own rules (``dataset.load_dataset``) and
shows the diagnostics with a presenter from ``report``. ``counterclaim new claim|claimant <id>``
writes a commented starting file (``scaffold``). Both find the data folder and the language in
``mkdocs.yml`` (``settings``). Exit codes: 0 nothing wrong (warnings allowed unless
``--strict``), 1 problems found, 2 the command itself was wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from counterclaim import report, scaffold
from counterclaim.dataset import RATINGS_FILE, TOPICS_FILE, load_dataset
from counterclaim.settings import Settings, SettingsError, find_settings

OK, PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """The command cannot run as given; exit with status 2."""


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

    new = commands.add_parser(
        "new", help="start a new claim or claimant file", description="Write a commented starting file."
    )
    kinds = new.add_subparsers(dest="kind", required=True)
    for kind, folder in scaffold.KINDS.items():
        made = kinds.add_parser(kind, parents=[where], help=f"write <data>/{folder}/<id>.yaml")
        made.add_argument("id", help="the new id, in lowercase kebab-case, such as 'government-says-400-released'")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    try:
        found = find_settings(args.config)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    data_dir = args.data if args.data is not None else found.data_dir
    if not data_dir.is_dir():
        raise UsageError(f"there is no data folder at {data_dir}: run this in the site's folder, or give --data")
    return Settings(data_dir, found.language)


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
    result = load_dataset(settings.data_dir, language=args.language or settings.language, only=only)
    sys.stdout.write(report.FORMATS[args.format](result.diagnostics))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(report.step_summary(result.diagnostics))
    failed = not result.ok or (args.strict and bool(result.diagnostics))
    return PROBLEMS if failed else OK


def _new(args: argparse.Namespace) -> int:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the process's arguments); return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        return _new(args)
    except UsageError as exc:
        print(f"counterclaim: {exc}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    sys.exit(main())
