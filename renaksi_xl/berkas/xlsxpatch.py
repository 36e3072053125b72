"""Changing a workbook through its XML parts: a few formula cells rewritten and one sheet
added or replaced, every other part kept byte for byte.

``renaksi hitung`` touches a few hundred cells of a workbook that may hold thousands;
loading and saving the whole of it through openpyxl costs several times more than the
change itself, and drops what openpyxl does not understand (an Excel user's slicers,
custom XML, comments' threads). Only the parts that change are parsed, with regular
expressions over the serialised cells, which Excel, LibreOffice and openpyxl all write
as ``<c r="A1" …>`` (the reference first).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape as _escape_html
from html import unescape
from pathlib import Path
from types import TracebackType

from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.layout import column_number, split_coordinate

WORKSHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKSHEET_RELATIONSHIP = f"{_RELATIONSHIPS_NS}/worksheet"
_CALC_CHAIN_RELATIONSHIP = f"{_RELATIONSHIPS_NS}/calcChain"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# fast deflate: the files are small, and saving is what the user waits for
COMPRESS_LEVEL = 1

_CELL = re.compile(r'<c r="([A-Z]{1,3})([0-9]+)"([^>]*?)(/?)>')
_FORMULA_CELL = re.compile(r'<c r="([A-Z]{1,3}[0-9]+)"[^>]*?(?<!/)>\s*<f\b')
_ROW = re.compile(r'<row r="([0-9]+)"([^>]*?)(/?)>')
_FORMULA = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.DOTALL)
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_SHEET = re.compile(r"<sheet\b([^>]*?)/?>")
_RELATIONSHIP = re.compile(r"<Relationship\b([^>]*?)/?>")
_FONT = re.compile(r"<font\b[^>]*?(?:/>|>.*?</font>)", re.DOTALL)
_XF = re.compile(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.DOTALL)
_FILL = re.compile(r"<fill\b[^>]*?(?:/>|>.*?</fill>)", re.DOTALL)
_BORDER = re.compile(r"<border\b[^>]*?(?:/>|>.*?</border>)", re.DOTALL)
_DEFINED_NAMES = re.compile(r"<definedNames\b[^>]*?(?:/>|>.*?</definedNames>)", re.DOTALL)


class PackageError(ValueError):
    """A part this module needs is missing or not in the form Excel writes."""


def _attributes(text: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in _ATTRIBUTE.findall(text)}


# control characters XML 1.0 does not allow: a stray one makes Excel repair the file
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for an XML element (``html`` rather than ``xml.sax``, which imports urllib)."""
    return _escape_html(_NOT_XML.sub("", text), quote=False)


def quoteattr(text: str) -> str:
    """Text as a quoted XML attribute value."""
    return f'"{_escape_html(_NOT_XML.sub("", text))}"'


def _split(coordinate: str) -> tuple[str, int]:
    split = split_coordinate(coordinate)
    if split is None:
        raise PackageError(f"alamat sel tidak sah: {coordinate}")
    return split


def cell_xml(coordinate: str, value: CellOut, style: int | None = None) -> str:
    """A constant cell: a number, or text as an inline string (no shared-strings part to
    keep in step); ``None`` gives a styled blank."""
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{coordinate}"{s}/>' if s else ""
    if isinstance(value, bool):
        return f'<c r="{coordinate}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{coordinate}"{s}><v>{value!r}</v></c>'
    return (
        f'<c r="{coordinate}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(value)}'
        "</t></is></c>"
    )


def formula_cell_xml(coordinate: str, formula: str, result: CellOut, style: str | None) -> str:
    """A formula cell (``formula`` with its leading ``=``) carrying ``result`` as its cached
    value."""
    s = f' s="{style}"' if style else ""
    body = f"<f>{escape(formula.removeprefix('='))}</f>"
    if isinstance(result, int | float):
        return f'<c r="{coordinate}"{s}>{body}<v>{result!r}</v></c>'
    return f'<c r="{coordinate}"{s} t="str">{body}<v>{escape(result or "")}</v></c>'


