"""Shared test fixtures. Paths are built from this file, never from the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

import pledgegraph
from pledgegraph.load import PledgeDataset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE_TEXT = ROOT / "data" / "sources" / "us-japan-framework-2025-rttnews.txt"
# Seed commitments whose sentence is in the passive voice ("$30 billion investment has been
# pledged ...", "... will be made ..."): the report names no investor for them.
PASSIVE_VOICE = frozenset(
    {
        "mitsubishi-electric-power-systems",
        "tdk-electronic-components",
        "fujikura-optical-fiber",
        "ports-waterways",
        "diamond-grit",
        "lithium-iron-phosphate",
    }
)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def dataset() -> PledgeDataset:
    """The project's ontology and data, loaded once. Do not modify: copy it."""
    return pledgegraph.load(root=ROOT)
