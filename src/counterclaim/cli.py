"""The ``counterclaim`` command: check the data without building the site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from counterclaim.dataset import load_dataset
from counterclaim.diagnostics import summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="counterclaim", description="Tools for a counterclaim fact-check site.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every data file with the same rules as the build")
    check.add_argument("--data", default="data", help="the data folder (default: data)")
    check.add_argument("--language", default="en", help="the site's language (default: en)")
    check.add_argument("--strict", action="store_true", help="treat warnings as problems")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        result = load_dataset(Path(args.data), language=args.language)
        for diagnostic in result.diagnostics:
            print(diagnostic.format())
        print(summary(result.diagnostics))
        failed = not result.ok or (args.strict and bool(result.diagnostics))
        return 1 if failed else 0
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