class SheetXml:
    """One worksheet part: its cells found by reference, formulas read, and formula cells
    replaced or added."""

    def __init__(self, xml: str) -> None:
        if "<sheetData" not in xml:
            raise PackageError("lembar tanpa <sheetData> (ditulis oleh program yang tak dikenal)")
        self.xml = xml
        # where each row starts, and nothing more: cells are looked up within their row,
        # since a sheet may hold tens of thousands of them
        self._rows = {int(m.group(1)): m for m in _ROW.finditer(xml)}
        if xml.count("<row ") + xml.count("<row>") != len(self._rows):
            raise PackageError("ada baris tanpa nomor (atribut r) di lembar")
        if xml.count("<c ") + xml.count("<c>") != xml.count('<c r="'):
            raise PackageError("ada sel tanpa alamat (atribut r) di lembar")
        self._shared = self._shared_formulas() if 't="shared"' in xml else {}
        # the cells holding a formula, found once: hitung asks of every cell a check refers
        # to whether it holds one, and most do not
        self._formula_cells = set(_FORMULA_CELL.findall(xml))
        self._changes: dict[str, str] = {}

    def _cell(self, coordinate: str) -> tuple[int, int, str, str] | None:
        """(start, end, attributes, content) of the cell's element, if the sheet has it."""
        row = self._rows.get(_split(coordinate)[1])
        if row is None or row.group(3):
            return None
        start = self.xml.find(f'<c r="{coordinate}"', row.end(), self._row_end(row))
        match = _CELL.match(self.xml, start) if start >= 0 else None
        return self._element(match) if match else None

    def _element(self, match: re.Match[str]) -> tuple[int, int, str, str]:
        """(start, end, attributes, content) of the cell element whose opening tag matched."""
        if match.group(4):
            return match.start(), match.end(), match.group(3), ""
        end = self.xml.index("</c>", match.end())
        return match.start(), end + 4, match.group(3), self.xml[match.end() : end]

    def _row_end(self, row: re.Match[str]) -> int:
        return row.end() if row.group(3) else self.xml.index("</row>", row.end())

    def _shared_formulas(self) -> dict[str, str]:
        """Every cell of a shared-formula group with its own formula text: Excel stores a
        formula copied down a column once, and the other cells refer to it by index."""
        from openpyxl.formula.translate import Translator

        masters: dict[str, tuple[str, str]] = {}
        members: dict[str, str] = {}
        for found in _CELL.finditer(self.xml):
            coordinate = found.group(1) + found.group(2)
            match = _FORMULA.search(self._element(found)[3])
            if match is None:
                continue
            attributes = _attributes(match.group(1))
            if attributes.get("t") != "shared":
                continue
            members[coordinate] = attributes.get("si", "")
            if match.group(2):
                masters[attributes.get("si", "")] = (coordinate, "=" + unescape(match.group(2)))
        formulas = {}
        for coordinate, index in members.items():
            if index not in masters:
                raise PackageError(f"rumus bersama tanpa induk di sel {coordinate}")
            origin, text = masters[index]
            formulas[coordinate] = (
                text
                if coordinate == origin
                else Translator(text, origin).translate_formula(coordinate)
            )
        return formulas

    def formula(self, coordinate: str) -> str | None:
        """The cell's formula with its leading ``=``, or None when it holds none."""
        if coordinate in self._shared:
            return self._shared[coordinate]
        if coordinate not in self._formula_cells:
            return None
        cell = self._cell(coordinate)
        if cell is None or "<f" not in cell[3]:
            return None
        match = _FORMULA.search(cell[3])
        return "=" + unescape(match.group(2) or "") if match else None

    def style(self, coordinate: str) -> str | None:
        """The cell's style index as written (``s``), if any."""
        cell = self._cell(coordinate)
        return _attributes(cell[2]).get("s") if cell else None

    def set_formula(self, coordinate: str, formula: str, result: CellOut) -> None:
        """Make the cell hold ``formula`` with ``result`` cached, keeping its style."""
        self._changes[coordinate] = formula_cell_xml(
            coordinate, formula, result, self.style(coordinate)
        )

    @property
    def changed(self) -> bool:
        return bool(self._changes)

    def to_xml(self) -> str:
        """The part with the changes applied. Shared formulas are written out cell by cell
        once anything changes, so no group can lose the cell that defines it."""
        changes = dict(self._changes)
        if changes:
            for coordinate, formula in self._shared.items():
                if coordinate not in changes:
                    changes[coordinate] = self._unshared(coordinate, formula)
        edits: list[tuple[int, int, str]] = []
        missing: dict[int, list[tuple[int, str]]] = {}
        for coordinate, text in changes.items():
            cell = self._cell(coordinate)
            if cell is not None:
                edits.append((cell[0], cell[1], text))
            else:
                letters, row = _split(coordinate)
                missing.setdefault(row, []).append((column_number(letters), text))
        if missing:
            edits.extend(self._insertions(missing))
        return _apply(self.xml, edits)

    def _unshared(self, coordinate: str, formula: str) -> str:
        cell = self._cell(coordinate)
        assert cell is not None
        content = _FORMULA.sub(
            lambda _: f"<f>{escape(formula.removeprefix('='))}</f>", cell[3], count=1
        )
        return f'<c r="{coordinate}"{cell[2]}>{content}</c>'

    def _insertions(self, missing: dict[int, list[tuple[int, str]]]) -> list[tuple[int, int, str]]:
        """Edits adding cells the sheet does not have, in column order within their rows,
        and rows the sheet does not have, in row order."""
        rows = self._rows
        edits: list[tuple[int, int, str]] = []
        new_rows: list[tuple[int, str]] = []
        for row, cells in missing.items():
            cells.sort()
            match = rows.get(row)
            if match is None:
                new_rows.append((row, f'<row r="{row}">{"".join(t for _, t in cells)}</row>'))
                continue
            if match.group(3):  # <row …/>: no cells yet
                body = "".join(t for _, t in cells)
                edits.append(
                    (match.start(), match.end(), f'<row r="{row}"{match.group(2)}>{body}</row>')
                )
                continue
            row_end = self._row_end(match)
            existing = [
                (column_number(found.group(1)), found.start())
                for found in _CELL.finditer(self.xml, match.end(), row_end)
            ]
            for column, text in cells:
                position = next((start for col, start in existing if col > column), row_end)
                edits.append((position, position, text))
        if new_rows:
            new_rows.sort()
            data_end = self.xml.find("</sheetData>")
            if data_end < 0:
                empty = re.search(r"<sheetData\s*/>", self.xml)
                if empty is None:
                    raise PackageError("<sheetData> tidak terbaca")
                edits.append(
                    (
                        empty.start(),
                        empty.end(),
                        "<sheetData>" + "".join(t for _, t in new_rows) + "</sheetData>",
                    )
                )
            else:
                for row, text in new_rows:
                    position = next(
                        (m.start() for number, m in sorted(rows.items()) if number > row),
                        data_end,
                    )
                    edits.append((position, position, text))
        return edits

    def style_now(self, coordinate: str) -> str | None:
        """The cell's style index as it will be saved (after changes made here), if any."""
        changed = self._changes.get(coordinate)
        if changed is None:
            return self.style(coordinate)
        match = _CELL.match(changed)
        return _attributes(match.group(3)).get("s") if match else None

    def set_style(self, coordinate: str, style: str | None) -> None:
        """Give the cell the style index ``style`` (``None``: no ``s`` at all), keeping its
        value or formula; a cell the sheet lacks is added as a styled blank."""
        current = self._changes.get(coordinate)
        if current is None:
            cell = self._cell(coordinate)
            if cell is None:
                current = f'<c r="{coordinate}"/>'
            elif coordinate in self._shared:
                current = self._unshared(coordinate, self._shared[coordinate])
            else:
                current = self.xml[cell[0] : cell[1]]
        match = _CELL.match(current)
        if match is None:
            raise PackageError(f"sel {coordinate} tidak terbaca")
        attributes = re.sub(r'\ss="[^"]*"', "", match.group(3))
        s = f' s="{style}"' if style is not None else ""
        opening = f'<c r="{coordinate}"{s}{attributes}{match.group(4)}>'
        self._changes[coordinate] = opening + current[match.end() :]

    def merged_ranges(self) -> list[str]:
        """The sheet's merged ranges as written (``A1:C2``)."""
        return re.findall(r'<mergeCell\b[^>]*?\bref="([^"]+)"', self.xml)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end) span replaced; insertions at one place keep their
    order."""
    if not edits:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass(frozen=True)
class CellStyle:
    """A cell format added to a workbook: the default font made bold, larger or a link, a
    built-in number format (``3`` = ``#,##0``, ``2`` = ``0.00``), text wrapped at the top
    of the cell, a horizontal alignment, a thin box and a solid fill (``RRGGBB``)."""

    bold: bool = False
    size: float | None = None
    link: bool = False
    number_format: int = 0
    wrap: bool = False
    horizontal: str | None = None
    border: bool = False
    fill: str | None = None


@dataclass(frozen=True)
class PageSetup:
    """How a sheet written by :func:`worksheet_xml` prints: paper (``9`` = A4), orientation,
    scaled to the page width and as many pages down as it needs, a page-number footer."""

    orientation: str = "portrait"
    paper: int = 9
    footer: str = "Halaman &P dari &N"


def worksheet_xml(
    rows: Sequence[Sequence[CellOut]],
    style_of: Callable[[int, int, CellOut], int | None],
    links: Sequence[tuple[str, str]],
    widths: Sequence[float],
    *,
    heights: Mapping[int, float] | None = None,
    merges: Sequence[str] = (),
    frozen_rows: int = 0,
    page: PageSetup | None = None,
) -> str:
    """A worksheet part from values (``rows[0]`` is row 1), the style index of each cell
    from ``style_of(row, column, value)``, internal hyperlinks as (cell, location), column
    widths from A, row heights in points, merged ranges, the rows frozen at the top and the
    print setup. Print titles are a workbook name (:meth:`Package.set_print_titles`)."""
    from renaksi_xl.berkas.grid import column_letter

    heights = heights or {}
    body: list[str] = []
    for number, values in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{column_letter(column)}{number}", value, style_of(number, column, value))
            for column, value in enumerate(values, start=1)
        )
        height = heights.get(number)
        size = f' ht="{height:g}" customHeight="1"' if height else ""
        if cells or size:
            body.append(f'<row r="{number}"{size}>{cells}</row>')
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
        for n, w in enumerate(widths, start=1)
    )
    hyperlinks = "".join(
        f'<hyperlink ref="{cell}" location={quoteattr(location)}/>' for cell, location in links
    )
    if frozen_rows:
        corner = f"A{frozen_rows + 1}"
        view = (
            f'<sheetView workbookViewId="0"><pane ySplit="{frozen_rows}" topLeftCell="{corner}" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            f'activeCell="{corner}" sqref="{corner}"/></sheetView>'
        )
    else:
        view = '<sheetView workbookViewId="0"/>'
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    if page is None:
        margins = (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
        )
        properties = setup = ""
    else:
        properties = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        margins = (
            '<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" '
            'footer="0.3"/>'
            f'<pageSetup paperSize="{page.paper}" orientation="{page.orientation}" '
            'fitToWidth="1" fitToHeight="0"/>'
        )
        setup = (
            f"<headerFooter><oddFooter>{escape('&C' + page.footer)}</oddFooter></headerFooter>"
            if page.footer
            else ""
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_RELATIONSHIPS_NS}">'
        + properties
        + f"<sheetViews>{view}</sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + f"<sheetData>{''.join(body)}</sheetData>"
        + (f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else "")
        + (f"<hyperlinks>{hyperlinks}</hyperlinks>" if hyperlinks else "")
        + margins
        + setup
        + "</worksheet>"
    )


class Package:
    """An ``.xlsx``/``.xlsm`` opened for changing some of its parts and saving it elsewhere;
    parts are read when needed, and the others copied one at a time on saving."""

    def __init__(self, path: Path) -> None:
        from renaksi_xl.berkas.guard import open_zip

        self._archive = open_zip(path)
        try:
            self._infos = self._archive.infolist()
            self._names = {info.filename for info in self._infos}
            self._load()
        except BaseException:
            self._archive.close()
            raise

    def __enter__(self) -> Package:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the source file."""
        self._archive.close()

    def _load(self) -> None:
        self._sheets: dict[str, SheetXml] = {}
        self._replaced: dict[str, bytes] = {}
        self._removed: set[str] = set()
        self._workbook = self._text("xl/workbook.xml")
        self._relationships = self._text("xl/_rels/workbook.xml.rels")
        self._sheet_parts = self._find_sheet_parts()

    def _text(self, name: str) -> str:
        if name in self._replaced:
            return self._replaced[name].decode("utf-8")
        if name not in self._names:
            raise PackageError(f"bagian {name} tidak ada di buku kerja")
        return self._archive.read(name).decode("utf-8")

    def _find_sheet_parts(self) -> dict[str, str]:
        targets = {}
        for match in _RELATIONSHIP.finditer(self._relationships):
            attributes = _attributes(match.group(1))
            if attributes.get("Type") == _WORKSHEET_RELATIONSHIP:
                target = attributes.get("Target", "")
                part = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[attributes.get("Id", "")] = part
        parts = {}
        for match in _SHEET.finditer(self._workbook):
            attributes = _attributes(match.group(1))
            relationship = next((v for k, v in attributes.items() if k.endswith(":id")), "")
            if relationship in targets:
                parts[attributes.get("name", "")] = targets[relationship]
        return parts

    @property
    def sheet_names(self) -> list[str]:
        """The worksheets' names in workbook order."""
        return list(self._sheet_parts)

    def sheet(self, name: str) -> SheetXml:
        """The worksheet called ``name``, parsed once."""
        if name not in self._sheets:
            if name not in self._sheet_parts:
                raise PackageError(f"lembar '{name}' tidak ada")
            self._sheets[name] = SheetXml(self._text(self._sheet_parts[name]))
        return self._sheets[name]

    def put_sheet(self, name: str, xml: str) -> None:
        """Replace the worksheet ``name`` with ``xml``, or add it after the others."""
        part = self._sheet_parts.get(name)
        if part is None:
            part = self._add_sheet(name)
        self._sheets.pop(name, None)
        self._replaced[part] = xml.encode("utf-8")

    def _add_sheet(self, name: str) -> str:
        existing = self._names | set(self._replaced)
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in existing:
            number += 1
        part = f"xl/worksheets/sheet{number}.xml"
        ids = set(re.findall(r'\bId="([^"]*)"', self._relationships))
        index = 1
        while f"rId{index}" in ids:
            index += 1
        relationship = f"rId{index}"
        self._relationships = self._relationships.replace(
            "</Relationships>",
            f'<Relationship Id="{relationship}" Type="{_WORKSHEET_RELATIONSHIP}" '
            f'Target="/{part}"/></Relationships>',
        )
        if "</sheets>" not in self._workbook:
            raise PackageError("xl/workbook.xml tidak dapat ditambah lembar")
        sheet_ids = [int(i) for i in re.findall(r'<sheet\b[^>]*?\bsheetId="(\d+)"', self._workbook)]
        # the element declares the prefix it uses: the root may not (openpyxl with lxml
        # declares it on each <sheet> instead), and an unbound prefix makes Excel refuse
        self._workbook = self._workbook.replace(
            "</sheets>",
            f'<sheet xmlns:r="{_RELATIONSHIPS_NS}" name={quoteattr(name)} '
            f'sheetId="{max(sheet_ids, default=0) + 1}" r:id="{relationship}"/></sheets>',
        )
        types = self._text("[Content_Types].xml").replace(
            "</Types>",
            f'<Override PartName="/{part}" ContentType="{WORKSHEET_CONTENT_TYPE}"/></Types>',
        )
        self._replaced["[Content_Types].xml"] = types.encode("utf-8")
        self._sheet_parts[name] = part
        return part

    def add_cell_styles(self, styles: Sequence[CellStyle]) -> list[int]:
        """The ``s`` index of each style, adding to ``xl/styles.xml`` those it lacks (a
        style this module added before is found again, so reruns do not pile them up)."""
        xml = self._text("xl/styles.xml")
        default_font = _FONT.search(xml)
        if default_font is None or "</cellXfs>" not in xml or "</fonts>" not in xml:
            raise PackageError("xl/styles.xml tidak terbaca")
        indices = []
        for style in styles:
            font_id = fill_id = border_id = 0
            if style.bold or style.size or style.link:
                font = _font_xml(default_font.group(0), style)
                xml, font_id = _find_or_add(xml, "fonts", _FONT, font)
            if style.fill:
                fill = (
                    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{style.fill}"/>'
                    '<bgColor indexed="64"/></patternFill></fill>'
                )
                xml, fill_id = _find_or_add(xml, "fills", _FILL, fill)
            if style.border:
                xml, border_id = _find_or_add(xml, "borders", _BORDER, _THIN_BOX)
            xf = (
                f'<xf numFmtId="{style.number_format}" fontId="{font_id}" fillId="{fill_id}" '
                f'borderId="{border_id}" xfId="0" applyNumberFormat="1" applyFont="1"'
            )
            if fill_id:
                xf += ' applyFill="1"'
            if border_id:
                xf += ' applyBorder="1"'
            if style.wrap or style.horizontal or style.border:
                horizontal = f' horizontal="{style.horizontal}"' if style.horizontal else ""
                wrap = ' vertical="top" wrapText="1"' if style.wrap else ' vertical="top"'
                xf += f' applyAlignment="1"><alignment{horizontal}{wrap}/></xf>'
            else:
                xf += "/>"
            xml, xf_id = _find_or_add(xml, "cellXfs", _XF, xf)
            indices.append(xf_id)
        self._replaced["xl/styles.xml"] = xml.encode("utf-8")
        return indices

    def set_print_titles(self, name: str, first_row: int, last_row: int) -> None:
        """Repeat rows ``first_row``–``last_row`` of the sheet ``name`` at the top of every
        printed page (the workbook name ``_xlnm.Print_Titles`` local to that sheet)."""
        sheets = [_attributes(m.group(1)).get("name") for m in _SHEET.finditer(self._workbook)]
        if name not in sheets:
            raise PackageError(f"lembar '{name}' tidak ada")
        index = sheets.index(name)
        quoted = "'" + name.replace("'", "''") + "'"
        element = (
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
            f"{escape(quoted)}!${first_row}:${last_row}</definedName>"
        )
        found = _DEFINED_NAMES.search(self._workbook)
        if found is None:
            end = self._workbook.index("</sheets>") + len("</sheets>")
            self._workbook = (
                f"{self._workbook[:end]}<definedNames>{element}</definedNames>"
                f"{self._workbook[end:]}"
            )
            return
        names = re.sub(
            rf'<definedName\b(?=[^>]*\bname="_xlnm\.Print_Titles")(?=[^>]*\blocalSheetId="{index}")'
            r"[^>]*>.*?</definedName>",
            "",
            found.group(0),
            flags=re.DOTALL,
        )
        names = (
            names.replace("</definedNames>", element + "</definedNames>")
            if names.endswith("</definedNames>")
            else f"<definedNames>{element}</definedNames>"
        )
        self._workbook = self._workbook[: found.start()] + names + self._workbook[found.end() :]

    def save(self, path: Path) -> None:
        """Write the package to ``path`` with the changed parts, without the calculation
        chain (Excel rebuilds it; a stale one makes Excel repair the file)."""
        for name, sheet in self._sheets.items():
            if sheet.changed:
                self._replaced[self._sheet_parts[name]] = sheet.to_xml().encode("utf-8")
        self._drop_calc_chain()
        self._replaced["xl/workbook.xml"] = self._workbook.encode("utf-8")
        self._replaced["xl/_rels/workbook.xml.rels"] = self._relationships.encode("utf-8")
        if "docProps/core.xml" in self._names:
            self._replaced["docProps/core.xml"] = _modified_now(
                self._text("docProps/core.xml")
            ).encode("utf-8")
        written = set()
        with zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
        ) as archive:
            for info in self._infos:
                if info.filename in self._removed:
                    continue
                name = info.filename
                data = self._replaced[name] if name in self._replaced else self._archive.read(info)
                entry = zipfile.ZipInfo(name, info.date_time)  # the source's own stays as read
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                archive.writestr(entry, data, compresslevel=COMPRESS_LEVEL)
                written.add(name)
            for name, data in self._replaced.items():
                if name not in written:
                    archive.writestr(name, data, compresslevel=COMPRESS_LEVEL)

    def _drop_calc_chain(self) -> None:
        part = "xl/calcChain.xml"
        if part not in self._names:
            return
        self._removed.add(part)
        self._relationships = re.sub(
            rf'<Relationship\b[^>]*?Type="{re.escape(_CALC_CHAIN_RELATIONSHIP)}"[^>]*?/>',
            "",
            self._relationships,
        )
        types = re.sub(
            r'<Override\b[^>]*?PartName="/xl/calcChain\.xml"[^>]*?/>',
            "",
            self._text("[Content_Types].xml"),
        )
        self._replaced["[Content_Types].xml"] = types.encode("utf-8")

    # parts, relationships and the tool's own sheets, for marking (renaksi_xl.berkas.flags)

    def part_names(self) -> list[str]:
        """Every part the saved package will have."""
        names = [i.filename for i in self._infos if i.filename not in self._removed]
        return names + [n for n in self._replaced if n not in self._names]

    def has_part(self, name: str) -> bool:
        """Whether the package (as it will be saved) has the part ``name``."""
        return name not in self._removed and (name in self._names or name in self._replaced)

    def part_text(self, name: str) -> str:
        """The part ``name`` as text, with the changes made so far."""
        if name in self._removed:
            raise PackageError(f"bagian {name} tidak ada di buku kerja")
        return self._text(name)

    def put_part(self, name: str, text: str, content_type: str | None = None) -> None:
        """Write the part ``name``, declaring its content type when it has none yet."""
        self._removed.discard(name)
        self._replaced[name] = text.encode("utf-8")
        if content_type is None:
            return
        types = self._text("[Content_Types].xml")
        if f'PartName="/{name}"' not in types:
            types = types.replace(
                "</Types>",
                f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>',
            )
            self._replaced["[Content_Types].xml"] = types.encode("utf-8")

    def remove_part(self, name: str) -> None:
        """Leave the part ``name`` (and its content type) out of the saved package."""
        self._replaced.pop(name, None)
        if name in self._names:
            self._removed.add(name)
        types = self._text("[Content_Types].xml")
        pruned = re.sub(rf'<Override\b[^>]*?PartName="/{re.escape(name)}"[^>]*?/>', "", types)
        if pruned != types:
            self._replaced["[Content_Types].xml"] = pruned.encode("utf-8")

    def sheet_part(self, name: str) -> str:
        """The part holding the worksheet ``name``."""
        if name not in self._sheet_parts:
            raise PackageError(f"lembar '{name}' tidak ada")
        return self._sheet_parts[name]

    def relationships(self, part: str) -> list[dict[str, str]]:
        """The relationships of ``part`` (attributes, with ``Target`` resolved to a part
        name for internal targets)."""
        rels = relationships_part(part)
        if not self.has_part(rels):
            return []
        found = []
        for match in _RELATIONSHIP.finditer(self.part_text(rels)):
            attributes = _attributes(match.group(1))
            if attributes.get("TargetMode") != "External":
                attributes["Target"] = resolve_target(part, attributes.get("Target", ""))
            found.append(attributes)
        return found

    def add_relationship(self, part: str, kind: str, target: str) -> str:
        """Relate ``part`` to the part ``target``; returns the new relationship's id."""
        rels = relationships_part(part)
        text = (
            self.part_text(rels)
            if self.has_part(rels)
            else '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS_NS}"></Relationships>'
        )
        ids = set(re.findall(r'\bId="([^"]*)"', text))
        index = 1
        while f"rId{index}" in ids:
            index += 1
        relative = posixpath.relpath(target, posixpath.dirname(part))
        text = re.sub(r"<Relationships\b([^>]*?)\s*/>", r"<Relationships\1></Relationships>", text)
        text = text.replace(
            "</Relationships>",
            f'<Relationship Id="rId{index}" Type="{kind}" Target={quoteattr(relative)}/>'
            "</Relationships>",
        )
        self.put_part(rels, text)
        return f"rId{index}"

    def remove_relationship(self, part: str, identifier: str) -> None:
        """Drop the relationship ``identifier`` of ``part`` (and the relationships part when
        none is left)."""
        rels = relationships_part(part)
        if not self.has_part(rels):
            return
        text = re.sub(
            rf'<Relationship\b[^>]*?\bId="{re.escape(identifier)}"[^>]*?(?:/>|></Relationship>)',
            "",
            self.part_text(rels),
        )
        if _RELATIONSHIP.search(text) is None:
            self.remove_part(rels)
        else:
            self.put_part(rels, text)

    def cell_text(self, sheet: str, coordinate: str) -> str | None:
        """The text a cell shows when it holds text (inline, shared or a formula's), for
        recognising a sheet by its content; None for numbers and blanks."""
        found = self.sheet(sheet)._cell(coordinate)
        if found is None:
            return None
        kind = _attributes(found[2]).get("t")
        if kind == "inlineStr":
            return unescape("".join(re.findall(r"<t\b[^>]*>(.*?)</t>", found[3], re.DOTALL)))
        value = re.search(r"<v>(.*?)</v>", found[3], re.DOTALL)
        if value is None:
            return None
        if kind == "str":
            return unescape(value.group(1))
        if kind != "s" or not value.group(1).strip().isdigit():
            return None
        strings = self._shared_strings()
        index = int(value.group(1))
        return strings[index] if index < len(strings) else None

    def _shared_strings(self) -> list[str]:
        part = next(
            (
                r["Target"]
                for r in self.relationships("xl/workbook.xml")
                if r.get("Type", "").endswith("/sharedStrings")
            ),
            None,
        )
        if part is None or not self.has_part(part):
            return []
        return [
            unescape("".join(re.findall(r"<t\b[^>]*>(.*?)</t>", si, re.DOTALL)))
            for si in re.findall(r"<si>(.*?)</si>", self.part_text(part), re.DOTALL)
        ]

    def own_sheets(self) -> dict[str, str]:
        """The sheets this tool wrote, by name, with what each is (``hasil``, ``tanda``,
        ``capaian``): told by the sheet-scoped name :data:`OWN_SHEET_MARK`, which Excel and
        LibreOffice keep, never by the sheet's name, which a user may also choose."""
        names = self.sheet_names
        found = {}
        for match in _DEFINED_NAME.finditer(self._workbook):
            attributes = _attributes(match.group(1))
            scope = attributes.get("localSheetId", "")
            if attributes.get("name", "").lower() != OWN_SHEET_MARK.lower() or not scope.isdigit():
                continue
            if int(scope) < len(names):
                found[names[int(scope)]] = unescape(match.group(2) or "").strip().strip('"')
        return found

    def add_own_sheet(self, base: str, xml: str, kind: str, *, state: str | None = None) -> str:
        """Add the worksheet ``xml`` after the others under ``base`` or, when a sheet is
        called so already (ignoring case, as Excel does), ``base (2)`` and so on; mark it
        as this tool's (``kind``) and return the name given."""
        name = free_sheet_name(base, self.sheet_names)
        self.put_sheet(name, xml)
        if state is not None:
            end = self._workbook.index("</sheets>")
            start = self._workbook.rindex("<sheet ", 0, end)
            self._workbook = (
                self._workbook[:start]
                + f'<sheet state="{state}" '
                + self._workbook[start + len("<sheet ") :]
            )
        self.add_defined_name(OWN_SHEET_MARK, f'"{kind}"', len(self.sheet_names) - 1)
        return name

    def replace_own_sheet(self, name: str, xml: str) -> None:
        """Rewrite the worksheet ``name`` as ``xml``, dropping what hung from the old one
        (a note a user put there: its comments and VML parts and their relationships)."""
        part = self.sheet_part(name)
        self._remove_related(part)
        self.put_sheet(name, xml)

    def add_defined_name(self, name: str, text: str, sheet_index: int | None = None) -> None:
        """Define ``name`` as ``text`` (a formula without ``=``), scoped to the sheet at
        ``sheet_index`` when given; names starting ``_`` other than print settings are
        hidden."""
        scope = f' localSheetId="{sheet_index}"' if sheet_index is not None else ""
        hidden = ' hidden="1"' if name.startswith("_") and not name.startswith("_xlnm") else ""
        element = f"<definedName name={quoteattr(name)}{scope}{hidden}>{escape(text)}</definedName>"
        workbook = re.sub(r"<definedNames\s*/>", "<definedNames></definedNames>", self._workbook)
        if "</definedNames>" in workbook:
            self._workbook = workbook.replace("</definedNames>", element + "</definedNames>", 1)
            return
        later = re.search(
            r"<(?:calcPr|oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|"
            r"webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|</workbook>",
            workbook,
        )
        if later is None:
            raise PackageError("xl/workbook.xml tidak dapat ditambah nama")
        at = later.start()
        self._workbook = f"{workbook[:at]}<definedNames>{element}</definedNames>{workbook[at:]}"

    def remove_sheet(self, name: str) -> None:
        """Remove the worksheet ``name`` with what only it used; the scoped names of the
        sheets after it are re-indexed and its own dropped, and no other sheet is touched."""
        part = self.sheet_part(name)
        entries = [
            (m, _attributes(m.group(1)))
            for m in _SHEET.finditer(self._workbook)
            if not m.group(0).startswith("<sheets")
        ]
        index = next(i for i, (_, a) in enumerate(entries) if a.get("name") == name)
        match, attributes = entries[index]
        end = match.end()
        if not match.group(0).endswith("/>"):
            end = self._workbook.index("</sheet>", end) + len("</sheet>")
        workbook = self._workbook[: match.start()] + self._workbook[end:]
        workbook = _DEFINED_NAME.sub(lambda m: _reindexed(m, index), workbook)
        workbook = _DEFINED_NAME.sub(lambda m: _without_sheet(m, name), workbook)
        workbook = re.sub(r"<definedNames>\s*</definedNames>", "", workbook)
        count = len(entries) - 1

        def view(found: re.Match[str]) -> str:
            def attribute(a: re.Match[str]) -> str:
                value = int(a.group(2))
                if value > index or value >= count:
                    value = max(value - 1, 0)
                return f'{a.group(1)}="{value}"'

            return re.sub(r'\b(activeTab|firstSheet)="(\d+)"', attribute, found.group(0))

        self._workbook = re.sub(r"<workbookView\b[^>]*>", view, workbook)
        relationship = next((v for k, v in attributes.items() if k.endswith(":id")), "")
        self._relationships = re.sub(
            rf'<Relationship\b[^>]*?\bId="{re.escape(relationship)}"[^>]*?/>',
            "",
            self._relationships,
        )
        del self._sheet_parts[name]
        self._sheets.pop(name, None)
        self._remove_related(part)
        self.remove_part(part)

    def _remove_related(self, part: str) -> None:
        """Drop ``part``'s relationships and the parts only they pointed to."""
        rels = relationships_part(part)
        if not self.has_part(rels):
            return
        targets = [r["Target"] for r in self.relationships(part) if "TargetMode" not in r]
        self.remove_part(rels)
        still = {
            r["Target"]
            for other in self.part_names()
            if other.endswith(".rels")
            for r in self.relationships(_source_of(other))
            if "TargetMode" not in r
        }
        for target in targets:
            if target not in still and self.has_part(target):
                self._remove_related(target)
                self.remove_part(target)


