"""Writer speed: our workbooks against openpyxl writing the same cells with the same styles
and nothing else (no validations, conditional formats, merges, print setup, cached formula
values or model handling). Target: ratio ≤ 1.3.

    python benchmarks/bench_writer.py [--ulang 5]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from bench_validasi import paired
from openpyxl import Workbook, load_workbook

from renaksi_xl import load, sample_path
from renaksi_xl.berkas.templates import TemplateRequest
from renaksi_xl.berkas.writer import STYLES, write_workbook
from renaksi_xl.core.model import Renaksi
from renaksi_xl.core.sifat import with_inferred_sifat

CellPlan = list[tuple[str, list[tuple[int, int, Any, str]]]]


def cell_plan(path: Path) -> CellPlan:
    """Every non-empty or styled cell of a written workbook: sheet, row, column, value, style."""
    book = load_workbook(path)
    plan: CellPlan = []
    for sheet in book.worksheets:
        cells = [
            (int(cell.row or 0), int(cell.column or 0), cell.value, str(cell.style))
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None or cell.style != "Normal"
        ]
        plan.append((sheet.title, cells))
    return plan


def bare_openpyxl(plan: CellPlan, path: Path) -> None:
    """The baseline: the same cells and named styles written with openpyxl, nothing more."""
    book = Workbook()
    for style in STYLES:
        book.add_named_style(style)
    first = True
    for title, cells in plan:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        first = False
        for row, column, value, style_name in cells:
            cell = sheet.cell(row=row, column=column, value=value)
            cell.style = style_name
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ulang", type=int, default=5, help="pengulangan per ukuran (median)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="renaksi-bench-"))
    imported: Renaksi = with_inferred_sifat(load(sample_path()))
    requests = [
        TemplateRequest(
            opd=f"Kecamatan Contoh {n:03d}",
            tahun=2021,
            tempat="Gresik",
            jabatan=f"CAMAT CONTOH {n:03d}",
            penandatangan="NAMA, S.Pd.",
            pangkat="Pembina",
            nip="196710201988031009",
        )
        for n in range(100)
    ]

    reference_path = write_workbook(imported, folder / "ref.xlsx")
    reference_plan = cell_plan(reference_path)
    reference = paired(
        lambda: write_workbook(imported, folder / "ref.xlsx"),
        lambda: bare_openpyxl(reference_plan, folder / "ref-base.xlsx"),
        args.ulang * 4,
    )

    plans = [cell_plan(write_workbook(r.model(), folder / r.file_name)) for r in requests]

    def ours_templates() -> None:
        for request in requests:
            write_workbook(request.model(), folder / request.file_name)

    def base_templates() -> None:
        for number, plan in enumerate(plans):
            bare_openpyxl(plan, folder / f"base-{number}.xlsx")

    many = paired(ours_templates, base_templates, max(1, args.ulang // 2))

    print(f"{'ukuran':<44}{'renaksi_xl':>12}{'openpyxl':>12}{'rasio':>8}")
    for label, (ours, base, ratio) in (
        ("menulis dokumen rujukan (impor, 1 berkas)", reference),
        ("membuat 100 templat kosong", many),
    ):
        print(f"{label:<44}{ours:>11.3f}s{base:>11.3f}s{ratio:>8.2f}")
    print("target: rasio ≤ 1,30")


if __name__ == "__main__":
    main()
