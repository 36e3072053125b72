"""The workbook's named cell styles, and the row heights its wrapped texts need."""

from __future__ import annotations

from copy import copy
from typing import Literal

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

FONT_NAME = "Arial"
LINE_POINTS = 12.5

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_PROGRAM_FILL = PatternFill("solid", fgColor="F2F2F2")
MISMATCH_FILL = PatternFill("solid", fgColor="F8CBAD")


def _style(
    name: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 10,
    border: bool = True,
    horizontal: str | None = None,
    vertical: str = "top",
    wrap: bool = True,
    number_format: str = "General",
    fill: PatternFill | None = None,
    underline: Literal["single"] | None = None,
) -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = Font(name=FONT_NAME, size=size, bold=bold, italic=italic, underline=underline)
    style.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)
    if border:
        style.border = _BOX
    if fill is not None:
        style.fill = fill
    style.number_format = number_format
    return style


STYLES = (
    _style("rnx_judul", bold=True, size=12, border=False, horizontal="center", wrap=False),
    _style("rnx_subjudul", bold=True, size=11, border=False, wrap=False),
    _style("rnx_header", bold=True, horizontal="center", vertical="center", fill=_HEADER_FILL),
    _style("rnx_nomor_kolom", italic=True, size=8, horizontal="center", fill=_HEADER_FILL),
    _style("rnx_teks"),
    _style("rnx_tengah", horizontal="center"),
    _style("rnx_angka", horizontal="right"),
    _style("rnx_angka_ribuan", horizontal="right", number_format="#,##0"),
    _style("rnx_rupiah", horizontal="right", number_format="#,##0"),
    _style("rnx_kode", horizontal="center", number_format="@"),
    _style("rnx_sifat", horizontal="center"),
    _style("rnx_sifat_disimpulkan", horizontal="center", italic=True),
    _style("rnx_program", bold=True, fill=_PROGRAM_FILL),
    _style("rnx_program_tengah", bold=True, fill=_PROGRAM_FILL, horizontal="center"),
    _style("rnx_program_rupiah", bold=True, fill=_PROGRAM_FILL, number_format="#,##0"),
    _style("rnx_total", bold=True),
    _style("rnx_total_rupiah", bold=True, number_format="#,##0"),
    _style("rnx_ttd", border=False, horizontal="center", wrap=False),
    _style(
        "rnx_ttd_nama", border=False, horizontal="center", wrap=False, bold=True, underline="single"
    ),
    _style("rnx_petunjuk", border=False),
    _style("rnx_petunjuk_judul", border=False, bold=True, size=12, wrap=False),
)

_STYLE_BY_NAME = {style.name: style for style in STYLES}
BOLD_STYLES = frozenset(style.name for style in STYLES if style.font.b)
# Arial 10 against the width unit (a digit of the workbook's Calibri 11)
_ARIAL_SCALE = 1.06


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes in a column ``width`` wide, wrapped at words as printed."""
    from renaksi_xl.core.capaian import text_lines as wrapped_lines

    return wrapped_lines(text, width, bold=bold, scale=_ARIAL_SCALE)


def wrapped_height(lines: int) -> float:
    """The height in points of a row showing ``lines`` lines of wrapped text."""
    return LINE_POINTS * lines + 3


def set_style(cell: Cell | MergedCell, name: str) -> None:
    """``cell.style = name``, without openpyxl searching the workbook's list of named styles
    for every cell (a fifth of writing a sheet): the cell takes the named style's format as
    openpyxl would give it (the styles are bound to the workbook being written)."""
    cell._style = copy(_STYLE_BY_NAME[name].as_tuple())  # type: ignore[union-attr]


def budget_style(value: object) -> str:
    """The style of a budget cell: rupiah for a number, plain for text kept as written."""
    return "rnx_rupiah" if not isinstance(value, str) else "rnx_teks"
