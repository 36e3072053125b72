"""What an Excel (Office.js) client sends to Python for a workbook, made from a file:
used by the ribbon tests and the click benchmark."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import xlwings as xw
from python_calamine import CalamineWorkbook


def payload(
    path: Path,
    *,
    extra: dict[str, list[list[Any]]] | None = None,
    notes: dict[str, list[str]] | None = None,
    changes: dict[tuple[str, str], Any] | None = None,
    names: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What an Office.js client sends for this workbook."""
    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    tables = {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
    }
    tables.update(extra or {})
    for name, values in tables.items():
        width = max((len(r) for r in values), default=1)
        grid = [list(r) + [""] * (width - len(r)) for r in values] or [[""]]
        for (sheet, cell), value in (changes or {}).items():
            if sheet == name:
                column, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()  # type: ignore[union-attr]
                grid[int(row) - 1][ord(column) - ord("A")] = value
        sheets.append(
            {
                "name": name,
                "values": grid,
                "pictures": [],
                "tables": [],
                "notes": [{"address": a} for a in (notes or {}).get(name, [])],
            }
        )
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 1, "selection": "A1"},
        "names": names or [],
        "sheets": sheets,
    }


def sheet_name_entry(sheet: str, index: int, name: str, refers_to: str) -> dict[str, Any]:
    """A sheet-scoped name as a client sends it (a constant: no range coordinates)."""
    return {
        "name": name,
        "refers_to": refers_to,
        "sheet_index": None,
        "address": None,
        "book_scope": False,
        "scope_sheet_name": sheet,
        "scope_sheet_index": index,
    }


def file_names_and_notes(path: Path) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The sheet-scoped names and the cells with a note of a workbook file, as an Excel
    client holding it open would send them."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    names, notes = [], {}
    for index, sheet in enumerate(workbook.worksheets):
        for name, defined in sheet.defined_names.items():
            names.append(sheet_name_entry(sheet.title, index, name, f"={defined.attr_text}"))
        noted = [c.coordinate for row in sheet.iter_rows() for c in row if c.comment]
        if noted:
            notes[sheet.title] = noted
    return names, notes
