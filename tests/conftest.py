"""Shared test fixtures.

Tests that need the labeled data in ``../shared`` (beside the repository, as in CI) use the
``shared`` fixture or the ``needs_shared`` marker and skip cleanly when it is absent.
``NEWSIFT_SHARED`` overrides the location.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
BOILERPLATE_GOLD = REPO / "tests" / "data" / "boilerplate_gold.jsonl"


def shared_dir() -> Path | None:
    candidates = [os.environ.get("NEWSIFT_SHARED"), REPO.parent / "shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "data").is_dir():
            return Path(candidate)
    return None


SHARED = shared_dir()
needs_shared = pytest.mark.skipif(SHARED is None, reason="../shared (labeled data) is not present")


@pytest.fixture
def shared() -> Path:
    if SHARED is None:
        pytest.skip("../shared (labeled data) is not present")
    return SHARED
