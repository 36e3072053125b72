"""Shared fixtures: the reference document shipped with the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from renaksi_xl import Renaksi, load, sample_path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from the current writer instead of comparing",
    )


@pytest.fixture(scope="session")
def regenerate_golden(request: pytest.FixtureRequest) -> bool:
    """True when the golden files are to be rewritten (pytest --regenerate-golden)."""
    return bool(request.config.getoption("--regenerate-golden"))


@pytest.fixture(scope="session")
def reference_path() -> Path:
    """The reference document (Kecamatan Sidayu 2020) as shipped in the package."""
    return sample_path()


@pytest.fixture(scope="session")
def reference(reference_path: Path) -> Renaksi:
    """The reference document imported once for the whole session."""
    return load(reference_path)
