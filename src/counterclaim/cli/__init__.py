"""The ``counterclaim`` command: check the data without building, start new files, check the
sources' links, import published fact-checks."""

from counterclaim.cli.commands import main

__all__ = ["main"]
