"""Run the tests against the newest or the oldest releases that pyproject.toml allows:

    python3 scripts/compat.py newest    # every dependency at its newest allowed release
    python3 scripts/compat.py oldest    # counterclaim's own dependencies at their oldest allowed
                                        # release (what they need, newest)

The README's commands install the locked versions (requirements/), so a new release of a
dependency never breaks a fresh clone; this command is how such a release is found out: CI runs
it in a job of its own (`.github/workflows/check.yml`, job "compatibility"), and a failure
there means either a range in pyproject.toml must change or the code must, before
`python3 scripts/lock.py --upgrade` takes the release in. Each run uses a fresh environment
(.venv-newest/ or .venv-oldest/) and runs pytest; ruff and mypy, whose findings change with
their own releases, run with the locked versions in scripts/test.py. Extra arguments go to pytest.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
import venv

from _environment import ROOT, ensure, run, tool

RESOLUTIONS = {"newest": "highest", "oldest": "lowest-direct"}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in RESOLUTIONS:
        sys.exit(f"usage: python3 scripts/compat.py {{{'|'.join(RESOLUTIONS)}}} [pytest options]")
    which, extra = sys.argv[1], sys.argv[2:]
    ensure("test")  # for uv, at its locked version
    folder = ROOT / f".venv-{which}"
    shutil.rmtree(folder, ignore_errors=True)
    venv.create(folder, with_pip=False)
    python = tool("python", folder)
    print(f"Installing counterclaim and the test tools at the {which} allowed versions into {folder.name}/ ...")
    # --refresh: ask the index again rather than trust what uv saw before.
    resolution = f"--resolution={RESOLUTIONS[which]}"
    run([tool("uv"), "pip", "install", "--quiet", "--refresh", f"--python={python}", resolution, "-e", ".[test]"])
    # The test that installs counterclaim's wheel builds it with pip and the build backend of the
    # Python that runs the tests, as the README's environment has them (pip 23.1 or newer for
    # its --python option).
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    run([tool("uv"), "pip", "install", "--quiet", f"--python={python}", resolution, "pip>=23.1", *backend])
    run([tool("uv"), "pip", "list", f"--python={python}"])
    run([python, "-m", "pytest", "-p", "no:cacheprovider", *extra])
