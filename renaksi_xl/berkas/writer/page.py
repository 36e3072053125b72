"""Print setup of the table sheets: one page wide on A4 or F4 landscape, repeated header
rows, a page footer, and the signature block kept on the page of the grand total."""

from __future__ import annotations

from typing import Literal

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from renaksi_xl.berkas.writer.sheet import HEADER_POINTS, Sheet
from renaksi_xl.berkas.writer.styles import FONT_NAME, wrapped_height
from renaksi_xl.core.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    NUMBERING_ROW,
    PAPER_SIZES,
    SUBHEADER_ROW,
    get_column_letter,
)

# A4 landscape is 842 × 595 pt; F4 (folio) 936 × 612 pt; margins below in inches
_PAGE_POINTS = {"A4": (842.0, 595.0), "F4": (936.0, 612.0)}
_MARGIN = 0.4
_POINTS_PER_WIDTH_UNIT = 5.6


def fit_to_width(ws: Worksheet, paper: str, orientation: Literal["portrait", "landscape"]) -> None:
    """Print on ``paper`` (A4, F4) in ``orientation``, one page wide and as many pages long
    as the content needs, with the template's side margins."""
    setup = ws.page_setup
    setup.orientation = orientation
    setup.paperSize = PAPER_SIZES[paper]
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = _MARGIN


def finish_sheet(sheet: Sheet, paper: str) -> None:
    """Row heights for wrapped texts, frozen panes and the print setup of a table sheet."""
    ws, layout = sheet.ws, sheet.layout
    for row, lines in sheet.heights.items():
        if lines > 1:
            ws.row_dimensions[row].height = wrapped_height(lines)
    ws.freeze_panes = f"{get_column_letter(layout.index('nama') + 1)}{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{NUMBERING_ROW}"
    ws.print_area = f"A1:{layout.last_letter}{max(sheet.row - 1, FIRST_DATA_ROW)}"
    fit_to_width(ws, paper, "landscape")
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    footer = ws.oddFooter.center  # type: ignore[union-attr]
    footer.text = "Halaman &P dari &N"
    footer.font = FONT_NAME
    footer.size = 8
    if sheet.signature_start:
        _keep_signature_with_total(sheet, paper)


def _row_points(sheet: Sheet, row: int) -> float:
    if row in (HEADER_ROW, SUBHEADER_ROW):
        return HEADER_POINTS[row]
    lines = sheet.heights.get(row, 1)
    return wrapped_height(lines) if lines > 1 else 15.0


def _keep_signature_with_total(sheet: Sheet, paper: str) -> None:
    """Estimate where pages break (fit to width scales rows down too) and, if the total row
    and the signature block would be split, start a page at the total row."""
    width_pt, height_pt = _PAGE_POINTS[paper]
    table_width = sum(c.width for c in sheet.layout.columns) * _POINTS_PER_WIDTH_UNIT
    scale = min(1.0, (width_pt - 2 * _MARGIN * 72) / table_width)
    printable = height_pt - 2 * 0.6 * 72 - 30
    repeated = sum(_row_points(sheet, r) for r in range(HEADER_ROW, NUMBERING_ROW + 1)) * scale
    total_row = sheet.signature_start - 2
    used = sum(_row_points(sheet, r) for r in range(1, FIRST_DATA_ROW)) * scale
    page_start_row = 1
    for row in range(FIRST_DATA_ROW, sheet.row):
        points = _row_points(sheet, row) * scale
        if used + points > printable:
            used = repeated
            page_start_row = row
        used += points
        if row == sheet.row - 1 and page_start_row > total_row:
            sheet.ws.row_breaks.append(Break(id=total_row - 1))
