"""Model → formatted Renaksi workbook (openpyxl).

The workbook carries the three official tables plus *Satuan* and *Sifat Target* columns,
live formulas (program subtotals, the grand total, a check per indicator row) whose cached
values are computed here by their Python twins (:mod:`renaksi_xl.core.formulas`), dropdowns and
input validation with Indonesian messages, conditional formatting, a *Petunjuk* sheet and
an official print layout with the signature block.

Targets are numbers with the unit in *Satuan* when the cell holds one plain quantity. A
compound target (``25 Peserta/122 Kali``), a value with a note (``6 Org ( 3 bln )``), a
quarter whose unit differs from the annual target's, or text that could not be parsed is
kept as the text the document had: the importer reads it back the same way and the check
column shows ``TEKS`` for it.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import IntProperty, StringProperty

from renaksi_xl.berkas.writer.kegiatan_lama import write_blank_kegiatan, write_kegiatan
from renaksi_xl.berkas.writer.kegiatan_sekarang import (
    BLANK_KEGIATAN_PER_PROGRAM,
    refuse_kegiatan_budgets,
    write_blank_sekarang,
    write_sekarang,
)
from renaksi_xl.berkas.writer.page import finish_sheet
from renaksi_xl.berkas.writer.petunjuk import (
    PETUNJUK,
    PETUNJUK_SEKARANG,
    finish_petunjuk,
    write_petunjuk,
)
from renaksi_xl.berkas.writer.sheet import (
    Sheet,
    annual_cells,
    budget_cell,
    quarter_cell,
    write_heading,
)
from renaksi_xl.berkas.writer.styles import FONT_NAME, STYLES
from renaksi_xl.berkas.writer.styles import set_style as _set_style
from renaksi_xl.berkas.writer.tables import (
    BLANK_PROGRAM_BLOCKS,
    write_blank_named,
    write_program,
    write_sasaran,
    write_signature,
)
from renaksi_xl.berkas.writer.validation import (
    LIST_SATUAN,
    LIST_SIFAT,
    PERCENT_HINT,
    SATUAN_CHOICES,
    SIFAT_CHOICES,
    add_validations,
    write_lists,
)
from renaksi_xl.berkas.xlsxsave import save_with_cached_values
from renaksi_xl.core.layout import (
    BENTUK_LAMA,
    BENTUK_SEKARANG,
    KEGIATAN,
    KEGIATAN_SEKARANG,
    LAYOUT_PROPERTY,
    LAYOUT_VERSION,
    PROGRAM,
    SASARAN,
    SHEET_DAFTAR,
)
from renaksi_xl.core.model import Renaksi

# what writer.py offered before it became a package (_set_style: tests/test_writer.py's)
__all__ = [
    "BLANK_KEGIATAN_PER_PROGRAM",
    "BLANK_PROGRAM_BLOCKS",
    "FONT_NAME",
    "LIST_SATUAN",
    "LIST_SIFAT",
    "PERCENT_HINT",
    "PETUNJUK",
    "PETUNJUK_SEKARANG",
    "SATUAN_CHOICES",
    "SIFAT_CHOICES",
    "STYLES",
    "_set_style",
    "annual_cells",
    "budget_cell",
    "quarter_cell",
    "write_workbook",
]


def write_workbook(
    renaksi: Renaksi, path: str | Path, *, paper: str = "A4", bentuk: str = BENTUK_LAMA
) -> Path:
    """Write the Renaksi as a formatted workbook. A model without sasaran and programs gives
    a blank template with rows ready to fill. ``bentuk`` chooses the Kegiatan sheet's shape:
    ``"sekarang"`` (Permendagri 90/2019: program, kegiatan, sub kegiatan with pagu and Rp per
    TW) or ``"lama"`` (the 2020 shape). Returns the path written."""
    if bentuk not in (BENTUK_SEKARANG, BENTUK_LAMA):
        raise ValueError(f"bentuk templat tidak dikenal: {bentuk!r}")
    sekarang = bentuk == BENTUK_SEKARANG
    if sekarang:
        refuse_kegiatan_budgets(renaksi)
    path = Path(path)
    book = Workbook()
    for style in STYLES:
        book.add_named_style(style)
    blank = not renaksi.sasaran and not renaksi.program
    petunjuk = book.active
    assert petunjuk is not None
    write_petunjuk(petunjuk, PETUNJUK_SEKARANG if sekarang else PETUNJUK)
    kegiatan_layout = KEGIATAN_SEKARANG if sekarang else KEGIATAN
    sheets = [
        Sheet(book.create_sheet(layout.sheet), layout)
        for layout in (SASARAN, PROGRAM, kegiatan_layout)
    ]
    sasaran, program, kegiatan = sheets
    for sheet in sheets:
        write_heading(sheet, renaksi)
    if blank:
        write_blank_named(sasaran)
        write_blank_named(program)
        if sekarang:
            write_blank_sekarang(kegiatan)
        else:
            write_blank_kegiatan(kegiatan)
        write_signature(kegiatan, renaksi.penandatangan)
    else:
        write_sasaran(sasaran, renaksi)
        write_program(program, renaksi)
        if sekarang:
            write_sekarang(kegiatan, renaksi)
        else:
            write_kegiatan(kegiatan, renaksi)
    write_lists(book, book.create_sheet(SHEET_DAFTAR))
    for sheet in sheets:
        add_validations(sheet, sheet.data_end if sheet.data_end else sheet.row - 1)
        finish_sheet(sheet, paper)
    finish_petunjuk(petunjuk, paper)
    book.active = 0 if blank else 1  # Petunjuk, or the Sasaran sheet
    _set_properties(book, renaksi)
    save_with_cached_values(book, path, [{}, *(s.cached for s in sheets)])
    return path


def _set_properties(book: Workbook, renaksi: Renaksi) -> None:
    opd = renaksi.opd.value if renaksi.opd is not None else ""
    year = str(renaksi.tahun) if renaksi.tahun is not None else ""
    props = book.properties
    props.title = f"Rencana Aksi Perjanjian Kinerja {opd} {year}".strip()
    props.subject = "Rencana Aksi (Renaksi)"
    props.creator = "renaksi_xl"
    props.keywords = "; ".join(x for x in ("Renaksi", opd, year) if x)
    props.language = "id-ID"
    custom = book.custom_doc_props  # type: ignore[attr-defined]  # openpyxl ≥ 3.1, not in stubs
    custom.append(StringProperty(name="OPD", value=opd))
    if renaksi.tahun is not None:
        custom.append(IntProperty(name="Tahun", value=renaksi.tahun))
    custom.append(IntProperty(name=LAYOUT_PROPERTY, value=LAYOUT_VERSION))
