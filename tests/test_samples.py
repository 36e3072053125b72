"""The sample workbooks in workbooks/ are what the generating script produces today."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from workbook_content import workbook_content

from renaksi_xl import load

ROOT = Path(__file__).resolve().parents[1]


def _generate_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "workbooks_generate", ROOT / "workbooks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_committed_samples_are_up_to_date(tmp_path: Path) -> None:
    generate = _generate_module()
    fresh = generate.generate(tmp_path)  # type: ignore[attr-defined]
    for path in fresh:
        committed = ROOT / "workbooks" / path.name
        assert committed.exists(), f"{committed} hilang: jalankan python workbooks/generate.py"
        assert workbook_content(committed) == workbook_content(path), (
            f"{committed.name} usang: jalankan python workbooks/generate.py"
        )


def test_imported_sample_holds_the_reference_numbers() -> None:
    renaksi = load(ROOT / "workbooks" / "renaksi-kecamatan-sidayu-2020.xlsx")
    assert renaksi.total_tertulis is not None
    assert renaksi.total_tertulis.value == 1_021_600_000
    assert sum(len(p.kegiatan) for p in renaksi.program) == 29
