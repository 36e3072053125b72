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
        "names": [],
        "sheets": sheets,
    }
