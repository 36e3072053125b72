"""The Sasaran and Program tables, and what ends the Kegiatan table in either shape: the
program blocks with the grand total under them, and the signature block."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from renaksi_xl.berkas.writer.sheet import (
    Sheet,
    blank_cells,
    merge,
    number_text,
    put_check,
    put_indicator,
)
from renaksi_xl.core import formulas
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.layout import BLANK_ROWS, TOTAL_LABEL
from renaksi_xl.core.model import Indikator, Penandatangan, Program, Renaksi

BLANK_PROGRAM_BLOCKS = 8

_Block = TypeVar("_Block")


def write_sasaran(sheet: Sheet, renaksi: Renaksi) -> None:
    """The Sasaran table: each sasaran with its indicators."""
    for sasaran in renaksi.sasaran:
        _write_named_item(sheet, sasaran.nomor, None, sasaran.nama.value, sasaran.indikator)


def write_program(sheet: Sheet, renaksi: Renaksi) -> None:
    """The Program table: each program with its indicators."""
    for program in renaksi.program:
        if not program.indikator and program.judul_kegiatan is not None:
            continue  # known only from the Kegiatan table: writing it here would invent a row
        _write_named_item(sheet, program.nomor, program.kode, program.nama.value, program.indikator)


def _write_named_item(
    sheet: Sheet,
    nomor: str | None,
    kode: str | None,
    nama: str,
    indikators: Sequence[Indikator],
) -> None:
    first = sheet.row
    for indikator in indikators or (None,):
        row = sheet.row
        if row == first:
            sheet.put(row, "no", number_text(nomor), "rnx_tengah")
            sheet.put(row, "nama", nama or None)
            if sheet.layout.has("kode"):
                sheet.put(row, "kode", kode, "rnx_tengah")
        else:
            blank_cells(sheet, row, ("no", "nama", "kode"))
        if indikator is not None:
            put_indicator(sheet, row, indikator, "indikator", "target")
        else:
            blank_cells(
                sheet, row, ("indikator", "target", "satuan", "sifat", "tw1", "tw2", "tw3", "tw4")
            )
        put_check(sheet, row)
        sheet.row += 1


def write_blank_named(sheet: Sheet) -> None:
    """The blank template's Sasaran or Program table: empty rows with their check."""
    keys = sheet.column_keys(check=False)
    for _ in range(BLANK_ROWS[sheet.layout.sheet]):
        blank_cells(sheet, sheet.row, keys)
        put_check(sheet, sheet.row)
        sheet.row += 1


def kegiatan_programs(renaksi: Renaksi) -> Iterator[Program]:
    """The programs the Kegiatan table has a block for."""
    return (p for p in renaksi.program if p.kegiatan or p.judul_kegiatan is not None)


def write_program_blocks(
    sheet: Sheet, blocks: Iterable[_Block], write_block: Callable[[int, _Block], None]
) -> None:
    """One block per item of ``blocks``, each written by ``write_block`` from its program row
    (given) on, that row's budget summing the block; then the total of the programs."""
    budget = sheet.layout.letter("anggaran")
    cells: list[str] = []
    values: list[CellOut] = []
    for block in blocks:
        header = sheet.row
        write_block(header, block)
        cells.append(f"{budget}{header}")
        values.append(sheet.value(header, "anggaran"))
    _write_total(sheet, cells, values)


def _write_total(sheet: Sheet, cells: Sequence[str], values: Sequence[CellOut]) -> None:
    row = sheet.row
    sheet.data_end = row - 1
    for key in sheet.column_keys():
        sheet.put(row, key, None, "rnx_total")
    sheet.put(row, "nama", TOTAL_LABEL, "rnx_total")
    sheet.formula(
        row,
        "anggaran",
        formulas.total_formula(cells),
        formulas.total_value(values),
        "rnx_total_rupiah",
    )
    sheet.row += 1


def write_signature(sheet: Sheet, signer: Penandatangan) -> None:
    """The signature block under the table, from TW I to the budget column."""
    first = sheet.layout.letter("tw1")
    last = sheet.layout.letter("anggaran")

    def line(text: str | None, style: str = "rnx_ttd") -> None:
        row = sheet.row
        if text:
            cell = sheet.ws[f"{first}{row}"]
            cell.value = text
            if text.startswith("="):
                cell.data_type = "s"
            cell.style = style
            merge(sheet.ws, f"{first}{row}:{last}{row}")
        sheet.row += 1

    # imported here so that the signature block's edit stays in one place
    from renaksi_xl.core.layout import NIP_PREFIX, SIGNATURE_PLACEHOLDERS

    def value(key: str) -> str:
        """The signer's value, or the labelled placeholder where it is still to be typed."""
        text = getattr(signer, key)
        return (
            text.value if text is not None and text.value.strip() else SIGNATURE_PLACEHOLDERS[key]
        )

    sheet.row += 1
    sheet.signature_start = sheet.row
    line(f"{value('tempat')}, {value('tanggal')}")
    line(value("jabatan"))
    sheet.row += 3
    line(value("nama"), "rnx_ttd_nama")
    line(value("pangkat"))
    line(f"{NIP_PREFIX}{value('nip')}")
