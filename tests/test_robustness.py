"""Broken, hostile and huge files (tests/hostile_files.py), each run through every command
that reads a workbook: a plain Indonesian refusal naming the file, no traceback, the input
byte for byte unchanged, and — in a process of its own — memory and time within the
limits the README names (300 MiB, 10 s)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_files import Case, build_corpus

from renaksi_xl import Renaksi
from renaksi_xl.sifat import with_inferred_sifat
from renaksi_xl.writer import write_workbook

RUNNER = Path(__file__).with_name("robust_runner.py")
PEAK_MIB = 300
SECONDS = 10.0


@pytest.fixture(scope="session")
def good_workbook(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled template workbook: the reference document imported."""
    path = tmp_path_factory.mktemp("good") / "baik.xlsx"
    write_workbook(with_inferred_sifat(reference), path)
    return path


@pytest.fixture(scope="session")
def corpus(good_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """Every generated case, by file name."""
    cases = build_corpus(tmp_path_factory.mktemp("corpus"), good_workbook)
    return {case.name: case for case in cases}


CASE_NAMES = [
    "kosong.xlsx",
    "terpotong.xlsx",
    "acak.xlsx",
    "acak-zip.xlsx",
    "terenkripsi.xlsx",
    "lama.xls",
    "lama-diganti-nama.xlsx",
    "opendocument.ods",
    "bom-zip.xlsx",
    "sel-jauh.xlsx",
    "rumus-jauh.xlsx",
    "gabung-jauh.xlsx",
    "xml-rusak.xlsx",
    "utf8-rusak.xlsx",
    "doctype.xlsx",
    "lembar-hilang.xlsx",
    "deflate-rusak.xlsx",
    "sejuta-baris.xlsx",
    "kolom-banyak.xlsx",
    "sejuta-baris.txt",
    "biner.txt",
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_commands(commands: list[list[str]]) -> dict[str, object]:
    """The commands in one fresh process (tests/robust_runner.py)."""
    done = subprocess.run(
        [sys.executable, str(RUNNER), json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=30 + SECONDS * len(commands),
        check=False,
    )
    assert done.returncode == 0, f"the process died ({done.returncode}): {done.stderr[-2000:]}"
    result: dict[str, object] = json.loads(done.stdout)
    return result


def commands_for(case: Path, folder: Path, output: Path) -> list[tuple[list[str], int]]:
    """Every command that reads ``case``, with the exit code a bad file must give: 3 for
    one file, 1 for the bulk commands (which report it among the others and go on)."""
    commands = [
        (["ringkas", str(case)], 3),
        (["validasi", str(case)], 3),
        (["impor", str(case), "-o", str(output / "impor.xlsx")], 3),
        (["rekap", str(folder), "-o", str(output / "rekap.xlsx")], 1),
    ]
    if case.suffix in (".xlsx", ".xlsm"):
        commands += [
            (["validasi", "--tandai", str(case)], 3),
            (["bersihkan", str(case)], 3),
            (["hitung", str(case)], 1),
            (["hitung", str(folder), "--jobs", "1"], 1),
        ]
    return commands


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_command_refuses_a_bad_file_plainly(
    name: str, corpus: dict[str, Case], good_workbook: Path, tmp_path: Path
) -> None:
    case = corpus[name]
    folder = tmp_path / "masuk"
    folder.mkdir()
    bad = folder / case.path.name
    shutil.copyfile(case.path, bad)
    shutil.copyfile(good_workbook, folder / "baik.xlsx")
    output = tmp_path / "keluar"
    output.mkdir()
    before = {path.name: digest(path) for path in folder.iterdir()}
    expected = commands_for(bad, folder, output)
    report = run_commands([argv for argv, _ in expected])
    results = report["results"]
    assert isinstance(results, list)
    for (argv, code), result in zip(expected, results, strict=True):
        said = result["stdout"] + result["stderr"]
        assert result["code"] == code, (argv, said)
        assert "Traceback" not in said, (argv, said)
        assert bad.name in said, (argv, said)
        assert result["seconds"] <= SECONDS, (argv, result["seconds"])
    # the inputs are as they were, and nothing was written for the bad file
    assert {path.name: digest(path) for path in folder.iterdir() if path.name in before} == before
    assert not [p.name for p in folder.iterdir() if p.name.startswith(bad.stem + "-")]
    assert not (output / "impor.xlsx").exists()
    assert (output / "rekap.xlsx").exists()  # the good file's consolidation is written
    peak = report["peak_mib"]
    assert isinstance(peak, float) and peak <= PEAK_MIB, peak
