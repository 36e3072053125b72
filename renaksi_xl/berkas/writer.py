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

import re
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from renaksi_xl.berkas.xlsxsave import save_with_cached_values
from renaksi_xl.core import formulas
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.layout import (
    BENTUK_LAMA,
    BENTUK_SEKARANG,
    BLANK_ROWS,
    CHECK_BUDGET,
    CHECK_MISMATCH,
    FIRST_DATA_ROW,
    HEADER_ROW,
    JENIS_AKSI,
    JENIS_KEGIATAN,
    JENIS_PROGRAM,
    JENIS_SUB_KEGIATAN,
    KEGIATAN,
    KEGIATAN_SEKARANG,
    LAYOUT_PROPERTY,
    LAYOUT_VERSION,
    NUMBERING_ROW,
    OPD_ROW,
    PAPER_SIZES,
    PROGRAM,
    SASARAN,
    SHEET_DAFTAR,
    SHEET_PETUNJUK,
    SUBHEADER_ROW,
    TABLE_TITLE_ROW,
    TITLE_ROW,
    TOTAL_LABEL,
    TableLayout,
    get_column_letter,
)
from renaksi_xl.core.model import (
    Indikator,
    Kegiatan,
    Penandatangan,
    Program,
    Quantity,
    Renaksi,
    StrayValue,
    SubKegiatan,
)
from renaksi_xl.core.quantity import UNIT_TYPES, format_quantity
from renaksi_xl.core.sifat import LABELS

FONT_NAME = "Arial"
BLANK_PROGRAM_BLOCKS = 8
BLANK_KEGIATAN_PER_PROGRAM = 2

# A4 landscape is 842 × 595 pt; F4 (folio) 936 × 612 pt; margins below in inches
_PAGE_POINTS = {"A4": (842.0, 595.0), "F4": (936.0, 612.0)}
_MARGIN = 0.4
_POINTS_PER_WIDTH_UNIT = 5.6
_LINE_POINTS = 12.5
_HEADER_POINTS = {HEADER_ROW: 30.0, SUBHEADER_ROW: 16.0}

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_PROGRAM_FILL = PatternFill("solid", fgColor="F2F2F2")
_MISMATCH_FILL = PatternFill("solid", fgColor="F8CBAD")
_YEAR = re.compile(r"\bTAHUN\s+(\d{4})\b", re.IGNORECASE)


def _style(
    name: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 10,
    border: bool = True,
    horizontal: str | None = None,
    vertical: str = "top",
    wrap: bool = True,
    number_format: str = "General",
    fill: PatternFill | None = None,
    underline: Literal["single"] | None = None,
) -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = Font(name=FONT_NAME, size=size, bold=bold, italic=italic, underline=underline)
    style.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)
    if border:
        style.border = _BOX
    if fill is not None:
        style.fill = fill
    style.number_format = number_format
    return style


STYLES = (
    _style("rnx_judul", bold=True, size=12, border=False, horizontal="center", wrap=False),
    _style("rnx_subjudul", bold=True, size=11, border=False, wrap=False),
    _style("rnx_header", bold=True, horizontal="center", vertical="center", fill=_HEADER_FILL),
    _style("rnx_nomor_kolom", italic=True, size=8, horizontal="center", fill=_HEADER_FILL),
    _style("rnx_teks"),
    _style("rnx_tengah", horizontal="center"),
    _style("rnx_angka", horizontal="right"),
    _style("rnx_angka_ribuan", horizontal="right", number_format="#,##0"),
    _style("rnx_rupiah", horizontal="right", number_format="#,##0"),
    _style("rnx_kode", horizontal="center", number_format="@"),
    _style("rnx_sifat", horizontal="center"),
    _style("rnx_sifat_disimpulkan", horizontal="center", italic=True),
    _style("rnx_program", bold=True, fill=_PROGRAM_FILL),
    _style("rnx_program_tengah", bold=True, fill=_PROGRAM_FILL, horizontal="center"),
    _style("rnx_program_rupiah", bold=True, fill=_PROGRAM_FILL, number_format="#,##0"),
    _style("rnx_total", bold=True),
    _style("rnx_total_rupiah", bold=True, number_format="#,##0"),
    _style("rnx_ttd", border=False, horizontal="center", wrap=False),
    _style(
        "rnx_ttd_nama", border=False, horizontal="center", wrap=False, bold=True, underline="single"
    ),
    _style("rnx_petunjuk", border=False),
    _style("rnx_petunjuk_judul", border=False, bold=True, size=12, wrap=False),
)

_STYLE_BY_NAME = {style.name: style for style in STYLES}
_BOLD_STYLES = frozenset(style.name for style in STYLES if style.font.b)
# Arial 10 against the width unit (a digit of the workbook's Calibri 11)
_ARIAL_SCALE = 1.06


