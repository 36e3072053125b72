"""The current-shape reference document (Permendagri 90/2019) for the tests.

``renaksi_xl/data/renaksi-kecamatan-sukamaju-2027.txt`` is a Renaksi as an office exports
it today: Program ``U.BB.PP`` → Kegiatan ``U.BB.PP.L.KK`` → Sub Kegiatan
``U.BB.PP.L.KK.SSSS``, a KODE column, K and Rp under each TW, pagu at every level,
accounting text, CRLF. This module

- writes the same document as an old-layout ``.xlsx`` (:func:`write_workbook`): each line
  of the text is the row of the same number, each tab-separated field the column of the
  same number, with merged two-row headers (TW I over K | Rp, …), bold capital program
  rows, amounts as numbers in accounting format and ``-`` as a zero;
- builds the model of the document from its rows (:func:`build`), with every value's
  source as a text line and column or a sheet cell. This is a reader for this one fixed
  layout, for testing the model, the rules and the summary until the column recogniser
  reads the current shape; it is not the product's reader.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

import renaksi_xl
from renaksi_xl.core.model import (
    Aksi,
    Indikator,
    Kegiatan,
    Penandatangan,
    Program,
    Quantity,
    Renaksi,
    SasaranStrategis,
    Source,
    SubKegiatan,
    Target,
    Text,
)
from renaksi_xl.core.quantity import normalize_unit, parse_quantity
from renaksi_xl.core.sifat import parse_sifat

REFERENCE = Path(renaksi_xl.__file__).parent / "data" / "renaksi-kecamatan-sukamaju-2027.txt"
SHEET = "Renaksi 2027"

Cell = str | int | float | None
Rows = list[list[Cell]]
Locate = Callable[[int, int], Source]

# columns of the main table, 1-based as in the column-number row
KODE, NAMA, INDIKATOR, SATUAN, TARGET, SIFAT = 1, 2, 3, 4, 5, 6
K_COLUMNS = (7, 9, 11, 13)
RP_COLUMNS = (8, 10, 12, 14)
PAGU, PENANGGUNG_JAWAB = 15, 16
WIDTH = 16

ACCOUNTING = '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)'
RUPIAH = '"Rp "#,##0'


def text_rows(path: Path = REFERENCE) -> Rows:
    """The document's lines (CRLF as exported) split at tabs: row n is line n."""
    return [list(line.split("\t")) for line in path.read_text(encoding="utf-8").splitlines()]


def text_source(line: int, column: int) -> Source:
    """Where a field of the text file is."""
    return Source(line=line, column=column)


def cell_source(line: int, column: int) -> Source:
    """Where a cell of the generated workbook is."""
    return Source(sheet=SHEET, cell=f"{get_column_letter(column)}{line}")


# --- the old-layout workbook -----------------------------------------------------------------


def _table_rows(rows: Rows) -> tuple[int, int]:
    """First and last row (1-based) of the main table's data."""
    header = next(n for n, row in enumerate(rows, 1) if row and row[0] == "KODE")
    last = next(n for n, row in enumerate(rows, 1) if len(row) > 1 and row[1] == "JUMLAH")
    return header + 3, last


def _amount(text: str) -> tuple[int | str, str | None]:
    """An accounting-text amount as the number a workbook holds, with its format."""
    cleaned = text.strip().strip('"').strip()
    if cleaned == "-":
        return 0, ACCOUNTING
    if cleaned.startswith("Rp"):
        return int(cleaned[2:].strip().replace(".", "")), RUPIAH
    if re.fullmatch(r"\d{1,3}(\.\d{3})*", cleaned):
        return int(cleaned.replace(".", "")), ACCOUNTING
    return text, None


