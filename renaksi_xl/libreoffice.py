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