def _text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes in a column ``width`` wide, wrapped at words as printed."""
    from renaksi_xl.core.capaian import text_lines

    return text_lines(text, width, bold=bold, scale=_ARIAL_SCALE)


def _set_style(cell: Cell | MergedCell, name: str) -> None:
    """``cell.style = name``, without openpyxl searching the workbook's list of named styles
    for every cell (a fifth of writing a sheet): the cell takes the named style's format as
    openpyxl would give it (the styles are bound to the workbook being written)."""
    cell._style = copy(_STYLE_BY_NAME[name].as_tuple())  # type: ignore[union-attr]


SIFAT_CHOICES = tuple(LABELS.values())
SATUAN_CHOICES = ("%", *sorted(u.capitalize() for u in UNIT_TYPES if u != "persen"))

PETUNJUK = (
    "PETUNJUK PENGISIAN RENCANA AKSI",
    "",
    "1. Lembar Sasaran, Program dan Kegiatan memuat tiga tabel Renaksi. Isi sel putih; "
    "kolom CEK, subtotal program dan Jumlah komulatif dihitung otomatis, jangan diketik.",
    "2. Target (tahunan dan TW I–IV) diisi angka saja. Satuannya ditulis sekali di kolom "
    "SATUAN (pilih dari daftar atau ketik sendiri); persen ditulis 90 dengan satuan %, "
    "bukan 90% atau 0,9.",
    "3. SIFAT TARGET menentukan cara TW I–IV dijumlahkan: 'kumulatif' = tiap TW adalah capaian "
    "sampai akhir triwulan itu (TW terakhir = target tahunan); 'per triwulan' = tiap TW adalah "
    "jumlah triwulan itu sendiri (jumlah TW = target tahunan); 'tetap' = nilai yang dijaga "
    "setiap triwulan (setiap TW terjadwal = target tahunan).",
    "4. Kolom CEK menampilkan OK bila TW I–IV sesuai dengan sifatnya, TIDAK SESUAI (baris "
    "berwarna merah) bila tidak, PILIH SIFAT bila sifat belum dipilih, KETIK TANPA % bila "
    "angka persen diketik dengan tanda % (18% tersimpan 0,18), dan TEKS bila ada sel "
    "target berisi teks sehingga harus diperiksa dengan tombol Validasi.",
    "5. Pada lembar Kegiatan, baris program (tebal) menampilkan subtotal anggaran kegiatannya. "
    "Baris kegiatan mengisi kolom BIDANG/PROGRAM/KEGIATAN, INDIKATOR KEGIATAN dan JUMLAH "
    "ANGGARAN; baris aksi di bawahnya mengisi kolom AKSI/SUBKEGIATAN, INDIKATOR dan TARGET "
    "TAHUNAN, tanpa anggaran.",
    "6. Perlu baris tambahan? Sisipkan baris (klik kanan → Sisipkan) di dalam blok program "
    "yang sama, maka subtotal dan jumlah ikut menghitungnya.",
    "7. Anggaran ditulis dalam rupiah bulat tanpa titik (Excel menampilkan pemisah ribuan).",
    "8. Blok tanda tangan di bawah tabel Kegiatan dicetak pada halaman terakhir.",
    "",
    "Pemeriksaan lengkap (satuan, kode, NIP, anggaran, program yang hilang) dijalankan dengan "
    "tombol Validasi pada tab Renaksi di Excel atau perintah 'renaksi validasi'.",
)

PETUNJUK_SEKARANG = tuple(
    (
        "5. Pada lembar Kegiatan (bentuk Permendagri 90/2019) tiap baris adalah program, "
        "kegiatan, sub kegiatan atau aksi; KODE diisi kode rekening (mis. 7.01.01.2.01.0001). "
        "Sub kegiatan mengisi target fisik (K) dan rencana anggaran (Rp) TW I–IV serta PAGU; "
        "pagu kegiatan dan program dihitung otomatis. CEK menampilkan "
        f"{CHECK_BUDGET} bila jumlah Rp TW I–IV sub kegiatan tidak sama dengan pagunya."
    )
    if line.startswith("5.")
    else (
        "6. Perlu baris tambahan? Salin baris sub kegiatan (atau kegiatan) yang sudah ada, lalu "
        "sisipkan salinannya (klik kanan → Sisipkan Sel yang Disalin) di bawah kegiatan yang "
        "sama: penanda jenis baris di kolom tersembunyi ikut tersalin, maka pagu kegiatan, "
        "program dan jumlahnya ikut menghitungnya."
    )
    if line.startswith("6.")
    else line
    for line in PETUNJUK
)


@dataclass
class _Sheet:
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
        _set_style(cell, style)
        if value is None:
            return
        cell.value = value
        self.values[(row, key)] = value
        if isinstance(value, str):
            if value.startswith("="):
                cell.data_type = "s"  # user text that looks like a formula stays text
            if not self.layout.columns[column - 1].hidden:
                width = self.layout.columns[column - 1].width
                lines = _text_lines(value, width, bold=style in _BOLD_STYLES)
                self.heights[row] = max(self.heights.get(row, 1), lines)

    def formula(self, row: int, key: str, text: str, value: CellOut, style: str) -> None:
        cell = self.ws.cell(row=row, column=self.layout.index(key), value=text)
        _set_style(cell, style)
        self.cached[f"{self.layout.letter(key)}{row}"] = value
        self.values[(row, key)] = value

    def value(self, row: int, key: str) -> CellOut:
        return self.values.get((row, key))

    def style_row(self, row: int, style: str, keys: Iterable[str]) -> None:
        for key in keys:
            _set_style(self.ws.cell(row=row, column=self.layout.index(key)), style)


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
        _refuse_kegiatan_budgets(renaksi)
    path = Path(path)
    book = Workbook()
    for style in STYLES:
        book.add_named_style(style)
    blank = not renaksi.sasaran and not renaksi.program
    petunjuk = book.active
    assert petunjuk is not None
    _write_petunjuk(petunjuk, PETUNJUK_SEKARANG if sekarang else PETUNJUK)
    kegiatan_layout = KEGIATAN_SEKARANG if sekarang else KEGIATAN
    sheets = [
        _Sheet(book.create_sheet(layout.sheet), layout)
        for layout in (SASARAN, PROGRAM, kegiatan_layout)
    ]
    sasaran, program, kegiatan = sheets
    for sheet in sheets:
        _write_heading(sheet, renaksi)
    if blank:
        _write_blank_named(sasaran)
        _write_blank_named(program)
        if sekarang:
            _write_blank_sekarang(kegiatan)
        else:
            _write_blank_kegiatan(kegiatan)
        _write_signature(kegiatan, renaksi.penandatangan)
    else:
        _write_sasaran(sasaran, renaksi)
        _write_program(program, renaksi)
        if sekarang:
            _write_sekarang(kegiatan, renaksi)
        else:
            _write_kegiatan(kegiatan, renaksi)
    _write_lists(book, book.create_sheet(SHEET_DAFTAR))
    for sheet in sheets:
        _finish_sheet(sheet, paper)
    _finish_petunjuk(petunjuk, paper)
    book.active = 0 if blank else 1  # Petunjuk, or the Sasaran sheet
    _set_properties(book, renaksi)
    save_with_cached_values(book, path, [{}, *(s.cached for s in sheets)])
    return path


_PETUNJUK_WIDTH = 95  # a portrait A4 page's width at 100%


def _write_petunjuk(ws: Worksheet, texts: Sequence[str]) -> None:
    ws.title = SHEET_PETUNJUK
    ws.column_dimensions["A"].width = _PETUNJUK_WIDTH
    for row, text in enumerate(texts, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.style = "rnx_petunjuk_judul" if row == 1 else "rnx_petunjuk"
        lines = _text_lines(text, _PETUNJUK_WIDTH) if row > 1 else 1
        if lines > 1:
            ws.row_dimensions[row].height = _LINE_POINTS * lines + 3
    ws.sheet_view.showGridLines = False


def _fit_to_width(ws: Worksheet, paper: str, orientation: Literal["portrait", "landscape"]) -> None:
    """Print on ``paper`` (A4, F4) in ``orientation``, one page wide and as many pages long
    as the content needs, with the template's side margins."""
    setup = ws.page_setup
    setup.orientation = orientation
    setup.paperSize = PAPER_SIZES[paper]
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = _MARGIN


