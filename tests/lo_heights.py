"""Rows whose text LibreOffice would need more height for than the file gives them: for
each row of the named sheets, the height written in the file against the height Calc
computes for the row's content (its *optimal height*), as Calc lays the text out for
printing. A row shorter than its content prints cut."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from renaksi_xl.berkas.libreoffice import run_uno

_SCRIPT = r"""
document, names = args[0], args[1:]
doc = desktop.loadComponentFromURL(
    uno.systemPathToFileUrl(document), "_blank", 0, (prop("Hidden", True),))
result = {}
for name in names:
    sheet = doc.Sheets.getByName(name)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last = cursor.RangeAddress.EndRow
    rows = sheet.Rows
    written = [rows.getByIndex(i).Height for i in range(last + 1)]
    for i in range(last + 1):
        rows.getByIndex(i).OptimalHeight = True
    needed = [rows.getByIndex(i).Height for i in range(last + 1)]
    result[name] = [[i + 1, w, n] for i, (w, n) in enumerate(zip(written, needed))]
doc.close(True)
print(json.dumps(result))
"""


def cut_rows(
    workbook: Path, sheets: Sequence[str], tolerance: float = 0.1
) -> dict[str, list[tuple[int, float, float]]]:
    """(row, height in the file, height needed) in points for every row of ``sheets`` that
    is shorter than its content by more than ``tolerance`` of a line's height."""
    found: dict[str, list[list[int]]] = run_uno(
        _SCRIPT, [str(workbook.resolve()), *sheets], timeout=300
    )
    points = 72 / 2540  # 1/100 mm
    line = 15.0
    return {
        name: [
            (row, round(w * points, 1), round(n * points, 1))
            for row, w, n in rows
            if (n - w) * points > tolerance * line
        ]
        for name, rows in found.items()
    }