_THIN_BOX = (
    "<border>"
    + "".join(
        f'<{side} style="thin"><color rgb="FF000000"/></{side}>'
        for side in ("left", "right", "top", "bottom")
    )
    + "<diagonal/></border>"
)


def _font_xml(default: str, style: CellStyle) -> str:
    """The workbook's default font with the style's changes, children in Excel's order."""

    def value(tag: str) -> str | None:
        match = re.search(rf'<{tag}\b[^>]*?val="([^"]*)"', default)
        return match.group(1) if match else None

    parts = ["<b/>"] if style.bold else []
    if style.link:
        parts.append('<u val="single"/>')
    size = f"{style.size:g}" if style.size else value("sz") or "11"
    parts.append(f'<sz val="{size}"/>')
    if style.link:
        parts.append('<color rgb="FF0563C1"/>')
    else:
        colour = re.search(r"<color\b[^>]*?/>", default)
        if colour:
            parts.append(colour.group(0))
    parts.append(f'<name val="{value("name") or "Calibri"}"/>')
    for tag in ("family", "scheme"):
        found = value(tag)
        if found:
            parts.append(f'<{tag} val="{found}"/>')
    return "<font>" + "".join(parts) + "</font>"


def _find_or_add(
    xml: str, container: str, element: re.Pattern[str], wanted: str
) -> tuple[str, int]:
    """The index of ``wanted`` among the children of ``<container>``, appended (and the
    count attribute updated) when absent."""
    opening = re.search(rf"<{container}\b[^>]*?>", xml)
    closing = xml.find(f"</{container}>")
    if opening is None or closing < 0:
        raise PackageError(f"<{container}> tidak ada di xl/styles.xml")
    children = element.findall(xml, opening.end(), closing)
    if wanted in children:
        return xml, children.index(wanted)
    count = len(children) + 1
    head = re.sub(r'\bcount="\d+"', f'count="{count}"', opening.group(0))
    if "count=" not in head:
        head = head[:-1] + f' count="{count}">'
    xml = xml[: opening.start()] + head + xml[opening.end() : closing] + wanted + xml[closing:]
    return xml, count - 1


