"""The marks of a validation in the open workbook, undone: the ribbon's own (a fill and a
note it remembered) and those of ``renaksi validasi --tandai`` (the fill's and the note's
XML), as far as xlwings can set them back."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from renaksi_xl.excel.lembar import RESULTS, STATE, own_sheets, sheet_names, sheet_values


def clear_marks(book: Any) -> tuple[int, list[str]]:
    """Undo the marks of an earlier validation (the ribbon's or ``renaksi validasi
    --tandai``'s): each marked cell's fill and the note the tool added; then drop the
    tool's results and state sheets. Returns how many cells were restored and the cells
    whose fill could not be told back (a theme or pattern fill the command line
    remembered as XML, which Office.js cannot set)."""
    own = own_sheets(book)
    names = sheet_names(book)
    cleared, kept = 0, []
    for state_name, kind in own.items():
        if kind != STATE:
            continue
        state = sheet_values(book.sheets[state_name])
        for row in state[1:]:
            if len(row) < 3 or row[0] not in names or row[0] in own or not row[1]:
                continue
            cell = book.sheets[row[0]][str(row[1])]
            if row[2] in ("catatan", "warna"):  # the ribbon's own
                original = row[3] if len(row) > 3 and row[3] else None
                cell.color = original  # the user's fill where Excel could tell it, else none
                if row[2] == "catatan":
                    note = cell.note
                    if note is not None:
                        note.delete()
                cleared += 1
            elif _restore_from_cli(cell, str(row[2])):
                cleared += 1
            else:
                kept.append(f"{row[0]}!{row[1]}")
    for name, kind in own.items():
        if kind in (RESULTS, STATE):
            book.sheets[name].delete()
    return cleared, kept


def _restore_from_cli(cell: Any, remembered: str) -> bool:
    """Give a cell that ``renaksi validasi --tandai`` marked back its fill and note, from
    what the command line remembered (the fill's XML, the note's XML); False when the fill
    cannot be put back through xlwings (a theme colour or a pattern): then the cell keeps
    the mark's fill."""
    try:
        original = json.loads(remembered)
    except ValueError:
        return False
    if not isinstance(original, dict):
        return False
    fill = _fill_color(original.get("fill"))
    own = original.get("catatan")
    note = cell.note
    if isinstance(own, dict) and own.get("xml"):
        if note is not None:
            note.text = _note_text(str(own["xml"]))  # the user's text without our addition
    elif note is not None:
        note.delete()  # the note was the tool's
    if fill is False:
        return False
    cell.color = fill
    return True


def _fill_color(fill: object) -> str | bool | None:
    """``#RRGGBB`` for a solid fill's XML, None for no fill, False for a fill Office.js
    cannot set (theme or indexed colour, a pattern)."""
    if fill is None:
        return None
    text = str(fill)
    if re.fullmatch(r'<fill>\s*<patternFill(\s*|\s+patternType="none"\s*)/>\s*</fill>', text):
        return None
    solid = re.search(
        r'patternType="solid".*?<fgColor\s+rgb="[0-9A-F]{2}([0-9A-F]{6})"', text, re.S | re.I
    )
    return f"#{solid.group(1).upper()}" if solid else False


def _note_text(xml: str) -> str:
    """The plain text of a note's ``<comment>`` XML."""
    return "".join(unescape(t) for t in re.findall(r"<t(?:\s[^>]*)?>(.*?)</t>", xml, re.DOTALL))


def fill_of(cell: Any) -> str | None:
    """The cell's own fill as ``#RRGGBB``, to put back later. Desktop Excel tells it; an
    Office.js client cannot be asked synchronously, and then the fill is not kept."""
    try:
        color = cell.color
    except NotImplementedError:
        return None
    if isinstance(color, tuple) and len(color) == 3:
        return "#{:02X}{:02X}{:02X}".format(*color)
    return color if isinstance(color, str) else None


NOTES_UNSUPPORTED = (
    "Catatan sel tidak dapat ditambahkan: Excel ini belum mendukung catatan dari add-in "
    "(perlu Microsoft 365 versi 2501 atau lebih baru, Excel di web, atau Excel Mac 16.93 ke "
    "atas). Sel bertemuan hanya diwarnai; pesannya ada di tabel di bawah (klik Lokasi)."
)


def kept_notice(kept: list[str]) -> str:
    return (
        f"Warna asli {len(kept)} sel ({', '.join(kept[:5])}{' …' if len(kept) > 5 else ''}) "
        "tidak dapat dipulihkan dari add-in (warna tema atau pola): sel itu masih berwarna "
        "tanda. Jalankan 'renaksi bersihkan' pada berkasnya untuk memulihkannya."
    )
