"""The Kegiatan sheet in today's shape (Permendagri 90/2019): program → kegiatan → sub
kegiatan (→ aksi) rows, the pagu of kegiatan and program as live sums, Rp TW I–IV on the
sub kegiatan."""

from __future__ import annotations

from collections.abc import Sequence

from renaksi_xl.berkas.writer.sheet import (
    Sheet,
    blank_cells,
    budget_cell,
    put_check,
    put_indicator,
    put_strays,
)
from renaksi_xl.berkas.writer.styles import budget_style, set_style
from renaksi_xl.berkas.writer.tables import (
    BLANK_PROGRAM_BLOCKS,
    kegiatan_programs,
    write_program_blocks,
    write_signature,
)
from renaksi_xl.core import formulas
from renaksi_xl.core.layout import (
    BLANK_ROWS,
    JENIS_AKSI,
    JENIS_KEGIATAN,
    JENIS_PROGRAM,
    JENIS_SUB_KEGIATAN,
    KEGIATAN_SEKARANG,
)
from renaksi_xl.core.model import (
    Aksi,
    Indikator,
    Kegiatan,
    Program,
    Renaksi,
    StrayValue,
    SubKegiatan,
)

BLANK_KEGIATAN_PER_PROGRAM = 2
_RUPIAH = ("rp1", "rp2", "rp3", "rp4", "anggaran")


def refuse_kegiatan_budgets(renaksi: Renaksi) -> None:
    """Today's shape states a kegiatan's pagu only as the sum of its sub kegiatan: a 2020
    document's budget on a kegiatan without sub kegiatan would be lost without a word."""
    for program in renaksi.program:
        for kegiatan in program.kegiatan:
            if not kegiatan.sub_kegiatan and not kegiatan.anggaran.is_empty:
                raise ValueError(
                    f"kegiatan '{kegiatan.nama.value}' beranggaran tanpa sub kegiatan: "
                    "tulis dokumen ini dalam bentuk lama"
                )


def write_sekarang(sheet: Sheet, renaksi: Renaksi) -> None:
    """The document's programs, kegiatan, sub kegiatan and aksi, total, signature."""

    def block(header: int, program: Program) -> None:
        _write_level_row(sheet, header, program, JENIS_PROGRAM)
        sheet.row += 1
        for kegiatan in program.kegiatan:
            kegiatan_row = sheet.row
            _write_level_row(sheet, kegiatan_row, kegiatan, JENIS_KEGIATAN)
            sheet.row += 1
            for aksi in kegiatan.aksi:  # an old document's aksi directly under the kegiatan
                _write_aksi_row(sheet, aksi)
            for sub in kegiatan.sub_kegiatan:
                _write_sub_row(sheet, sub)
                for aksi in sub.aksi:
                    _write_aksi_row(sheet, aksi)
            _level_pagu(sheet, kegiatan_row, sheet.row - 1, JENIS_SUB_KEGIATAN)
        _level_pagu(sheet, header, sheet.row - 1, JENIS_KEGIATAN)

    write_program_blocks(sheet, kegiatan_programs(renaksi), block)
    write_signature(sheet, renaksi.penandatangan)


def write_blank_sekarang(sheet: Sheet) -> None:
    """Blocks of a program row, two kegiatan rows each with sub kegiatan rows under them."""
    per_block = BLANK_ROWS[KEGIATAN_SEKARANG.sheet] // BLANK_PROGRAM_BLOCKS
    subs = (per_block - 1) // BLANK_KEGIATAN_PER_PROGRAM - 1
    keys = sheet.column_keys(check=False)

    def block(header: int, _number: int) -> None:
        for key in keys:
            sheet.put(header, key, None, "rnx_program")
        sheet.put(header, "jenis", JENIS_PROGRAM, "rnx_program")
        sheet.row += 1
        for _ in range(BLANK_KEGIATAN_PER_PROGRAM):
            kegiatan_row = _blank_row(sheet, keys, JENIS_KEGIATAN)
            for _ in range(subs):
                _blank_row(sheet, keys, JENIS_SUB_KEGIATAN, _RUPIAH)
            _level_pagu(sheet, kegiatan_row, sheet.row - 1, JENIS_SUB_KEGIATAN)
        _level_pagu(sheet, header, sheet.row - 1, JENIS_KEGIATAN)

    write_program_blocks(sheet, range(BLANK_PROGRAM_BLOCKS), block)


