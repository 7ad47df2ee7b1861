"""Creates the project's virtual environment on first use and keeps it up to date.

Used by the commands in scripts/ so that each works on a machine that has only Python 3.11+:
the environment lives in .venv/ and holds exactly the versions in the lock files under
requirements/ (each package checked against its recorded hashes), which are the versions the
tests passed with. `python3 scripts/lock.py` writes those files again from pyproject.toml.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCKS = ROOT / "requirements"
#: The lock files, smallest first; each holds the one before it with the same versions.
LOCK_NAMES = ("build", "test", "validate")


def _bin(name: str, venv_folder: Path = VENV) -> Path:
    folder = venv_folder / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def lock_file(name: str) -> Path:
    return LOCKS / f"{name}.txt"


def ensure(lock: str = "build") -> Path:
    """Make sure .venv exists with counterclaim and the packages of ``lock`` (one of
    LOCK_NAMES) at their locked versions; return its python."""
    python = _bin("python")
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    requirements = lock_file(lock)
    wanted = hashlib.sha256(requirements.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{lock}"
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"Installing counterclaim with the {lock} tools, at the versions in {requirements.relative_to(ROOT)} ...")
        quiet = ["--quiet", "--disable-pip-version-check"]
        # Every package at its locked version, checked against its hashes; nothing else is
        # resolved. counterclaim itself is then installed in place by the locked build backend.
        run([str(python), "-m", "pip", "install", *quiet, "--require-hashes", "--no-deps", "-r", str(requirements)])
        run([str(python), "-m", "pip", "install", *quiet, "--no-deps", "--no-build-isolation", "-e", "."])
        stamp.write_text(wanted)
    return python


def tool(name: str, venv_folder: Path = VENV) -> str:
    return str(_bin(name, venv_folder))


def run(command: list[str], **kwargs: object) -> None:
    """Run ``command`` in the project folder; stop with its exit code if it fails."""
    sys.stdout.flush()
    result = subprocess.run(command, cwd=ROOT, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        sys.exit(result.returncode)


if __name__ == "__main__":
    # python3 scripts/_environment.py [build|test|validate]: only install (CI's first step).
    ensure(sys.argv[1] if len(sys.argv) > 1 else "build")
