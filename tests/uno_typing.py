"""Typing into a workbook in LibreOffice Calc as a user would (through UNO's dispatcher, the
same path as the keyboard: ``18%`` becomes 0.18 with a percent format), then asking Calc
which cells break their data validation (Tools → Detective → Mark Invalid Data).

Runs Debian's ``python3``, where ``python3-uno`` lives (it does not import in a virtualenv).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from renaksi_xl.libreoffice import LibreOfficeError, soffice

_SCRIPT = r"""
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

document, output, soffice, profile, sheet_name, setup, typed = sys.argv[1:8]
setup, typed = json.loads(setup), json.loads(typed)
pipe = "renaksiketik" + str(os.getpid())
office = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless",
    "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            context = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    smgr = context.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
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
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
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
    python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    with tempfile.TemporaryDirectory(prefix="renaksi-uno-") as profile:
        result = subprocess.run(
            [
                python,
                "-c",
                _SCRIPT,
                str(document.resolve()),
                str(output.resolve()),
                soffice(),
                Path(profile).as_uri(),
                sheet,
                json.dumps(setup),
                json.dumps(typed),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines or not output.exists():
        raise LibreOfficeError(f"UNO gagal (kode {result.returncode}):\n{result.stderr}")
    found: dict[str, Any] = json.loads(lines[-1])
    return found
