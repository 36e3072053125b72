"""What marked cells were before marking, read back from the hidden state sheet; and the
marks of earlier versions (saved through openpyxl) and of the ribbon, recognised and undone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from renaksi_xl.berkas.flags.results import RESULTS
from renaksi_xl.berkas.flags.styles import NO_FILL, Styles, solid_fill
from renaksi_xl.berkas.xlsxnotes import Note, SheetNotes
from renaksi_xl.berkas.xlsxpatch import Package, SheetXml, escape
from renaksi_xl.core.marks import RESULT_HEADER, RESULT_SHEET, STATE_SHEET

STATE = "tanda"
"""What the hidden sheet remembering the marked cells is called in its marker."""
STATE_HEADER = ("lembar", "sel", "isi_asli")
_RIBBON_STATE_HEADER = ("lembar", "sel", "tanda", "warna_asli")  # renaksi_xl.excel.tombol's
_COORDINATE = re.compile(r"[A-Z]{1,3}[0-9]{1,7}")


def put_note(notes: SheetNotes, cell: str, note: Note | None) -> None:
    """Set (or, with None, remove) a cell's note, unless Excel keeps a threaded comment
    there: that one is the user's conversation, left as it is."""
    if not notes.is_threaded(cell):
        notes.put(cell, note)


def earlier_marks(package: Package, source: Path) -> dict[str, str]:
    """The sheets of marks made without the marker (by versions that saved through
    openpyxl, or by the ribbon): a hidden ``_renaksi_tanda`` whose first row is one of
    their headers, and beside it a *Hasil Validasi* that starts as the tool wrote it.
    Neither is taken on its name alone."""
    from python_calamine import CalamineWorkbook

    workbook = package.part_text("xl/workbook.xml")
    hidden = re.search(
        rf'<sheet\b(?=[^>]*\bname="{re.escape(STATE_SHEET)}")'
        r'(?=[^>]*\bstate="(?:veryHidden|hidden)")',
        workbook,
    )
    if hidden is None or STATE_SHEET not in package.sheet_names:
        return {}
    book = CalamineWorkbook.from_path(str(source))
    rows = book.get_sheet_by_name(STATE_SHEET).to_python()
    header = tuple(rows[0]) if rows else ()
    if header[:3] != STATE_HEADER and header[:4] != _RIBBON_STATE_HEADER:
        return {}
    found = {STATE_SHEET: STATE}
    if RESULT_SHEET in package.sheet_names:
        results = book.get_sheet_by_name(RESULT_SHEET).to_python()
        if (
            len(results) >= 4
            and results[0][:1] == ["Hasil Validasi Renaksi"]
            and tuple(results[3][:6]) == RESULT_HEADER
        ):
            found[RESULT_SHEET] = RESULTS
    return found


def state_rows(source: Path, name: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(sheet, cell, what it was) for every cell the state sheet ``name`` remembers, read
    with python-calamine (Excel may have turned the texts into shared strings)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(source)).get_sheet_by_name(name).to_python()
    for row in rows[1:]:
        if len(row) < 3 or not all(isinstance(v, str) for v in row[:3]):
            continue
        sheet, cell, original = (str(v) for v in row[:3])
        if not _COORDINATE.fullmatch(cell):
            continue
        if original in ("catatan", "warna"):  # the ribbon's (renaksi_xl.excel.tombol)
            color = row[3] if len(row) > 3 and isinstance(row[3], str) and row[3] else None
            yield sheet, cell, {"pita": original, "warna": color}
            continue
        try:
            data = json.loads(original)
        except ValueError:
            continue
        if isinstance(data, dict):
            yield sheet, cell, data


def restore_earlier(
    sheet: SheetXml, notes: SheetNotes, styles: Styles, cell: str, original: dict[str, Any]
) -> None:
    """A cell as marks made through openpyxl remembered it: its fill's XML, and its
    note's text and author."""
    fill = str(original["fill"])
    if re.fullmatch(r"<fill>\s*<patternFill\s*/>\s*</fill>", fill):
        fill = NO_FILL
    styles.refill(sheet, cell, fill)
    comment = original.get("comment")
    note = None
    if isinstance(comment, dict):
        text = escape(str(comment.get("text") or ""))
        element = f'<comment ref="{cell}"><text><t xml:space="preserve">{text}</t></text></comment>'
        note = Note(str(comment.get("author") or ""), element)
    put_note(notes, cell, note)


def restore_from_ribbon(
    sheet: SheetXml, notes: SheetNotes, styles: Styles, cell: str, original: dict[str, Any]
) -> None:
    """A cell the ribbon marked: its fill colour (``#RRGGBB``, or none) back, and the
    note removed when the ribbon added it (a user's own note it left alone)."""
    color = str(original.get("warna") or "")
    fill = NO_FILL
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        fill = solid_fill(color[1:].upper())
    styles.refill(sheet, cell, fill)
    if original.get("pita") == "catatan":
        put_note(notes, cell, None)
