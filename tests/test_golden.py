"""Generated workbooks compared with golden files by content: values, formulas, number
formats, bold, merges, validations, conditional formats and print setup.

After an intended change to the writer: ``pytest tests/test_golden.py --regenerate-golden``,
then review the diff of ``tests/golden/`` like any other change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from workbook_content import workbook_content

from renaksi_xl import Renaksi
from renaksi_xl.berkas.templates import SAMPLE_REQUEST
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.sifat import with_inferred_sifat

GOLDEN = Path(__file__).parent / "golden"


def _models(reference: Renaksi) -> dict[str, Renaksi]:
    return {
        "templat-kosong": SAMPLE_REQUEST.model(),
        "sidayu-2020": with_inferred_sifat(reference),
    }


@pytest.mark.parametrize("name", ["templat-kosong", "sidayu-2020"])
def test_workbook_matches_golden(
    name: str, reference: Renaksi, tmp_path: Path, regenerate_golden: bool
) -> None:
    path = write_workbook(_models(reference)[name], tmp_path / f"{name}.xlsx")
    content: dict[str, Any] = json.loads(json.dumps(workbook_content(path), ensure_ascii=False))
    golden = GOLDEN / f"{name}.json"
    if regenerate_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for sheet in expected:
        assert content[sheet] == expected[sheet], f"lembar {sheet} berbeda dari {golden.name}"
    assert list(content) == list(expected)
