"""Run the third-party validators over the built example site: python3 scripts/validate.py

The W3C Nu HTML checker (vnu.jar, needs Java), axe-core in headless Chromium (Debian's
chromium package, driven by playwright-core from npm), extruct, feedparser and LinkChecker.
It installs what is missing: the Python tools into .venv/, the npm packages into
tests/validators/node_modules/, and, when run as root on Debian or Ubuntu, Java, Node.js and
Chromium with apt-get. Extra arguments go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

from _environment import ROOT, ensure, run

VALIDATORS = ROOT / "tests" / "validators"
PACKAGES = {"java": "default-jre-headless", "node": "nodejs", "npm": "npm", "chromium": "chromium"}


def _apt_install(names: list[str]) -> None:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"please install {', '.join(names)} (needed by the validators), then run this again")
    print(f"Installing {', '.join(names)} with apt-get ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *names], env=env)


def _system_tools() -> None:
    missing = [package for command, package in PACKAGES.items() if not shutil.which(command)]
    if missing:
        _apt_install(missing)


def _npm_packages() -> None:
    lock = VALIDATORS / "package-lock.json"
    stamp = VALIDATORS / "node_modules" / ".installed"
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print("Installing the npm packages (vnu-jar, axe-core, playwright-core) ...", flush=True)
    # --ignore-scripts: vnu-jar would otherwise download a Java of its own; the system's is used.
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=VALIDATORS, check=True)
    stamp.write_text(wanted)


if __name__ == "__main__":
    python = ensure("validate")
    _system_tools()
    _npm_packages()
    run([str(python), "-m", "pytest", "tests/validators", "-o", "addopts=-ra --strict-markers", *sys.argv[1:]])
