"""Saving openpyxl workbooks with cached formula values (openpyxl writes none)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from renaksi_xl.berkas.guard import calamine_sheets
from renaksi_xl.berkas.xlsxpatch import COMPRESS_LEVEL, escape
from renaksi_xl.core.formulas import CellOut

_SHEET_PART = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)')


def save_with_cached_values(
    book: Workbook, path: Path, cached_per_sheet: Sequence[Mapping[str, CellOut]]
) -> None:
    """Save an openpyxl workbook giving every formula the cached value Python computed
    (``cached_per_sheet[i]`` maps cell coordinates of the i-th sheet to values).

    openpyxl writes formulas without results; Excel shows them after recalculating, but
    pandas, python-calamine and our own reader read cached values. The parts are written
    uncompressed into memory and compressed once, on the way to disk."""
    buffer = io.BytesIO()
    book.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    _store_cached_values(buffer.getvalue(), path, cached_per_sheet)


def _store_cached_values(
    written: bytes, path: Path, cached_per_sheet: Sequence[Mapping[str, CellOut]]
) -> None:
    """Give every formula the value its Python twin computed, so the file carries results
    before any spreadsheet engine has opened it (openpyxl writes formulas without them)."""
    with (
        zipfile.ZipFile(io.BytesIO(written)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            match = _SHEET_PART.fullmatch(info.filename)
            if match and int(match.group(1)) <= len(cached_per_sheet):
                cached = cached_per_sheet[int(match.group(1)) - 1]
                if cached:
                    data = _with_cached_values(data.decode("utf-8"), cached).encode("utf-8")
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data, compresslevel=COMPRESS_LEVEL)


def _with_cached_values(xml: str, cached: Mapping[str, CellOut]) -> str:
    def replace(match: re.Match[str]) -> str:
        coordinate, attributes, formula = match.groups()
        if coordinate not in cached:
            return match.group(0)
        value = cached[coordinate]
        if isinstance(value, int | float):
            return f'<c r="{coordinate}"{attributes}><f>{formula}</f><v>{value!r}</v>'
        text = escape(value or "")
        return f'<c r="{coordinate}"{attributes} t="str"><f>{formula}</f><v>{text}</v>'

    return _FORMULA_CELL.sub(replace, xml)


def formula_results(path: Path, book: Workbook) -> dict[str, dict[str, CellOut]]:
    """The cached results of every formula cell, by sheet and coordinate, as the file has
    them (saving through openpyxl would drop them)."""
    formula_cells = {}
    for sheet in book.worksheets:
        formulas = [
            (int(cell.row or 0), int(cell.column or 0), cell.coordinate)
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        if formulas:
            formula_cells[sheet.title] = formulas
    grids = calamine_sheets(path, lambda names: [t for t in formula_cells if t in names])
    assert grids is not None
    values: dict[str, dict[str, CellOut]] = {}
    for title, grid in grids.items():
        found: dict[str, CellOut] = {}
        for row, column, coordinate in formula_cells[title]:
            if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
                value = grid[row - 1][column - 1]
                found[coordinate] = value if isinstance(value, str | int | float) else None
        values[title] = found
    return values


def results_by_sheet(
    book: Workbook, cached: Mapping[str, Mapping[str, CellOut]]
) -> list[Mapping[str, CellOut]]:
    """The per-title results in the workbook's sheet order, as saving wants them."""
    return [cached.get(sheet.title, {}) for sheet in book.worksheets]
