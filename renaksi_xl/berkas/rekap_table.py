"""The rekap's tables on a sheet: the columns' titles and number formats, widths fitted to
the values, heights that show every wrapped line, boxes, a frozen header, an autofilter
and an A4 print setup."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from renaksi_xl.core.layout import TW_LABELS
from renaksi_xl.core.record import record

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

QUARTERS = TW_LABELS
"""The quarters of a progress column's title (``Progres TW I (%)``), as the template's."""
PROGRAM_PREFIX = "Program: "
"""The start of a program's budget column in the OPD table."""
RUPIAH = "#,##0"
_PERCENT = "0.00"
_HEADER_FILL = "D9E1F2"
_LINE_POINTS = 15.0


def columns_of(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Every key of the rows, in order of first appearance."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _shown(value: Any, number_format: str | None) -> str:
    """The value as a spreadsheet shows it (for column widths and row heights)."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float) and number_format == RUPIAH:
        return f"{value:,.0f}"
    if isinstance(value, float) and number_format == _PERCENT:
        return f"{value:.2f}"
    return str(value)


def _number_format(title: str) -> str | None:
    if "Rp" in title or title.startswith(PROGRAM_PREFIX):
        return RUPIAH
    if "%" in title:
        return _PERCENT
    return None


@record
class Column:
    """A table's column: its title, its width in characters, its values' number format."""

    title: str
    width: float
    number_format: str | None


def fit_columns(
    titles: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    widest: float = 40.0,
    header_words: float = 14.0,
) -> list[Column]:
    """Columns as wide as their values (up to ``widest``; longer text wraps), and at least
    as wide as the longest word of their header (up to ``header_words``)."""
    from renaksi_xl.core.capaian import text_width

    columns = []
    for index, title in enumerate(titles):
        number_format = _number_format(title)
        values = [_shown(row[index], number_format) for row in rows if index < len(row)]
        longest_value = max((text_width(v) for v in values), default=0.0)
        longest_word = max((text_width(w) for w in title.split()), default=0.0) * 1.15
        width = max(min(longest_value + 2, widest), min(longest_word + 2, header_words), 7.0)
        columns.append(Column(title, round(width, 1), number_format))
    return columns


def _row_heights(
    ws: Worksheet, columns: Sequence[Column], first_row: int, rows: Sequence[Sequence[Any]]
) -> None:
    """Heights that show every wrapped line (headers and values)."""
    from renaksi_xl.core.capaian import text_lines

    for offset, row in enumerate(rows):
        lines = max(
            (
                text_lines(_shown(value, column.number_format), column.width, bold=offset == 0)
                for column, value in zip(columns, row, strict=False)
                if value not in (None, "")
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[first_row + offset].height = _LINE_POINTS * lines


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    header_row: int = 1,
    *,
    frozen_columns: int = 1,
) -> None:
    """A boxed table with a wrapped header at ``header_row``: values with their number
    formats, frozen header and first columns, an autofilter, print titles."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    top = Alignment(vertical="top", wrap_text=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(name="Calibri", size=11, bold=True)  # named: LibreOffice prints an unnamed
    # bold font in its own default face
    for number, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(number)].width = column.width
        head = ws.cell(row=header_row, column=number, value=column.title)
        head.font, head.fill, head.border, head.alignment = bold, fill, box, centred
    for offset, values in enumerate(rows, start=1):
        for number, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
            cell = ws.cell(row=header_row + offset, column=number)
            cell.border, cell.alignment = box, top
            if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
                continue  # a blank, not an empty string
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a name that looks like a formula stays text
            if column.number_format and isinstance(value, int | float):
                cell.number_format = column.number_format
    _row_heights(ws, columns, header_row, [[c.title for c in columns], *rows])
    last = get_column_letter(len(columns))
    ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(rows), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    if frozen_columns:
        ws.print_title_cols = f"A:{get_column_letter(frozen_columns)}"


def print_setup(ws: Worksheet, title: str | None, *, landscape: bool, pages_wide: int = 1) -> None:
    """A4 at page width (or ``pages_wide`` pages), the title (if any) over every page and
    page numbers under it."""
    from openpyxl.worksheet.properties import PageSetupProperties

    setup = ws.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = pages_wide
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.8 if title else 0.6
    ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    if title:
        header = ws.oddHeader.center  # type: ignore[union-attr]
        header.text = title.replace("&", "&&")
        header.font = "Calibri,Bold"
        header.size = 11
    footer = ws.oddFooter.center  # type: ignore[union-attr]
    footer.text = "Halaman &P dari &N"
    footer.size = 8
