"""The Kegiatan sheet in the 2020 shape: program rows with the subtotal of their kegiatan,
kegiatan rows with budget and indicator, aksi rows beside them."""

from __future__ import annotations

from collections.abc import Sequence

from renaksi_xl.berkas.writer.sheet import (
    Sheet,
    blank_cells,
    budget_cell,
    number_text,
    put_check,
    put_indicator,
    put_strays,
)
from renaksi_xl.berkas.writer.styles import budget_style
from renaksi_xl.berkas.writer.tables import (
    BLANK_PROGRAM_BLOCKS,
    kegiatan_programs,
    write_program_blocks,
    write_signature,
)
from renaksi_xl.core import formulas
from renaksi_xl.core.layout import BLANK_ROWS, JENIS_PROGRAM, KEGIATAN
from renaksi_xl.core.model import Program, Renaksi, StrayValue


def write_kegiatan(sheet: Sheet, renaksi: Renaksi) -> None:
    """The imported document's programs with their kegiatan and aksi, total, signature."""

    def block(header: int, program: Program) -> None:
        _write_program_header(
            sheet,
            header,
            program.nomor,
            program.kode,
            (program.judul_kegiatan or program.nama).value,
            program.stray,
        )
        sheet.row += 1
        for kegiatan in program.kegiatan:
            row = sheet.row
            sheet.put(row, "no", number_text(kegiatan.nomor), "rnx_tengah")
            sheet.put(row, "kode", kegiatan.kode, "rnx_tengah")
            sheet.put(row, "nama", kegiatan.nama.value or None)
            put_indicator(sheet, row, kegiatan.indikator, "indikator", "target")
            blank_cells(sheet, row, ("aksi", "aksi_indikator", "aksi_target"))
            value = budget_cell(kegiatan.anggaran)
            sheet.put(row, "anggaran", value, budget_style(value))
            put_strays(sheet, row, kegiatan.stray)
            put_check(sheet, row)
            sheet.row += 1
            for aksi in kegiatan.aksi:
                row = sheet.row
                blank_cells(sheet, row, ("no", "nama", "indikator", "target", "anggaran"))
                sheet.put(row, "kode", aksi.kode, "rnx_tengah")
                sheet.put(row, "aksi", aksi.nama.value or None)
                put_indicator(sheet, row, aksi.indikator, "aksi_indikator", "aksi_target")
                put_strays(sheet, row, aksi.stray)
                put_check(sheet, row)
                sheet.row += 1
        _subtotal(sheet, header, header + 1, sheet.row - 1)

    write_program_blocks(sheet, kegiatan_programs(renaksi), block)
    write_signature(sheet, renaksi.penandatangan)


def write_blank_kegiatan(sheet: Sheet) -> None:
    """The blank template's blocks: a program row over empty kegiatan rows."""
    per_block = BLANK_ROWS[KEGIATAN.sheet] // BLANK_PROGRAM_BLOCKS
    keys = sheet.column_keys(check=False)

    def block(header: int, _number: int) -> None:
        _write_program_header(sheet, header, None, None, None)
        sheet.row += 1
        for _ in range(per_block - 1):
            blank_cells(sheet, sheet.row, keys)
            sheet.ws.cell(row=sheet.row, column=KEGIATAN.index("anggaran")).style = "rnx_rupiah"
            put_check(sheet, sheet.row)
            sheet.row += 1
        _subtotal(sheet, header, header + 1, sheet.row - 1)

    write_program_blocks(sheet, range(BLANK_PROGRAM_BLOCKS), block)


def _write_program_header(
    sheet: Sheet,
    row: int,
    nomor: str | None,
    kode: str | None,
    nama: str | None,
    stray: Sequence[StrayValue] = (),
) -> None:
    for key in sheet.column_keys():
        sheet.put(row, key, None, "rnx_program")
    sheet.put(row, "no", number_text(nomor), "rnx_program_tengah")
    sheet.put(row, "kode", kode, "rnx_program")
    sheet.put(row, "nama", nama, "rnx_program")
    sheet.put(row, "jenis", JENIS_PROGRAM, "rnx_program")
    put_strays(sheet, row, stray)


def _subtotal(sheet: Sheet, header: int, first: int, last: int) -> None:
    rows = [(sheet.value(r, "nama"), sheet.value(r, "anggaran")) for r in range(first, last + 1)]
    sheet.formula(
        header,
        "anggaran",
        formulas.subtotal_formula(KEGIATAN, header, first, last),
        formulas.subtotal_value(sheet.value(header, "nama"), rows),
        "rnx_program_rupiah",
    )