def _finish_petunjuk(ws: Worksheet, paper: str) -> None:
    """The instructions fit a portrait page, but stay out of the printed Renaksi: their
    print area is one empty cell, so printing the whole workbook starts at the Sasaran
    sheet as page 1 (a user who wants them on paper clears the print area)."""
    _fit_to_width(ws, paper, "portrait")
    ws.print_area = "C1"


def _merge(ws: Worksheet, cells: str) -> None:
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


def _write_heading(sheet: _Sheet, renaksi: Renaksi) -> None:
    ws, layout = sheet.ws, sheet.layout
    last = layout.last_letter
    ws.cell(row=TITLE_ROW, column=1, value=_title(renaksi)).style = "rnx_judul"
    _merge(ws, f"A{TITLE_ROW}:{last}{TITLE_ROW}")
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
            _merge(ws, f"{letter}{HEADER_ROW}:{letter}{SUBHEADER_ROW}")
        else:
            groups.setdefault(column.group, []).append(position)
            ws.cell(row=SUBHEADER_ROW, column=position, value=column.header).style = "rnx_header"
    for group, positions in groups.items():
        ws.cell(row=HEADER_ROW, column=positions[0], value=group).style = "rnx_header"
        for position in positions[1:]:
            ws.cell(row=HEADER_ROW, column=position).style = "rnx_header"
        first, end = get_column_letter(positions[0]), get_column_letter(positions[-1])
        _merge(ws, f"{first}{HEADER_ROW}:{end}{HEADER_ROW}")
    for row, points in _HEADER_POINTS.items():
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


