"""``renaksi hitung`` on one workbook and in bulk, and ``renaksi rekap``."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from reference_facts import PROGRAM_BUDGETS, TOTAL
from test_libreoffice import assert_formulas_match

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.berkas.xlsxsave import formula_results, results_by_sheet, save_with_cached_values
from renaksi_xl.cli import main
from renaksi_xl.core.capaian import CAPAIAN_SHEET
from renaksi_xl.core.sifat import with_inferred_sifat


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def typed_over(reference: Renaksi, tmp_path: Path) -> Path:
    """The reference workbook where a user typed numbers over the first subtotal and the
    grand total (Excel keeps the other formulas' results)."""
    path = write_workbook(with_inferred_sifat(reference), tmp_path / "sidayu.xlsx")
    book = load_workbook(path)
    cached = formula_results(path, book)
    sheet = book["Kegiatan"]
    sheet["O8"] = 290_000_000
    total_row = next(r for r in range(8, 300) if sheet[f"C{r}"].value == "Jumlah komulatif")
    sheet[f"O{total_row}"] = 1_000_000_000
    save_with_cached_values(book, path, results_by_sheet(book, cached))
    return path


def test_typed_totals_get_their_formulas_back(typed_over: Path, tmp_path: Path) -> None:
    target = tmp_path / "dihitung.xlsx"
    result = recalculate(typed_over, target)
    assert [(r.sheet, r.cell, r.typed) for r in result.restored] == [
        ("Kegiatan", "O8", 290_000_000),
        ("Kegiatan", "O137", 1_000_000_000),
    ]
    assert result.changed == 2
    formulas = load_workbook(target)["Kegiatan"]
    assert formulas["O8"].value.startswith('=IF(C8="","",SUMIFS(')
    assert formulas["O137"].value.startswith("=SUM(O8,")
    renaksi = load(target)
    assert [
        p.subtotal_tertulis.value for p in renaksi.program if p.subtotal_tertulis
    ] == PROGRAM_BUDGETS
    assert renaksi.total_tertulis is not None and renaksi.total_tertulis.value == TOTAL


def test_cached_values_are_what_libreoffice_computes(typed_over: Path, tmp_path: Path) -> None:
    target = tmp_path / "dihitung.xlsx"
    recalculate(typed_over, target)
    (engine,) = convert([target], tmp_path / "lo")
    assert assert_formulas_match(target, engine) == 141


def test_tools_reading_cached_values_see_the_numbers(typed_over: Path, tmp_path: Path) -> None:
    target = tmp_path / "dihitung.xlsx"
    recalculate(typed_over, target)
    kegiatan = pd.read_excel(target, sheet_name="Kegiatan", header=None, engine="calamine")
    assert kegiatan.iloc[7, 14] == 287_238_000  # O8
    capaian = pd.read_excel(target, sheet_name=CAPAIAN_SHEET, header=None, engine="calamine")
    cetakan = capaian[capaian[2] == "Jumlah barang cetakan"].iloc[0]
    assert [cetakan[c] for c in (5, 6, 7, 8)] == [23.24, 61.03, 80.59, 100]
    program_one = capaian[capaian[0] == "1 Pelayanan Administrasi Perkantoran"].iloc[0]
    assert program_one[3] == 287_238_000 and program_one[4] == 28.12


def test_cli_single_file_says_what_it_restored(
    typed_over: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(typed_over)
    assert main(["hitung", str(typed_over)]) == 0
    out = capsys.readouterr().out
    assert "rumus dipulihkan: Kegiatan!O8 (tertulis 290000000), Kegiatan!O137" in out
    assert "1 berhasil, 0 gagal, 1 berkas" in out
    assert digest(typed_over) == before
    assert typed_over.with_name("sidayu-dihitung.xlsx").exists()


def test_bulk_run_reports_every_file_and_changes_only_the_good_ones(
    reference: Renaksi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "opd"
    (folder / "kecamatan").mkdir(parents=True)
    model = with_inferred_sifat(reference)
    good = [
        write_workbook(model, folder / "sidayu.xlsx"),
        write_workbook(model, folder / "kecamatan" / "bungah.xlsx"),
    ]
    corrupt = folder / "rusak.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 ini bukan buku kerja")
    locked = write_workbook(model, folder / "terkunci.xlsx")
    locked.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = {p: digest(p) for p in [*good, corrupt, locked]}
    code = main(["hitung", str(folder), "--di-tempat", "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 1
    assert "2 berhasil, 2 gagal, 4 berkas" in out
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:-1]}
    assert lines[str(corrupt)][0] == "galat" and "bukan buku kerja Excel" in out
    assert lines[str(locked)][:2] == ["galat", "-"] and "berkas hanya-baca; tidak diubah" in out
    assert all(lines[str(p)][0] == "ok" for p in good)
    assert digest(corrupt) == before[corrupt] and digest(locked) == before[locked]
    for path in good:
        assert digest(path) != before[path]
        assert CAPAIAN_SHEET in load_workbook(path).sheetnames
        assert len(list(path.parent.glob(f"{path.stem}.cadangan-*.xlsx"))) == 1
    assert not list(folder.glob("rusak.cadangan-*")) and not list(
        folder.glob("terkunci.cadangan-*")
    )


def test_rekap_for_the_central_office(
    reference: Renaksi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "masuk"
    folder.mkdir()
    write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx")
    (folder / "sidayu-lama.txt").write_text(
        (Path(__file__).parents[1] / "renaksi_xl" / "data" / "renaksi-kecamatan-sidayu-2020.txt")
        .read_text(encoding="utf-8")
        .replace("KECAMATAN SIDAYU", "KECAMATAN BUNGAH"),
        encoding="utf-8",
    )
    (folder / "rusak.xlsx").write_bytes(b"bukan excel")
    target = tmp_path / "rekap.xlsx"
    assert main(["rekap", str(folder), "-o", str(target)]) == 1
    assert "rusak.xlsx" in capsys.readouterr().err
    rekap = pd.read_excel(target, sheet_name="Rekap", engine="calamine")
    assert sorted(rekap["OPD"]) == ["Kecamatan Bungah", "Kecamatan Sidayu"]
    assert list(rekap["Anggaran (Rp)"]) == [TOTAL, TOTAL]
    assert list(rekap["Galat"]) == [24, 24]
    matrix = pd.read_excel(target, sheet_name="Anggaran Program", engine="calamine")
    assert list(matrix["Pelayanan Administrasi Perkantoran"]) == [PROGRAM_BUDGETS[0]] * 2
    assert rekap["Progres TW IV (%)"].iloc[0] == pytest.approx(97.93)
    book = load_workbook(target)
    assert len(book["Grafik"]._charts) == 2  # type: ignore[attr-defined]  # budget per OPD, planned progress per quarter
    assert "Pelayanan Administrasi…" in book.sheetnames and "Berkas gagal" in book.sheetnames
    per_program = pd.read_excel(
        target, sheet_name="Pelayanan Administrasi…", header=2, engine="calamine"
    )
    assert list(per_program["Anggaran (Rp)"]) == [PROGRAM_BUDGETS[0]] * 2
    csv = tmp_path / "rekap.csv"
    assert main(["rekap", str(folder), "-o", str(csv)]) == 1
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfOPD;Tahun;Berkas;Anggaran (Rp)")
    table = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")
    assert table["Progres TW IV (%)"].iloc[0] == pytest.approx(97.93)


def test_an_old_layout_workbook_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NO", "PROGRAM/KEGIATAN", "INDIKATOR", "TARGET"])
    sheet.append([1, "Program A", "Jumlah laporan", "12 Lap"])
    path = tmp_path / "lama.xlsx"
    book.save(path)
    before = digest(path)
    assert main(["hitung", str(path), "--di-tempat"]) == 1
    out = capsys.readouterr().out
    assert "bukan buku kerja templat Renaksi: harus ada lembar Sasaran, Program, Kegiatan" in out
    assert digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["lama.xlsx"]


def test_bulk_run_uses_the_cores_by_default(
    reference: Renaksi,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import concurrent.futures

    workers: list[int | None] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counting(
        max_workers: int | None = None, **options: Any
    ) -> concurrent.futures.ProcessPoolExecutor:
        workers.append(max_workers)
        return real(max_workers=max_workers, **options)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting)
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    model = with_inferred_sifat(reference)
    for name in ("a", "b", "c"):
        write_workbook(model, tmp_path / f"{name}.xlsx")
    assert main(["hitung", str(tmp_path)]) == 0
    assert "3 berhasil, 0 gagal, 3 berkas" in capsys.readouterr().out
    assert workers == [3]  # as many as the cores, but no more than the files
