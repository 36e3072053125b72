"""What a generated workbook says, as plain data: compared with golden files by content
(values, formulas, number formats, fonts that matter, merges, validations, conditional
formats, print setup), not by bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def workbook_content(path: Path) -> dict[str, Any]:
    """Every sheet's content and settings, JSON-ready and in a stable order."""
    book = load_workbook(path)
    sheets: dict[str, Any] = {}
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                cells[cell.coordinate] = {
                    "value": cell.value
                    if isinstance(cell.value, str | int | float)
                    else str(cell.value),
                    "type": cell.data_type,
                    "format": cell.number_format,
                    "bold": bool(cell.font.b),
                }
        sheets[ws.title] = {
            "state": ws.sheet_state,
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": sorted(
                (
                    {
                        "cells": str(v.sqref),
                        "type": v.type,
                        "formula": v.formula1,
                        "prompt": v.prompt,
                        "error": v.error,
                        "style": v.errorStyle,
                    }
                    for v in ws.data_validations.dataValidation
                ),
                key=lambda v: v["cells"],
            ),
            "conditional": sorted(
                (
                    {"cells": str(cf.sqref), "formulas": [f for r in cf.rules for f in r.formula]}
                    for cf in ws.conditional_formatting
                ),
                key=lambda c: str(c["cells"]),
            ),
            "freeze": ws.freeze_panes,
            "print_titles": ws.print_title_rows,
            "print_area": ws.print_area,
            "orientation": ws.page_setup.orientation,
            "paper": ws.page_setup.paperSize,
            "fit_width": ws.page_setup.fitToWidth,
            "row_breaks": [b.id for b in ws.row_breaks.brk],
            "widths": {k: v.width for k, v in sorted(ws.column_dimensions.items()) if v.width},
        }
    return sheets
