"""Write the lock files again from pyproject.toml: python3 scripts/lock.py [--upgrade]

The commands in scripts/ install exactly what requirements/*.txt lists, with hashes, so that a
fresh clone gets the versions the tests passed with, whatever has been released since. Run
this after changing the dependencies in pyproject.toml; versions already locked are kept where
they still fit. With --upgrade, every package moves to its newest release that pyproject.toml
allows: run the tests after it, and commit the lock files with the change they were tested on.

uv resolves for every platform (Linux, macOS, Windows) and every Python from 3.11 on, and
records the hashes of every file of each version, so the locks work on any machine. The three
files agree: test.txt holds build.txt at the same versions, validate.txt holds test.txt.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

from _environment import LOCK_NAMES, LOCKS, ROOT, VENV, ensure, lock_file, run, tool

#: The extras each lock adds to counterclaim's own dependencies.
EXTRAS = {"build": [], "test": ["test"], "validate": ["test", "validate"]}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*==[^ \\;]+(?: ; [^\\]+?)?)\s*\\?$")


def _uv() -> str:
    """uv, from the test tools (it is one of them), installed on the first run from a lock."""
    uv = Path(tool("uv"))
    if not uv.exists():
        if lock_file("test").exists():
            ensure("test")
        else:  # no lock yet: the newest uv
            venv.create(VENV, with_pip=True)
            run([tool("python"), "-m", "pip", "install", "--quiet", "uv"])
    return str(uv)


def _pins(lock: Path) -> str:
    """The ``name==version`` lines (with their environment markers) of a lock file."""
    return "\n".join(m.group(1) for line in lock.read_text().splitlines() if (m := _PIN.match(line))) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--upgrade", action="store_true", help="move every package to its newest allowed release")
    options = parser.parse_args()
    uv = _uv()
    LOCKS.mkdir(exist_ok=True)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    with tempfile.TemporaryDirectory() as scratch:
        # The build backend installs counterclaim in place, so it is locked too, with what
        # hatchling needs for an editable install.
        backend = Path(scratch, "build-system.in")
        backend.write_text("\n".join([*project["build-system"]["requires"], "editables"]) + "\n")
        constraints: Path | None = None
        # The largest first, then each smaller one constrained to its versions.
        for name in reversed(LOCK_NAMES):
            command = [uv, "pip", "compile", "--quiet", "pyproject.toml", str(backend)]
            command += [f"--extra={extra}" for extra in EXTRAS[name]]
            command += ["--universal", "--python-version=3.11", "--generate-hashes", "--no-strip-markers"]
            command += ["--custom-compile-command=python3 scripts/lock.py", f"--output-file={lock_file(name)}"]
            if options.upgrade and constraints is None:
                command.append("--upgrade")
            if constraints is not None:
                command.append(f"--constraint={constraints}")
            print(f"Locking {lock_file(name).relative_to(ROOT)} ...", flush=True)
            result = subprocess.run(command, cwd=ROOT, check=False)
            if result.returncode != 0:
                sys.exit(result.returncode)
            _name_inputs(lock_file(name), scratch)
            constraints = Path(scratch, f"{name}.pins")
            constraints.write_text(_pins(lock_file(name)))


def _name_inputs(lock: Path, scratch: str) -> None:
    """Names what a lock was made from as it is in the repository, not as the temporary files
    that held it, so that locking again without a change changes nothing."""
    text = lock.read_text()
    text = text.replace(f"-r {Path(scratch, 'build-system.in')}", "pyproject.toml (build-system)")
    text = re.sub(rf"-c {re.escape(scratch)}/(\w+)\.pins", r"-c requirements/\1.txt", text)
    lock.write_text(text)


if __name__ == "__main__":
    main()
