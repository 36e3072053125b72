"""One table sheet being written: its heading, and the cells every table writes alike
(indicator with its targets, the check, blank cells, values without a column)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl.comments import Comment
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from renaksi_xl.berkas.writer.styles import BOLD_STYLES, set_style, text_lines
from renaksi_xl.core import formulas
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    NUMBERING_ROW,
    OPD_ROW,
    SUBHEADER_ROW,
    TABLE_TITLE_ROW,
    TITLE_ROW,
    TableLayout,
    get_column_letter,
)
from renaksi_xl.core.model import Indikator, Quantity, Renaksi, StrayValue
from renaksi_xl.core.quantity import format_quantity
from renaksi_xl.core.sifat import LABELS

HEADER_POINTS = {HEADER_ROW: 30.0, SUBHEADER_ROW: 16.0}
_YEAR = re.compile(r"\bTAHUN\s+(\d{4})\b", re.IGNORECASE)


@dataclass
class Sheet:
    """One table sheet being written, with the formulas' cached values."""

    ws: Worksheet
    layout: TableLayout
    row: int = FIRST_DATA_ROW
    cached: dict[str, CellOut] = field(default_factory=dict)
    values: dict[tuple[int, str], CellOut] = field(default_factory=dict)
    heights: dict[int, int] = field(default_factory=dict)
    signature_start: int = 0
    data_end: int = 0

    def put(self, row: int, key: str, value: CellOut, style: str = "rnx_teks") -> None:
        column = self.layout.index(key)
        cell = self.ws.cell(row=row, column=column)
        set_style(cell, style)
        if value is None:
            return
        cell.value = value
        self.values[(row, key)] = value
        if isinstance(value, str):
            if value.startswith("="):
                cell.data_type = "s"  # user text that looks like a formula stays text
            if not self.layout.columns[column - 1].hidden:
                width = self.layout.columns[column - 1].width
                lines = text_lines(value, width, bold=style in BOLD_STYLES)
                self.heights[row] = max(self.heights.get(row, 1), lines)

    def formula(self, row: int, key: str, text: str, value: CellOut, style: str) -> None:
        cell = self.ws.cell(row=row, column=self.layout.index(key), value=text)
        set_style(cell, style)
        self.cached[f"{self.layout.letter(key)}{row}"] = value
        self.values[(row, key)] = value

    def value(self, row: int, key: str) -> CellOut:
        return self.values.get((row, key))

    def style_row(self, row: int, style: str, keys: Iterable[str]) -> None:
        for key in keys:
            set_style(self.ws.cell(row=row, column=self.layout.index(key)), style)

    def column_keys(self, *, check: bool = True) -> list[str]:
        """The layout's column keys, without the check column when ``check`` is false."""
        return [c.key for c in self.layout.columns if check or c.key != "cek"]


def merge(ws: Worksheet, cells: str) -> None:
    """Merge a range. openpyxl's ``merge_cells`` also rebuilds the borders of every covered
    cell, which costs more than writing the rest of the sheet; our covered cells already
    carry their style, so recording the range is enough."""
    ws.merged_cells.add(CellRange(cells))


def _title(renaksi: Renaksi) -> str:
    if renaksi.judul is not None:
        found = _YEAR.search(renaksi.judul.value)
        if renaksi.tahun is None or (found and int(found.group(1)) == renaksi.tahun):
            return renaksi.judul.value
    year = renaksi.tahun if renaksi.tahun is not None else "…."
    return f"RENCANA AKSI PERJANJIAN KINERJA TAHUN {year}"


def write_heading(sheet: Sheet, renaksi: Renaksi) -> None:
    """Title, OPD, the table's title, column widths and the two header rows."""
    ws, layout = sheet.ws, sheet.layout
    last = layout.last_letter
    ws.cell(row=TITLE_ROW, column=1, value=_title(renaksi)).style = "rnx_judul"
    merge(ws, f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    opd = renaksi.opd.value if renaksi.opd is not None else ""
    ws.cell(row=OPD_ROW, column=1, value=f"NAMA OPD : {opd}").style = "rnx_subjudul"
    ws.cell(row=TABLE_TITLE_ROW, column=1, value=layout.title).style = "rnx_subjudul"
    groups: dict[str, list[int]] = {}
    for position, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(position)
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].hidden = column.hidden
        ws.cell(row=NUMBERING_ROW, column=position, value=position).style = "rnx_nomor_kolom"
        if column.group is None:
            ws.cell(row=HEADER_ROW, column=position, value=column.header).style = "rnx_header"
            ws.cell(row=SUBHEADER_ROW, column=position).style = "rnx_header"
            merge(ws, f"{letter}{HEADER_ROW}:{letter}{SUBHEADER_ROW}")
        else:
            groups.setdefault(column.group, []).append(position)
            ws.cell(row=SUBHEADER_ROW, column=position, value=column.header).style = "rnx_header"
    for group, positions in groups.items():
        ws.cell(row=HEADER_ROW, column=positions[0], value=group).style = "rnx_header"
        for position in positions[1:]:
            ws.cell(row=HEADER_ROW, column=position).style = "rnx_header"
        first, end = get_column_letter(positions[0]), get_column_letter(positions[-1])
        merge(ws, f"{first}{HEADER_ROW}:{end}{HEADER_ROW}")
    for row, points in HEADER_POINTS.items():
        ws.row_dimensions[row].height = points


