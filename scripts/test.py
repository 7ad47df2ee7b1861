"""Run the whole test suite: python3 scripts/test.py [extra pytest options]

Lints with ruff, type-checks with mypy, then runs pytest, which builds real sites with MkDocs.
"""

from __future__ import annotations

import sys

from _environment import ensure, run, tool

if __name__ == "__main__":
    python = ensure("test")
    run([tool("ruff"), "check", "src", "tests", "scripts"])
    run([tool("mypy")])
    run([str(python), "-m", "pytest", *sys.argv[1:]])
