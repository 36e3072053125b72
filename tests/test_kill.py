"""Killed at any moment, a run that changes a workbook in place leaves the original intact,
or replaced by a good workbook with the original's backup beside it: never half-written,
never a lost typed value."""

from __future__ import annotations

import hashlib
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from renaksi_xl import Renaksi
from renaksi_xl.berkas.package_check import package_problems
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.sifat import with_inferred_sifat

RUNS = 30


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def typed_workbook(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook with a number typed over a subtotal, as users do."""
    path = write_workbook(
        with_inferred_sifat(reference), tmp_path_factory.mktemp("asli") / "sidayu.xlsx"
    )
    book = load_workbook(path)
    book["Kegiatan"]["O8"] = 290_000_000
    book.save(path)
    return path


@pytest.fixture(scope="module")
def marked_workbook(typed_workbook: Path) -> Path:
    """The same workbook with validation marks, for bersihkan to remove."""
    subprocess.run(
        [sys.executable, "-m", "renaksi_xl", "validasi", "--tandai", str(typed_workbook)],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    marked = typed_workbook.with_name("sidayu-divalidasi.xlsx")
    assert marked.is_file()
    return marked


IN_PLACE_COMMANDS = {
    "hitung": (["hitung", "--di-tempat"], "typed_workbook"),
    "validasi --tandai": (["validasi", "--tandai", "--di-tempat"], "typed_workbook"),
    "bersihkan": (["bersihkan"], "marked_workbook"),
}


@pytest.mark.parametrize("command", sorted(IN_PLACE_COMMANDS))
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGINT], ids=["KILL", "INT"])
def test_killed_in_place_runs_lose_nothing(
    command: str, signal_number: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    arguments, fixture = IN_PLACE_COMMANDS[command]
    source: Path = request.getfixturevalue(fixture)
    original = digest(source)
    seconds = _one_run_seconds(arguments, source, tmp_path / "ukur")
    rng = random.Random(f"{command}-{signal_number}")
    outcomes = {"utuh": 0, "diganti": 0}
    for run in range(RUNS):
        folder = tmp_path / str(run)
        folder.mkdir()
        path = folder / source.name
        shutil.copy2(source, path)
        process = subprocess.Popen(
            [sys.executable, "-m", "renaksi_xl", *arguments, str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, seconds * 1.1))
        process.send_signal(signal_number)
        process.wait(60)
        backups = sorted(folder.glob(f"{path.stem}.cadangan-*.xlsx"))
        if digest(path) == original:
            outcomes["utuh"] += 1
            assert all(digest(b) == original for b in backups)
            continue
        outcomes["diganti"] += 1
        assert package_problems(path) == [], f"run {run}: half-written"
        assert [digest(b) for b in backups] == [original], f"run {run}: backup lost"
    print(f"{command} {signal_number}: {outcomes}")
    assert sum(outcomes.values()) == RUNS


def _one_run_seconds(arguments: list[str], source: Path, folder: Path) -> float:
    folder.mkdir()
    path = folder / source.name
    shutil.copy2(source, path)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "renaksi_xl", *arguments, str(path)],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    assert list(folder.glob(f"{path.stem}.cadangan-*.xlsx")), "the measured run changed nothing"
    return time.perf_counter() - start
