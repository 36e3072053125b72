"""Shared fixtures: the reference document shipped with the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from renaksi_xl import Renaksi, load, sample_path


@pytest.fixture(scope="session")
def reference_path() -> Path:
    """The reference document (Kecamatan Sidayu 2020) as shipped in the package."""
    return sample_path()


@pytest.fixture(scope="session")
def reference(reference_path: Path) -> Renaksi:
    """The reference document imported once for the whole session."""
    return load(reference_path)
