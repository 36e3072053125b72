"""*Hitung Ulang* in a workbook: formulas put back where a user typed over them, every
formula's result recomputed and stored, and a *Capaian* sheet with the cumulative
percentages, program shares and budget-weighted progress (:mod:`renaksi_xl.compute`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from renaksi_xl import formulas
from renaksi_xl.capaian import CAPAIAN_SHEET, budget_rows, capaian_rows, row_of
from renaksi_xl.compute import recompute
from renaksi_xl.errors import LayoutError
from renaksi_xl.formulas import CellOut
from renaksi_xl.layout import KEGIATAN, PROGRAM, SASARAN, TableLayout
from renaksi_xl.loading import load
from renaksi_xl.model import Indikator, Renaksi, Source
from renaksi_xl.xlsxsave import (
    formula_results,
    open_workbook,
    results_by_sheet,
    save_with_cached_values,
)


@dataclass(frozen=True)
class Restored:
    """A formula put back where a value had been typed."""

    sheet: str
    cell: str
    typed: CellOut


@dataclass(frozen=True)
class HitungResult:
    """What recalculating one workbook did."""

    restored: tuple[Restored, ...]
    changed: int
    """Formula cells whose result differs from what the file had (restored ones included)."""


class _Formulas:
    """The formulas a sheet must have and their results, computed from its cell values."""

    def __init__(self, sheet: Worksheet, layout: TableLayout) -> None:
        self.sheet = sheet
        self.layout = layout
        self.wanted: dict[str, tuple[str, CellOut]] = {}

    def value(self, row: int, key: str) -> CellOut:
        coordinate = f"{self.layout.letter(key)}{row}"
        if coordinate in self.wanted:
            return self.wanted[coordinate][1]
        value = self.sheet[coordinate].value
        if (
            isinstance(value, str)
            and value.startswith("=")
            and self.sheet[coordinate].data_type == "f"
        ):
            return None  # a formula we do not own: its result is not ours to compute
        return value if isinstance(value, str | int | float) or value is None else str(value)

    def check(self, row: int) -> None:
        self.wanted[f"{self.layout.letter('cek')}{row}"] = formulas.check_row(
            self.layout, row, self.value
        )

    def subtotal(self, header: int, first: int, last: int) -> None:
        rows = [(self.value(r, "nama"), self.value(r, "anggaran")) for r in range(first, last + 1)]
        result = formulas.subtotal_value(self.value(header, "nama"), rows)
        text = formulas.subtotal_formula(self.layout, header, first, last)
        self.wanted[f"{self.layout.letter('anggaran')}{header}"] = (text, result)

    def total(self, row: int, headers: Sequence[int]) -> None:
        budget = self.layout.letter("anggaran")
        cells = [f"{budget}{h}" for h in headers]
        values = [self.wanted[c][1] if c in self.wanted else None for c in cells]
        self.wanted[f"{budget}{row}"] = (
            formulas.total_formula(cells),
            formulas.total_value(values),
        )


def recalculate(source: Path, target: Path) -> HitungResult:
    """Recalculate the template workbook ``source`` and save the result as ``target``."""
    renaksi = load(source)
    book = open_workbook(source)
    for layout in (SASARAN, PROGRAM, KEGIATAN):
        if layout.sheet not in book.sheetnames:
            raise LayoutError(
                f"bukan buku kerja templat Renaksi: lembar '{layout.sheet}' tidak ada "
                "(buat templat dengan 'renaksi impor' atau 'renaksi template')",
                file=source,
            )
    cached = formula_results(source, book)
    plans = {
        layout.sheet: _Formulas(book[layout.sheet], layout)
        for layout in (SASARAN, PROGRAM, KEGIATAN)
    }
    _plan_checks(renaksi, plans)
    _plan_budgets(renaksi, plans[KEGIATAN.sheet])
    restored: list[Restored] = []
    changed = 0
    for name, plan in plans.items():
        sheet = book[name]
        for coordinate, (text, result) in plan.wanted.items():
            cell = sheet[coordinate]
            if cell.value != text:
                if cell.data_type != "f" and cell.value not in (None, ""):
                    typed = cell.value
                    restored.append(
                        Restored(
                            name,
                            coordinate,
                            typed if isinstance(typed, str | int | float) else str(typed),
                        )
                    )
                cell.value = text
            previous = cached.get(name, {}).get(coordinate)
            if not _same(previous, result):
                changed += 1
            cached.setdefault(name, {})[coordinate] = result
    _write_capaian(book, recompute(renaksi))
    save_with_cached_values(book, target, results_by_sheet(book, cached))
    return HitungResult(tuple(restored), changed)


def _same(previous: CellOut, new: CellOut) -> bool:
    if isinstance(previous, int | float) and isinstance(new, int | float):
        return abs(previous - new) < 1e-9
    return (previous or "") == (new or "")


def _indicator_rows(renaksi: Renaksi) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []

    def add(sheet: str, indikator: Indikator, fallback: Source | None) -> None:
        row = (
            row_of(indikator.nama.source)
            or row_of(indikator.target.tahunan.source)
            or row_of(fallback)
        )
        if row is not None:
            rows.append((sheet, row))

    for sasaran in renaksi.sasaran:
        for indikator in sasaran.indikator:
            add(SASARAN.sheet, indikator, sasaran.source)
    for program in renaksi.program:
        for indikator in program.indikator:
            add(PROGRAM.sheet, indikator, program.source)
        for kegiatan in program.kegiatan:
            add(KEGIATAN.sheet, kegiatan.indikator, kegiatan.source)
            for aksi in kegiatan.aksi:
                add(KEGIATAN.sheet, aksi.indikator, aksi.source)
    return rows


def _plan_checks(renaksi: Renaksi, plans: dict[str, _Formulas]) -> None:
    for sheet, row in _indicator_rows(renaksi):
        plans[sheet].check(row)


def _plan_budgets(renaksi: Renaksi, plan: _Formulas) -> None:
    ranges, total_row = budget_rows(renaksi)
    for header, first, last in ranges:
        plan.subtotal(header, first, last)
    if total_row is not None:
        plan.total(total_row, [header for header, _, _ in ranges])


_CAPAIAN_STYLES: dict[str, dict[str, object]] = {
    "rnx_capaian_tautan": {"font": Font(color="0563C1", underline="single")},
    "rnx_capaian_rupiah": {"number_format": "#,##0"},
    "rnx_capaian_persen": {"number_format": "0.00"},
    "rnx_capaian_judul": {"font": Font(bold=True)},
}


def _named_styles(book: Workbook) -> None:
    """Named styles for the Capaian sheet: assigning a name is far cheaper than building a
    style per cell."""
    from openpyxl.styles import NamedStyle

    existing = set(book.named_styles)
    for name, parts in _CAPAIAN_STYLES.items():
        if name not in existing:
            style = NamedStyle(name=name)
            for attribute, value in parts.items():
                setattr(style, attribute, value)
            book.add_named_style(style)


def _write_capaian(book: Workbook, renaksi: Renaksi) -> None:
    """The computed values as a sheet of their own, rewritten on every run."""
    _named_styles(book)
    if CAPAIAN_SHEET in book.sheetnames:
        del book[CAPAIAN_SHEET]
    sheet = book.create_sheet(CAPAIAN_SHEET)
    rows, layout = capaian_rows(renaksi)
    for values in rows:
        sheet.append(values)
    sheet["A1"].font = Font(bold=True, size=12)
    for row_number in (layout.program_header, layout.indicator_header):
        for cell in sheet[row_number]:
            cell.style = "rnx_capaian_judul"
    for row_number, where in layout.links:
        if where.sheet in book.sheetnames:
            link = sheet.cell(row=row_number, column=2)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{where.sheet}'!{where.cell}"
            )
            link.style = "rnx_capaian_tautan"
    for row in sheet.iter_rows(min_row=layout.program_header + 1):
        for cell in row[1:2]:
            if isinstance(cell.value, int):
                cell.style = "rnx_capaian_rupiah"
        for cell in row[2:]:
            if isinstance(cell.value, float):
                cell.style = "rnx_capaian_persen"
    for letter, width in zip("ABCDEFGHI", (40, 16, 40, 40, 13, 12, 10, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["A1"].alignment = Alignment(wrap_text=False)


@dataclass(frozen=True)
class FileOutcome:
    """One file of a bulk run: where the result went, or why there is none."""

    source: Path
    target: Path | None
    result: HitungResult | None
    error: str | None


def output_path(source: Path, in_place: bool) -> Path:
    """``x.xlsx`` → ``x-dihitung.xlsx`` (or ``x.xlsx`` itself with ``in_place``)."""
    return source if in_place else source.with_name(f"{source.stem}-dihitung{source.suffix}")


def recalculate_file(source: Path, in_place: bool) -> FileOutcome:
    """Recalculate one file for a (possibly parallel) bulk run; never raises for bad input
    and never touches a file it could not process."""
    import shutil
    from datetime import datetime

    from renaksi_xl.errors import RenaksiError
    from renaksi_xl.files import write_atomically

    try:
        if in_place:
            problem = _not_writable(source)
            if problem:
                return FileOutcome(source, None, None, f"{problem}; tidak diubah")
        target = output_path(source, in_place)
        results: list[HitungResult] = []

        def write(temporary: Path) -> None:
            results.append(recalculate(source, temporary))
            if in_place:
                # only once the result exists: a file that fails leaves no backup behind
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                backup = source.with_name(f"{source.stem}.cadangan-{stamp}{source.suffix}")
                shutil.copy2(source, backup)

        write_atomically(target, write)
        return FileOutcome(source, target, results[0], None)
    except RenaksiError as error:
        return FileOutcome(source, None, None, error.message)
    except Exception as error:  # a damaged file can break openpyxl in many ways
        return FileOutcome(
            source, None, None, f"tidak dapat diproses ({type(error).__name__}: {error})"
        )


def _not_writable(path: Path) -> str | None:
    """Why the file must not be replaced, if it must not: marked read-only, or open in Excel
    (which leaves a ``~$`` lock file beside it)."""
    import os
    import stat

    if path.with_name(f"~${path.name}").exists():
        return "sedang dibuka di Excel (terkunci)"
    # the mode bits, not os.access: an administrator may write anything, but a file marked
    # read-only was marked so on purpose
    if not path.stat().st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        return "berkas hanya-baca"
    return None


SKIPPED_NAME = re.compile(r"(-dihitung|-divalidasi|\.cadangan-\d{8}-\d{6})$")


def find_workbooks(paths: Sequence[Path]) -> list[Path]:
    """The workbooks named, and every ``.xlsx``/``.xlsm`` below the folders named, without
    this tool's own outputs and backups, or Excel's lock files (``~$…``)."""
    found: list[Path] = []
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.suffix.lower() not in (".xlsx", ".xlsm") or candidate.name.startswith(
                "~$"
            ):
                continue
            if path.is_dir() and (
                SKIPPED_NAME.search(candidate.stem) or candidate.name.startswith(".")
            ):
                continue
            found.append(candidate)
    return found