def _put_indicator(
    sheet: _Sheet, row: int, indikator: Indikator, name_key: str, target_key: str
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


def _put_check(sheet: _Sheet, row: int) -> None:
    text, result = formulas.check_row(sheet.layout, row, sheet.value)
    sheet.formula(row, "cek", text, result, "rnx_tengah")


def _number_text(nomor: str | None) -> CellOut:
    if nomor is None:
        return None
    return int(nomor) if nomor.isdigit() and len(nomor) < 10 else nomor


# --- tables ---------------------------------------------------------------------------


def _write_sasaran(sheet: _Sheet, renaksi: Renaksi) -> None:
    for sasaran in renaksi.sasaran:
        _write_named_item(sheet, sasaran.nomor, None, sasaran.nama.value, sasaran.indikator)


def _write_program(sheet: _Sheet, renaksi: Renaksi) -> None:
    for program in renaksi.program:
        if not program.indikator and program.judul_kegiatan is not None:
            continue  # known only from the Kegiatan table: writing it here would invent a row
        _write_named_item(sheet, program.nomor, program.kode, program.nama.value, program.indikator)


def _write_named_item(
    sheet: _Sheet,
    nomor: str | None,
    kode: str | None,
    nama: str,
    indikators: Sequence[Indikator],
) -> None:
    first = sheet.row
    for indikator in indikators or (None,):
        row = sheet.row
        if row == first:
            sheet.put(row, "no", _number_text(nomor), "rnx_tengah")
            sheet.put(row, "nama", nama or None)
            if sheet.layout.has("kode"):
                sheet.put(row, "kode", kode, "rnx_tengah")
        else:
            _blank_cells(sheet, row, ("no", "nama", "kode"))
        if indikator is not None:
            _put_indicator(sheet, row, indikator, "indikator", "target")
        else:
            _blank_cells(
                sheet, row, ("indikator", "target", "satuan", "sifat", "tw1", "tw2", "tw3", "tw4")
            )
        _put_check(sheet, row)
        sheet.row += 1


def _blank_cells(sheet: _Sheet, row: int, keys: Iterable[str]) -> None:
    for key in keys:
        if sheet.layout.has(key):
            sheet.put(row, key, None, "rnx_sifat" if key == "sifat" else "rnx_teks")


def _write_kegiatan(sheet: _Sheet, renaksi: Renaksi) -> None:
    subtotal_cells: list[str] = []
    subtotal_values: list[CellOut] = []
    budget = KEGIATAN.letter("anggaran")
    for program in renaksi.program:
        if not program.kegiatan and program.judul_kegiatan is None:
            continue
        header = sheet.row
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
            sheet.put(row, "no", _number_text(kegiatan.nomor), "rnx_tengah")
            sheet.put(row, "kode", kegiatan.kode, "rnx_tengah")
            sheet.put(row, "nama", kegiatan.nama.value or None)
            _put_indicator(sheet, row, kegiatan.indikator, "indikator", "target")
            _blank_cells(sheet, row, ("aksi", "aksi_indikator", "aksi_target"))
            value = budget_cell(kegiatan.anggaran)
            sheet.put(
                row, "anggaran", value, "rnx_rupiah" if not isinstance(value, str) else "rnx_teks"
            )
            _put_strays(sheet, row, kegiatan.stray)
            _put_check(sheet, row)
            sheet.row += 1
            for aksi in kegiatan.aksi:
                row = sheet.row
                _blank_cells(sheet, row, ("no", "nama", "indikator", "target", "anggaran"))
                sheet.put(row, "kode", aksi.kode, "rnx_tengah")
                sheet.put(row, "aksi", aksi.nama.value or None)
                _put_indicator(sheet, row, aksi.indikator, "aksi_indikator", "aksi_target")
                _put_strays(sheet, row, aksi.stray)
                _put_check(sheet, row)
                sheet.row += 1
        _subtotal(sheet, header, header + 1, sheet.row - 1)
        subtotal_cells.append(f"{budget}{header}")
        subtotal_values.append(sheet.value(header, "anggaran"))
    _write_total(sheet, subtotal_cells, subtotal_values)
    _write_signature(sheet, renaksi.penandatangan)


def _write_sekarang(sheet: _Sheet, renaksi: Renaksi) -> None:
    """Today's Kegiatan sheet: program → kegiatan → sub kegiatan (→ aksi) rows, the pagu of
    kegiatan and program as live sums, Rp TW I–IV on the sub kegiatan."""
    program_cells: list[str] = []
    program_values: list[CellOut] = []
    pagu = KEGIATAN_SEKARANG.letter("anggaran")
    for program in renaksi.program:
        if not program.kegiatan and program.judul_kegiatan is None:
            continue
        header = sheet.row
        _write_level_row(sheet, header, program, JENIS_PROGRAM)
        sheet.row += 1
        for kegiatan in program.kegiatan:
            kegiatan_row = sheet.row
            _write_level_row(sheet, kegiatan_row, kegiatan, JENIS_KEGIATAN)
            sheet.row += 1
            for aksi in kegiatan.aksi:  # an old document's aksi directly under the kegiatan
                _write_aksi_row(sheet, aksi.kode, aksi.nama.value, aksi.indikator, aksi.stray)
            for sub in kegiatan.sub_kegiatan:
                _write_sub_row(sheet, sub)
                for aksi in sub.aksi:
                    _write_aksi_row(sheet, aksi.kode, aksi.nama.value, aksi.indikator, aksi.stray)
            _level_pagu(sheet, kegiatan_row, sheet.row - 1, JENIS_SUB_KEGIATAN)
        _level_pagu(sheet, header, sheet.row - 1, JENIS_KEGIATAN)
        program_cells.append(f"{pagu}{header}")
        program_values.append(sheet.value(header, "anggaran"))
    _write_total(sheet, program_cells, program_values)
    _write_signature(sheet, renaksi.penandatangan)


def _refuse_kegiatan_budgets(renaksi: Renaksi) -> None:
    """Today's shape states a kegiatan's pagu only as the sum of its sub kegiatan: a 2020
    document's budget on a kegiatan without sub kegiatan would be lost without a word."""
    for program in renaksi.program:
        for kegiatan in program.kegiatan:
            if not kegiatan.sub_kegiatan and not kegiatan.anggaran.is_empty:
                raise ValueError(
                    f"kegiatan '{kegiatan.nama.value}' beranggaran tanpa sub kegiatan: "
                    "tulis dokumen ini dalam bentuk lama"
                )


def _write_level_row(sheet: _Sheet, row: int, item: Program | Kegiatan, jenis: str) -> None:
    """A program or kegiatan row: bold program, plain kegiatan; its pagu comes later."""
    program = isinstance(item, Program)
    style = "rnx_program" if program else "rnx_teks"
    for key in (c.key for c in sheet.layout.columns):
        sheet.put(row, key, None, style if program else ("rnx_sifat" if key == "sifat" else style))
    sheet.put(row, "kode", item.kode, "rnx_program" if program else "rnx_kode")
    if isinstance(item, Program):
        sheet.put(row, "nama", (item.judul_kegiatan or item.nama).value or None, "rnx_program")
    else:
        sheet.put(row, "nama", item.nama.value or None)
        _put_indicator(sheet, row, item.indikator, "indikator", "target")
    sheet.put(row, "jenis", jenis, style)
    _put_strays(sheet, row, item.stray)
    if not program:
        _put_check(sheet, row)


def _write_sub_row(sheet: _Sheet, sub: SubKegiatan) -> None:
    row = sheet.row
    _blank_cells(sheet, row, [c.key for c in sheet.layout.columns if c.key != "cek"])
    sheet.put(row, "kode", sub.kode, "rnx_kode")
    sheet.put(row, "nama", sub.nama.value or None)
    _put_indicator(sheet, row, sub.indikator, "indikator", "target")
    for number, quantity in enumerate(sub.anggaran_triwulan[:4], start=1):
        value = budget_cell(quantity)
        sheet.put(
            row, f"rp{number}", value, "rnx_rupiah" if not isinstance(value, str) else "rnx_teks"
        )
    for number in range(len(sub.anggaran_triwulan) + 1, 5):
        _set_style(sheet.ws.cell(row=row, column=sheet.layout.index(f"rp{number}")), "rnx_rupiah")
    value = budget_cell(sub.pagu)
    sheet.put(row, "anggaran", value, "rnx_rupiah" if not isinstance(value, str) else "rnx_teks")
    sheet.put(row, "jenis", JENIS_SUB_KEGIATAN)
    _put_strays(sheet, row, sub.stray)
    _put_check(sheet, row)
    sheet.row += 1


def _write_aksi_row(
    sheet: _Sheet,
    kode: str | None,
    nama: str,
    indikator: Indikator,
    stray: Sequence[StrayValue],
) -> None:
    row = sheet.row
    _blank_cells(sheet, row, [c.key for c in sheet.layout.columns if c.key != "cek"])
    sheet.put(row, "kode", kode, "rnx_kode")
    sheet.put(row, "nama", nama or None)
    _put_indicator(sheet, row, indikator, "indikator", "target")
    sheet.put(row, "jenis", JENIS_AKSI)
    _put_strays(sheet, row, stray)
    _put_check(sheet, row)
    sheet.row += 1


def _level_pagu(sheet: _Sheet, row: int, last: int, jenis: str) -> None:
    rows = [(sheet.value(r, "jenis"), sheet.value(r, "anggaran")) for r in range(row + 1, last + 1)]
    program = jenis == JENIS_KEGIATAN
    sheet.formula(
        row,
        "anggaran",
        formulas.level_pagu_formula(sheet.layout, row, row + 1, last, jenis),
        formulas.level_pagu_value(sheet.value(row, "nama"), rows, jenis),
        "rnx_program_rupiah" if program else "rnx_rupiah",
    )


def _write_blank_sekarang(sheet: _Sheet) -> None:
    """Blocks of a program row, two kegiatan rows each with sub kegiatan rows under them."""
    per_block = BLANK_ROWS[KEGIATAN_SEKARANG.sheet] // BLANK_PROGRAM_BLOCKS
    subs = (per_block - 1) // BLANK_KEGIATAN_PER_PROGRAM - 1
    keys = [c.key for c in KEGIATAN_SEKARANG.columns if c.key != "cek"]
    pagu = KEGIATAN_SEKARANG.letter("anggaran")
    program_cells, program_values = [], []
    for _ in range(BLANK_PROGRAM_BLOCKS):
        header = sheet.row
        for key in keys:
            sheet.put(header, key, None, "rnx_program")
        sheet.put(header, "jenis", JENIS_PROGRAM, "rnx_program")
        sheet.row += 1
        for _ in range(BLANK_KEGIATAN_PER_PROGRAM):
            kegiatan_row = sheet.row
            _blank_cells(sheet, kegiatan_row, keys)
            sheet.put(kegiatan_row, "kode", None, "rnx_kode")
            sheet.put(kegiatan_row, "jenis", JENIS_KEGIATAN)
            _put_check(sheet, kegiatan_row)
            sheet.row += 1
            for _ in range(subs):
                row = sheet.row
                _blank_cells(sheet, row, keys)
                sheet.put(row, "kode", None, "rnx_kode")
                for key in ("rp1", "rp2", "rp3", "rp4", "anggaran"):
                    sheet.put(row, key, None, "rnx_rupiah")
                sheet.put(row, "jenis", JENIS_SUB_KEGIATAN)
                _put_check(sheet, row)
                sheet.row += 1
            _level_pagu(sheet, kegiatan_row, sheet.row - 1, JENIS_SUB_KEGIATAN)
        _level_pagu(sheet, header, sheet.row - 1, JENIS_KEGIATAN)
        program_cells.append(f"{pagu}{header}")
        program_values.append(sheet.value(header, "anggaran"))
    _write_total(sheet, program_cells, program_values)


def _write_program_header(
    sheet: _Sheet,
    row: int,
    nomor: str | None,
    kode: str | None,
    nama: str | None,
    stray: Sequence[StrayValue] = (),
) -> None:
    for key in (c.key for c in sheet.layout.columns):
        sheet.put(row, key, None, "rnx_program")
    sheet.put(row, "no", _number_text(nomor), "rnx_program_tengah")
    sheet.put(row, "kode", kode, "rnx_program")
    sheet.put(row, "nama", nama, "rnx_program")
    sheet.put(row, "jenis", JENIS_PROGRAM, "rnx_program")
    _put_strays(sheet, row, stray)


def _subtotal(sheet: _Sheet, header: int, first: int, last: int) -> None:
    rows = [(sheet.value(r, "nama"), sheet.value(r, "anggaran")) for r in range(first, last + 1)]
    sheet.formula(
        header,
        "anggaran",
        formulas.subtotal_formula(KEGIATAN, header, first, last),
        formulas.subtotal_value(sheet.value(header, "nama"), rows),
        "rnx_program_rupiah",
    )


def _put_strays(sheet: _Sheet, row: int, strays: Sequence[StrayValue]) -> None:
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


def _write_total(sheet: _Sheet, cells: Sequence[str], values: Sequence[CellOut]) -> None:
    row = sheet.row
    sheet.data_end = row - 1
    for key in (c.key for c in sheet.layout.columns):
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


def _write_signature(sheet: _Sheet, signer: Penandatangan) -> None:
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
            _merge(sheet.ws, f"{first}{row}:{last}{row}")
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


# --- blank template -------------------------------------------------------------------


def _write_blank_named(sheet: _Sheet) -> None:
    keys = [c.key for c in sheet.layout.columns if c.key != "cek"]
    for _ in range(BLANK_ROWS[sheet.layout.sheet]):
        _blank_cells(sheet, sheet.row, keys)
        _put_check(sheet, sheet.row)
        sheet.row += 1


def _write_blank_kegiatan(sheet: _Sheet) -> None:
    per_block = BLANK_ROWS[KEGIATAN.sheet] // BLANK_PROGRAM_BLOCKS
    keys = [c.key for c in KEGIATAN.columns if c.key != "cek"]
    budget = KEGIATAN.letter("anggaran")
    subtotal_cells, subtotal_values = [], []
    for _ in range(BLANK_PROGRAM_BLOCKS):
        header = sheet.row
        _write_program_header(sheet, header, None, None, None)
        sheet.row += 1
        for _ in range(per_block - 1):
            _blank_cells(sheet, sheet.row, keys)
            sheet.ws.cell(row=sheet.row, column=KEGIATAN.index("anggaran")).style = "rnx_rupiah"
            _put_check(sheet, sheet.row)
            sheet.row += 1
        _subtotal(sheet, header, header + 1, sheet.row - 1)
        subtotal_cells.append(f"{budget}{header}")
        subtotal_values.append(sheet.value(header, "anggaran"))
    _write_total(sheet, subtotal_cells, subtotal_values)


# --- sheet-wide settings --------------------------------------------------------------


# Dropdowns take their choices through workbook names: Excel keeps a list drawn straight from
# another sheet in an extension of the sheet XML, which openpyxl (and so validasi --tandai on
# a file saved by Excel) would drop; a name is kept in the standard place.
LIST_SIFAT = "DAFTAR_SIFAT"
LIST_SATUAN = "DAFTAR_SATUAN"


def _write_lists(book: Workbook, ws: Worksheet) -> None:
    book.defined_names[LIST_SIFAT] = DefinedName(
        LIST_SIFAT, attr_text=f"{SHEET_DAFTAR}!$A$2:$A${1 + len(SIFAT_CHOICES)}"
    )
    book.defined_names[LIST_SATUAN] = DefinedName(
        LIST_SATUAN, attr_text=f"{SHEET_DAFTAR}!$B$2:$B${1 + len(SATUAN_CHOICES)}"
    )
    ws.cell(row=1, column=1, value="Sifat target")
    ws.cell(row=1, column=2, value="Satuan")
    for row, label in enumerate(SIFAT_CHOICES, start=2):
        ws.cell(row=row, column=1, value=label)
    for row, unit in enumerate(SATUAN_CHOICES, start=2):
        ws.cell(row=row, column=2, value=unit)
    ws.sheet_state = "hidden"


PERCENT_HINT = "Untuk satuan %, ketik angka persennya: 18, bukan 18% atau 0,18 (0–100)."


def _validation(
    kind: Literal["list", "custom"],
    formula: str,
    title: str,
    prompt: str,
    error: str,
    *,
    stop: bool = True,
) -> DataValidation:
    return DataValidation(
        type=kind,
        formula1=formula,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle=title[:32],
        prompt=prompt[:255],
        errorTitle=title[:32],
        error=error[:255],
        errorStyle="stop" if stop else "warning",
    )


def _add_validations(sheet: _Sheet, last_row: int) -> None:
    layout, ws = sheet.layout, sheet.ws
    first = FIRST_DATA_ROW
    if last_row < first:
        return

    def span(key: str, end_key: str | None = None) -> str:
        return f"{layout.letter(key)}{first}:{layout.letter(end_key or key)}{last_row}"

    def number_rule(key: str, title: str, prompt: str, error: str) -> DataValidation:
        cell = f"{layout.letter(key)}{first}"
        satuan = f"${layout.letter('satuan')}{first}"
        return _validation(
            "custom",
            # a % row refuses a fraction: 18% typed is stored as 0,18 (issue 16)
            f"AND(ISNUMBER({cell}),{cell}>=0,"
            f'OR({satuan}<>"%",AND({cell}<=100,OR({cell}=0,{cell}>=1))))',
            title,
            prompt,
            error,
        )

    rules: list[tuple[DataValidation, str]] = [
        (
            _validation(
                "list",
                LIST_SIFAT,
                "Sifat target",
                "Pilih: kumulatif (TW terakhir = target), per triwulan (jumlah TW = target) "
                "atau tetap (setiap TW = target).",
                "Sifat target harus kumulatif, per triwulan atau tetap.",
            ),
            span("sifat"),
        ),
        (
            _validation(
                "list",
                LIST_SATUAN,
                "Satuan",
                "Pilih satuan dari daftar, atau ketik satuan lain. Persen: pilih %.",
                "Satuan ini tidak ada di daftar. Tetap gunakan?",
                stop=False,
            ),
            span("satuan"),
        ),
        (
            number_rule(
                "tw1",
                "Target triwulan",
                "Isi angka triwulan ini saja; kosongkan bila tidak dijadwalkan. "
                "Persen: ketik 18, bukan 18%.",
                "Target triwulan harus angka tidak negatif, tanpa satuan. " + PERCENT_HINT,
            ),
            span("tw1", "tw4"),
        ),
    ]
    for key in ("target", "aksi_target"):
        if layout.has(key):
            rule = number_rule(
                key,
                "Target tahunan",
                "Isi angka saja; satuannya di kolom SATUAN. Persen: ketik 18, bukan 18%.",
                "Target harus angka tidak negatif, tanpa satuan. " + PERCENT_HINT,
            )
            rules.append((rule, span(key)))
    if layout.has("anggaran"):
        cell = f"{layout.letter('anggaran')}{first}"
        rupiah = _validation(
            "custom",
            f"AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell}))",
            "Anggaran (Rp)",
            "Isi rupiah bulat tanpa titik, mis. 20381000.",
            "Anggaran harus rupiah bulat, tidak negatif.",
        )
        rules.append((rupiah, span("anggaran")))
    if layout.has("rp1"):
        cell = f"{layout.letter('rp1')}{first}"
        plan = _validation(
            "custom",
            f"AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell}))",
            "Rencana anggaran TW (Rp)",
            "Isi rupiah bulat tanpa titik untuk triwulan ini; jumlah TW I–IV = pagu.",
            "Rencana anggaran harus rupiah bulat, tidak negatif.",
        )
        rules.append((plan, span("rp1", "rp4")))
        code = f"{layout.letter('kode')}{first}"
        kode = _validation(
            "custom",
            # digits in groups separated by single dots: 7.01.01.2.01.0001
            f'AND(ISNUMBER(--SUBSTITUTE({code},".","")),ISERROR(SEARCH("..",{code})),'
            f'ISERROR(SEARCH("E",{code})),LEFT({code},1)<>".",RIGHT({code},1)<>".",'
            f'ISERROR(SEARCH("-",{code})),ISERROR(SEARCH("+",{code})),'
            f'ISERROR(SEARCH(" ",{code})),ISERROR(SEARCH(",",{code})))',
            "Kode",
            "Isi kode rekening: angka dipisah titik, mis. 7.01.01.2.01.0001.",
            "Kode harus berupa angka yang dipisah titik tunggal, mis. 7.01.01.2.01.0001.",
        )
        rules.append((kode, span("kode")))
    for rule, cells in rules:
        rule.add(cells)
        ws.add_data_validation(rule)
    cek = layout.letter("cek")
    ws.conditional_formatting.add(
        f"A{first}:{layout.last_letter}{last_row}",
        FormulaRule(  # type: ignore[no-untyped-call]
            formula=[f'${cek}{first}="{CHECK_MISMATCH}"'], fill=_MISMATCH_FILL
        ),
    )
    if layout.has("rp1"):
        ws.conditional_formatting.add(
            f"A{first}:{layout.last_letter}{last_row}",
            FormulaRule(  # type: ignore[no-untyped-call]
                formula=[f'${cek}{first}="{CHECK_BUDGET}"'], fill=_MISMATCH_FILL
            ),
        )


def _finish_sheet(sheet: _Sheet, paper: str) -> None:
    ws, layout = sheet.ws, sheet.layout
    last_data = sheet.data_end if sheet.data_end else sheet.row - 1
    _add_validations(sheet, last_data)
    for row, lines in sheet.heights.items():
        if lines > 1:
            ws.row_dimensions[row].height = _LINE_POINTS * lines + 3
    ws.freeze_panes = f"{get_column_letter(layout.index('nama') + 1)}{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{NUMBERING_ROW}"
    ws.print_area = f"A1:{layout.last_letter}{max(sheet.row - 1, FIRST_DATA_ROW)}"
    _fit_to_width(ws, paper, "landscape")
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    footer = ws.oddFooter.center  # type: ignore[union-attr]
    footer.text = "Halaman &P dari &N"
    footer.font = FONT_NAME
    footer.size = 8
    if sheet.signature_start:
        _keep_signature_with_total(sheet, paper)


def _row_points(sheet: _Sheet, row: int) -> float:
    if row in (HEADER_ROW, SUBHEADER_ROW):
        return _HEADER_POINTS[row]
    lines = sheet.heights.get(row, 1)
    return _LINE_POINTS * lines + 3 if lines > 1 else 15.0


def _keep_signature_with_total(sheet: _Sheet, paper: str) -> None:
    """Estimate where pages break (fit to width scales rows down too) and, if the total row
    and the signature block would be split, start a page at the total row."""
    width_pt, height_pt = _PAGE_POINTS[paper]
    table_width = sum(c.width for c in sheet.layout.columns) * _POINTS_PER_WIDTH_UNIT
    scale = min(1.0, (width_pt - 2 * _MARGIN * 72) / table_width)
    printable = height_pt - 2 * 0.6 * 72 - 30
    repeated = sum(_row_points(sheet, r) for r in range(HEADER_ROW, NUMBERING_ROW + 1)) * scale
    total_row = sheet.signature_start - 2
    used = sum(_row_points(sheet, r) for r in range(1, FIRST_DATA_ROW)) * scale
    page_start_row = 1
    for row in range(FIRST_DATA_ROW, sheet.row):
        points = _row_points(sheet, row) * scale
        if used + points > printable:
            used = repeated
            page_start_row = row
        used += points
        if row == sheet.row - 1 and page_start_row > total_row:
            sheet.ws.row_breaks.append(Break(id=total_row - 1))


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