def _blank_row(sheet: Sheet, keys: Sequence[str], jenis: str, rupiah: Sequence[str] = ()) -> int:
    """An empty kegiatan or sub kegiatan row (its kind in the hidden column); its number."""
    row = sheet.row
    blank_cells(sheet, row, keys)
    sheet.put(row, "kode", None, "rnx_kode")
    for key in rupiah:
        sheet.put(row, key, None, "rnx_rupiah")
    sheet.put(row, "jenis", jenis)
    put_check(sheet, row)
    sheet.row += 1
    return row


def _write_level_row(sheet: Sheet, row: int, item: Program | Kegiatan, jenis: str) -> None:
    """A program or kegiatan row: bold program, plain kegiatan; its pagu comes later."""
    program = isinstance(item, Program)
    style = "rnx_program" if program else "rnx_teks"
    for key in sheet.column_keys():
        sheet.put(row, key, None, style if program else ("rnx_sifat" if key == "sifat" else style))
    sheet.put(row, "kode", item.kode, "rnx_program" if program else "rnx_kode")
    if isinstance(item, Program):
        sheet.put(row, "nama", (item.judul_kegiatan or item.nama).value or None, "rnx_program")
    else:
        sheet.put(row, "nama", item.nama.value or None)
        put_indicator(sheet, row, item.indikator, "indikator", "target")
    sheet.put(row, "jenis", jenis, style)
    put_strays(sheet, row, item.stray)
    if not program:
        put_check(sheet, row)


def _start_item_row(
    sheet: Sheet, kode: str | None, nama: str, indikator: Indikator, jenis: str
) -> int:
    """A sub kegiatan or aksi row's code, name, indicator and kind; its number."""
    row = sheet.row
    blank_cells(sheet, row, sheet.column_keys(check=False))
    sheet.put(row, "kode", kode, "rnx_kode")
    sheet.put(row, "nama", nama or None)
    put_indicator(sheet, row, indikator, "indikator", "target")
    sheet.put(row, "jenis", jenis)
    return row


def _end_item_row(sheet: Sheet, row: int, stray: Sequence[StrayValue]) -> None:
    """The document's values without a column, then the check (it reads the row's cells)."""
    put_strays(sheet, row, stray)
    put_check(sheet, row)
    sheet.row += 1


def _write_sub_row(sheet: Sheet, sub: SubKegiatan) -> None:
    row = _start_item_row(sheet, sub.kode, sub.nama.value, sub.indikator, JENIS_SUB_KEGIATAN)
    for number, quantity in enumerate(sub.anggaran_triwulan[:4], start=1):
        value = budget_cell(quantity)
        sheet.put(row, f"rp{number}", value, budget_style(value))
    for number in range(len(sub.anggaran_triwulan) + 1, 5):
        set_style(sheet.ws.cell(row=row, column=sheet.layout.index(f"rp{number}")), "rnx_rupiah")
    value = budget_cell(sub.pagu)
    sheet.put(row, "anggaran", value, budget_style(value))
    _end_item_row(sheet, row, sub.stray)


def _write_aksi_row(sheet: Sheet, aksi: Aksi) -> None:
    row = _start_item_row(sheet, aksi.kode, aksi.nama.value, aksi.indikator, JENIS_AKSI)
    _end_item_row(sheet, row, aksi.stray)


def _level_pagu(sheet: Sheet, row: int, last: int, jenis: str) -> None:
    rows = [(sheet.value(r, "jenis"), sheet.value(r, "anggaran")) for r in range(row + 1, last + 1)]
    program = jenis == JENIS_KEGIATAN
    sheet.formula(
        row,
        "anggaran",
        formulas.level_pagu_formula(sheet.layout, row, row + 1, last, jenis),
        formulas.level_pagu_value(sheet.value(row, "nama"), rows, jenis),
        "rnx_program_rupiah" if program else "rnx_rupiah",
    )
