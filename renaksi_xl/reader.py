"""Workbook → rows of cells. The only place that opens ``.xlsx`` files to read.

Two ways in: python-calamine reads values only and is an order of magnitude faster, which
is enough for the structured template (its program rows are marked in a hidden column);
openpyxl also gives bold fonts and number formats, which old-layout sheets need (bold
program rows, ``0.9`` shown as ``90%``).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from renaksi_xl.errors import LayoutError, UnreadableFileError
from renaksi_xl.grid import GridCell, GridRow
from renaksi_xl.model import Source
from renaksi_xl.quantity import CellValue

TEMPLATE_SHEETS = ("Sasaran", "Program", "Kegiatan", "Daftar")

MAX_ROWS = 20_000
MAX_COLUMNS = 200


def read_workbook_rows(path: Path) -> dict[str, list[GridRow]]:
    """Every sheet's non-blank rows, keyed by sheet name, with values, bold and formats.

    Values are the cached results of formulas (what Excel last showed).
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise UnreadableFileError(
            f"bukan buku kerja Excel (.xlsx) yang dapat dibaca; berkas rusak? ({error})", file=path
        ) from error
    sheets: dict[str, list[GridRow]] = {}
    try:
        for sheet in workbook.worksheets:
            if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
                raise LayoutError(
                    f"lembar terlalu besar untuk sebuah Renaksi ({sheet.max_row} baris × "
                    f"{sheet.max_column} kolom; paling banyak {MAX_ROWS} × {MAX_COLUMNS})",
                    file=path,
                    source=Source(sheet=sheet.title),
                )
            rows = []
            for excel_row in sheet.iter_rows():
                cells = tuple(
                    GridCell(
                        value=_plain_value(cell.value),
                        source=Source(sheet=sheet.title, cell=cell.coordinate),
                        bold=bool(cell.font is not None and cell.font.b),
                        number_format=cell.number_format,
                    )
                    for cell in excel_row
                )
                if any(not c.is_blank for c in cells):
                    rows.append(
                        GridRow(cells, Source(sheet=sheet.title, cell=cells[0].source.cell))
                    )
            sheets[sheet.title] = rows
    finally:
        workbook.close()
    return sheets


def rows_from_values(sheet: str, values: Sequence[Sequence[object]]) -> list[GridRow]:
    """A sheet's values from A1 (as python-calamine and an Excel client give them: "" or
    None for blank) → rows; blank rows are dropped and blank cells made only on request."""
    rows = []
    for number, excel_row in enumerate(values, start=1):
        if all(v == "" or v is None for v in excel_row):
            continue
        cells = tuple(
            None
            if value == "" or value is None
            # positional: a sheet has tens of thousands of cells, and keyword arguments
            # would cost more than the rest of the cell
            else GridCell(_plain_value(value), None, False, None, sheet, number, column)
            for column, value in enumerate(excel_row, start=1)
        )
        rows.append(GridRow(cells, Source(sheet=sheet, cell=f"A{number}"), sheet, number))
    return rows


_PLAIN_TYPES = frozenset({str, float, int})


def _plain_value(value: object) -> CellValue:
    """Numbers, text and dates as they are; rich text, times and formula objects as text."""
    if type(value) in _PLAIN_TYPES:  # nearly every cell: no isinstance chain
        return typing.cast(CellValue, value)
    if value is None or isinstance(value, str | int | float | Decimal | dt.date):
        return value
    return str(value)


def template_grids(path: Path) -> dict[str, Sequence[Sequence[object]]] | None:
    """The table sheets' values (from A1, "" for blank) of a workbook written by this tool
    (recognised by its sheets), read with python-calamine; None for any other workbook."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise UnreadableFileError(
            f"bukan buku kerja Excel (.xlsx) yang dapat dibaca; berkas rusak? ({error})", file=path
        ) from error
    names = book.sheet_names
    if not all(name in names for name in TEMPLATE_SHEETS):
        return None
    grids: dict[str, Sequence[Sequence[object]]] = {}
    for name in TEMPLATE_SHEETS[:3]:
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if len(values) > MAX_ROWS:
            raise LayoutError(
                f"lembar terlalu besar untuk sebuah Renaksi ({len(values)} baris)",
                file=path,
                source=Source(sheet=name),
            )
        grids[name] = values
    return grids


def workbook_values(path: Path) -> dict[str, list[GridRow]]:
    """Every sheet's rows, values only (python-calamine): enough to recognise a document's
    tables before the slower full read, so that refusing one costs little."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets: dict[str, list[GridRow]] = {}
        for name in book.sheet_names:
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = rows_from_values(name, values[:MAX_ROWS])
    except (CalamineError, OSError, ValueError) as error:
        raise UnreadableFileError(
            f"bukan buku kerja Excel (.xlsx) yang dapat dibaca; berkas rusak? ({error})", file=path
        ) from error
    return sheets


def template_sheet_values(path: Path) -> dict[str, list[GridRow]] | None:
    """The table sheets' rows of a workbook written by this tool; None for any other."""
    grids = template_grids(path)
    if grids is None:
        return None
    return {name: rows_from_values(name, values) for name, values in grids.items()}
