"""Shared fixtures: where the real corpora are, and how to skip (or fail under CI) without them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: CI machines are shared and timing varies; correctness is what is tested.
settings.register_profile("toolkit", deadline=None)
settings.load_profile("toolkit")

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"
SHARED_GOLD = ROOT.parent / "shared" / "gold"


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        message = f"{what} not found at {path}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: ../shared must be beside the project)")
        pytest.skip(message)
    return path


def require_shared(*parts: str) -> Path:
    """Path to ``../shared/corpora/<parts>``; skip when absent, fail when absent under CI=true."""
    return _require(SHARED_CORPORA.joinpath(*parts), "real corpus")


def require_gold(name: str) -> Path:
    """Path to ``../shared/gold/<name>``; skip when absent, fail when absent under CI=true."""
    return _require(SHARED_GOLD / name, "gold file")


@pytest.fixture
def shared_corpora() -> Path:
    return require_shared()
