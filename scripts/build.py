"""Build the example site into site/: python3 scripts/build.py [extra mkdocs build options]"""

from __future__ import annotations

import sys

from _environment import ensure, run

if __name__ == "__main__":
    python = ensure()
    run([str(python), "-m", "mkdocs", "build", "--strict", *sys.argv[1:]])
