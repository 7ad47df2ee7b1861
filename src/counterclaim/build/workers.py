"""Work spread over the machine's processors, with results in the order of the input.

This process is one of the workers; the others are started by forking, so they share what it
has already built (the registries, the templates) without copying it. Jobs run with the cycle
collector as the caller left it: a caller building many long-lived objects pauses it
(`quiet_collector`), one making short-lived cyclic garbage (rendering templates) leaves it
running. What exists before the fork is frozen out of the collector's reach, so that a worker
collecting its own garbage does not touch, and so copy, the pages it shares with this process.
Where forking is not available (Windows, or a start method set otherwise), or the work is
small, everything runs in this process; the result is the same either way.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Below this many items, starting processes costs more than it saves (tests lower it with
#: the COUNTERCLAIM_PARALLEL_MIN environment variable, to run small sites through workers).
MIN_ITEMS = 200
_JOB: Callable[[Any], Any] | None = None


def worker_count(requested: int | None = None) -> int:
    if requested is not None:
        return max(1, requested)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _run(chunk: Any) -> Any:
    assert _JOB is not None
    return _JOB(chunk)


def map_in_order(
    job: Callable[[list[Item]], list[Result]], items: Sequence[Item], *, workers: int | None = None
) -> Iterator[Result]:
    """``job`` applied to chunks of ``items``; its results, in the order of ``items``."""
    global _JOB
    count = worker_count(workers)
    fork = "fork" in multiprocessing.get_all_start_methods()
    least = int(os.environ.get("COUNTERCLAIM_PARALLEL_MIN", MIN_ITEMS))
    if count == 1 or not fork or len(items) < least:
        yield from job(list(items))
        return
    size = max(1, len(items) // (count * 4))
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    # This process is one of the workers: it takes every count-th chunk and the others go to
    # count - 1 forked processes (each of which holds copies of the pages it touches).
    own = set(range(0, len(chunks), count))
    _JOB = job
    gc.freeze()  # until the next build (see the plugin's on_pre_build)
    _return_free_memory()
    try:
        with multiprocessing.get_context("fork").Pool(count - 1) as pool:
            theirs = pool.imap(_run, [chunk for i, chunk in enumerate(chunks) if i not in own])
            for i, chunk in enumerate(chunks):
                yield from job(chunk) if i in own else next(theirs)
    finally:
        _JOB = None


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Pause Python's cycle collector: building many small objects otherwise makes it scan the
    whole heap again and again. Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _return_free_memory() -> None:
    """Give the memory Python has freed back to the system, where the C library allows it
    (glibc keeps freed memory for reuse). A forked worker would otherwise reuse it, copying
    each page it writes to: at 10,000 claims, about 80 MB less in the parent and in each worker."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)
