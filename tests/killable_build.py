"""Runs `mkdocs build`s and kills each (SIGKILL, its whole process group) at a chosen moment.

    python killable_build.py < plans

Each line of standard input is a plan, ``{"root": FOLDER, "under": PATH, "event": NAME or
null, "matching": TEXT or null, "at": N}``: build the site in FOLDER, and kill the build just
before its N-th file operation (opening a file, making a folder, a rename, a link, starting a
process...), as Python's audit hooks see them in the build's main process, among those whose
arguments name a path under PATH (so that importing Python modules does not count), of the kind
NAME if given, naming TEXT if given. No handler runs, no file is closed: as when a person or the
system kills the build. With ``"at": 0`` the build runs to its end. Each build answers one line
on standard output: ``{"code": EXIT STATUS, or minus the signal that ended it, "operations":
how many such operations it made, "stderr": what it said}``.

Each build is a process forked from this one, which has already imported MkDocs and
counterclaim: a build is what it is in a process of its own, without the second it takes to
start one. A kill at a counted moment is the same from one run to the next (with PYTHONHASHSEED
fixed), which a kill after a delay would not be.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

#: The audit events that touch files and folders. (Calls through ctypes, such as the exchange
#: of two folders, raise none: a kill just before the exchange is a kill at the last operation
#: before it, and just after, at the first one after.)
OPERATIONS = frozenset(
    {
        "open",
        "os.mkdir",
        "os.rename",
        "os.link",
        "os.remove",
        "os.rmdir",
        "os.scandir",
        "os.listdir",
        "os.truncate",
        "os.utime",
        "os.chmod",
        "shutil.rmtree",
        "shutil.copyfile",
        "subprocess.Popen",
        "sqlite3.connect",
    }
)


def build(plan: dict[str, Any], counted: str) -> int:
    """In the forked process: build as ``plan`` says; the number of operations goes to the file
    ``counted``."""
    under = plan["under"]
    under_bytes = repr(os.fsencode(under))[2:-1]
    event, matching, at = plan.get("event"), plan.get("matching"), int(plan["at"])
    main = os.getpid()
    seen = 0
    busy = False

    def hook(name: str, args: tuple[Any, ...]) -> None:
        nonlocal seen, busy
        if busy or name not in OPERATIONS or os.getpid() != main or (event and name != event):
            return
        busy = True
        try:
            shown = repr(args)
            if (under in shown or under_bytes in shown) and (not matching or matching in shown):
                seen += 1
                if at and seen >= at:
                    os.killpg(os.getpgrp(), signal.SIGKILL)
        finally:
            busy = False

    sys.addaudithook(hook)
    from mkdocs.__main__ import cli

    try:
        cli.main(["build"], standalone_mode=True)
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    busy = True
    with open(counted, "w", encoding="utf-8") as handle:
        handle.write(str(seen))
    return code


def serve() -> None:
    for module in (
        "mkdocs.__main__",
        "mkdocs.commands.build",
        "counterclaim.mkdocs_plugin.plugin",
        "counterclaim.build.pages",
    ):
        importlib.import_module(module)  # what every build imports, imported once here

    for line in sys.stdin:
        plan = json.loads(line)
        with tempfile.TemporaryDirectory() as work:
            said, counted = os.path.join(work, "stderr"), os.path.join(work, "counted")
            child = os.fork()
            if child == 0:
                code = 70
                try:
                    os.setsid()  # a process group of its own, which a kill ends whole
                    os.chdir(plan["root"])
                    output = os.open(said, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    os.dup2(output, 1)
                    os.dup2(output, 2)
                    code = build(plan, counted)
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            status = os.waitpid(child, 0)[1]
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            with open(said, encoding="utf-8", errors="replace") as handle:
                stderr = handle.read()
            operations = int(Path(counted).read_text(encoding="utf-8")) if os.path.exists(counted) else None
        print(json.dumps({"code": code, "operations": operations, "stderr": stderr}), flush=True)


if __name__ == "__main__":
    serve()
