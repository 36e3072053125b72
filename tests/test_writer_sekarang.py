"""The template in today's shape (Permendagri 90/2019): program → kegiatan → sub kegiatan
with K and Rp per TW, pagu summed by live formulas, read back to the same model."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.layout import KEGIATAN_SEKARANG
from renaksi_xl.core.model import Aksi, Indikator, Kegiatan, Program, Text, comparable
from renaksi_xl.core.quantity import budget_value
from renaksi_xl.core.sifat import with_inferred_sifat

REFERENCE = (
    Path(__file__).parents[1] / "renaksi_xl" / "data" / "renaksi-kecamatan-sukamaju-2027.txt"
)


def sub_sum(kegiatan: Kegiatan) -> Decimal:
    return sum((budget_value(s.pagu) or Decimal(0) for s in kegiatan.sub_kegiatan), Decimal(0))


def program_sum(program: Program) -> Decimal:
    return sum((sub_sum(k) for k in program.kegiatan), Decimal(0))


def without_stated(renaksi: Renaksi) -> Renaksi:
    """The workbook states kegiatan and program pagu and the total by formula: everything
    else comes back as written."""
    programs = tuple(
        dataclasses.replace(
            p,
            subtotal_tertulis=None,
            kegiatan=tuple(dataclasses.replace(k, pagu_tertulis=None) for k in p.kegiatan),
        )
        for p in renaksi.program
    )
    return dataclasses.replace(renaksi, program=programs, total_tertulis=None)


def assert_round_trip_sekarang(original: Renaksi, path: Path) -> Renaksi:
    write_workbook(original, path, bentuk="sekarang")
    back = load(path)
    assert comparable(without_stated(back)) == comparable(without_stated(original))
    for program in back.program:
        assert program.subtotal_tertulis is not None
        assert program.subtotal_tertulis.value == program_sum(program)
        for kegiatan in program.kegiatan:
            assert kegiatan.pagu_tertulis is not None
            assert kegiatan.pagu_tertulis.value == sub_sum(kegiatan)
    assert back.total_tertulis is not None
    assert back.total_tertulis.value == sum((program_sum(p) for p in back.program), Decimal(0))
    return back


@pytest.fixture(scope="module")
def current() -> Renaksi:
    return with_inferred_sifat(load(REFERENCE))


def test_current_shape_round_trip(current: Renaksi, tmp_path: Path) -> None:
    back = assert_round_trip_sekarang(current, tmp_path / "sukamaju.xlsx")
    sub = back.program[0].kegiatan[0].sub_kegiatan[0]
    assert sub.kode == "7.01.01.2.01.0001"
    assert [q.value for q in sub.anggaran_triwulan] == [
        Decimal(3_250_000),
        None,
        Decimal(2_750_000),
        None,
    ]
    assert sub.pagu.value == Decimal(6_000_000)


def test_current_shape_cells(current: Renaksi, tmp_path: Path) -> None:
    path = write_workbook(current, tmp_path / "sukamaju.xlsx", bentuk="sekarang")
    sheet = load_workbook(path)[KEGIATAN_SEKARANG.sheet]
    pagu, jenis = KEGIATAN_SEKARANG.letter("anggaran"), KEGIATAN_SEKARANG.letter("jenis")
    assert sheet[f"{jenis}8"].value == "program"
    assert sheet[f"{pagu}8"].value.startswith('=IF(B8="","",SUMIFS(')
    assert sheet[f"{jenis}9"].value == "keg"
    assert sheet[f"{jenis}10"].value == "subkeg"
    assert sheet.column_dimensions[jenis].hidden
    kode = sheet["A10"]
    assert kode.number_format == "@"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert any(v.promptTitle == "Kode" for v in validations.values())


def test_aksi_rows_come_back_under_their_kegiatan_and_sub_kegiatan(
    current: Renaksi, tmp_path: Path
) -> None:
    """Aksi directly under a kegiatan (as old documents have them) and under a sub kegiatan
    are told by the JENIS BARIS column, not read as kegiatan."""
    program = current.program[0]
    first, *rest = program.kegiatan
    aksi = first.sub_kegiatan[0]
    moved = dataclasses.replace(
        first,
        aksi=(Aksi(Text("Rapat koordinasi perencanaan"), Indikator(Text("Jumlah rapat"))),),
    )
    changed = dataclasses.replace(
        current,
        program=(dataclasses.replace(program, kegiatan=(moved, *rest)), *current.program[1:]),
    )
    back = assert_round_trip_sekarang(changed, tmp_path / "aksi.xlsx")
    read = back.program[0].kegiatan[0]
    assert [a.nama.value for a in read.aksi] == ["Rapat koordinasi perencanaan"]
    assert read.sub_kegiatan[0].kode == aksi.kode
    with_aksi = [s for p in back.program for k in p.kegiatan for s in k.sub_kegiatan if s.aksi]
    assert len(with_aksi) == len(
        [s for p in current.program for k in p.kegiatan for s in k.sub_kegiatan if s.aksi]
    )


def test_a_2020_budget_is_not_dropped_silently(reference: Renaksi, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bentuk lama"):
        write_workbook(reference, tmp_path / "x.xlsx", bentuk="sekarang")
    assert not (tmp_path / "x.xlsx").exists()


def test_petunjuk_tells_how_to_add_a_row_in_todays_shape(tmp_path: Path) -> None:
    path = write_workbook(Renaksi(), tmp_path / "kosong.xlsx", bentuk="sekarang")
    lines = [c.value for c in load_workbook(path)["Petunjuk"]["A"] if c.value]
    assert any(line.startswith("6. Perlu baris tambahan? Salin baris sub") for line in lines)
    assert any("RP ≠ PAGU" in line for line in lines)
