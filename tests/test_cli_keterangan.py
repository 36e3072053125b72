"""What the commands tell the user: rules in plain text, the files hitung skips, and the
state of each OPD in the rekap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from renaksi_xl import Renaksi
from renaksi_xl.berkas.rekap import consolidate, write_csv
from renaksi_xl.berkas.templates import TemplateRequest
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.cli import main
from renaksi_xl.core.sifat import with_inferred_sifat


def test_aturan_shows_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aturan", "RNX201"]) == 0
    text = capsys.readouterr().out
    assert 'Sifat "per triwulan": tiap TW adalah jumlah triwulan itu sendiri' in text
    assert main(["aturan", "RNX"]) == 0
    every = capsys.readouterr().out
    assert "``" not in every and ":class:" not in every and ":func:" not in every
    assert "\n    " not in every  # no docstring indentation
    assert 'Salah: "82.5%" (titik bukan pemisah ribuan), "Terlaksana".' in every


def test_hitung_says_which_files_of_a_folder_it_skipped(
    reference: Renaksi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "opd"
    folder.mkdir()
    template = write_workbook(with_inferred_sifat(reference), folder / "a.xlsx")
    for name in ("a-dihitung.xlsx", "b-divalidasi.xlsx", "a.cadangan-20260101-120000.xlsx"):
        shutil.copy(template, folder / name)
    # a-dihitung.xlsx is the earlier result: replaced only when asked (--timpa)
    assert main(["hitung", str(folder), "--jobs", "1", "--timpa"]) == 0
    captured = capsys.readouterr()
    assert (
        "Dilewati 3 berkas hasil atau cadangan renaksi (-dihitung, -divalidasi, .cadangan-…): "
        f"{folder / 'a-dihitung.xlsx'}, {folder / 'a.cadangan-20260101-120000.xlsx'}, "
        f"{folder / 'b-divalidasi.xlsx'}\n"
    ) in captured.err
    assert "1 berhasil, 0 gagal, 1 berkas" in captured.out
    # a file named on the command line is not skipped, and nothing is said
    assert main(["hitung", str(folder / "b-divalidasi.xlsx")]) == 0
    assert "Dilewati" not in capsys.readouterr().err


def test_rekap_marks_an_unfilled_opd(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "masuk"
    folder.mkdir()
    write_workbook(TemplateRequest("Dinas Sosial", 2022).model(), folder / "kosong.xlsx")
    shutil.copy(reference_path, folder / "sidayu.txt")
    result = consolidate(sorted(folder.iterdir()))
    rows = {row["Berkas"]: row for row in result.opd}
    assert rows["kosong.xlsx"]["Status"] == "belum diisi"
    assert rows["sidayu.txt"]["Status"] == "belum siap"
    target = tmp_path / "rekap.csv"
    write_csv(result, target)
    header, *lines = target.read_text(encoding="utf-8-sig").splitlines()
    status = header.split(";").index("Status")
    assert sorted(line.split(";")[status] for line in lines) == ["belum diisi", "belum siap"]
