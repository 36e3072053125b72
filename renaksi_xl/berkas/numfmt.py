"""Which cells of a workbook show their number as a percentage, read without openpyxl.

python-calamine gives values only: a TW typed as ``18%`` in Excel arrives as ``0.18``. Excel
keeps that the cell shows a percentage in its style: the cell's ``s`` attribute points into
``cellXfs`` of ``xl/styles.xml``, whose ``numFmtId`` is built in (9 ``0%``, 10 ``0.00%``) or
defined in ``numFmts``. Styles are read once; the sheets' XML is searched (a regular
expression, not an XML parse) only when some style shows a percentage, and then only for
the cells that carry such a style. Dates need nothing here: python-calamine already gives
date-formatted cells as dates.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from xml.etree import ElementTree

from renaksi_xl.berkas.grid import GridRow
from renaksi_xl.core.layout import column_number

PERCENT_BUILTIN = {9: "0%", 10: "0.00%"}

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# quoted text, escaped characters and [colour]/[condition] sections cannot make a percentage
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')

CellFormats = dict[tuple[int, int], str]
"""(row, column), both 1-based → the cell's number format code."""


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows the value ×100 with ``%`` (``0%``, ``0.0%``,
    ``#,##0.00%;[Red]-0%``), not a literal ``"%"`` or ``\\%``."""
    return "%" in _LITERAL.sub("", code)


def percent_styles(book: zipfile.ZipFile) -> dict[int, str]:
    """Style index (a cell's ``s``) → format code, for the styles that show a percentage."""
    try:
        root = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return {}
    codes: dict[int, str] = dict(PERCENT_BUILTIN)
    for fmt in root.iter(f"{_MAIN}numFmt"):
        number, code = fmt.get("numFmtId"), fmt.get("formatCode")
        if number is not None and number.isdigit() and code is not None:
            codes[int(number)] = code
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return {}
    found: dict[int, str] = {}
    for index, xf in enumerate(cell_xfs.findall(f"{_MAIN}xf")):
        number = xf.get("numFmtId", "0")
        code = codes.get(int(number)) if number.isdigit() else None
        if code is not None and is_percent_format(code):
            found[index] = code
    return found


def sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the part that holds its cells (``xl/worksheets/sheet1.xml``)."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {}
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(part)
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        name, rel_id = sheet.get("name"), sheet.get(f"{_REL}id")
        if name is not None and rel_id in targets:
            parts[name] = targets[rel_id]
    return parts


def percent_cells(path: Path, sheets: Collection[str]) -> dict[str, CellFormats]:
    """The cells of the named sheets whose style shows a percentage, with the format code.

    Unreadable parts give nothing here: reading the values (python-calamine) has already
    accepted the file or said why not.
    """
    try:
        with zipfile.ZipFile(path) as book:
            styles = percent_styles(book)
            if not styles:
                return {}
            style_attr = b"|".join(str(s).encode() for s in sorted(styles))
            tag = re.compile(rb'<(?:\w+:)?c\s[^>]*?\bs="(' + style_attr + rb')"[^>]*>')
            parts = sheet_parts(book)
            found: dict[str, CellFormats] = {}
            for name in sheets:
                part = parts.get(name)
                if part is None:
                    continue
                cells: CellFormats = {}
                for match in tag.finditer(book.read(part)):
                    ref = _CELL_REF.search(match.group(0))
                    if ref is not None:
                        column = column_number(ref.group(1).decode())
                        cells[(int(ref.group(2)), column)] = styles[int(match.group(1))]
                if cells:
                    found[name] = cells
            return found
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ElementTree.ParseError):
        return {}


def apply_formats(
    sheets: Mapping[str, Sequence[GridRow]], formats: Mapping[str, CellFormats]
) -> None:
    """Give the cells of rows made from values (:func:`renaksi_xl.berkas.reader.rows_from_values`)
    their number formats, so that a TW shown as ``18%`` is read as 18 persen."""
    for name, cells in formats.items():
        rows = {row.number: row for row in sheets.get(name, ())}
        for (row_number, column), code in cells.items():
            row = rows.get(row_number)
            if row is None or column > len(row.cells):
                continue
            cell = row.cells[column - 1]
            if cell is not None:
                cell.number_format = code


def read_percent_formats(path: Path, sheets: Mapping[str, Sequence[GridRow]]) -> None:
    """Find the percent-formatted cells of ``path`` and mark them in its rows."""
    apply_formats(sheets, percent_cells(path, list(sheets)))
