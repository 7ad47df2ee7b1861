"""Run the whole test suite: python3 scripts/test.py [extra pytest options]

Lints with ruff, type-checks with mypy, then runs pytest, which builds real sites with MkDocs,
in one worker process per processor (pytest-xdist; a worker that finishes early takes tests
from the others). `-n 0` runs the tests in this process, for a debugger or a clearer traceback.
"""

from __future__ import annotations

import sys

from _environment import ensure, run, tool

if __name__ == "__main__":
    python = ensure("test")
    run([tool("ruff"), "check", "src", "tests", "scripts"])
    run([tool("mypy")])
    run([str(python), "-m", "pytest", "-n", "auto", "--dist", "worksteal", *sys.argv[1:]])