OWN_SHEET_MARK = "_RenaksiXL_Lembar"
"""The hidden sheet-scoped name whose value (``"hasil"``, ``"tanda"``, ``"capaian"``)
marks a sheet this tool wrote."""
_PACKAGE_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DEFINED_NAME = re.compile(r"<definedName\b([^>]*?)(?:/>|>(.*?)</definedName>)", re.DOTALL)


def relationships_part(part: str) -> str:
    """``xl/worksheets/_rels/sheet1.xml.rels`` for ``xl/worksheets/sheet1.xml``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _source_of(rels: str) -> str:
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def resolve_target(part: str, target: str) -> str:
    """The part name a relationship of ``part`` points to."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def free_sheet_name(base: str, taken: Sequence[str]) -> str:
    """``base``, or ``base (2)``, ``base (3)`` … : the first that no sheet in ``taken`` has,
    ignoring case as Excel does, within Excel's 31 characters."""
    lowered = {name.lower() for name in taken}
    candidate, number = base[:31], 2
    while candidate.lower() in lowered:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    return candidate


def _without_sheet(match: re.Match[str], sheet: str) -> str:
    """A defined name with its references to the removed ``sheet`` made ``#REF!``, as
    Excel makes them when a sheet is deleted."""
    body = match.group(2)
    if not body:
        return match.group(0)
    quoted = escape("'" + sheet.replace("'", "''") + "'")
    patterns = [re.escape(quoted) + "!", re.escape(quoted.replace("'", "&apos;")) + "!"]
    if re.fullmatch(r"[A-Za-z_][\w.]*", sheet):
        patterns.append(r"(?<![\w'.;])" + re.escape(sheet) + "!")
    changed = re.sub("|".join(patterns), "#REF!", body)
    if changed == body:
        return match.group(0)
    start = match.start(2) - match.start()
    return match.group(0)[:start] + changed + match.group(0)[start + len(body) :]


def _reindexed(match: re.Match[str], removed: int) -> str:
    """A defined name after the sheet at ``removed`` is gone: dropped when scoped to it,
    re-indexed when scoped to a later sheet."""
    scope = re.search(r'\blocalSheetId="(\d+)"', match.group(1))
    if scope is None or int(scope.group(1)) < removed:
        return match.group(0)
    if int(scope.group(1)) == removed:
        return ""
    return match.group(0).replace(scope.group(0), f'localSheetId="{int(scope.group(1)) - 1}"', 1)


def _modified_now(core: str) -> str:
    stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return re.sub(
        r"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", core
    )
