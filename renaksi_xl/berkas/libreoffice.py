"""LibreOffice Calc, headless: recalculate workbooks and render them to PDF.

Used by the tests (a real spreadsheet engine checks our formulas and cached values) and by
the sample scripts (the README's picture of a printed page). Needs ``soffice`` on PATH
(Debian: ``libreoffice-calc-nogui``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""


class LibreOfficeError(RuntimeError):
    """soffice is missing, failed, or did not write what was asked."""


def soffice() -> str:
    """Path of the ``soffice`` program."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise LibreOfficeError(
            "LibreOffice (soffice) tidak ditemukan; pasang paket libreoffice-calc-nogui"
        )
    return found


def convert(
    inputs: Sequence[Path],
    outdir: Path,
    target: str = "xlsx",
    *,
    timeout: float = 300,
) -> list[Path]:
    """Open each input in Calc, recalculate every formula, and save it as ``target``
    (``xlsx``, ``pdf``, …) in ``outdir``. One soffice process for all inputs."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="renaksi-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        command = [
            soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *(str(p) for p in inputs),
        ]
        env = {**os.environ, "LANG": os.environ.get("RENAKSI_LO_LANG", "id_ID.UTF-8")}
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, env=env
        )
    outputs = [outdir / f"{p.stem}.{target.split(':')[0]}" for p in inputs]
    missing = [p for p in outputs if not p.exists()]
    if result.returncode != 0 or missing:
        raise LibreOfficeError(
            f"soffice gagal (kode {result.returncode}); tidak ada: {missing}\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return outputs


_UNO_PRELUDE = r"""
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

soffice, profile, args = sys.argv[1], sys.argv[2], sys.argv[3:]
pipe = "renaksi" + str(os.getpid())
office = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless",
    "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
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
    smgr = context.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
{body}
finally:
    try:
        if desktop is not None:
            desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
"""


def run_uno(
    body: str, arguments: Sequence[str], *, timeout: float = 240, strict_exit: bool = True
) -> Any:
    """Run ``body`` in Debian's ``python3`` (where ``python3-uno`` lives: it does not import in
    a virtualenv) against a LibreOffice started for it with a fresh profile, and return the
    last JSON line it printed. The body finds ``uno``, ``json``, ``prop(name, value)``,
    ``context``, ``smgr``, ``desktop`` and its ``args`` (``arguments``) ready."""
    import json
    import textwrap

    python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    script = _UNO_PRELUDE.replace("{body}", textwrap.indent(textwrap.dedent(body), "    "))
    with tempfile.TemporaryDirectory(prefix="renaksi-uno-") as profile:
        result = subprocess.run(
            [python, "-c", script, soffice(), Path(profile).as_uri(), *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if (strict_exit and result.returncode != 0) or not lines:
        raise LibreOfficeError(f"UNO gagal (kode {result.returncode}):\n{result.stderr}")
    return json.loads(lines[-1])


_BASIC_MODULES = r"""
document = args[0]
props = (prop("Hidden", True),)
if document.lower().endswith(".xlam"):
    props += (prop("FilterName", "Calc MS Excel 2007 XML"),)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(document), "_blank", 0, props)
result = {}
if doc is not None:
    libraries = doc.BasicLibraries
    for name in libraries.getElementNames():
        libraries.loadLibrary(name)
        result[name] = sorted(libraries.getByName(name).getElementNames())
    doc.close(True)
print(json.dumps({"loaded": doc is not None, "libraries": result}))
"""


def basic_modules(document: Path, timeout: float = 240) -> dict[str, object]:
    """Open ``document`` in LibreOffice and list its Basic libraries and their modules
    (``{"loaded": bool, "libraries": {name: [modules]}}``)."""
    found: dict[str, object] = run_uno(_BASIC_MODULES, [str(document.resolve())], timeout=timeout)
    return found
