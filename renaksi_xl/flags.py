"""Findings written into the workbook, and taken out again.

Each cell a finding concerns gets a fill colour per severity and a note with the message; a
*Hasil Validasi* sheet lists every finding with a link to its cell. What a cell looked like
before (its fill and its note) is kept in a hidden sheet, so that marking again replaces
the previous marks instead of stacking them, and :func:`clear_marks` restores exactly the
user's own fills and notes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import fromstring, tostring

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.fills import Fill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties

from renaksi_xl.findings import Report
from renaksi_xl.marks import (
    COLORS,
    NOTE_AUTHOR,
    RESULT_SHEET,
    STATE_SHEET,
    cell_marks,
)
from renaksi_xl.xlsxsave import (
    formula_results,
    open_workbook,
    results_by_sheet,
    save_with_cached_values,
)

FILLS = {severity: PatternFill("solid", fgColor=color) for severity, color in COLORS.items()}


@dataclass(frozen=True)
class MarkSummary:
    """What marking did: cells marked, findings listed, findings without a cell."""

    cells: int
    findings: int
    without_cell: int


def mark_workbook(source: Path, report: Report, target: Path) -> MarkSummary:
    """Write ``report`` into a copy of ``source`` saved as ``target`` (may be the same path
    only through :func:`renaksi_xl.files.write_atomically`)."""
    book = open_workbook(source)
    cached = formula_results(source, book)
    _restore(book)
    marks, without_cell = cell_marks(report, book.sheetnames)
    state = book.create_sheet(STATE_SHEET)
    state.sheet_state = "veryHidden"
    state.append(["lembar", "sel", "isi_asli"])
    for mark in marks:
        cell = book[mark.sheet][mark.cell]
        state.append([mark.sheet, mark.cell, json.dumps(_snapshot(cell), ensure_ascii=False)])
        cell.fill = FILLS[mark.severity]
        own = cell.comment.text if cell.comment is not None else ""
        cell.comment = Comment(mark.note(own), NOTE_AUTHOR, width=320, height=140)
    _write_results(book, report)
    save_with_cached_values(book, target, results_by_sheet(book, cached))
    return MarkSummary(len(marks), len(report.findings), without_cell)


def clear_marks(source: Path, target: Path) -> int:
    """Remove every mark this tool made in ``source`` and save as ``target``; returns how
    many cells were restored (0: there were no marks, nothing is written)."""
    book = open_workbook(source)
    if STATE_SHEET not in book.sheetnames and RESULT_SHEET not in book.sheetnames:
        return 0
    cached = formula_results(source, book)
    restored = _restore(book)
    save_with_cached_values(book, target, results_by_sheet(book, cached))
    return max(restored, 1)


def has_marks(path: Path) -> bool:
    """Whether the workbook carries marks of this tool."""
    from renaksi_xl.guard import open_calamine

    names = open_calamine(path).sheet_names
    return STATE_SHEET in names or RESULT_SHEET in names


def _snapshot(cell: Any) -> dict[str, Any]:
    comment = cell.comment
    return {
        "fill": tostring(cell.fill.to_tree(), encoding="unicode"),
        "comment": None
        if comment is None
        else {
            "text": comment.text,
            "author": comment.author,
            "width": comment.width,
            "height": comment.height,
        },
    }


def _restore(book: Workbook) -> int:
    """Put back what marked cells looked like and drop the tool's sheets."""
    restored = 0
    if STATE_SHEET in book.sheetnames:
        state = book[STATE_SHEET]
        for sheet_name, coordinate, original in state.iter_rows(min_row=2, values_only=True):
            if sheet_name not in book.sheetnames or not coordinate or not original:
                continue
            cell = book[str(sheet_name)][str(coordinate)]
            snapshot = json.loads(str(original))
            cell.fill = Fill.from_tree(fromstring(snapshot["fill"])) or PatternFill()  # type: ignore[arg-type]
            comment = snapshot["comment"]
            cell.comment = (
                None
                if comment is None
                else Comment(
                    comment["text"],
                    comment["author"],
                    width=comment["width"],
                    height=comment["height"],
                )
            )
            restored += 1
        del book[STATE_SHEET]
    if RESULT_SHEET in book.sheetnames:
        del book[RESULT_SHEET]
    return restored


def _write_results(book: Workbook, report: Report) -> None:
    sheet = book.create_sheet(RESULT_SHEET)
    counts = report.counts
    sheet.append(["Hasil Validasi Renaksi"])
    sheet.append(
        [
            f"{counts['error']} galat, {counts['warning']} peringatan, {counts['info']} info — "
            + ("siap ditandatangani" if report.ok else "belum siap ditandatangani")
        ]
    )
    sheet.append([])
    sheet.append(["No", "Tingkat", "Kode", "Lokasi", "Butir", "Pesan"])
    sheet["A1"].font = Font(bold=True, size=12)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for number, finding in enumerate(report.findings, start=1):
        where = finding.source
        place = where.describe() if where is not None else "dokumen"
        sheet.append(
            [number, finding.severity.label, finding.code, place, finding.item, finding.message]
        )
        row = 4 + number  # title, counts, a blank row and the header come first
        sheet.cell(row=row, column=2).fill = FILLS[finding.severity]
        if where is not None and where.sheet in book.sheetnames and where.cell:
            link = sheet.cell(row=row, column=4)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{where.sheet}'!{where.cell}"
            )
            link.font = Font(color="0563C1", underline="single")
        for column in range(1, 7):
            sheet.cell(row=row, column=column).alignment = Alignment(
                wrap_text=column >= 5, vertical="top"
            )
        # rows tall enough for the wrapped message (spreadsheets do not size them on opening)
        lines = max(-(-len(finding.message) // 95), -(-len(finding.item) // 42), 1)
        if lines > 1:
            sheet.row_dimensions[row].height = 13 * lines + 2
    for letter, width in zip("ABCDEF", (5, 12, 9, 16, 40, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "4:4"
