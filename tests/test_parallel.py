"""Work spread over processes comes back complete and in order, whatever the number of workers."""

from __future__ import annotations

import gc
import os

import pytest

from counterclaim.build.workers import map_in_order


@pytest.fixture(autouse=True)
def _collector_thawed_after():
    """Forking freezes this process's objects out of the collector's reach; thaw them again."""
    yield
    gc.unfreeze()


def squares_with_pid(chunk: list[int]) -> list[tuple[int, int]]:
    return [(n * n, os.getpid()) for n in chunk]


@pytest.mark.parametrize("workers", [1, 2, 3, 5])
def test_results_come_back_in_the_order_of_the_items(workers: int, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COUNTERCLAIM_PARALLEL_MIN", "1")
    items = list(range(1003))
    results = list(map_in_order(squares_with_pid, items, workers=workers))
    assert [square for square, _ in results] == [n * n for n in items]
    processes = {pid for _, pid in results}
    assert os.getpid() in processes  # this process does its share
    assert (len(processes) > 1) == (workers > 1)  # and forked workers the rest


def test_an_error_in_a_worker_reaches_the_caller(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COUNTERCLAIM_PARALLEL_MIN", "1")

    with pytest.raises(ZeroDivisionError):
        list(map_in_order(divide_one_by_each, [3, 2, 1, 0, 5, 6, 7, 8], workers=2))


def divide_one_by_each(chunk: list[int]) -> list[float]:
    return [1 / n for n in chunk]
