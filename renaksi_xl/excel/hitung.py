"""*Hitung Ulang* in the open workbook: the budget formulas a user typed over put back, and
the *Capaian* sheet set up for printing as far as every xlwings engine can."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from renaksi_xl.core.capaian import (
    CAPAIAN_SHEET,
    LINK_COLUMN,
    WIDTHS,
    budget_formula_plan,
    capaian_rows,
    level_budget_plan,
)
from renaksi_xl.core.formulas import grid_cell
from renaksi_xl.core.layout import (
    KEGIATAN_SEKARANG,
    SHEET_KEGIATAN,
    column_number,
    kegiatan_layout_of,
    split_coordinate,
)
from renaksi_xl.core.model import Renaksi
from renaksi_xl.excel.lembar import (
    CAPAIAN,
    add_own_sheet,
    column_width,
    own_sheets,
    sheet_names,
    sheet_values,
)


def write_capaian(book: Any, computed: Renaksi) -> None:
    """The *Capaian* sheet of the computed document, in place of the one the tool wrote
    before (never a user's sheet so called), with links to the indicators' cells."""
    for name, kind in own_sheets(book).items():
        if kind == CAPAIAN:
            book.sheets[name].delete()
    sheet = add_own_sheet(book, CAPAIAN_SHEET, CAPAIAN)
    rows, layout = capaian_rows(computed)
    width = max(len(r) for r in rows)
    sheet["A1"].value = [r + [None] * (width - len(r)) for r in rows]
    for row_number, where in layout.links:
        sheet[f"{LINK_COLUMN}{row_number}"].add_hyperlink(
            f"#'{where.sheet}'!{where.cell}", where.describe()
        )
    format_capaian(book, sheet, len(rows), layout)


def format_capaian(book: Any, sheet: Any, height: int, layout: Any) -> None:
    """What of the command line's Capaian print setup xlwings can say on every engine:
    column widths, the merged program names, bold title, headers and total, wrapped
    headers, ``#,##0`` for rupiah and ``0.00`` for percentages, and the print area. Borders,
    the header fill, orientation, fit to width and print titles are not set (the remote
    engine has no page setup but the print area)."""
    last = chr(ord("A") + len(WIDTHS) - 1)
    for number, chars in enumerate(WIDTHS):
        sheet.range(f"{chr(ord('A') + number)}1").column_width = column_width(book, chars)
    sheet["A1"].font.bold = True
    for header in (layout.program_header, layout.indicator_header):
        cells = sheet.range(f"A{header}:{last}{header}")
        cells.font.bold = True
        cells.wrap_text = True
    for merged in layout.merges:
        sheet.range(merged).merge()
    first, end = layout.program_rows[0], layout.program_rows[-1]
    sheet.range(f"A{end}:{last}{end}").font.bold = True  # the total
    sheet.range(f"D{first}:D{end}").number_format = "#,##0"
    sheet.range(f"E{first}:{last}{end}").number_format = "0.00"
    if height > layout.indicator_header:
        sheet.range(f"F{layout.indicator_header + 1}:{last}{height}").number_format = "0.00"
    sheet.page_setup.print_area = f"A1:{last}{height}"


def restore_formulas(book: Any, renaksi: Renaksi, computed: Renaksi) -> list[str]:
    """Write back the budget formulas (program subtotals and the total; in today's shape the
    pagu of kegiatan, program and the total) whose cell shows another value than the one
    the formula gives from the values shown (a typed number); returns the cells."""
    if SHEET_KEGIATAN not in sheet_names(book):
        return []
    sheet = book.sheets[SHEET_KEGIATAN]
    grid = sheet_values(sheet)
    if kegiatan_layout_of(grid) is KEGIATAN_SEKARANG:
        # the file path's plan, on the values Excel shows: which cell was typed over
        plan = level_budget_plan(grid, _grid_value(grid), chained=False)
    else:
        plan = budget_formula_plan(renaksi, computed)
    restored = []
    for cell, formula, expected in plan:
        split = split_coordinate(cell)
        shown = _at(grid, split[1], split[0]) if split else None
        if not _same(shown, expected):
            sheet[cell].formula = formula
            restored.append(f"{SHEET_KEGIATAN}!{cell}")
    return restored


def _grid_value(grid: list[list[Any]]) -> Callable[[int, str], Any]:
    """A cell of today's Kegiatan sheet by row and column key, as Excel shows it (a whole
    number as an int, as a cell stores it)."""

    def value(row: int, key: str) -> Any:
        return _at(grid, row, KEGIATAN_SEKARANG.letter(key))

    return value


def _at(grid: list[list[Any]], row: int, letter: str) -> Any:
    return grid_cell(grid, row, column_number(letter))


def _same(shown: Any, expected: Any) -> bool:
    if shown in (None, "") and expected in (None, ""):
        return True  # a formula showing nothing (a row without a name yet)
    if isinstance(shown, int | float) and isinstance(expected, int | float):
        return abs(shown - expected) < 0.5
    return bool(shown == expected)
