"""Creates the project's virtual environment on first use and keeps it up to date.

Used by scripts/build.py and scripts/test.py so that each works on a machine that has only
Python 3.11+: the environment lives in .venv/ and is reinstalled when pyproject.toml changes.
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


def _bin(name: str) -> Path:
    folder = VENV / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def ensure(extras: str = "") -> Path:
    """Make sure .venv exists with counterclaim (and ``extras``) installed; return its python."""
    python = _bin("python")
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed{'-' + extras if extras else ''}"
    if not stamp.exists() or stamp.read_text() != wanted:
        target = f".[{extras}]" if extras else "."
        print(f"Installing counterclaim{f' with {extras} tools' if extras else ''} ...", flush=True)
        run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target])
        stamp.write_text(wanted)
    return python


def tool(name: str) -> str:
    return str(_bin(name))


def run(command: list[str], **kwargs: object) -> None:
    """Run ``command`` in the project folder; stop with its exit code if it fails."""
    result = subprocess.run(command, cwd=ROOT, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        sys.exit(result.returncode)
