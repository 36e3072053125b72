"""*Hitung Ulang* in a workbook: formulas put back where a user typed over them, every
formula's result recomputed and stored, and a *Capaian* sheet with the cumulative
percentages, program shares and budget-weighted progress (:mod:`renaksi_xl.core.compute`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from renaksi_xl.berkas.loading import load_template
from renaksi_xl.berkas.xlsxpatch import (
    OWN_SHEET_MARK,
    CellStyle,
    Package,
    PackageError,
    PageSetup,
    SheetXml,
    worksheet_xml,
)
from renaksi_xl.core import formulas
from renaksi_xl.core.capaian import (
    CAPAIAN_SHEET,
    LINK_COLUMN,
    TITLE,
    WIDTHS,
    budget_rows,
    capaian_rows,
    level_budget_plan,
    row_heights,
    row_of,
)
from renaksi_xl.core.compute import recompute
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.layout import (
    JENIS_PROGRAM,
    KEGIATAN,
    KEGIATAN_SEKARANG,
    PAPER_SIZES,
    PROGRAM,
    SASARAN,
    TableLayout,
    column_number,
    kegiatan_layout_of,
    split_coordinate,
)
from renaksi_xl.core.model import Indikator, Renaksi, Source
from renaksi_xl.core.record import record
from renaksi_xl.errors import LayoutError


@record
class Restored:
    """A formula put back where a value had been typed."""

    sheet: str
    cell: str
    typed: CellOut


@record
class HitungResult:
    """What recalculating one workbook did."""

    restored: tuple[Restored, ...]
    changed: int
    """Formula cells whose result differs from what the file had (restored ones included)."""


class _Formulas:
    """The formulas a sheet must have and their results, computed from its cell values."""

    def __init__(self, sheet: SheetXml, values: Sequence[Sequence[object]], layout: TableLayout):
        self.sheet = sheet
        self.values = values
        self.layout = layout
        self.wanted: dict[str, tuple[str, CellOut]] = {}

    def stored(self, coordinate: str) -> CellOut:
        """What the file holds at ``coordinate``: a constant, or a formula's cached result."""
        split = split_coordinate(coordinate)
        if split is None:
            return None
        return formulas.grid_cell(self.values, split[1], column_number(split[0]))

    def value(self, row: int, key: str) -> CellOut:
        coordinate = f"{self.layout.letter(key)}{row}"
        if coordinate in self.wanted:
            return self.wanted[coordinate][1]
        if self.sheet.formula(coordinate) is not None:
            return None  # a formula we do not own: its result is not ours to compute
        return self.stored(coordinate)

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

    def apply(self, restored: list[Restored]) -> int:
        """Write the wanted formulas and results into the sheet; returns how many results
        differ from what the file had, and adds the typed-over cells to ``restored``."""
        changed = 0
        for coordinate, (text, result) in self.wanted.items():
            existing = self.sheet.formula(coordinate)
            stored = self.stored(coordinate)
            previous = stored if existing is not None else None  # a typed value is no result
            if existing is None and stored is not None:
                restored.append(Restored(self.layout.sheet, coordinate, stored))
            if not _same(previous, result):
                changed += 1
            if existing != text or not _same(previous, result):
                self.sheet.set_formula(coordinate, text, result)
        return changed


