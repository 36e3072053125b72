"""The OOXML checker we did not write (``tests/ooxml/check.py``, a copy of
``shared/ooxml``): structure, ECMA-376 schemas and the ribbon schema, run on our outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

CHECKER = Path(__file__).parent / "ooxml" / "check.py"


def ooxml_defects(paths: Sequence[Path]) -> dict[str, list[str]]:
    """Every defect the checker finds, per file (an empty list for a clean file)."""
    result = subprocess.run(
        [sys.executable, str(CHECKER), "--json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode not in (0, 1):
        raise AssertionError(f"check.py failed: {result.stderr}")
    report = json.loads(result.stdout)
    return {
        str(entry["file"]): [_line(defect) for defect in entry["defects"]]
        for entry in report["files"]
    }


def _line(defect: object) -> str:
    if isinstance(defect, dict):
        return ": ".join(str(defect.get(key, "")) for key in ("part", "where", "message"))
    return str(defect)


def assert_excel_opens(*paths: Path) -> None:
    """No known cause of Excel's repair prompt or refusal in any of ``paths``."""
    defects = {name: found for name, found in ooxml_defects(paths).items() if found}
    assert not defects, json.dumps(defects, indent=1, ensure_ascii=False)
