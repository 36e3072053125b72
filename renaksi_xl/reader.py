"""Workbook → rows of cells (openpyxl). The only place that opens ``.xlsx`` files to read."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

from renaksi_xl.errors import LayoutError, UnreadableFileError
from renaksi_xl.grid import GridCell, GridRow
from renaksi_xl.model import Source
from renaksi_xl.quantity import CellValue

MAX_ROWS = 20_000
MAX_COLUMNS = 200


def read_workbook_rows(path: Path) -> dict[str, list[GridRow]]:
    """Every sheet's non-blank rows, keyed by sheet name, with values, bold and formats.

    Values are the cached results of formulas (what Excel last showed).
    """
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


def _plain_value(value: object) -> CellValue:
    """Numbers, text and dates as they are; rich text, times and formula objects as text."""
    if value is None or isinstance(value, str | int | float | Decimal | dt.date):
        return value
    return str(value)