def write_workbook(path: Path, rows: Rows | None = None) -> Path:
    """Write the reference document as an old-layout workbook (one sheet, the text's rows
    and columns, merged two-row headers) and return its path."""
    rows = rows if rows is not None else text_rows()
    first, last = _table_rows(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for line, row in enumerate(rows, 1):
        in_table = first <= line <= last
        for column, value in enumerate(row, 1):
            if value in ("", None):
                continue
            cell = sheet.cell(line, column)
            text = str(value)
            if in_table and (column in RP_COLUMNS or column == PAGU):
                number, number_format = _amount(text)
                cell.value = number
                if number_format:
                    cell.number_format = number_format
            elif in_table and (column == TARGET or column in K_COLUMNS) and text.isdigit():
                cell.value = int(text)
            elif text.isdigit() and len(text) <= 2 and line < first:
                cell.value = int(text)  # the column-number rows
            else:
                cell.value = text
                cell.number_format = "@"
            if in_table:
                cell.border = box
        code = str(row[0]) if row else ""
        if in_table and (code.count(".") == 2 or line == last):
            for column in range(1, WIDTH + 1):
                sheet.cell(line, column).font = Font(bold=True)
    header = first - 3
    for top in (header, header - 8):
        for column in range(1, WIDTH + 1):
            for row_number in (top, top + 1, top + 2):
                cell = sheet.cell(row_number, column)
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column in (KODE, NAMA, INDIKATOR, SATUAN, TARGET, SIFAT, PAGU, PENANGGUNG_JAWAB):
        sheet.merge_cells(
            start_row=header, start_column=column, end_row=header + 1, end_column=column
        )
    for k_column in K_COLUMNS:
        sheet.merge_cells(
            start_row=header, start_column=k_column, end_row=header, end_column=k_column + 1
        )
    sasaran = header - 6
    for column in (1, 2, 3, 4):
        sheet.merge_cells(
            start_row=sasaran, start_column=column, end_row=sasaran + 1, end_column=column
        )
    sheet.merge_cells(start_row=sasaran, start_column=5, end_row=sasaran, end_column=8)
    for title in (2, 3, 4):
        sheet.merge_cells(start_row=title, start_column=1, end_row=title, end_column=WIDTH)
        sheet.cell(title, 1).font = Font(bold=True, size=12)
        sheet.cell(title, 1).alignment = Alignment(horizontal="center")
    widths = {KODE: 19, NAMA: 48, INDIKATOR: 44, SATUAN: 10, TARGET: 9, SIFAT: 11, PAGU: 17}
    widths[PENANGGUNG_JAWAB] = 30
    for column in range(1, WIDTH + 1):
        width = widths.get(column, 13 if column in RP_COLUMNS else 6)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"C{first}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    setup = sheet.sheet_properties.pageSetUpPr
    if setup is not None:
        setup.fitToPage = True
    book.save(path)
    return path


def workbook_rows(path: Path) -> tuple[Rows, dict[tuple[int, int], str]]:
    """The workbook's cell values as rows (row n = line n), and the number formats of the
    numeric cells, as a reader would see them."""
    sheet = load_workbook(path)[SHEET]
    rows: Rows = []
    formats: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows():
        values: list[Cell] = []
        for cell in row:
            value = cell.value
            values.append(value if isinstance(value, str | int | float) else None)
            if isinstance(value, int | float) and cell.number_format != "General":
                assert cell.row is not None and cell.column is not None
                formats[(cell.row, cell.column)] = cell.number_format
        rows.append(values)
    return rows, formats


# --- the model of the document -----------------------------------------------------------------


def _get(row: Sequence[Cell], column: int) -> Cell:
    value = row[column - 1] if column <= len(row) else None
    return None if value == "" else value


def _text(row: Sequence[Cell], line: int, column: int, locate: Locate) -> Text:
    value = _get(row, column)
    return Text("" if value is None else str(value).strip(), locate(line, column))


def _quantity(
    row: Sequence[Cell],
    line: int,
    column: int,
    locate: Locate,
    unit: str | None = None,
    number_format: str | None = None,
) -> Quantity:
    value = _get(row, column)
    if isinstance(value, str):
        value = value.strip().strip('"')  # accounting text exported in quotes
    return parse_quantity(
        value,
        number_format=number_format,
        source=locate(line, column),
        default_unit=normalize_unit(unit) if unit else None,
        default_unit_text=unit,
        unit_written=unit is not None,
    )


def _indikator(
    row: Sequence[Cell], line: int, locate: Locate, formats: dict[tuple[int, int], str]
) -> Indikator:
    satuan = _get(row, SATUAN)
    unit = str(satuan).strip() if satuan is not None else None
    annual = _quantity(row, line, TARGET, locate, unit)
    quarters = tuple(_quantity(row, line, c, locate, unit) for c in K_COLUMNS)
    sifat = _get(row, SIFAT)
    return Indikator(
        _text(row, line, INDIKATOR, locate),
        Target(annual, quarters, parse_sifat(str(sifat)) if sifat else None),  # type: ignore[arg-type]
    )


def build(
    rows: Rows,
    locate: Locate = text_source,
    formats: dict[tuple[int, int], str] | None = None,
    sumber: str | None = None,
) -> Renaksi:
    """The model of the reference document from its rows (see the module docstring)."""
    formats = formats or {}

    def money(row: Sequence[Cell], line: int, column: int) -> Quantity:
        return _quantity(row, line, column, locate, None, formats.get((line, column)))

    opd = tahun = judul = None
    for line, row in enumerate(rows, 1):
        first_cell = str(_get(row, 1) or "")
        if "TAHUN" in first_cell and judul is None:
            judul = Text(first_cell.strip(), locate(line, 1))
            tahun = int(first_cell.split()[-1])
        if first_cell.startswith("PERANGKAT DAERAH"):
            opd = Text(first_cell.split(":", 1)[1].strip(), locate(line, 1))
    first, last = _table_rows(rows)

    sasaran: list[SasaranStrategis] = []
    sasaran_header = next(n for n, row in enumerate(rows, 1) if _get(row, 1) == "NO")
    line = sasaran_header + 3
    while line <= len(rows) and any(_get(rows[line - 1], c) for c in range(1, 9)):
        row = rows[line - 1]
        annual = _quantity(row, line, 4, locate)
        quarters = tuple(_quantity(row, line, c, locate) for c in (5, 6, 7, 8))
        indikator = Indikator(_text(row, line, 3, locate), Target(annual, quarters))  # type: ignore[arg-type]
        if _get(row, 2) is not None:
            sasaran.append(
                SasaranStrategis(
                    _text(row, line, 2, locate),
                    (indikator,),
                    nomor=str(_get(row, 1)).strip(". "),
                    source=locate(line, 2),
                )
            )
        else:
            sasaran[-1] = SasaranStrategis(
                sasaran[-1].nama,
                (*sasaran[-1].indikator, indikator),
                sasaran[-1].nomor,
                sasaran[-1].source,
            )
        line += 1

    programs: list[dict[str, object]] = []
    for line in range(first, last):
        row = rows[line - 1]
        code = str(_get(row, KODE) or "").strip()
        level = code.count(".") + 1 if code else 0
        indikator = _indikator(row, line, locate, formats)
        if level == 3:
            programs.append(
                {
                    "nama": _text(row, line, NAMA, locate),
                    "kode": code,
                    "indikator": indikator,
                    "pagu": money(row, line, PAGU),
                    "source": locate(line, NAMA),
                    "kegiatan": [],
                }
            )
        elif level == 5:
            kegiatan_list = programs[-1]["kegiatan"]
            assert isinstance(kegiatan_list, list)
            kegiatan_list.append(
                {
                    "kegiatan": Kegiatan(
                        _text(row, line, NAMA, locate),
                        indikator,
                        kode=code,
                        nomor=str(len(kegiatan_list) + 1),
                        source=locate(line, NAMA),
                        pagu_tertulis=money(row, line, PAGU),
                    ),
                    "sub": [],
                }
            )
        elif level == 6:
            kegiatan_list = programs[-1]["kegiatan"]
            assert isinstance(kegiatan_list, list)
            subs = kegiatan_list[-1]["sub"]
            subs.append(
                SubKegiatan(
                    _text(row, line, NAMA, locate),
                    indikator,
                    kode=code,
                    pagu=money(row, line, PAGU),
                    anggaran_triwulan=tuple(money(row, line, c) for c in RP_COLUMNS),
                    nomor=str(len(subs) + 1),
                    source=locate(line, NAMA),
                )
            )
        else:
            kegiatan_list = programs[-1]["kegiatan"]
            assert isinstance(kegiatan_list, list)
            subs = kegiatan_list[-1]["sub"]
            aksi = Aksi(_text(row, line, NAMA, locate), indikator, source=locate(line, NAMA))
            subs[-1] = dataclasses.replace(subs[-1], aksi=(*subs[-1].aksi, aksi))

    model_programs = []
    for number, program in enumerate(programs, 1):
        kegiatan_list = program["kegiatan"]
        assert isinstance(kegiatan_list, list)
        nama = program["nama"]
        assert isinstance(nama, Text)
        kegiatan = tuple(
            dataclasses.replace(k["kegiatan"], sub_kegiatan=tuple(k["sub"])) for k in kegiatan_list
        )
        model_programs.append(
            Program(
                nama,
                (program["indikator"],),  # type: ignore[arg-type]
                kegiatan,
                nomor=str(number),
                kode=str(program["kode"]),
                judul_kegiatan=nama,
                subtotal_tertulis=program["pagu"],  # type: ignore[arg-type]
                source=program["source"],  # type: ignore[arg-type]
            )
        )

    total = money(rows[last - 1], last, PAGU)
    signer: dict[str, Text] = {}
    tail = [
        (n, str(_get(row, 1)).strip())
        for n, row in enumerate(rows, 1)
        if n > last and _get(row, 1) is not None
    ]
    for (n, value), key in zip(tail, ("tanggal", "jabatan", "nama", "pangkat", "nip"), strict=True):
        if key == "tanggal":
            place, _, date = value.partition(",")
            signer["tempat"] = Text(place.strip(), locate(n, 1))
            signer["tanggal"] = Text(date.strip(), locate(n, 1))
        elif key == "nip":
            signer["nip"] = Text(value.removeprefix("NIP.").strip(), locate(n, 1))
        else:
            signer[key] = Text(value, locate(n, 1))
    return Renaksi(
        opd=opd,
        tahun=tahun,
        judul=judul,
        sasaran=tuple(sasaran),
        program=tuple(model_programs),
        total_tertulis=total,
        penandatangan=Penandatangan(**signer),
        sumber=sumber,
    )


def reference_model() -> Renaksi:
    """The model of the text file, sources as line and column."""
    return build(text_rows(), text_source, sumber=str(REFERENCE))


def workbook_model(path: Path) -> Renaksi:
    """The model of a workbook written by :func:`write_workbook`, sources as cells."""
    rows, formats = workbook_rows(path)
    return build(rows, cell_source, formats, sumber=str(path))
