"""The open workbook's sheets, as xlwings objects (without importing xlwings: only
:mod:`renaksi_xl.excel.tombol` does): their names and values, and the sheets this tool
wrote, told by their marker as the command line tells them."""

from __future__ import annotations

from typing import Any

from renaksi_xl.berkas.xlsxpatch import OWN_SHEET_MARK, free_sheet_name
from renaksi_xl.core.capaian import CAPAIAN_SHEET
from renaksi_xl.core.capaian import TITLE as CAPAIAN_TITLE
from renaksi_xl.core.marks import RESULT_HEADER, RESULT_SHEET, STATE_SHEET


def sheet_names(book: Any) -> list[str]:
    return [sheet.name for sheet in book.sheets]


def sheet_values(sheet: Any) -> list[list[Any]]:
    used = sheet.used_range
    values = used.options(ndim=2).value or []
    # the used range may not start at A1; the parser counts rows and columns from A1
    row, column = used.row, used.column
    padded = [[None] * (column - 1) + list(r) for r in values]
    return [[None] * len(padded[0] if padded else [])] * (row - 1) + padded


RESULTS, STATE, CAPAIAN = "hasil", "tanda", "capaian"
"""What a sheet of the tool is, as the value of its :data:`OWN_SHEET_MARK` name says (the
command line writes the same values)."""
RIBBON_STATE_HEADER = ("lembar", "sel", "tanda", "warna_asli")
CLI_STATE_HEADER = ("lembar", "sel", "isi_asli")
RESULT_TITLE = "Hasil Validasi Renaksi"


def _marker(refers_to: object) -> str | None:
    """``hasil`` for a name defined as ``="hasil"``, else None."""
    text = str(refers_to or "").lstrip("=").strip().strip('"').strip().lower()
    return text if text in (RESULTS, STATE, CAPAIAN) else None


def own_sheets(book: Any) -> dict[str, str]:
    """The sheets this tool wrote, by name, with what each is (``hasil``, ``tanda``,
    ``capaian``): told by the sheet-scoped name :data:`OWN_SHEET_MARK`, as the command line
    tells them, or, for sheets written before there was a marker (or by a client that does
    not send names), by their exact layout: a state sheet whose first row is one of the
    tool's headers, beside it a *Hasil Validasi* that starts as the tool wrote it, a
    *Capaian* whose A1 names the tool. Never by the sheet's name alone: a user may call a
    sheet so too."""
    found: dict[str, str] = {}
    for sheet in book.sheets:
        for name in sheet.names:
            if str(name.name).rpartition("!")[2].lower() != OWN_SHEET_MARK.lower():
                continue
            kind = _marker(name.refers_to)
            if kind is not None:
                found[sheet.name] = kind
    kinds = set(found.values())
    names = sheet_names(book)
    if STATE not in kinds and STATE_SHEET in names and STATE_SHEET not in found:
        header = _first_row(book.sheets[STATE_SHEET])
        if header[:4] == RIBBON_STATE_HEADER or header[:3] == CLI_STATE_HEADER:
            found[STATE_SHEET] = STATE
            if RESULTS not in kinds and RESULT_SHEET in names and RESULT_SHEET not in found:
                rows = sheet_values(book.sheets[RESULT_SHEET])
                if (
                    len(rows) >= 4
                    and rows[0][:1] == [RESULT_TITLE]
                    and tuple(rows[3][:6]) == RESULT_HEADER
                ):
                    found[RESULT_SHEET] = RESULTS
    if CAPAIAN_SHEET in names and CAPAIAN_SHEET not in found:
        title = book.sheets[CAPAIAN_SHEET]["A1"].value
        if isinstance(title, str) and title.startswith(CAPAIAN_TITLE):
            found[CAPAIAN_SHEET] = CAPAIAN
    return found


def _first_row(sheet: Any) -> tuple[Any, ...]:
    rows = sheet_values(sheet)
    return tuple(rows[0]) if rows else ()


def add_own_sheet(book: Any, base: str, kind: str) -> Any:
    """A new sheet after the others, called ``base`` or, when a user's sheet is called so,
    ``base (2)`` and so on, marked as the tool's by a sheet-scoped :data:`OWN_SHEET_MARK`
    (Excel keeps it with the sheet; the command line reads it too)."""
    names = sheet_names(book)
    sheet = book.sheets.add(free_sheet_name(base, names), after=book.sheets[len(names) - 1])
    sheet.names.add(OWN_SHEET_MARK, f'="{kind}"')
    return sheet


def column_width(book: Any, chars: float) -> float:
    """A width in characters of the default font as the engine takes it: desktop Excel in
    characters, the remote engine (Office.js) in points (Calibri 11: 7 pixels a character
    and 5 of margin, ¾ point a pixel)."""
    if type(book.impl).__module__.endswith("_xlremote"):
        return round(int(chars * 7 + 5) * 0.75, 2)
    return chars
