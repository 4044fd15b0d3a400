"""Shared fixtures: the seed articles and one vocabulary built from them (built once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_2c7f8c069069e595.txt"
SEED_001 = SEEDS / "001_a99b8aefc4dcd4b2.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def resources():
    from flashcards.pipeline import Resources

    return Resources()


@pytest.fixture(scope="session")
def seed_vocabulary(resources):
    from flashcards import build_vocabulary

    return build_vocabulary([SEEDS], resources=resources)
