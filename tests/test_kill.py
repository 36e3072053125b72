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
from renaksi_xl.package_check import package_problems
from renaksi_xl.sifat import with_inferred_sifat
from renaksi_xl.writer import write_workbook

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


IN_PLACE_COMMANDS = {
    "hitung": ["hitung", "--di-tempat"],
}


@pytest.mark.parametrize("command", sorted(IN_PLACE_COMMANDS))
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGINT], ids=["KILL", "INT"])
def test_killed_in_place_runs_lose_nothing(
    command: str, signal_number: int, typed_workbook: Path, tmp_path: Path
) -> None:
    original = digest(typed_workbook)
    arguments = IN_PLACE_COMMANDS[command]
    seconds = _one_run_seconds(arguments, typed_workbook, tmp_path / "ukur")
    rng = random.Random(f"{command}-{signal_number}")
    outcomes = {"utuh": 0, "diganti": 0}
    for run in range(RUNS):
        folder = tmp_path / str(run)
        folder.mkdir()
        path = folder / typed_workbook.name
        shutil.copy2(typed_workbook, path)
        process = subprocess.Popen(
            [sys.executable, "-m", "renaksi_xl", *arguments, str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, seconds * 1.1))
        process.send_signal(signal_number)
        process.wait(60)
        backups = sorted(folder.glob("sidayu.cadangan-*.xlsx"))
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
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start
