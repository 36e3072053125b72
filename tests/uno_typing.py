"""Typing into a workbook in LibreOffice Calc as a user would (through UNO's dispatcher, the
same path as the keyboard: ``18%`` becomes 0.18 with a percent format), then asking Calc
which cells break their data validation (Tools → Detective → Mark Invalid Data).

Runs Debian's ``python3``, where ``python3-uno`` lives (it does not import in a virtualenv).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from renaksi_xl.berkas.libreoffice import LibreOfficeError, run_uno

_SCRIPT = r"""
document, output, sheet_name, setup, typed = args
setup, typed = json.loads(setup), json.loads(typed)
doc = desktop.loadComponentFromURL(
    uno.systemPathToFileUrl(document), "_blank", 0, (prop("Hidden", True),))
sheet = doc.Sheets.getByName(sheet_name)
for cell, value in setup.items():
    target = sheet.getCellRangeByName(cell)
    if isinstance(value, str):
        target.setString(value)
    else:
        target.setValue(value)
controller = doc.getCurrentController()
controller.setActiveSheet(sheet)
frame = controller.getFrame()
dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
cells = {}
for cell, text in typed.items():
    dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
    dispatcher.executeDispatch(
        frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
    target = sheet.getCellRangeByName(cell)
    code = doc.NumberFormats.getByKey(target.NumberFormat).FormatString
    cells[cell] = {"value": target.getValue(), "format": code,
                   "x": target.Position.X, "width": target.Size.Width}
marked = sheet.showInvalid()
page = sheet.DrawPage
circles = [page.getByIndex(i) for i in range(page.Count)]
centres = [c.Position.X + c.Size.Width // 2 for c in circles]
invalid = sorted(cell for cell, d in cells.items()
                 if any(d["x"] <= x <= d["x"] + d["width"] for x in centres))
doc.calculateAll()
result = {"cells": cells, "marked": marked, "circles": len(circles), "invalid": invalid}
doc.storeToURL(uno.systemPathToFileUrl(output),
               (prop("FilterName", "Calc MS Excel 2007 XML"),))
print(json.dumps(result), flush=True)
try:
    doc.close(True)
except Exception:
    pass
"""


def type_in_calc(
    document: Path,
    output: Path,
    sheet: str,
    setup: dict[str, str | float],
    typed: dict[str, str],
    timeout: float = 240,
) -> dict[str, Any]:
    """Open ``document`` in Calc, set the ``setup`` cells, type each text of ``typed`` into
    its cell as a user would, mark invalid data, recalculate and save as ``output`` (xlsx).
    Returns each typed cell's value and format, and the typed cells marked invalid."""
    found: dict[str, Any] = run_uno(
        _SCRIPT,
        [
            str(document.resolve()),
            str(output.resolve()),
            sheet,
            json.dumps(setup),
            json.dumps(typed),
        ],
        timeout=timeout,
        strict_exit=False,  # closing the typed-into document may fail after it was saved
    )
    if not output.exists():
        raise LibreOfficeError(f"UNO tidak menyimpan {output}")
    return found
