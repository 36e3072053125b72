"""One worksheet part changed in place: cells found by reference within their rows,
formulas read (shared ones written out per cell), cells' formulas and styles replaced,
cells and rows the sheet lacks added in order."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import unescape

from renaksi_xl.berkas.xlsxpatch.xmltext import (
    PackageError,
    apply_edits,
    attributes,
    escape,
    joined_text,
)
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.layout import column_number, split_coordinate

_CELL = re.compile(r'<c r="([A-Z]{1,3})([0-9]+)"([^>]*?)(/?)>')
_FORMULA_CELL = re.compile(r'<c r="([A-Z]{1,3}[0-9]+)"[^>]*?(?<!/)>\s*<f\b')
_ROW = re.compile(r'<row r="([0-9]+)"([^>]*?)(/?)>')
_FORMULA = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.DOTALL)


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
            given = attributes(match.group(1))
            if given.get("t") != "shared":
                continue
            members[coordinate] = given.get("si", "")
            if match.group(2):
                masters[given.get("si", "")] = (coordinate, "=" + unescape(match.group(2)))
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
        return attributes(cell[2]).get("s") if cell else None

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
        return apply_edits(self.xml, edits)

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
        return attributes(match.group(3)).get("s") if match else None

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

    def text(self, coordinate: str, shared_strings: Callable[[], Sequence[str]]) -> str | None:
        """The text the cell shows when it holds text (inline, shared or a formula's);
        None for numbers and blanks. ``shared_strings`` is asked only for a shared one."""
        found = self._cell(coordinate)
        if found is None:
            return None
        kind = attributes(found[2]).get("t")
        if kind == "inlineStr":
            return joined_text(found[3])
        value = re.search(r"<v>(.*?)</v>", found[3], re.DOTALL)
        if value is None:
            return None
        if kind == "str":
            return unescape(value.group(1))
        if kind != "s" or not value.group(1).strip().isdigit():
            return None
        strings = shared_strings()
        index = int(value.group(1))
        return strings[index] if index < len(strings) else None

    def merged_ranges(self) -> list[str]:
        """The sheet's merged ranges as written (``A1:C2``)."""
        return re.findall(r'<mergeCell\b[^>]*?\bref="([^"]+)"', self.xml)
