"""Today's template (bentuk ``sekarang``) in LibreOffice: every formula agrees with its
Python twin, a template filled in by a program recalculates to the right pagu and CEK, and
Excel would open the files without repairing them."""

from __future__ import annotations

from pathlib import Path

import pytest
from ooxml_judge import assert_excel_opens
from openpyxl import load_workbook
from test_libreoffice import assert_formulas_match

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.layout import (
    CHECK_BUDGET,
    CHECK_OK,
    FIRST_DATA_ROW,
    KEGIATAN_SEKARANG,
)
from renaksi_xl.core.model import Text
from renaksi_xl.core.sifat import with_inferred_sifat

REFERENCE = (
    Path(__file__).parents[1] / "renaksi_xl" / "data" / "renaksi-kecamatan-sukamaju-2027.txt"
)
L = KEGIATAN_SEKARANG.letter


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sekarang")
    models = {
        "sukamaju": with_inferred_sifat(load(REFERENCE)),
        "kosong": Renaksi(opd=Text("Kecamatan Bungah"), tahun=2027),
    }
    return {
        name: write_workbook(model, folder / f"{name}.xlsx", bentuk="sekarang")
        for name, model in models.items()
    }


def _fill(blank: Path, target: Path) -> Path:
    """One program with one kegiatan and two sub kegiatan typed into the blank template: the
    first plans Rp that add up to its pagu, the second does not."""
    book = load_workbook(blank)
    sheet = book[KEGIATAN_SEKARANG.sheet]
    program, kegiatan, sub1, sub2 = range(FIRST_DATA_ROW, FIRST_DATA_ROW + 4)
    sheet[f"{L('kode')}{program}"] = "7.01.01"
    sheet[f"{L('nama')}{program}"] = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"
    sheet[f"{L('kode')}{kegiatan}"] = "7.01.01.2.01"
    sheet[f"{L('nama')}{kegiatan}"] = "Perencanaan, Penganggaran dan Evaluasi Kinerja"
    rows = (
        (sub1, "7.01.01.2.01.0001", (1, None, 1, None), (3_250_000, 0, 2_750_000, 0), 6_000_000),
        (
            sub2,
            "7.01.01.2.01.0002",
            (None, 1, None, None),
            (None, 2_000_000, None, None),
            2_400_000,
        ),
    )
    for row, kode, ks, rps, pagu in rows:
        sheet[f"{L('kode')}{row}"] = kode
        sheet[f"{L('nama')}{row}"] = f"Sub kegiatan {kode}"
        sheet[f"{L('indikator')}{row}"] = "Jumlah dokumen"
        sheet[f"{L('satuan')}{row}"] = "Dokumen"
        sheet[f"{L('target')}{row}"] = sum(k for k in ks if k)
        sheet[f"{L('sifat')}{row}"] = "per triwulan"
        for n, (k, rp) in enumerate(zip(ks, rps, strict=True), start=1):
            sheet[f"{L(f'tw{n}')}{row}"] = k
            sheet[f"{L(f'rp{n}')}{row}"] = rp
        sheet[f"{L('anggaran')}{row}"] = pagu
    book.save(target)
    return target


def test_every_formula_agrees_with_libreoffice(written: dict[str, Path], tmp_path: Path) -> None:
    outputs = convert(list(written.values()), tmp_path)
    counts = {
        name: assert_formulas_match(path, output)
        for (name, path), output in zip(written.items(), outputs, strict=True)
    }
    # Sasaran 5 + Program 15 CEK; per block 2 kegiatan + 12 sub kegiatan CEK, 2 kegiatan
    # pagu, 1 program pagu; the total
    assert counts["kosong"] == 5 + 15 + 8 * (14 + 2 + 1) + 1
    assert counts["sukamaju"] > 40


def test_filled_template_recalculates_pagu_and_checks(
    written: dict[str, Path], tmp_path: Path
) -> None:
    filled = _fill(written["kosong"], tmp_path / "diisi.xlsx")
    (output,) = convert([filled], tmp_path / "hasil")
    sheet = load_workbook(output, data_only=True)[KEGIATAN_SEKARANG.sheet]
    program, kegiatan, sub1, sub2 = range(FIRST_DATA_ROW, FIRST_DATA_ROW + 4)
    pagu, cek = L("anggaran"), L("cek")
    assert sheet[f"{pagu}{kegiatan}"].value == 8_400_000
    assert sheet[f"{pagu}{program}"].value == 8_400_000
    assert sheet[f"{cek}{sub1}"].value == CHECK_OK
    assert sheet[f"{cek}{sub2}"].value == CHECK_BUDGET
    total_row = next(
        r
        for r in range(FIRST_DATA_ROW, sheet.max_row + 1)
        if sheet[f"{L('nama')}{r}"].value == "Jumlah komulatif"
    )
    assert sheet[f"{pagu}{total_row}"].value == 8_400_000
    # the next block stays empty: no name, no pagu
    assert sheet[f"{pagu}{FIRST_DATA_ROW + 15}"].value in (None, "")


def test_excel_opens_the_current_shape(written: dict[str, Path]) -> None:
    assert_excel_opens(*written.values())
