"""``hitung`` on the template in today's shape: kegiatan pagu, program pagu and the total
are planned from the JENIS BARIS column, sub kegiatan rows get their CEK, LibreOffice
agrees with every formula and Excel would open the result."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from ooxml_judge import assert_excel_opens
from openpyxl import load_workbook
from test_libreoffice import assert_formulas_match
from test_libreoffice_sekarang import REFERENCE, _fill

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.reader import template_grids
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.layout import (
    CHECK_BUDGET,
    FIRST_DATA_ROW,
    KEGIATAN,
    KEGIATAN_SEKARANG,
    TOTAL_LABEL,
    kegiatan_layout_of,
)
from renaksi_xl.core.model import Text
from renaksi_xl.core.sifat import with_inferred_sifat

L = KEGIATAN_SEKARANG.letter


@pytest.fixture(scope="module")
def current() -> Renaksi:
    return with_inferred_sifat(load(REFERENCE))


def _total_row(sheet: object) -> int:
    return next(
        r
        for r in range(FIRST_DATA_ROW, sheet.max_row + 1)  # type: ignore[attr-defined]
        if sheet[f"{L('nama')}{r}"].value == TOTAL_LABEL  # type: ignore[index]
    )


def test_shape_is_told_by_the_header(current: Renaksi, tmp_path: Path) -> None:
    sekarang = write_workbook(current, tmp_path / "s.xlsx", bentuk="sekarang")
    lama = write_workbook(Renaksi(), tmp_path / "l.xlsx")
    assert kegiatan_layout_of(template_grids(sekarang)["Kegiatan"]) is KEGIATAN_SEKARANG  # type: ignore[index]
    assert kegiatan_layout_of(template_grids(lama)["Kegiatan"]) is KEGIATAN  # type: ignore[index]


def test_typed_over_pagu_gets_formulas_back(current: Renaksi, tmp_path: Path) -> None:
    source = write_workbook(current, tmp_path / "sukamaju.xlsx", bentuk="sekarang")
    book = load_workbook(source)
    sheet = book["Kegiatan"]
    pagu = L("anggaran")
    total = _total_row(sheet)
    expected_total = load_workbook(source, data_only=True)["Kegiatan"][f"{pagu}{total}"].value
    sheet[f"{pagu}8"] = 1  # the program's pagu typed over
    sheet[f"{pagu}9"] = 2  # the kegiatan's
    sheet[f"{pagu}{total}"] = 3
    sheet[f"{pagu}10"] = 7_000_000  # a sub kegiatan's pagu changed: Rp no longer add up
    book.save(source)
    target = tmp_path / "dihitung.xlsx"
    result = recalculate(source, target)
    assert {r.cell for r in result.restored} == {f"{pagu}8", f"{pagu}9", f"{pagu}{total}"}
    values = load_workbook(target, data_only=True)["Kegiatan"]
    formulas = load_workbook(target)["Kegiatan"]
    assert formulas[f"{pagu}9"].value.startswith('=IF(B9="","",SUMIFS(')
    assert values[f"{L('cek')}10"].value == CHECK_BUDGET
    sub_pagu = [
        values[f"{pagu}{r}"].value
        for r in range(10, 14)
        if values[f"{L('jenis')}{r}"].value == "subkeg"
    ]
    assert values[f"{pagu}9"].value == sum(sub_pagu)
    assert values[f"{pagu}{total}"].value == expected_total + 1_000_000
    (engine,) = convert([target], tmp_path / "lo")
    assert assert_formulas_match(target, engine) > 40
    assert_excel_opens(target)
    back = load(target)
    assert back.total_tertulis is not None
    assert back.total_tertulis.value == Decimal(expected_total + 1_000_000)


def test_filled_blank_template_recalculates(tmp_path: Path) -> None:
    blank = write_workbook(
        Renaksi(opd=Text("Kecamatan Bungah"), tahun=2027), tmp_path / "k.xlsx", bentuk="sekarang"
    )
    filled = _fill(blank, tmp_path / "diisi.xlsx")
    target = tmp_path / "diisi-dihitung.xlsx"
    recalculate(filled, target)
    values = load_workbook(target, data_only=True)["Kegiatan"]
    pagu = L("anggaran")
    assert values[f"{pagu}{FIRST_DATA_ROW}"].value == 8_400_000
    assert values[f"{pagu}{FIRST_DATA_ROW + 1}"].value == 8_400_000
    assert values[f"{L('cek')}{FIRST_DATA_ROW + 3}"].value == CHECK_BUDGET
    assert values[f"{pagu}{_total_row(values)}"].value == 8_400_000
    (engine,) = convert([target], tmp_path / "lo")
    assert assert_formulas_match(target, engine) > 0
    assert_excel_opens(target)


def test_add_in_budget_plan_leaves_todays_shape_alone(current: Renaksi) -> None:
    """The Excel add-in restores the 2020 subtotal formulas: never on today's shape, where
    they would sum the wrong column."""
    from renaksi_xl.core.capaian import budget_formula_plan
    from renaksi_xl.core.compute import recompute

    assert budget_formula_plan(current, recompute(current)) == []


def test_template_command_takes_the_shape(tmp_path: Path) -> None:
    from renaksi_xl.cli import main

    for bentuk, first in (("lama", "NO"), ("sekarang", "KODE")):
        folder = tmp_path / bentuk
        folder.mkdir()
        command = ["template", "--opd", "Kecamatan Uji", "--tahun", "2027", "--bentuk", bentuk]
        assert main([*command, "-o", str(folder)]) == 0
        sheet = load_workbook(folder / "renaksi-kecamatan-uji-2027.xlsx")["Kegiatan"]
        assert sheet["A5"].value == first