# --- values ---------------------------------------------------------------------------


def _plain_number(quantity: Quantity) -> int | float | None:
    """The number a cell can hold for this quantity, or None if it must stay text."""
    if quantity.parts or quantity.problem is not None or quantity.note or quantity.value is None:
        return None
    return formulas.as_cell_number(quantity.value)


def _text_of(quantity: Quantity) -> str | None:
    if quantity.is_empty:
        return None
    return quantity.raw.strip() or format_quantity(quantity)


def annual_cells(quantity: Quantity) -> tuple[CellOut, str | None]:
    """(target cell, satuan cell) for an annual target."""
    number = _plain_number(quantity)
    if number is None:
        return _text_of(quantity), None
    if quantity.unit is None:
        return number, None
    return number, quantity.unit_text or quantity.unit


def quarter_cell(quantity: Quantity, row_unit: str | None) -> CellOut:
    """A TW cell: a number when its unit is the row's, else the text as written."""
    number = _plain_number(quantity)
    if number is not None and quantity.unit == row_unit:
        return number
    return _text_of(quantity)


def budget_cell(quantity: Quantity) -> CellOut:
    """A kegiatan budget: whole rupiah as a number, anything else as its text."""
    number = _plain_number(quantity)
    if number is not None and quantity.unit in (None, "rupiah"):
        return number
    return _text_of(quantity)


def _cell_style(value: CellOut) -> str:
    if isinstance(value, int) and abs(value) >= 1000:
        return "rnx_angka_ribuan"  # 25.302 Lbr reads as in the document
    return "rnx_angka" if isinstance(value, int | float) else "rnx_teks"


def put_indicator(
    sheet: Sheet, row: int, indikator: Indikator, name_key: str, target_key: str
) -> None:
    """Indicator name, annual target, satuan, sifat and TW I–IV of one row."""
    target = indikator.target
    sheet.put(row, name_key, indikator.nama.value or None)
    annual, satuan = annual_cells(target.tahunan)
    sheet.put(row, target_key, annual, _cell_style(annual))
    sheet.put(row, "satuan", satuan, "rnx_tengah")
    if target.sifat is not None:
        style = "rnx_sifat_disimpulkan" if target.sifat_inferred else "rnx_sifat"
        sheet.put(row, "sifat", LABELS[target.sifat], style)
    else:
        sheet.put(row, "sifat", None, "rnx_sifat")
    row_unit = target.tahunan.unit if isinstance(annual, int | float) else None
    for number, quarter in enumerate(target.triwulan, start=1):
        value = quarter_cell(quarter, row_unit)
        sheet.put(row, f"tw{number}", value, _cell_style(value))


def put_check(sheet: Sheet, row: int) -> None:
    """The row's CEK formula, with its result."""
    text, result = formulas.check_row(sheet.layout, row, sheet.value)
    sheet.formula(row, "cek", text, result, "rnx_tengah")


def number_text(nomor: str | None) -> CellOut:
    """A NO cell: a number when the document's number is one, else its text."""
    if nomor is None:
        return None
    return int(nomor) if nomor.isdigit() and len(nomor) < 10 else nomor


def blank_cells(sheet: Sheet, row: int, keys: Iterable[str]) -> None:
    """Empty, styled cells for those of ``keys`` the sheet has."""
    for key in keys:
        if sheet.layout.has(key):
            sheet.put(row, key, None, "rnx_sifat" if key == "sifat" else "rnx_teks")


def put_strays(sheet: Sheet, row: int, strays: Sequence[StrayValue]) -> None:
    """Values the document had in columns its row kind does not use go back into the same
    column; those without such a column become a note on the row's first cell."""
    headers = {c.header: c.key for c in sheet.layout.columns}
    leftovers = []
    for stray in strays:
        key = headers.get(stray.header)
        if key is not None and sheet.value(row, key) is None:
            sheet.put(row, key, stray.text.value, "rnx_teks")
        else:
            leftovers.append(f"{stray.header}: {stray.text.value}")
    if leftovers:
        note = "Isi dokumen asal tanpa kolom di templat:\n" + "\n".join(leftovers)
        sheet.ws.cell(row=row, column=1).comment = Comment(note, "renaksi_xl")
