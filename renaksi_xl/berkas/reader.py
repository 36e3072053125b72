"""Workbook → rows of cells, through :mod:`renaksi_xl.berkas.guard` (limits first, and every
library error a :class:`~renaksi_xl.errors.RenaksiError`).

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
from typing import Any

from renaksi_xl.berkas.grid import GridCell, GridRow
from renaksi_xl.berkas.guard import calamine_sheets, open_openpyxl, reading
from renaksi_xl.core.model import Source
from renaksi_xl.core.quantity import CellValue

TEMPLATE_SHEETS = ("Sasaran", "Program", "Kegiatan", "Daftar")


def read_workbook_rows(path: Path) -> dict[str, list[GridRow]]:
    """Every sheet's non-blank rows, keyed by sheet name, with values, bold and formats.

    Values are the cached results of formulas (what Excel last showed). The workbook is
    checked against the limits of :mod:`renaksi_xl.berkas.guard` first, so no sheet is larger than
    a Renaksi can be; it is then streamed (openpyxl's read-only mode), which takes a third
    of the time and memory of loading it whole.
    """
    workbook = open_openpyxl(path, data_only=True, read_only=True)
    sheets: dict[str, list[GridRow]] = {}
    try:
        for sheet in workbook.worksheets:
            with reading(path, sheet.title):
                sheets[sheet.title] = _sheet_rows(sheet)
    finally:
        workbook.close()
    return sheets


def _sheet_rows(sheet: Any) -> list[GridRow]:
    # the stated dimension may claim the whole grid (A1:XFD1048576): forgotten, rows are
    # read as they are (their reach was checked by the guard)
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    title = sheet.title
    rows = []
    for excel_row in sheet.iter_rows():
        if not excel_row:
            continue
        cells: list[GridCell | None] = []
        number = 0
        for cell in excel_row:
            value = getattr(cell, "value", None)
            if value is None or value == "":
                cells.append(None)
                continue
            number = cell.row
            cells.append(
                GridCell(
                    _plain_value(value),
                    None,
                    bool(cell.font is not None and cell.font.b),
                    cell.number_format,
                    title,
                    cell.row,
                    cell.column,
                )
            )
        made = tuple(cells)
        if any(c is not None and not c.is_blank for c in made):
            rows.append(GridRow(made, Source(sheet=title, cell=f"A{number}"), title, number))
    return rows


def rows_from_values(sheet: str, values: Sequence[Sequence[object]]) -> list[GridRow]:
    """A sheet's values from A1 (as python-calamine and an Excel client give them: "" or
    None for blank) → rows; blank rows are dropped and blank cells made only on request."""
    rows = []
    # one plain loop, positional arguments, plain values passed as they are: a sheet has
    # tens of thousands of cells, and each call or keyword costs more than the cell itself
    for number, excel_row in enumerate(values, start=1):
        cells: list[GridCell | None] = []
        filled = False
        for column, value in enumerate(excel_row, start=1):
            if value == "" or value is None:
                cells.append(None)
                continue
            filled = True
            if type(value) not in _PLAIN_TYPES or (type(value) is float and value - value != 0):
                value = _plain_value(value)
            cells.append(GridCell(value, None, False, None, sheet, number, column))  # type: ignore[arg-type]
        if filled:
            rows.append(GridRow(tuple(cells), Source(sheet, f"A{number}"), sheet, number))
    return rows


_PLAIN_TYPES = frozenset({str, float, int})


def _plain_value(value: object) -> CellValue:
    """Numbers, text and dates as they are; rich text, times and formula objects as text."""
    if type(value) in _PLAIN_TYPES:  # nearly every cell: no isinstance chain
        if type(value) is float and value - value != 0:
            # 1e309, INF or NaN stored by another program: no number, but text that the
            # checks report as unreadable (RNX102), at its cell
            return str(value)
        return typing.cast(CellValue, value)
    if value is None or isinstance(value, str | int | float | Decimal | dt.date):
        return value
    return str(value)


def template_grids(path: Path) -> dict[str, Sequence[Sequence[object]]] | None:
    """The table sheets' values (from A1, "" for blank) of a workbook written by this tool
    (recognised by its sheets), read with python-calamine; None for any other workbook."""

    def tables(names: list[str]) -> Sequence[str] | None:
        return TEMPLATE_SHEETS[:3] if all(name in names for name in TEMPLATE_SHEETS) else None

    return calamine_sheets(path, tables)


def workbook_values(path: Path) -> dict[str, list[GridRow]]:
    """Every sheet's rows, values only (python-calamine, through the guard's limits): enough
    to recognise a document's tables before the slower full read, so that refusing one
    costs little."""
    values = calamine_sheets(path, lambda names: names)
    assert values is not None
    return {name: rows_from_values(name, grid) for name, grid in values.items()}


def template_sheet_values(path: Path) -> dict[str, list[GridRow]] | None:
    """The table sheets' rows of a workbook written by this tool; None for any other."""
    grids = template_grids(path)
    if grids is None:
        return None
    sheets = {name: rows_from_values(name, values) for name, values in grids.items()}
    read_number_formats(path, sheets)
    return sheets


def read_number_formats(path: Path, sheets: dict[str, list[GridRow]]) -> None:
    """Percent-formatted cells (a TW typed as ``18%`` is stored as 0.18) take their format,
    read beside python-calamine by :mod:`renaksi_xl.berkas.numfmt`."""
    from renaksi_xl.berkas.numfmt import read_percent_formats

    read_percent_formats(path, sheets)