def recalculate(source: Path, target: Path) -> HitungResult:
    """Recalculate the template workbook ``source`` and save the result as ``target``.

    Only the formula cells and the Capaian sheet are rewritten (:mod:`renaksi_xl.berkas.xlsxpatch`);
    every other part of the file is copied as it is."""
    renaksi, grids = load_template(source)
    kegiatan_layout = kegiatan_layout_of(grids[KEGIATAN.sheet])
    try:
        with Package(source) as package:
            plans = {
                layout.sheet: _Formulas(package.sheet(layout.sheet), grids[layout.sheet], layout)
                for layout in (SASARAN, PROGRAM, kegiatan_layout)
            }
            _plan_checks(renaksi, plans)
            if kegiatan_layout is KEGIATAN_SEKARANG:
                _plan_level_budgets(plans[KEGIATAN.sheet])
            else:
                _plan_budgets(renaksi, plans[KEGIATAN.sheet])
            restored: list[Restored] = []
            changed = sum(plan.apply(restored) for plan in plans.values())
            _write_capaian(package, recompute(renaksi))
            package.save(target)
    except (PackageError, KeyError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise LayoutError(f"buku kerja tidak dapat diubah ({error})", file=source) from error
    return HitungResult(tuple(restored), changed)


def _plan_level_budgets(plan: _Formulas) -> None:
    """Today's shape: the pagu of every kegiatan and program row and the total."""
    for cell, text, result in level_budget_plan(plan.values, plan.value):
        plan.wanted[cell] = (text, result)


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
            for sub in kegiatan.sub_kegiatan:
                add(KEGIATAN.sheet, sub.indikator, sub.source)
                for aksi in sub.aksi:
                    add(KEGIATAN.sheet, aksi.indikator, aksi.source)
    return rows


def _plan_checks(renaksi: Renaksi, plans: dict[str, _Formulas]) -> None:
    for sheet, row in _indicator_rows(renaksi):
        plans[sheet].check(row)


def _plan_budgets(renaksi: Renaksi, plan: _Formulas) -> None:
    kind = column_number(plan.layout.letter("jenis")) - 1
    marked = [
        number
        for number, row in enumerate(plan.values, start=1)
        if len(row) > kind and str(row[kind]).strip().casefold() == JENIS_PROGRAM
    ]
    ranges, total_row = budget_rows(renaksi, marked)
    for header, first, last in ranges:
        plan.subtotal(header, first, last)
    if total_row is not None:
        plan.total(total_row, [header for header, _, _ in ranges])


TITLE_STYLE = CellStyle(bold=True, size=12)
HEADER_STYLE = CellStyle(bold=True, wrap=True, horizontal="center", border=True, fill="D9E1F2")
TEXT_STYLE = CellStyle(wrap=True, border=True)
TOTAL_STYLE = CellStyle(bold=True, wrap=True, border=True)
LINK_STYLE = CellStyle(link=True, border=True)
RUPIAH_STYLE = CellStyle(number_format=3, border=True)  # built-in #,##0
TOTAL_RUPIAH_STYLE = CellStyle(bold=True, number_format=3, border=True)
PERCENT_STYLE = CellStyle(number_format=2, border=True)  # built-in 0.00
TOTAL_PERCENT_STYLE = CellStyle(bold=True, number_format=2, border=True)


def _write_capaian(package: Package, renaksi: Renaksi) -> None:
    """The computed values as a sheet of their own, rewritten on every run, that prints on
    A4 at page width with the indicator table's header on every page."""
    styles = package.add_cell_styles(
        [
            TITLE_STYLE,
            HEADER_STYLE,
            TEXT_STYLE,
            TOTAL_STYLE,
            LINK_STYLE,
            RUPIAH_STYLE,
            TOTAL_RUPIAH_STYLE,
            PERCENT_STYLE,
            TOTAL_PERCENT_STYLE,
        ]
    )
    title, header, text, total, link, rupiah, total_rupiah, persen, total_persen = styles
    rows, layout = capaian_rows(renaksi)
    names = set(package.sheet_names)
    links = {
        row: f"'{where.sheet}'!{where.cell}" for row, where in layout.links if where.sheet in names
    }
    headers = (layout.program_header, layout.indicator_header)
    total_row = layout.program_rows[-1] if layout.program_rows else 0
    widths = {len(r) for r in rows[layout.program_header - 1 :] if r}

    def style_of(row: int, column: int, value: CellOut) -> int | None:
        if row == 1:
            return title if column == 1 else None
        if row in headers:
            return header
        if row < layout.program_header or not rows[row - 1]:
            return None
        if row == total_row:
            if isinstance(value, int | float):
                return total_rupiah if isinstance(value, int) else total_persen
            return total
        if isinstance(value, int):
            return rupiah
        if column == link_column and row in links:
            return link
        return persen if isinstance(value, float) else text

    link_column = column_number(LINK_COLUMN)
    # every cell of a table row is written, blank or not, so each has its box
    table = [
        list(r) + [None] * (max(widths) - len(r)) if i >= layout.program_header - 1 and r else r
        for i, r in enumerate(rows)
    ]
    xml = worksheet_xml(
        table,
        style_of,
        [(f"{LINK_COLUMN}{r}", at) for r, at in links.items()],
        WIDTHS,
        heights=row_heights(rows, layout),
        merges=layout.merges,
        frozen_rows=layout.program_header,
        page=PageSetup(orientation="portrait", paper=_paper_of(package)),
    )
    # the sheet this tool wrote before, told by its marker: a user's own "Capaian" is never
    # overwritten (ours is then "Capaian (2)"), and what hung from ours goes with it
    ours = next((n for n, kind in package.own_sheets().items() if kind == CAPAIAN_KIND), None)
    if ours is None and _capaian_before_the_marker(package):
        ours = CAPAIAN_SHEET
        index = package.sheet_names.index(ours)
        package.add_defined_name(OWN_SHEET_MARK, f'"{CAPAIAN_KIND}"', index)
    if ours is None:
        ours = package.add_own_sheet(CAPAIAN_SHEET, xml, CAPAIAN_KIND)
    else:
        package.replace_own_sheet(ours, xml)
    package.set_print_titles(ours, layout.indicator_header, layout.indicator_header)


def _capaian_before_the_marker(package: Package) -> bool:
    """Whether "Capaian" is the sheet an earlier version wrote (before the marker): its
    title, which names this tool, and its table's header, not its name alone."""
    if CAPAIAN_SHEET not in package.sheet_names:
        return False
    cells = ("A1", "A3", "B3")
    wanted = (TITLE, "Program", "Anggaran (Rp)")  # as versions before the marker wrote them
    return all(package.cell_text(CAPAIAN_SHEET, c) == w for c, w in zip(cells, wanted, strict=True))


CAPAIAN_KIND = "capaian"
"""What the *Capaian* sheet is called in its marker (:meth:`Package.own_sheets`)."""


def _paper_of(package: Package) -> int:
    """The paper the Renaksi prints on (A4, or F4 where the user chose it), as the Kegiatan
    sheet says: the Capaian sheet prints on the same."""
    try:
        xml = package.sheet(KEGIATAN.sheet).xml
    except PackageError:
        return PAPER_SIZES["A4"]
    found = re.search(r'<pageSetup\b[^>]*?\bpaperSize="(\d+)"', xml)
    paper = int(found.group(1)) if found else PAPER_SIZES["A4"]
    return paper if paper in PAPER_SIZES.values() else PAPER_SIZES["A4"]


@record
class FileOutcome:
    """One file of a bulk run: where the result went, or why there is none."""

    source: Path
    target: Path | None
    result: HitungResult | None
    error: str | None


def output_path(source: Path, in_place: bool) -> Path:
    """``x.xlsx`` → ``x-dihitung.xlsx`` (or ``x.xlsx`` itself with ``in_place``)."""
    return source if in_place else source.with_name(f"{source.stem}-dihitung{source.suffix}")


def recalculate_file(
    source: Path, in_place: bool, overwrite: bool = False, inputs: Sequence[Path] = ()
) -> FileOutcome:
    """Recalculate one file for a (possibly parallel) bulk run; never raises for bad input
    and never touches a file it could not process. A ``-dihitung`` file that exists is
    replaced only with ``overwrite``, and never when it is one of the run's ``inputs``."""
    from renaksi_xl.berkas.files import publish, replace_in_place
    from renaksi_xl.errors import RenaksiError

    results: list[HitungResult] = []

    def write(temporary: Path) -> None:
        results.append(recalculate(source, temporary))

    try:
        if in_place:
            replace_in_place(source, write)
            return FileOutcome(source, source, results[0], None)
        target = output_path(source, in_place)
        publish(target, write, inputs=[source, *inputs], overwrite=overwrite)
        return FileOutcome(source, target, results[0], None)
    except RenaksiError as error:
        return FileOutcome(source, None, None, error.message)
    except Exception as error:  # a damaged file can break a reader in many ways
        return FileOutcome(
            source, None, None, f"tidak dapat diproses ({type(error).__name__}: {error})"
        )


SKIPPED_NAME = re.compile(r"(-dihitung|-divalidasi|\.cadangan-\d{8}-\d{6}(-\d+)?)$")


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


def skipped_lines(paths: Sequence[Path]) -> list[str]:
    """What :func:`find_workbooks` passes over in the folders named, as lines for the user:
    this tool's own results (``-dihitung``, ``-divalidasi``) and backups, which are not
    recalculated again."""
    skipped = [
        candidate
        for path in paths
        if path.is_dir()
        for candidate in sorted(path.rglob("*"))
        if candidate.suffix.lower() in (".xlsx", ".xlsm")
        and not candidate.name.startswith(("~$", "."))
        and SKIPPED_NAME.search(candidate.stem)
    ]
    if not skipped:
        return []
    names = ", ".join(str(p) for p in skipped[:5])
    more = f" dan {len(skipped) - 5} lagi" if len(skipped) > 5 else ""
    return [
        f"Dilewati {len(skipped)} berkas hasil atau cadangan renaksi "
        f"(-dihitung, -divalidasi, .cadangan-…): {names}{more}"
    ]
