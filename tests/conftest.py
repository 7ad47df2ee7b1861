"""Shared fixtures: small data folders written from text, and real sites in temporary folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from counterclaim.build.loading import LoadResult, load_dataset
from samples import (
    CLAIM,
    CLAIMANT,
    RATINGS,
    REPO,
    TODAY,
    TOPICS,
    copy_example_site,
    write_data,
    write_site,
)

__all__ = ["CLAIM", "CLAIMANT", "RATINGS", "REPO", "TODAY", "TOPICS", "copy_example_site", "write_data", "write_site"]

#: Citation marks in built HTML: links to a source list entry (``#s-<key>``).
CITATION_MARKS = 'a[href*="#s-"]'


@pytest.fixture
def load(tmp_path: Path) -> Callable[..., LoadResult]:
    """Write a data folder (see write_data) and load it as the build would, on TODAY."""

    def run(**kwargs: object) -> LoadResult:
        data = write_data(tmp_path, **kwargs)  # type: ignore[arg-type]
        return load_dataset(data, language="en", today=TODAY, root=tmp_path)

    return run


@pytest.fixture
def example_site(tmp_path: Path) -> Path:
    return copy_example_site(tmp_path / "example")


@pytest.fixture(autouse=True, scope="session")
def _user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The user's cache folder (where the key that signs build caches is kept) is one of the
    session's own, for every build in this process and in the programs it starts."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
