"""Rows whose text LibreOffice would need more height for than the file gives them: for
each row of the named sheets, the height written in the file against the height Calc
computes for the row's content (its *optimal height*), as Calc lays the text out for
printing. A row shorter than its content prints cut."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from renaksi_xl.libreoffice import LibreOfficeError, soffice

_SCRIPT = r"""
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

document, soffice, profile, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
pipe = "renaksihoehe" + str(os.getpid())
office = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless",
    "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context)
    hidden = PropertyValue(); hidden.Name = "Hidden"; hidden.Value = True
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(document), "_blank", 0, (hidden,))
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
finally:
    try:
        if desktop is not None:
            desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
"""


def cut_rows(
    workbook: Path, sheets: Sequence[str], tolerance: float = 0.1
) -> dict[str, list[tuple[int, float, float]]]:
    """(row, height in the file, height needed) in points for every row of ``sheets`` that
    is shorter than its content by more than ``tolerance`` of a line's height."""
    python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    with tempfile.TemporaryDirectory(prefix="renaksi-hoehe-") as profile:
        done = subprocess.run(
            [
                python,
                "-c",
                _SCRIPT,
                str(workbook.resolve()),
                soffice(),
                Path(profile).as_uri(),
                *sheets,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise LibreOfficeError(f"UNO gagal (kode {done.returncode}):\n{done.stderr}")
    found: dict[str, list[list[int]]] = json.loads(lines[-1])
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
