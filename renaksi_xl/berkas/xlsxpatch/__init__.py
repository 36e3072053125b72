"""Changing a workbook through its XML parts: a few formula cells rewritten and one sheet
added or replaced, every other part kept byte for byte.

``renaksi hitung`` touches a few hundred cells of a workbook that may hold thousands;
loading and saving the whole of it through openpyxl costs several times more than the
change itself, and drops what openpyxl does not understand (an Excel user's slicers,
custom XML, comments' threads). Only the parts that change are parsed, with regular
expressions over the serialised cells, which Excel, LibreOffice and openpyxl all write
as ``<c r="A1" …>`` (the reference first).

The parts of the work, each in its module: :mod:`.xmltext` (escaping, attributes, the
error), :mod:`.sheet` (one worksheet's cells changed in place), :mod:`.worksheet` (a new
worksheet written from values), :mod:`.styles` (cell formats in ``xl/styles.xml``),
:mod:`.workbook` (``xl/workbook.xml`` and relationships) and :mod:`.package` (the zip
package read and saved). Callers import from here.
"""

from __future__ import annotations

from renaksi_xl.berkas.xlsxpatch.package import COMPRESS_LEVEL, WORKSHEET_CONTENT_TYPE, Package
from renaksi_xl.berkas.xlsxpatch.sheet import SheetXml, cell_xml, formula_cell_xml
from renaksi_xl.berkas.xlsxpatch.styles import CellStyle
from renaksi_xl.berkas.xlsxpatch.workbook import (
    OWN_SHEET_MARK,
    free_sheet_name,
    relationships_part,
    resolve_target,
)
from renaksi_xl.berkas.xlsxpatch.worksheet import PageSetup, worksheet_xml
from renaksi_xl.berkas.xlsxpatch.xmltext import PackageError, escape, quoteattr

__all__ = [
    "COMPRESS_LEVEL",
    "OWN_SHEET_MARK",
    "WORKSHEET_CONTENT_TYPE",
    "CellStyle",
    "Package",
    "PackageError",
    "PageSetup",
    "SheetXml",
    "cell_xml",
    "escape",
    "formula_cell_xml",
    "free_sheet_name",
    "quoteattr",
    "relationships_part",
    "resolve_target",
    "worksheet_xml",
]
